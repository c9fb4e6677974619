"""Bloc 3: the planted stories of the Lunéa sujet, as named and checked properties of the data.

The two épreuves rely on what a good candidate should discover (the instructor
notes list them): the target price is above the budget and the floor below it (a
negotiation), the telephone is the least satisfying channel, the crisis ebbs after
September, late deliveries lead the Pareto, the SMS confirmation is the most
efficient option… Each story is a check on the case data bound with
``b3_data.bound_to``; ``draw`` redraws a seed's data until every story holds.
"""

from __future__ import annotations

from pathlib import Path

from cpmc_course.sessions import b3_data as d
from cpmc_course.sessions import draws
from cpmc_course.sessions.draws import Story

MAX_DRAWS = 40
"""Draws tried for one seed before giving up (a few draws are usually needed: the stories are many)."""

MAIN_CAUSES = ["Retard de livraison", "Livraison hors du créneau réservé", "Points de fidélité non crédités",
               "Produit endommagé à la livraison"]
"""Class A of the Pareto, in order, as the model answers and the notes name it."""
REFUNDS, DAMAGED = "Remboursement de l'essai 100 nuits en attente", "Produit endommagé à la livraison"
SMS, LOYALTY_FIX = "Confirmer le créneau de livraison par SMS la veille", "Corriger le crédit automatique des points de fidélité"


def _negotiation() -> bool:
    return d.price(0.25) > d.BUDGET > d.price(0.15) and d.payback_months(d.price()) < 24


def _planning() -> bool:
    return 2 <= d.spare_weeks() <= 4 and d.launch_day().month == 8


def _telephone() -> bool:
    channels = ("Téléphone", "E-mail", "Chat", "Boutique")
    scores = {c: d.csat(c) for c in channels}
    return (min(scores, key=scores.get) == "Téléphone" and max(scores, key=scores.get) == "Boutique"
            and d.answers("Chat") < 60 and d.nps() < 0)


def _ebbs() -> bool:
    return d.monthly(9) > d.monthly(10) > d.monthly(11)


def _pareto() -> bool:
    counts = d.by_category()
    return d.main_causes() == MAIN_CAUSES and len(set(counts.iloc[:5])) == 5


def _disputes() -> bool:
    return d.dispute_ranking()[:2] == [REFUNDS, DAMAGED] and d.longest_delay() == REFUNDS


def _options() -> bool:
    gen = d.generator()
    treats = {name: treated for name, *_, treated in gen.OPTIONS}
    options = d.csv("options_solutions.csv")
    within = all(avoided <= d.november(treats[name])
                 for name, avoided in zip(options["option"], options["reclamations_evitees_par_mois"]))
    ranking = list(d.cost_per_avoided().index)
    return within and d.avoided_per_month() <= d.november() and ranking[:2] == [SMS, LOYALTY_FIX]


def _listening() -> bool:
    posts = d.posts()
    negative = posts[posts["sentiment"] == "négatif"]
    lunea = negative[negative["marque"] == "Lunéa"]["theme"].value_counts()
    lunea = lunea.reindex(["Livraison", "Service client", "Fidélité", "Produit", "Prix"], fill_value=0)
    ordered = lunea.iloc[0] > max(lunea.iloc[1:3]) and min(lunea.iloc[1:3]) > max(lunea.iloc[3:])
    shares = d.negative_share("Morphéa") < 1 / 6 < d.negative_share("Nuit Claire") < d.negative_share("Lunéa")
    rival = negative[negative["marque"] == "Nuit Claire"]["theme"].value_counts()
    return ordered and shares and rival.index[0] == "Service client" and rival.iloc[0] > rival.iloc[1]


def _classifier() -> bool:
    return d.accuracy("theme") >= 0.85 and d.accuracy("sentiment") >= 0.85


def _generalises() -> bool:
    return d.seen_only_share() <= 0.15


def _alert() -> bool:
    """The brief's alert (> 5 negative posts on Lunéa in one hour) fires, once, in September."""
    hours = d.alert_hours()
    return len(hours) == 1 and hours[0].month == 9


STORIES = (
    Story("negociation", "le prix visé dépasse le budget de 180 000 € HT, le plancher est en dessous ; "
          "le prix visé est remboursé en moins de deux ans", _negotiation),
    Story("calendrier", "le projet tient avant le 30 août avec 2 à 4 semaines de marge (lancement en août)", _planning),
    Story("telephone", "le téléphone est le canal le moins satisfaisant, la boutique le plus ; peu de réponses par "
          "chat ; NPS négatif", _telephone),
    Story("crise_reflue", "les réclamations refluent de septembre à novembre", _ebbs),
    Story("pareto_livraison", "quatre catégories, la livraison en tête, font la classe A du Pareto", _pareto),
    Story("litiges", "remboursements de l'essai et produits endommagés ont les taux de litige les plus élevés ; "
          "les remboursements, le délai médian le plus long", _disputes),
    Story("options", "aucune option n'évite plus de réclamations que le journal n'en compte en novembre ; le SMS "
          "la veille puis le correctif des points sont les plus efficientes", _options),
    Story("ecoute", "chez Lunéa, la livraison puis le service client et la fidélité concentrent les critiques ; "
          "Nuit Claire critiquée surtout sur son service client ; Morphéa moins d'une publication négative sur six", _listening),
    Story("classifieur", "le classifieur atteint 85 % d'exactitude sur les publications non annotées, écrites avec "
          "des formulations nouvelles", _classifier),
    Story("formulations_nouvelles", "au plus 15 % des publications non annotées sont faites seulement de formulations "
          "vues dans les publications annotées", _generalises),
    Story("alerte", "l'alerte « plus de 5 publications négatives sur Lunéa en une heure » se déclenche une fois, "
          "en septembre", _alert),
)


def failing(data: Path, first_only: bool = False) -> list[str]:
    """Names of the stories that do not hold on the case data in ``data`` (only the first one if ``first_only``)."""
    return draws.failing(STORIES, d.bound_to, data, first_only)


def draw(seed: int, out: Path) -> int:
    """Write into ``out`` the first draw of ``seed`` on which every story holds; return its number (0 = first).

    Raises a French ``CpmcError`` naming the stories that failed on the last draw when
    none of ``MAX_DRAWS`` draws satisfies them all.
    """
    return draws.draw(seed, out, write=d.generator().write, stories=STORIES, bound_to=d.bound_to, max_draws=MAX_DRAWS)
