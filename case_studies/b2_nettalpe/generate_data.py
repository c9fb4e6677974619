"""Seeded generator of the Nettalpe case-study data (bloc 2).

Run ``python case_studies/b2_nettalpe/generate_data.py``: it writes the CSV files
of the case into ``case_studies/b2_nettalpe/data/`` and the same bytes into
``source/b2_plan_actions_commerciales/data/``, and copies the brief (``README.md``)
to ``source/b2_plan_actions_commerciales/cahier_des_charges.md``.
``--out DIR`` writes the CSV files into ``DIR`` only (used by the regeneration test). A certification
session draws its own data with ``write(folder, seed, draw)`` (``cpmc_course.sessions.b2_stories``): the
portfolio and the team are drawn from the session's seed, the rules and the costed plan stay those of the case.

Everything is drawn from ``numpy.random.default_rng`` with one child seed per
table; amounts are written as integers, rates with a fixed number of decimals:
the output is identical byte for byte from one run to the next. The constants
below are the single place where the rules of the case (visit frequencies,
capacity of a sales representative, budget envelope, deadline) are encoded;
``NOTES_FORMATEUR.md`` tells the planted stories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20270301
"""Master seed of the case."""

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ASSIGNMENT = "b2_plan_actions_commerciales"
TARGETS = (HERE / "data", REPO / "source" / ASSIGNMENT / "data")
BRIEF_COPY = REPO / "source" / ASSIGNMENT / "cahier_des_charges.md"

FILES = (
    "comptes.csv",
    "zones.csv",
    "commerciaux.csv",
    "actions_2026.csv",
    "plan_actions_2027.csv",
    "operations_soutien.csv",
    "planning_2027.csv",
)
"""Every file written, in the order of the data dictionary."""

# --- rules of the case (quoted in the brief and the épreuve) -----------------
SEUIL_A, SEUIL_B = 0.80, 0.95
"""ABC classes on 2026 revenue: A up to 80 % of cumulated revenue, B up to 95 %, C beyond."""
FREQUENCES = {"A": 12, "B": 6, "C": 2, "prospect": 2}
"""Visits per account and per year, by ABC class (clients) and for prospects."""
JOURS_TERRAIN = 210
VISITES_PAR_JOUR = 4
CAPACITE = JOURS_TERRAIN * VISITES_PAR_JOUR
"""Visits one sales representative can make in a year (840)."""
ENVELOPPE = 150_000
"""Budget envelope of the 2027 commercial action plan, € HT (outside current salaries)."""
DATE_LIMITE = dt.date(2027, 4, 30)
"""Every task of the launch plan must be finished by this date (end of April, before the Salon Santé Autonomie)."""

ZONES = (
    # zone, départements, commerciaux, clients, prospects, trajet moyen (min), coverage (share of potential captured)
    ("Lyon Métropole", "69", 2, 255, 40, 25, 0.34),
    ("Ain et Nord-Isère", "01, 38", 1, 140, 45, 45, 0.30),
    ("Loire et Haute-Loire", "42, 43", 1, 125, 35, 50, 0.29),
    ("Savoie et Haute-Savoie", "73, 74", 1, 185, 100, 70, 0.17),
    ("Drôme et Ardèche", "26, 07", 1, 100, 35, 60, 0.27),
    ("Auvergne", "63, 03", 1, 120, 35, 65, 0.26),
)
VILLES = {
    "Lyon Métropole": ("Lyon", "Villeurbanne", "Vénissieux", "Bron", "Caluire", "Écully", "Saint-Priest"),
    "Ain et Nord-Isère": ("Bourg-en-Bresse", "Oyonnax", "Bourgoin-Jallieu", "Vienne", "Ambérieu", "Grenoble"),
    "Loire et Haute-Loire": ("Saint-Étienne", "Roanne", "Montbrison", "Le Puy-en-Velay", "Firminy"),
    "Savoie et Haute-Savoie": ("Annecy", "Chambéry", "Chamonix", "Val-d'Isère", "Megève", "Thonon", "Albertville"),
    "Drôme et Ardèche": ("Valence", "Montélimar", "Romans", "Privas", "Aubenas", "Annonay"),
    "Auvergne": ("Clermont-Ferrand", "Vichy", "Moulins", "Riom", "Montluçon", "Issoire"),
}
SEGMENTS = {
    # segment, weight, median potential € HT/year, taux de marque, account name stems
    "Hôtellerie-restauration": (0.38, 9_000, 0.42, ("Hôtel", "Restaurant", "Brasserie", "Résidence de tourisme")),
    "Santé": (0.22, 14_000, 0.38, ("EHPAD", "Clinique", "Centre de soins", "Résidence seniors")),
    "Collectivités": (0.25, 11_000, 0.33, ("École", "Collège", "Lycée", "Centre aquatique")),
    "Entreprises de propreté": (0.15, 18_000, 0.28, ("Propreté", "Nettoyage", "Services", "Multiservices")),
}
NOMS = ("du Parc", "des Alpes", "Les Tilleuls", "Saint-Jean", "du Lac", "Bellevue", "Les Cèdres", "du Centre",
        "Pasteur", "Mont-Blanc", "Les Iris", "de la Gare", "Horizon", "Victor-Hugo", "Les Sources", "Vauban")
AUTRES_ENSEIGNES = {
    "Hôtellerie-restauration": ("Auberge", "Grand Hôtel", "Bistrot", "Camping"),
    "Santé": ("Maison de santé", "Foyer-logement", "Centre de rééducation", "Maison de retraite"),
    "Collectivités": ("Gymnase", "Médiathèque", "Groupe scolaire", "Piscine"),
    "Entreprises de propreté": ("Hygiène Services", "Entretien", "Clean", "Net Services"),
}
AUTRES_NOMS = (
    "Jean-Jaurès", "des Marronniers", "du Rhône", "des Écrins", "Belledonne", "du Vercors", "des Volcans", "Lafayette",
    "Carnot", "Gambetta", "du Soleil", "des Pins", "Les Glycines", "Les Lilas", "du Moulin", "de la Forêt",
    "du Château", "de la Source", "Les Alpages", "du Golf", "Les Érables", "du Pont", "des Remparts", "Marie-Curie",
    "Jules-Ferry", "Condorcet", "Voltaire", "Mozart", "Les Mimosas", "du Val", "des Sommets", "Beauregard",
    "Montchat", "Croix-Rousse", "Fourvière", "des Brotteaux", "du Forez", "du Pilat", "des Dombes", "du Bugey",
    "Sancy", "du Livradois", "Les Ormes", "Les Peupliers", "du Plateau", "des Vignes", "Saint-Exupéry", "Lumière",
)
"""Extra name parts: a duplicate drawn name takes the next free one, so that every account has its own name."""
COMMERCIAUX = (
    # name, zone, seniority (years), annual loaded cost €, quote conversion, quotes per visit
    ("Camille Roux", "Lyon Métropole", 9, 61_000, 0.36, 0.30),
    ("Julien Bertrand", "Lyon Métropole", 2, 52_000, 0.19, 0.38),
    ("Sophie Garnier", "Ain et Nord-Isère", 6, 57_000, 0.33, 0.29),
    ("Karim Benali", "Loire et Haute-Loire", 4, 55_000, 0.31, 0.27),
    ("Laura Perrin", "Savoie et Haute-Savoie", 11, 63_000, 0.35, 0.25),
    ("Thomas Faure", "Drôme et Ardèche", 3, 53_000, 0.27, 0.28),
    ("Nathalie Chabert", "Auvergne", 7, 58_000, 0.30, 0.26),
)
OBJECTIF_CROISSANCE = 1.06
"""2026 objectives were set at 2025 revenue + 6 %."""

ACTIONS_2026 = (
    # action, canal, cible, coût € HT, contacts, leads, commandes, CA généré € HT, taux de marque
    ("Salon Hygiène Pro (Eurexpo)", "Salon", "Tous segments", 38_000, 2_100, 152, 22, 96_000, 0.36),
    ("Catalogue papier annuel", "Courrier", "Clients actifs", 24_000, 1_130, 90, 35, 52_000, 0.36),
    ("Emailing promotions trimestrielles", "Emailing", "Clients actifs", 4_500, 4_400, 210, 64, 58_000, 0.36),
    ("Webinaires protocoles EHPAD", "Webinaire", "Santé", 6_000, 380, 46, 14, 71_000, 0.38),
    ("Démonstrations sur site", "Terrain", "Hôtellerie-restauration", 15_000, 240, 120, 41, 118_000, 0.42),
    ("Télévente relance comptes C", "Téléphone", "Clients classe C", 12_000, 900, 150, 58, 46_000, 0.33),
    ("Annonces moteur de recherche", "SEA", "Prospects", 9_000, 18_000, 85, 12, 21_000, 0.36),
)
PLAN_2027 = (
    # action, type, coût fixe € HT, coût unitaire € HT, quantité, unité, CA Santé attendu en 2027 € HT,
    # tâche du lancement après laquelle l'action commence, durée de l'action (jours calendaires)
    # the hire starts on 15 March (56 days of recruitment from 18 January): 9.5 months, i.e. 19 fortnights
    ("Recrutement d'un commercial Savoie et Haute-Savoie (coût chargé du 15 mars au 31 décembre)", "moyen humain",
     6_000, 2_600, 19, "quinzaine", 30_000, "Recrutement du commercial Alpes", 291),
    # the vehicle serves the hire: its Santé revenue is counted with the recruitment (0 here)
    ("Véhicule de service et frais de déplacement du commercial Alpes", "moyen matériel", 0, 375, 19, "quinzaine",
     0, "Recrutement du commercial Alpes", 291),
    ("CRM mobile et tablettes pour la force de vente", "outil d'aide à la vente", 3_000, 1_100, 8, "licence + tablette",
     10_000, "Paramétrage du CRM mobile", 319),
    ("Webinaires protocoles EHPAD et cliniques", "action commerciale", 1_500, 700, 6, "webinaire",
     52_000, "Argumentaire et fiches produits gamme Éco", 142),
    ("Démonstrations sur site gamme Éco", "action commerciale", 2_000, 95, 180, "démonstration",
     16_000, "Formation vente conseil écolabel", 281),
    # preparation of the stand and invitations from the sales pitch, the show itself early in May
    ("Salon Santé Autonomie (stand)", "action commerciale", 14_000, 0, 1, "salon",
     38_000, "Argumentaire et fiches produits gamme Éco", 87),
    ("Emailing et portail de commande B2B", "action commerciale", 6_500, 300, 12, "campagne",
     12_000, "Campagne emailing et portail B2B", 312),
    # the Santé revenue of the challenge is the one of operations_soutien.csv
    ("Challenge commercial « Cap Santé »", "opération de soutien", 2_000, 1_500, 8, "commercial",
     120_000, "Lancement du challenge Cap Santé", 121),
    # February: the 7 commerciaux in post (the 8th is trained when he or she joins, in the integration task)
    ("Formation « vente conseil écolabel »", "opération de soutien", 2_400, 1_300, 7, "commercial",
     18_000, "Argumentaire et fiches produits gamme Éco", 51),
    ("Catalogue papier annuel", "action commerciale", 4_000, 18, 1_100, "exemplaire",
     4_000, "Validation du plan par la direction", 347),
)
"""Costed lines of the draft plan: greedy choice by Santé revenue per euro keeps all but the catalogue within the
envelope and covers the +25 % Santé gap; taking the worst ratios first stays in the envelope but does not cover it."""
OPERATIONS_SOUTIEN = (
    # opération, cible, mise en place, coût € HT, CA supplémentaire attendu € HT, taux de marque
    ("Challenge commercial « Cap Santé »", "8 commerciaux, comptes Santé",
     "Mars à juin : primes par paliers sur les nouveaux comptes Santé ouverts", 14_000, 120_000, 0.38),
    ("Formation « vente conseil écolabel »", "7 commerciaux en poste en février",
     "Deux jours en février, puis coaching terrain d'une demi-journée par commercial", 11_500, 72_000, 0.40),
)
PLANNING = (
    # tâche, service, durée (jours calendaires), prédécesseurs
    ("Validation du plan par la direction", "Direction commerciale", 7, ""),
    ("Recrutement du commercial Alpes", "Ressources humaines", 56, "Validation du plan par la direction"),
    ("Paramétrage du CRM mobile", "Informatique", 28, "Validation du plan par la direction"),
    ("Argumentaire et fiches produits gamme Éco", "Marketing", 21, "Validation du plan par la direction"),
    ("Formation vente conseil écolabel", "Direction commerciale", 14, "Argumentaire et fiches produits gamme Éco"),
    # the rows and the predecessors are not listed in the order of their dates: taking the first predecessor or
    # the first following task instead of the latest or the earliest gives wrong dates (fairness catalogue)
    ("Lancement du challenge Cap Santé", "Direction commerciale", 7,
     "Paramétrage du CRM mobile;Formation vente conseil écolabel"),
    ("Intégration et formation du nouveau commercial", "Direction commerciale", 21,
     "Recrutement du commercial Alpes;Paramétrage du CRM mobile"),
    ("Campagne emailing et portail B2B", "Marketing", 14, "Argumentaire et fiches produits gamme Éco"),
    ("Tournée de démonstrations Alpes", "Force de vente", 14,
     "Intégration et formation du nouveau commercial;Lancement du challenge Cap Santé"),
)
DEBUT_PLAN = dt.date(2027, 1, 11)
"""The direction reviews the plan from Monday 11 January 2027."""


def _rng(name: str, seed: int = SEED, draw: int = 0) -> np.random.Generator:
    """The generator of one table: ``seed`` (a session's), ``draw`` (0 = first draw, the example's), the table."""
    child = sum(ord(ch) * (i + 1) for i, ch in enumerate(name))
    return np.random.default_rng([seed, child] if draw == 0 else [seed, draw, child])


def comptes(seed: int = SEED, draw: int = 0) -> pd.DataFrame:
    """The customer and prospect portfolio (one row per account)."""
    rng = _rng("comptes", seed, draw)
    rows = []
    number = 0
    seg_names = list(SEGMENTS)
    weights = np.array([SEGMENTS[s][0] for s in seg_names])
    reps = {z: [c[0] for c in COMMERCIAUX if c[1] == z] for z, *_ in ZONES}
    for zone, _deps, _n, n_clients, n_prospects, trajet, coverage in ZONES:
        for status, count in (("client", n_clients), ("prospect", n_prospects)):
            for _ in range(count):
                number += 1
                segment = seg_names[rng.choice(len(seg_names), p=weights)]
                _w, median, marque, stems = SEGMENTS[segment]
                potentiel = int(round(median * rng.lognormal(0, 1.1), -2))
                potentiel = max(potentiel, 1_500)
                if status == "client":
                    share = rng.beta(1.2, 3.0) * coverage / 0.42
                    if segment == "Santé":
                        share *= 0.65
                    share = min(share, 0.95)
                    ca = int(round(potentiel * share))
                    ca = max(ca, 300)
                    marge = int(round(ca * (marque + rng.normal(0, 0.02))))
                    visites = int(rng.poisson(2 + 10 * min(ca / 25_000, 1.0) * (0.6 if coverage < 0.2 else 1)))
                    jours = int(rng.integers(3, 200))
                else:
                    ca, marge = 0, 0
                    visites = int(rng.poisson(0.6))
                    jours = int(rng.integers(30, 400))
                derniere = (dt.date(2026, 12, 31) - dt.timedelta(days=jours)).isoformat() if visites else ""
                ville = VILLES[zone][rng.integers(len(VILLES[zone]))]
                nom = f"{stems[rng.integers(len(stems))]} {NOMS[rng.integers(len(NOMS))]}"
                rep = reps[zone][number % len(reps[zone])]
                rows.append({
                    "compte_id": f"N{number:04d}",
                    "raison_sociale": nom,
                    "ville": ville,
                    "zone": zone,
                    "segment": segment,
                    "statut": status,
                    "commercial": rep,
                    "ca_2026": ca,
                    "marge_brute_2026": marge,
                    "potentiel_annuel": potentiel,
                    "visites_2026": visites,
                    "date_derniere_visite": derniere,
                    "trajet_min": int(max(5, rng.normal(trajet, trajet / 4))),
                })
    return pd.DataFrame(_distinct_names(rows))


def _distinct_names(rows: list[dict]) -> list[dict]:
    """Give every account its own name: a name already taken becomes the next free one of its segment's list."""
    used: set[str] = set()
    for number, row in enumerate(rows):
        if row["raison_sociale"] in used:
            stems = SEGMENTS[row["segment"]][3] + AUTRES_ENSEIGNES[row["segment"]]
            pool = [f"{stem} {nom}" for nom in NOMS + AUTRES_NOMS for stem in stems]
            start = (7 * number) % len(pool)
            row["raison_sociale"] = next(n for k in range(len(pool)) if (n := pool[(start + k) % len(pool)]) not in used)
        used.add(row["raison_sociale"])
    return rows


def zones(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The six sales zones with their départements and current staffing."""
    return pd.DataFrame(
        [{"zone": z, "departements": d, "commerciaux_actuels": n, "trajet_moyen_min": t} for z, d, n, _c, _p, t, _s in ZONES]
    )


def commerciaux(portfolio: pd.DataFrame, seed: int = SEED, draw: int = 0) -> pd.DataFrame:
    """The sales team: objectives, results and activity of 2026."""
    rng = _rng("commerciaux", seed, draw)
    rows = []
    for name, zone, seniority, cost, conversion, quotes_per_visit in COMMERCIAUX:
        mine = portfolio[portfolio["commercial"] == name]
        ca = int(mine["ca_2026"].sum())
        visites = int(mine["visites_2026"].sum())
        devis = int(round(visites * quotes_per_visit))
        commandes = int(round(devis * conversion))
        previous = ca / (1 + rng.normal(0.02, 0.08))
        rows.append({
            "commercial": name,
            "zone": zone,
            "anciennete_ans": seniority,
            "objectif_ca_2026": int(round(previous * OBJECTIF_CROISSANCE, -3)),
            "ca_2026": ca,
            "visites_2026": visites,
            "devis_2026": devis,
            "commandes_2026": commandes,
            "cout_annuel_charge": cost,
        })
    return pd.DataFrame(rows)


def actions_2026() -> pd.DataFrame:
    """Last year's commercial actions with their costs and results."""
    rows = []
    for action, canal, cible, cout, contacts, leads, commandes, ca, marque in ACTIONS_2026:
        rows.append({
            "action": action, "canal": canal, "cible": cible, "cout": cout, "contacts": contacts, "leads": leads,
            "commandes": commandes, "ca_genere": ca, "marge_brute_generee": int(round(ca * marque)),
        })
    return pd.DataFrame(rows)


def plan_actions_2027() -> pd.DataFrame:
    """The draft list of 2027 actions and means: cost drivers, expected Santé revenue, place in the calendar."""
    columns = ("action", "type", "cout_fixe", "cout_unitaire", "quantite", "unite", "ca_sante_attendu", "debut_apres",
               "duree_jours")
    return pd.DataFrame([dict(zip(columns, line)) for line in PLAN_2027])


def operations_soutien() -> pd.DataFrame:
    """The two sales-support operations proposed for 2027."""
    return pd.DataFrame(
        [
            {"operation": o, "cible": c, "mise_en_place": m, "cout": k, "ca_supplementaire_attendu": ca,
             "taux_de_marque": f"{t:.2f}"}
            for o, c, m, k, ca, t in OPERATIONS_SOUTIEN
        ]
    )


def earliest_starts() -> dict[str, dt.date]:
    """Earliest start of every task (forward pass; tasks are listed after their predecessors)."""
    start: dict[str, dt.date] = {}
    finish: dict[str, dt.date] = {}
    for task, _service, days, preds in PLANNING:
        before = [finish[p] for p in preds.split(";") if p]
        start[task] = max(before) if before else DEBUT_PLAN
        finish[task] = start[task] + dt.timedelta(days=days)
    return start


def planning_2027() -> pd.DataFrame:
    """The launch schedule: tasks, departments, durations and predecessors; the candidate computes the dates."""
    return pd.DataFrame([{"tache": t, "service": s, "duree_jours": d, "predecesseurs": p} for t, s, d, p in PLANNING])


def build(seed: int = SEED, draw: int = 0) -> dict[str, pd.DataFrame]:
    """Every table of the case drawn from ``seed`` (draw ``draw``), keyed by file name."""
    portfolio = comptes(seed, draw)
    return {
        "comptes.csv": portfolio,
        "zones.csv": zones(portfolio),
        "commerciaux.csv": commerciaux(portfolio, seed, draw),
        "actions_2026.csv": actions_2026(),
        "plan_actions_2027.csv": plan_actions_2027(),
        "operations_soutien.csv": operations_soutien(),
        "planning_2027.csv": planning_2027(),
    }


def write(folder: Path, seed: int = SEED, draw: int = 0) -> None:
    """Write every table of ``seed`` (draw ``draw``) into ``folder``: the example's at the default seed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in build(seed, draw).items():
        frame.to_csv(folder / name, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données de l'étude de cas Nettalpe (bloc 2).")
    parser.add_argument("--out", type=Path, help="dossier de sortie (par défaut : le cas et le sujet)")
    args = parser.parse_args(argv)
    if args.out:
        write(args.out)
        return
    for target in TARGETS:
        write(target)
    BRIEF_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "README.md", BRIEF_COPY)


if __name__ == "__main__":
    main()
