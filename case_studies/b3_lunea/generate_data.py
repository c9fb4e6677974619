"""Seeded generator of the Lunéa case-study data (bloc 3, Gestion des relations clients).

Run ``python case_studies/b3_lunea/generate_data.py``: it writes the CSV files of
the case into ``case_studies/b3_lunea/data/`` and the files each épreuve needs
beside its notebooks (``source/b3_offre_relation_client/data/`` and
``source/b3_oral_resolution_probleme/data/``), and copies the brief
(``README.md``) as ``cahier_des_charges.md`` into both assignments: épreuve 1
gets ``README.md`` alone (it must not reveal épreuve 2's incident or files),
épreuve 2 gets ``README.md`` followed by ``EPREUVE_2.md``.
``--out DIR`` writes every file into ``DIR`` only (used by the regeneration test);
``--seed N`` draws another session's data (``cpmc session``, through ``write``).

At the example's seed (``SEED``) the solution of épreuve 1 (cost lines, planning)
is the constants below; another seed draws its quantities and rates around them
(``solution``). Épreuve 2's incident follows from that solution (``incident``):
the weight of each failure in the complaint log depends on what the solution put
into the component that fails (fewer configuration days, more chatbot complaints;
more welcome kits, more loyalty-point complaints…), and the options are priced at
the solution's own rates. Random tables (survey, complaint log, social corpus) are
drawn from ``random.Random`` with one seed per table, and written with the ``csv``
module and fixed formats, so the output is identical byte for byte on every run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OFFRE = REPO / "source" / "b3_offre_relation_client"
ORAL = REPO / "source" / "b3_oral_resolution_probleme"

SEED = 20270405
"""Master seed (the day the project starts at Lunéa)."""
BUDGET = 180000
"""Lunéa's budget for the first year (€ HT)."""

# --- épreuve 1: the offer ----------------------------------------------------
BUYING_CENTRE = (
    # nom, fonction, rôle dans le centre d'achat, mobile SONCAS dominant, attente exprimée
    ("Antoine Lebrun", "Directeur général", "Décideur", "Argent", "Un retour sur investissement en moins de deux ans"),
    ("Claire Morvan", "Directrice relation client", "Prescripteur", "Orgueil", "Redevenir la référence du service dans la literie"),
    ("Sophie Tanguy", "Responsable des achats", "Acheteur", "Argent", "Un prix ferme et des pénalités en cas de retard"),
    ("Karim Benali", "Directeur des systèmes d'information", "Conseiller", "Sécurité", "Données hébergées dans l'UE, conformité RGPD, intégration au CRM"),
    ("Julie Perrin", "Responsable du service client", "Utilisateur", "Confort", "Moins d'appels répétitifs pour ses 12 conseillers"),
    ("Marc Hervé", "Directeur marketing", "Influenceur", "Nouveauté", "Un programme d'ambassadeurs visible sur les réseaux sociaux"),
    ("Inès Caradec", "Assistante de direction", "Filtre", "Sympathie", "Être tenue informée des rendez-vous"),
)

COST_LINES = (
    # poste, catégorie, nature, quantité, unité, coût unitaire HT (€)
    ("Paramétrage de la plateforme omnicanale (chatbot, chat, rappel, suivi de livraison)", "production", "fixe", 45, "jour", 650),
    ("Licences du logiciel de relation client", "production", "variable", 144, "licence-mois", 95),
    ("Conseillers en renfort aux heures de pointe", "production", "variable", 1800, "heure", 28),
    ("Formation des conseillers de Lunéa", "production", "fixe", 4, "jour", 1200),
    ("Hébergement sécurisé des données dans l'UE", "logistique", "fixe", 12, "mois", 650),
    ("Intégration de l'API du nouveau transporteur (réservation de créneaux, suivi)", "logistique", "fixe", 1, "forfait", 6500),
    ("Kits de bienvenue du programme ambassadeurs", "logistique", "variable", 1500, "kit", 4.2),
    ("Avant-vente et rédaction de la proposition", "commercialisation", "fixe", 8, "jour", 700),
    ("Chef de projet (suivi du contrat)", "commercialisation", "fixe", 20, "jour", 600),
    ("Campagne de lancement (e-mail et réseaux sociaux)", "commercialisation", "fixe", 1, "forfait", 4200),
    ("Quote-part des frais de structure de Relais & Sens", "frais généraux", "fixe", 1, "forfait", 9800),
)

PRICING = (
    # paramètre, valeur, unité
    ("taux_de_marque_cible", 25, "%"),
    ("taux_de_marque_plancher", 15, "%"),
    ("budget_client_annee_1", BUDGET, "€ HT"),
    ("taux_tva", 20, "%"),
    ("panier_moyen_lunea", 890, "€ HT"),
    ("taux_de_marge_brute_lunea", 42, "%"),
    ("date_debut_projet", "2027-04-05", "date"),
    ("date_lancement_souhaitee", "2027-08-30", "date"),
    ("commandes_supplementaires_par_an", 300, "commandes"),
    ("economies_service_client_par_an", 45000, "€ HT"),
)

PLANNING = (
    # étape, services responsables, durée (semaines)
    ("Cadrage, signature du contrat et des CGV", "Direction commerciale de Relais & Sens ; achats de Lunéa", 2),
    ("Paramétrage de la plateforme et intégration au CRM", "DSI de Lunéa ; équipe technique de Relais & Sens", 6),
    ("Intégration de l'API du transporteur", "Logistique de Lunéa ; équipe technique de Relais & Sens", 3),
    ("Formation des conseillers", "Service client de Lunéa", 2),
    ("Pilote sur la région Pays de la Loire", "Service client et DSI de Lunéa", 3),
    ("Lancement du programme ambassadeurs", "Marketing de Lunéa", 2),
)

SURVEY_SIZE = 420
CHANNELS = ("Téléphone", "E-mail", "Chat", "Boutique")
CHANNEL_WEIGHTS = (0.42, 0.28, 0.12, 0.18)
# per channel: weights of CSAT 1..5, of NPS 0..10 bands (0-6, 7-8, 9-10), of CES 1..7
CSAT_WEIGHTS = {
    "Téléphone": (0.12, 0.16, 0.22, 0.32, 0.18),
    "E-mail": (0.08, 0.14, 0.2, 0.36, 0.22),
    "Chat": (0.04, 0.08, 0.16, 0.40, 0.32),
    "Boutique": (0.02, 0.05, 0.11, 0.40, 0.42),
}
NPS_BANDS = {
    "Téléphone": (0.40, 0.33, 0.27),
    "E-mail": (0.34, 0.34, 0.32),
    "Chat": (0.26, 0.36, 0.38),
    "Boutique": (0.18, 0.34, 0.48),
}
CES_WEIGHTS = {
    "Téléphone": (0.10, 0.16, 0.20, 0.20, 0.16, 0.11, 0.07),
    "E-mail": (0.07, 0.12, 0.18, 0.22, 0.20, 0.13, 0.08),
    "Chat": (0.03, 0.06, 0.11, 0.20, 0.26, 0.20, 0.14),
    "Boutique": (0.02, 0.04, 0.08, 0.16, 0.28, 0.24, 0.18),
}

# --- épreuve 2: the post-launch incident --------------------------------------
INCIDENT_START = dt.date(2027, 9, 1)
INCIDENT_DAYS = 91
COMPLAINTS = 560
CATEGORIES = (
    # catégorie, poids, délai de résolution médian visé (jours), probabilité de litige
    ("Retard de livraison", 0.33, 9, 0.09),
    ("Livraison hors du créneau réservé", 0.21, 4, 0.03),
    ("Points de fidélité non crédités", 0.14, 12, 0.02),
    ("Produit endommagé à la livraison", 0.11, 14, 0.16),
    ("Remboursement de l'essai 100 nuits en attente", 0.09, 21, 0.22),
    ("Réponse inadaptée du chatbot", 0.07, 2, 0.0),
    ("Erreur de facturation", 0.05, 6, 0.06),
)
COMPLAINT_CHANNELS = (("Téléphone", 0.38), ("E-mail", 0.24), ("Chat", 0.14), ("Réseaux sociaux", 0.16), ("Boutique", 0.08))
OPEN_SHARE = 0.08
"""Share of complaints still open on 30 November 2027."""
DISPUTE_MIN_DAYS = 30
"""A complaint that became a dispute (formal notice, consumer mediator, court) is not closed within a month: a formal
notice leaves the seller a deadline, the mediator is seized only after a written complaint and has 90 days to
propose a solution (code de la consommation, art. L612-2 and R612-5)."""

OPTIONS = (
    # option, coût HT (€), réclamations évitées par mois (estimation), délai de mise en œuvre (semaines),
    # catégories visées: each estimate stays below November's count of the categories it treats
    # (tests/b3 checks it), so no option avoids more complaints than the log holds.
    ("Changer de transporteur sur trois régions", 42000, 20, 8, ("Retard de livraison", "Produit endommagé à la livraison")),
    ("Confirmer le créneau de livraison par SMS la veille", 9500, 14, 3, ("Livraison hors du créneau réservé",)),
    ("Corriger le crédit automatique des points de fidélité", 6000, 5, 2, ("Points de fidélité non crédités",)),
    ("Renforcer le service client de trois conseillers", 27000, 6, 1, ("Remboursement de l'essai 100 nuits en attente",)),
    ("Refondre le chatbot", 18000, 5, 6, ("Réponse inadaptée du chatbot",)),
)

BRANDS = (("Lunéa", 200), ("Nuit Claire", 100), ("Morphéa", 100))
SOURCES = ("Trustpilot", "Avis Google", "Instagram", "X", "Facebook", "Forum Maison & Déco")
ANNOTATED_SHARE = 0.6
"""Share of the corpus annotated by hand (the classifier learns on it)."""

THEMES = ("Livraison", "Produit", "Service client", "Prix", "Fidélité")
SENTIMENT_MIX = {
    # brand: theme weights, then per theme (positif, neutre, négatif)
    "Lunéa": ((0.34, 0.2, 0.18, 0.1, 0.18), {
        "Livraison": (0.12, 0.13, 0.75), "Produit": (0.62, 0.18, 0.2), "Service client": (0.2, 0.15, 0.65),
        "Prix": (0.3, 0.35, 0.35), "Fidélité": (0.18, 0.17, 0.65)}),
    "Nuit Claire": ((0.22, 0.24, 0.16, 0.3, 0.08), {
        "Livraison": (0.45, 0.25, 0.3), "Produit": (0.35, 0.25, 0.4), "Service client": (0.3, 0.25, 0.45),
        "Prix": (0.7, 0.2, 0.1), "Fidélité": (0.3, 0.4, 0.3)}),
    "Morphéa": ((0.16, 0.36, 0.24, 0.14, 0.1), {
        "Livraison": (0.5, 0.3, 0.2), "Produit": (0.7, 0.18, 0.12), "Service client": (0.65, 0.2, 0.15),
        "Prix": (0.15, 0.3, 0.55), "Fidélité": (0.5, 0.3, 0.2)}),
}
SNIPPETS = {
    ("Livraison", "positif"): ("livré en avance, livreurs très aimables", "colis arrivé pile dans le créneau annoncé",
                                "livraison rapide et installation du matelas dans la chambre", "suivi du colis précis, aucune surprise"),
    ("Livraison", "neutre"): ("livraison prévue mardi prochain", "le transporteur a appelé pour fixer le rendez-vous",
                              "colis en cours d'acheminement selon le suivi", "délai de livraison annoncé : deux semaines"),
    ("Livraison", "négatif"): ("trois semaines de retard et toujours pas de matelas", "livreur jamais venu, journée de congé perdue",
                               "créneau réservé non respecté, personne ne prévient", "colis bloqué chez le transporteur depuis dix jours"),
    ("Produit", "positif"): ("matelas très confortable, je dors enfin bien", "excellente qualité, mousse ferme comme promis",
                             "oreillers moelleux et finitions soignées", "fini le mal de dos depuis ce matelas"),
    ("Produit", "neutre"): ("matelas reçu, avis dans quelques semaines", "le sommier fait la taille indiquée",
                            "matelas un peu plus ferme que prévu, on s'habitue", "housse déhoussable, lavable à 40 degrés"),
    ("Produit", "négatif"): ("matelas affaissé au bout de deux mois", "odeur chimique persistante dans la chambre",
                             "couture déchirée dès le déballage", "trop mou, je me réveille avec mal au dos"),
    ("Service client", "positif"): ("conseillère patiente qui a réglé mon problème en un appel", "réponse au chat en deux minutes, efficace",
                                    "service client à l'écoute, geste commercial apprécié", "on m'a rappelé comme promis, merci"),
    ("Service client", "neutre"): ("j'ai envoyé un e-mail au service client hier", "le conseiller doit me recontacter",
                                   "demande de facture transmise au service client", "question posée au chat sur la garantie"),
    ("Service client", "négatif"): ("impossible de joindre le service client, quarante minutes d'attente", "le chatbot ne comprend rien à ma demande",
                                    "trois e-mails sans réponse, on se moque des clients", "conseiller désagréable qui raccroche"),
    ("Prix", "positif"): ("excellent rapport qualité prix", "promo de rentrée vraiment intéressante",
                          "moins cher qu'en magasin pour la même qualité", "paiement en trois fois sans frais bien pratique"),
    ("Prix", "neutre"): ("prix dans la moyenne du marché", "je compare les tarifs avant de commander",
                         "le prix a changé depuis la semaine dernière", "tarif affiché hors livraison"),
    ("Prix", "négatif"): ("beaucoup trop cher pour ce que c'est", "frais de livraison cachés au dernier moment",
                          "prix augmenté juste après mon achat, arnaque", "facturé deux fois, remboursement introuvable"),
    ("Fidélité", "positif"): ("parrainage récompensé, mon amie aussi a adoré", "points de fidélité crédités tout de suite",
                              "le programme ambassadeur offre de vrais avantages", "bon d'achat reçu pour mon avis, sympa"),
    ("Fidélité", "neutre"): ("je me suis inscrit au programme de fidélité", "comment utiliser mes points de fidélité",
                             "code de parrainage envoyé à un collègue", "règlement du programme ambassadeur lu"),
    ("Fidélité", "négatif"): ("mes points de fidélité ont disparu", "parrainage jamais crédité malgré trois relances",
                              "programme de fidélité bidon, aucun avantage", "bon d'achat expiré sans prévenir"),
}
OPENERS = ("", "Franchement, ", "Bon, ", "Alors ", "Honnêtement, ", "Pour info : ", "Avis : ")
CLOSERS = ("", ".", " !", "...", ". À suivre.", " #literie", " #sommeil")


def _dump(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- a session's draw -----------------------------------------------------------
DRAWN_QUANTITIES = {
    # line of COST_LINES → (lowest, highest, step) of its quantity in another session
    0: (36, 46, 1), 1: (120, 156, 12), 2: (1400, 1900, 50), 3: (3, 5, 1),
    6: (1200, 1800, 100), 7: (6, 9, 1), 8: (15, 22, 1),
}
DRAWN_RATES = {0: (600, 650, 700), 2: (26, 27, 28, 29), 5: (5500, 6000, 6500, 7000)}
"""Line of COST_LINES → unit costs a session may draw (configuration day, extra hour, carrier API)."""
PLATFORM, LICENCES, EXTRA_HOURS, TRAINING, HOSTING, CARRIER_API, KITS = range(7)


class Draw(NamedTuple):
    """The seed of a session and the attempt (a redraw when a planted story fails on the previous one).

    A named tuple rather than a dataclass: the generator is also imported from its file path.
    """

    seed: int = SEED
    attempt: int = 0

    def rng(self, table: int, retry: int = 0) -> random.Random:
        """The random generator of one table (``retry``: its redraw): the example's is ``SEED + table``."""
        if self == Draw() and retry == 0:
            return random.Random(SEED + table)
        return random.Random(f"lunea-{self.seed}-{self.attempt}-{table}-{retry}")


RETRIES = 300
"""Redraws of one table of a session until the story the brief tells holds on it (``_kept``)."""


def _kept(draw: Draw, table: int, build, holds):
    """``build(rng)`` for the first redraw of ``table`` on which ``holds`` is true (the example's holds at once)."""
    for retry in range(RETRIES):
        result = build(draw.rng(table, retry))
        if holds(result):
            return result
    raise ValueError(f"table {table} of {draw}: no redraw keeps the story")


def solution(draw: Draw = Draw()) -> tuple[tuple, ...]:
    """Cost lines of épreuve 1's solution: the constants for the example, quantities and rates drawn otherwise."""
    if draw == Draw():
        return COST_LINES
    return _kept(draw, 10, _drawn_lines, _negotiable)


def _negotiable(lines: tuple[tuple, ...]) -> bool:
    """The target price (25 %) is above Lunéa's budget, the floor (15 %) below it: a negotiation."""
    total = sum(q * c for _, _, _, q, _, c in lines)
    return total / 0.75 > BUDGET > total / 0.85


def _drawn_lines(rng: random.Random) -> tuple[tuple, ...]:
    lines = []
    for i, (poste, categorie, nature, quantite, unite, cout) in enumerate(COST_LINES):
        if i in DRAWN_QUANTITIES:
            low, high, step = DRAWN_QUANTITIES[i]
            quantite = rng.randrange(low, high + step, step)
        if i in DRAWN_RATES:
            cout = rng.choice(DRAWN_RATES[i])
        lines.append((poste, categorie, nature, quantite, unite, cout))
    return tuple(lines)


def schedule(draw: Draw = Draw()) -> tuple[tuple, ...]:
    """Steps of the launch planning: the constants for the example, each duration moved by a week at most otherwise."""
    if draw == Draw():
        return PLANNING

    def drawn(rng: random.Random) -> tuple[tuple, ...]:
        return tuple((step, services, max(1, weeks + rng.choice((-1, 0, 1)))) for step, services, weeks in PLANNING)

    return _kept(draw, 11, drawn, lambda steps: 17 <= sum(w for _, _, w in steps) <= 19)  # 2 to 4 weeks spare


def _ratio(lines: tuple[tuple, ...], line: int, column: int) -> float:
    return lines[line][column] / COST_LINES[line][column]


def incident(draw: Draw = Draw()) -> tuple[tuple, tuple]:
    """Categories (with their weights) and options of épreuve 2, derived from épreuve 1's solution of the draw.

    A failure weighs more when the solution put less into the component that fails:
    chatbot answers against the configuration days, the refunds of the 100-night trial
    against the extra advisers' hours, out-of-slot deliveries against the weeks of the
    carrier's integration; loyalty points not credited grow with the welcome kits sent.
    Options cost what the solution's rates make them cost (configuration day, hour of
    an adviser, carrier integration). The example's draw gives the constants back.
    """
    lines, steps = solution(draw), schedule(draw)
    factor = {
        "Réponse inadaptée du chatbot": 1 / _ratio(lines, PLATFORM, 3),
        "Remboursement de l'essai 100 nuits en attente": 1 / _ratio(lines, EXTRA_HOURS, 3),
        "Livraison hors du créneau réservé": PLANNING[2][2] / steps[2][2],
        "Points de fidélité non crédités": _ratio(lines, KITS, 3),
    }
    categories = tuple((name, weight * factor.get(name, 1), median, dispute)
                       for name, weight, median, dispute in CATEGORIES)
    priced_at = {
        "Confirmer le créneau de livraison par SMS la veille": _ratio(lines, CARRIER_API, 5),
        "Corriger le crédit automatique des points de fidélité": _ratio(lines, PLATFORM, 5),
        "Renforcer le service client de trois conseillers": _ratio(lines, EXTRA_HOURS, 5),
        "Refondre le chatbot": _ratio(lines, PLATFORM, 5),
    }
    options_ = tuple((name, round(cost * priced_at.get(name, 1) / 100) * 100, avoided, weeks, treated)
                     for name, cost, avoided, weeks, treated in OPTIONS)
    return categories, options_


def buying_centre() -> str:
    return _dump(("nom", "fonction", "role_centre_achat", "mobile_soncas", "attente"), list(BUYING_CENTRE))


def costs(draw: Draw = Draw()) -> str:
    rows = [(p, c, n, q, u, _num(cu)) for p, c, n, q, u, cu in solution(draw)]
    return _dump(("poste", "categorie", "nature", "quantite", "unite", "cout_unitaire_ht"), rows)


def pricing() -> str:
    return _dump(("parametre", "valeur", "unite"), list(PRICING))


def planning(draw: Draw = Draw()) -> str:
    rows = [(i, e, s, d) for i, (e, s, d) in enumerate(schedule(draw), start=1)]
    return _dump(("ordre", "etape", "services_responsables", "duree_semaines"), rows)


def survey(draw: Draw = Draw()) -> str:
    rows = _kept(draw, 1, _survey_rows, _phone_least_satisfying)
    return _dump(("repondant_id", "canal_contact", "note_csat", "note_recommandation", "note_effort"), rows)


def _phone_least_satisfying(rows: list[tuple]) -> bool:
    """The brief's story: the telephone satisfies least, the shops most, few chat answers, a negative NPS."""
    csat = {c: [r[2] >= 4 for r in rows if r[1] == c] for c in CHANNELS}
    share = {c: sum(v) / len(v) for c, v in csat.items()}
    nps = sum((r[3] >= 9) - (r[3] <= 6) for r in rows)
    return (min(share, key=share.get) == "Téléphone" and max(share, key=share.get) == "Boutique"
            and len(csat["Chat"]) < 60 and nps < 0)


def _survey_rows(rng: random.Random) -> list[tuple]:
    rows = []
    for i in range(1, SURVEY_SIZE + 1):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        csat = rng.choices(range(1, 6), CSAT_WEIGHTS[channel])[0]
        band = rng.choices(((0, 6), (7, 8), (9, 10)), NPS_BANDS[channel])[0]
        nps = rng.randint(*band)
        ces = rng.choices(range(1, 8), CES_WEIGHTS[channel])[0]
        rows.append((f"R{i:04d}", channel, csat, nps, ces))
    return rows


def complaints(draw: Draw = Draw()) -> str:
    categories = incident(draw)[0]
    rows = _kept(draw, 2, lambda rng: _complaint_rows(rng, categories), _crisis_story)
    return _dump(("reclamation_id", "date_reception", "canal", "categorie", "date_cloture", "statut", "litige"), rows)


MAIN_CAUSES = ("Retard de livraison", "Livraison hors du créneau réservé", "Points de fidélité non crédités",
               "Produit endommagé à la livraison")


def _crisis_story(rows: list[tuple]) -> bool:
    """The crisis ebbs; the four main causes make the Pareto's class A; refunds and damaged goods lead the disputes."""
    months = [sum(r[1][5:7] == m for r in rows) for m in ("09", "10", "11")]
    counts = {c[0]: sum(r[3] == c[0] for r in rows) for c in CATEGORIES}
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    cumulative = sum(counts[c] for c in MAIN_CAUSES)
    rate = {c: sum(r[3] == c and r[6] == "oui" for r in rows) / max(1, counts[c]) for c in counts}
    delays = {c: sorted((dt.date.fromisoformat(r[4]) - dt.date.fromisoformat(r[1])).days
                        for r in rows if r[3] == c and r[4]) for c in counts}
    median = {c: (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2 for c, v in delays.items() if v}
    refunds, damaged = "Remboursement de l'essai 100 nuits en attente", "Produit endommagé à la livraison"
    return (months[0] > months[1] > months[2] and tuple(ranked[:4]) == MAIN_CAUSES
            and len({counts[c] for c in ranked[:5]}) == 5
            and cumulative * 100 <= 80 * len(rows) < (cumulative + counts[ranked[4]]) * 100
            and sorted(rate, key=rate.get, reverse=True)[:2] == [refunds, damaged]
            and max(median, key=median.get) == refunds)


def _complaint_rows(rng: random.Random, categories: tuple[tuple, ...]) -> list[tuple]:
    end = INCIDENT_START + dt.timedelta(days=INCIDENT_DAYS - 1)
    rows = []
    for i in range(1, COMPLAINTS + 1):
        # more complaints in the first weeks after the launch (the incident)
        day = min(int(rng.expovariate(1 / 30)), INCIDENT_DAYS - 1)
        received = INCIDENT_START + dt.timedelta(days=day)
        name, _, median, dispute = rng.choices(categories, [c[1] for c in categories])[0]
        channel = rng.choices([c for c, _ in COMPLAINT_CHANNELS], [w for _, w in COMPLAINT_CHANNELS])[0]
        delay = max(0, round(rng.lognormvariate(0, 0.6) * median))
        closed = received + dt.timedelta(days=delay)
        still_open = closed > end or rng.random() < OPEN_SHARE
        litige = "oui" if rng.random() < dispute else "non"
        if litige == "oui" and not still_open:  # formal notice, mediator or court: not settled within a month
            closed = received + dt.timedelta(days=max(delay, DISPUTE_MIN_DAYS))
            still_open = closed > end
        rows.append((
            received.isoformat(), channel, name,
            "" if still_open else closed.isoformat(), "En cours" if still_open else "Clôturée", litige,
        ))
    rows.sort(key=lambda r: r[0])  # stable: same-day complaints keep their draw order
    return [(f"REC{i:04d}", *row) for i, row in enumerate(rows, start=1)]


def options(draw: Draw = Draw(), log: str | None = None) -> str:
    """The options of épreuve 2; a session's estimates are capped at November's complaints of the categories treated."""
    rows = [o[:4] for o in incident(draw)[1]]
    if draw != Draw():
        november = [line.split(",")[3] for line in (log or complaints(draw)).splitlines()[1:] if line.split(",")[1][5:7] == "11"]
        rows = [(name, cost, min(avoided, sum(c in treated for c in november)), weeks)
                for (name, cost, avoided, weeks), (*_, treated) in zip(rows, OPTIONS)]
    return _dump(("option", "cout_ht", "reclamations_evitees_par_mois", "delai_semaines"), rows)


def _post(rng: random.Random, brand: str) -> tuple[str, str, str]:
    theme_weights, mix = SENTIMENT_MIX[brand]
    theme = rng.choices(THEMES, theme_weights)[0]
    sentiment = rng.choices(("positif", "neutre", "négatif"), mix[theme])[0]
    first = rng.choice(SNIPPETS[(theme, sentiment)])
    text = rng.choice(OPENERS) + first
    if rng.random() < 0.35:  # a second remark, sometimes on another theme (real posts mix topics)
        other = theme if rng.random() < 0.6 else rng.choice(THEMES)
        second = rng.choice([s for s in SNIPPETS[(other, sentiment)] if s != first])
        text += ", " + second
    mention = rng.choice((f" chez {brand}", f" avec {brand}", f" @{brand.replace(' ', '').replace('é', 'e')}", f" — {brand}"))
    text = text[0].upper() + text[1:] + mention + rng.choice(CLOSERS)
    return text, theme, sentiment


def social(draw: Draw = Draw()) -> tuple[str, str]:
    """(corpus handed out, with labels on the annotated part only; every label, for the instructor)."""
    posts = _kept(draw, 3, _posts, _listening_story)
    public, labels = [], []
    for i, (day, source, brand, text, theme, sentiment, annotated) in enumerate(posts, start=1):
        post_id = f"AV{i:04d}"
        public.append((post_id, day, source, brand, text, "oui" if annotated else "non",
                       theme if annotated else "", sentiment if annotated else ""))
        labels.append((post_id, theme, sentiment))
    header = ("avis_id", "date", "source", "marque", "texte", "annote", "theme", "sentiment")
    return _dump(header, public), _dump(("avis_id", "theme", "sentiment"), labels)


def _posts(rng: random.Random) -> list[tuple]:
    posts = []
    for brand, count in BRANDS:
        for _ in range(count):
            day = INCIDENT_START + dt.timedelta(days=rng.randrange(INCIDENT_DAYS))
            text, theme, sentiment = _post(rng, brand)
            posts.append((day.isoformat(), rng.choice(SOURCES), brand, text, theme, sentiment, rng.random() < ANNOTATED_SHARE))
    posts.sort(key=lambda p: (p[0], p[2], p[3]))
    return posts


def _listening_story(posts: list[tuple]) -> bool:
    """Lunéa's critics: delivery first, then service and loyalty; Nuit Claire's: its service; Morphéa < 1/6 < Nuit Claire < Lunéa."""
    negative = [p for p in posts if p[5] == "négatif"]
    share = {b: sum(p[2] == b for p in negative) / n for b, n in BRANDS}
    themes = {t: sum(p[2] == "Lunéa" and p[4] == t for p in negative) for t in THEMES}
    ranked = sorted(themes, key=themes.get, reverse=True)
    rival = {t: sum(p[2] == "Nuit Claire" and p[4] == t for p in negative) for t in THEMES}
    return (ranked[0] == "Livraison" and set(ranked[1:3]) == {"Service client", "Fidélité"}
            and all(rival["Service client"] > v for t, v in rival.items() if t != "Service client")
            and themes[ranked[0]] > themes[ranked[1]] and themes[ranked[2]] > themes[ranked[3]]
            and share["Morphéa"] < 1 / 6 < share["Nuit Claire"] < share["Lunéa"])


def files(draw: Draw = Draw()) -> dict[str, str]:
    """Every file of the case for ``draw`` (the example's by default): name → text."""
    corpus, labels = social(draw)
    log = complaints(draw)
    return {
        "centre_achat.csv": buying_centre(),
        "couts_solution.csv": costs(draw),
        "parametres_offre.csv": pricing(),
        "planning_lancement.csv": planning(draw),
        "enquete_satisfaction.csv": survey(draw),
        "reclamations.csv": log,
        "options_solutions.csv": options(draw, log),
        "avis_social.csv": corpus,
        "avis_social_etiquettes.csv": labels,
    }


OFFRE_FILES = ("centre_achat.csv", "couts_solution.csv", "parametres_offre.csv", "planning_lancement.csv", "enquete_satisfaction.csv")
ORAL_FILES = ("reclamations.csv", "options_solutions.csv", "avis_social.csv")
"""The instructor's labels (``avis_social_etiquettes.csv``) stay in the case folder: never handed out."""


def briefs() -> dict[Path, str]:
    """Brief handed out with each épreuve: épreuve 1 never sees épreuve 2's incident or files."""
    case = (HERE / "README.md").read_text(encoding="utf-8")
    return {OFFRE: case, ORAL: case + "\n" + (HERE / "EPREUVE_2.md").read_text(encoding="utf-8")}


def write(out: Path, seed: int = SEED, attempt: int = 0) -> list[Path]:
    """Write every file of the draw (``seed``, ``attempt``) into ``out`` (created if needed); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files(Draw(seed, attempt)).items():
        (out / name).write_text(text, encoding="utf-8")
        paths.append(out / name)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every file into this folder only")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the draw (default: the example's)")
    args = parser.parse_args()
    data = files(Draw(args.seed))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in data.items():
            (args.out / name).write_text(text, encoding="utf-8")
        return
    targets = [(HERE / "data", tuple(data)), (OFFRE / "data", OFFRE_FILES), (ORAL / "data", ORAL_FILES)]
    for folder, names in targets:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_text(data[name], encoding="utf-8")
    for assignment, text in briefs().items():
        (assignment / "cahier_des_charges.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
