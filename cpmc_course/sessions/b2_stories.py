"""Bloc 2: the planted stories of the Nettalpe sujet, as named and checked properties of the data.

What a good candidate should discover in the portfolio and the team (the
instructor notes list them): a concentrated portfolio, the Alps under-exploited,
a workload that asks for an 8th representative while the team works at 55 % of
its capacity, Santé the least penetrated segment, a junior who turns few quotes
into orders… Each story is a check on the case data bound with
``b2_data.bound_to``; ``draw`` redraws a seed's data until every story holds.
The other tables (actions 2026, costed plan, support operations, planning) are
rules of the case, the same in every session.
"""

from __future__ import annotations

from pathlib import Path

from cpmc_course.sessions import b2_data as d
from cpmc_course.sessions import draws
from cpmc_course.sessions.draws import Story

MAX_DRAWS = 12
"""Draws tried for one seed before giving up."""
JUNIOR, SENIOR, ALPS_REP = "Julien Bertrand", "Camille Roux", "Laura Perrin"


def _concentrated() -> bool:
    return (0.25 < d.class_share_of_clients("A") < 0.34 and d.class_share_of_clients("C") > 0.35
            and d.class_share_of_revenue("C") < 0.06)


def _alps_under_exploited() -> bool:
    pen = {z: d.penetration(z) for z in d.csv("zones.csv")["zone"]}
    travel = d.csv("zones.csv").set_index("zone")["trajet_moyen_min"]
    gaps = d.zone_gaps()
    return (min(pen, key=pen.get) == d.SAVOIE and pen[d.SAVOIE] < 0.5 * pen[d.LYON] and travel.idxmax() == d.SAVOIE
            and gaps.idxmax() == d.SAVOIE and d.potential_share(d.SAVOIE) > 0.18)


def _eighth_rep_or_productivity() -> bool:
    needed = -(-d.workload() // d.capacity())
    without_c = -(-d.workload(without_c=True) // d.capacity())
    return (needed == d.staff() + 1 and without_c == d.staff() and d.visits_2026() < 0.6 * d.staff() * d.capacity()
            and d.a_visits() < 6 and d.a_visits(d.SAVOIE) < d.a_visits() and "Ain et Nord-Isère" in d.deficit_zones())


def _health_least_penetrated() -> bool:
    pen = d.segment_penetration()
    short = d.operation("Challenge", "ca") < 0.8 * 0.25 * d.health_revenue()
    return pen.idxmin() == "Santé" and pen.drop("Santé").min() > pen["Santé"] + 0.02 and short


def _choice_within_envelope() -> bool:
    best, worst, gap = d.retained(), d.retained(best_first=False), 0.25 * d.health_revenue()
    return (d.budget() > d.envelope() and not any(line.startswith(d.CATALOGUE) for line in best)
            and d.health_contribution(best) >= gap > d.health_contribution(worst))


def _junior_converts_few() -> bool:
    conv = d.team("transformation")
    return (conv.idxmin() == JUNIOR and conv[JUNIOR] < 0.2 and conv[SENIOR] > conv[JUNIOR] + 0.1
            and d.rep(ALPS_REP, "realisation") < 1)


STORIES = (
    Story("portefeuille_concentre", "un peu plus d'un quart des clients (classe A) font 80 % du CA ; plus d'un tiers "
          "(classe C) n'en font que 5 %", _concentrated),
    Story("alpes_sous_exploitees", "la Savoie et Haute-Savoie a la plus faible pénétration (moins de la moitié de "
          "Lyon), les plus longs trajets et le plus grand écart entre charge et effectif", _alps_under_exploited),
    Story("huitieme_commercial_ou_productivite", "la charge demande 8 commerciaux pour 7, 7 suffisent sans les "
          "visites des comptes C ; l'équipe fait moins de 60 % de sa capacité et les comptes A moins de la moitié "
          "de leurs 12 visites (moins encore en Savoie)", _eighth_rep_or_productivity),
    Story("sante_moins_penetre", "la Santé est le segment le moins pénétré ; le challenge Cap Santé couvre moins de "
          "80 % du CA Santé à gagner (+25 %)", _health_least_penetrated),
    Story("choix_dans_enveloppe", "le plan envisagé dépasse l'enveloppe ; le choix par CA Santé attendu par euro écarte "
          "le catalogue papier, tient dans l'enveloppe et couvre le CA Santé à gagner ; le choix des plus faibles "
          "contributions par euro tient dans l'enveloppe sans le couvrir", _choice_within_envelope),
    Story("junior_transforme_peu", "le commercial junior de Lyon transforme moins d'un devis sur cinq, la plus "
          "faible transformation de l'équipe ; la commerciale des Alpes n'atteint pas son objectif", _junior_converts_few),
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
