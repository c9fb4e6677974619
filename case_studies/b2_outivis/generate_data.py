"""Seeded generator of the Outivis training case (bloc 2 lessons).

Run ``python case_studies/b2_outivis/generate_data.py``: it writes the CSV files of
the case into ``case_studies/b2_outivis/data/`` (``--out DIR`` elsewhere). Outivis is
the company of the lessons ``courses/b2``; the épreuve examines another company
whose data no lesson reads. Everything is drawn from ``numpy.random.default_rng``
with one child seed per table; amounts are integers: the output is identical byte
for byte from one run to the next. The constants below are the rules of the case
(visit frequencies, capacity of a sales representative, envelope, deadline);
``NOTES_FORMATEUR.md`` tells what the data show.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260115
"""Master seed of the case."""

HERE = Path(__file__).resolve().parent

SEUIL_A, SEUIL_B = 0.80, 0.95
"""ABC classes on 2025 revenue: A up to 80 % of cumulated revenue, B up to 95 %, C beyond."""
FREQUENCES = {"A": 10, "B": 5, "C": 2, "prospect": 3}
"""Visits per account and per year, by ABC class (clients) and for prospects."""
JOURS_TERRAIN, VISITES_PAR_JOUR = 180, 4
CAPACITE = JOURS_TERRAIN * VISITES_PAR_JOUR
"""Visits one sales representative can make in a year (720)."""
ENVELOPPE = 90_000
"""Budget envelope of the 2026 plan, € HT."""
DEBUT, DATE_LIMITE = "2026-02-02", "2026-05-29"
"""The plan is validated from Monday 2 February 2026; everything must be ready by Friday 29 May (the Batimat regional fair)."""

SECTEURS = (
    # secteur, départements, vendeurs, clients, prospects, trajet moyen (min), coverage
    ("Nancy-Lunéville", "54", 2, 190, 30, 20, 0.40),
    ("Metz-Thionville", "57", 2, 175, 35, 25, 0.36),
    ("Vosges", "88", 1, 120, 110, 55, 0.15),
    ("Meuse", "55", 1, 70, 28, 50, 0.30),
    ("Alsace", "67, 68", 1, 110, 60, 45, 0.24),
)
VILLES = {
    "Nancy-Lunéville": ("Nancy", "Vandœuvre", "Lunéville", "Laxou", "Toul", "Pont-à-Mousson"),
    "Metz-Thionville": ("Metz", "Thionville", "Montigny", "Woippy", "Hayange", "Yutz"),
    "Vosges": ("Épinal", "Saint-Dié", "Remiremont", "Gérardmer", "Neufchâteau", "Vittel"),
    "Meuse": ("Verdun", "Bar-le-Duc", "Commercy", "Saint-Mihiel"),
    "Alsace": ("Strasbourg", "Colmar", "Mulhouse", "Haguenau", "Sélestat", "Saverne"),
}
METIERS = {
    # métier, weight, median potential € HT/year, taux de marque, name stems
    "Électricité": (0.30, 6_000, 0.34, ("Élec", "Électricité", "Courant")),
    "Plomberie-chauffage": (0.30, 7_000, 0.31, ("Plomberie", "Thermique", "Sanitaire")),
    "Menuiserie": (0.20, 5_000, 0.37, ("Menuiserie", "Bois", "Charpente")),
    "Maçonnerie": (0.20, 9_000, 0.27, ("Maçonnerie", "Bâti", "Gros œuvre")),
}
NOMS = ("Lorraine", "du Plateau", "des Trois Vallées", "Moselle", "Vauban", "des Ducs", "Stanislas", "de la Seille",
        "du Donon", "Madon", "des Hautes-Chaumes", "Saint-Nicolas", "Mirabelle", "Jeanne", "Kléber", "Fensch",
        "de l'Orne", "Barrois", "du Haut-Koenigsbourg", "des Crêtes", "Sarre", "de l'Ill", "Zorn", "Vologne")
VENDEURS = (
    # vendeur, secteur, ancienneté, coût chargé, conversion, devis par visite
    ("Inès Moreau", "Nancy-Lunéville", 8, 54_000, 0.34, 0.35),
    ("Hugo Lambert", "Nancy-Lunéville", 1, 46_000, 0.17, 0.45),
    ("Claire Muller", "Metz-Thionville", 12, 57_000, 0.38, 0.30),
    ("Yanis Haddad", "Metz-Thionville", 5, 50_000, 0.30, 0.33),
    ("Marc Gérard", "Vosges", 15, 58_000, 0.36, 0.28),
    ("Léa Schmitt", "Meuse", 3, 48_000, 0.28, 0.31),
    ("Paul Kieffer", "Alsace", 6, 52_000, 0.31, 0.29),
)
ACTIONS_2025 = (
    # action, canal, cible, coût, contacts, leads, commandes, CA généré, taux de marque
    ("Foire régionale du bâtiment", "Salon", "Tous métiers", 21_000, 1_400, 95, 14, 41_000, 0.32),
    ("Petits-déjeuners en agence", "Événement", "Artisans clients", 7_500, 420, 88, 31, 39_000, 0.33),
    ("SMS promotionnels", "SMS", "Clients actifs", 2_200, 3_100, 120, 37, 19_500, 0.32),
    ("Catalogue outillage papier", "Courrier", "Clients actifs", 16_000, 820, 70, 26, 28_000, 0.32),
    ("Démonstrations sur chantier", "Terrain", "Maçonnerie", 9_000, 160, 64, 23, 61_000, 0.27),
    ("Réseaux sociaux sponsorisés", "Social", "Prospects", 6_000, 25_000, 52, 6, 9_500, 0.34),
)
BUDGET_2026 = (
    # poste, type, coût fixe, coût unitaire, quantité, unité, CA attendu 2026 (0 for the means the management has
    # committed), launch task it starts after, duration in calendar days
    ("Recrutement d'un vendeur Vosges (coût chargé d'avril à décembre)", "moyen humain", 4_000, 4_300, 9, "mois", 0,
     "Recrutement du vendeur Vosges", 285),
    ("Voiture et frais du vendeur Vosges", "moyen matériel", 0, 650, 9, "mois", 0, "Recrutement du vendeur Vosges", 285),
    ("Application de prise de commande mobile", "outil d'aide à la vente", 1_500, 480, 8, "licence", 0,
     "Déploiement de l'application mobile", 306),
    ("Démonstrations sur chantier", "action commerciale", 1_000, 70, 120, "démonstration", 45_750,
     "Fiches produits et vidéos de démonstration", 180),
    ("Petits-déjeuners en agence", "action commerciale", 0, 850, 10, "événement", 44_000,
     "Formation découverte des besoins", 270),
    ("Foire régionale du bâtiment", "action commerciale", 18_000, 0, 1, "foire", 52_000,
     "Tournée de démonstrations Vosges", 34),
    ("Catalogue outillage papier", "action commerciale", 3_000, 13, 700, "exemplaire", 20_000,
     "Fiches produits et vidéos de démonstration", 60),
    ("Réseaux sociaux sponsorisés", "action commerciale", 1_000, 400, 10, "mois", 7_000,
     "Fiches produits et vidéos de démonstration", 300),
    ("Concours « Chantier du mois »", "opération de soutien", 1_000, 900, 7, "vendeur", 45_000,
     "Lancement du concours", 210),
)
"""The 2026 plan. The expected revenue of the demonstrations is 120 × their 2025 revenue per demonstration, the
contest's that of ``SOUTIEN_2026``. Planted: ranked by expected revenue per euro, the rule of thumb keeps the
contest, the breakfasts, the demonstrations and, after skipping the fair and the catalogue, the cheap social ads
(stopping at the first line that does not fit gives another answer); the demonstrations, the fair and the contest
bring more in the same remaining envelope (the greedy rule is not optimal); the weakest-first order misses the
objective of the lesson (120 000 € more revenue)."""
SOUTIEN_2026 = (
    # opération, cible, coût, CA attendu, taux de marque
    ("Concours « Chantier du mois »", "7 vendeurs", 7_300, 45_000, 0.31),
    ("Formation « découverte des besoins »", "vendeurs de moins de 5 ans d'ancienneté", 6_400, 38_000, 0.32),
)
CALENDRIER = (
    # tâche, service, durée (jours calendaires), prédécesseurs
    ("Validation du plan", "Direction", 5, ""),
    ("Recrutement du vendeur Vosges", "Ressources humaines", 42, "Validation du plan"),
    ("Déploiement de l'application mobile", "Informatique", 21, "Validation du plan"),
    ("Fiches produits et vidéos de démonstration", "Marketing", 14, "Validation du plan"),
    ("Formation découverte des besoins", "Direction commerciale", 10, "Fiches produits et vidéos de démonstration"),
    ("Intégration du vendeur Vosges", "Direction commerciale", 14,
     "Recrutement du vendeur Vosges;Déploiement de l'application mobile"),
    ("Lancement du concours", "Direction commerciale", 3, "Formation découverte des besoins"),
    ("Tournée de démonstrations Vosges", "Force de vente", 21, "Intégration du vendeur Vosges;Lancement du concours"),
)


def _rng(name: str) -> np.random.Generator:
    child = sum(ord(ch) * (i + 1) for i, ch in enumerate(name))
    return np.random.default_rng([SEED, child])


def clients() -> pd.DataFrame:
    """The customer and prospect portfolio of Outivis (one row per account)."""
    rng = _rng("clients")
    rows, number, used = [], 0, set()
    metiers = list(METIERS)
    weights = np.array([METIERS[m][0] for m in metiers])
    reps = {s: [v[0] for v in VENDEURS if v[1] == s] for s, *_ in SECTEURS}
    for secteur, _deps, _n, n_clients, n_prospects, trajet, coverage in SECTEURS:
        for statut, count in (("client", n_clients), ("prospect", n_prospects)):
            for _ in range(count):
                number += 1
                metier = metiers[rng.choice(len(metiers), p=weights)]
                _w, median, marque, stems = METIERS[metier]
                potentiel = max(int(round(median * rng.lognormal(0, 1.0), -2)), 800)
                if statut == "client":
                    share = min(rng.beta(1.3, 2.8) * coverage / 0.40, 0.9)
                    ca = max(int(round(potentiel * share)), 200)
                    marge = int(round(ca * (marque + rng.normal(0, 0.02))))
                    visites = int(rng.poisson(1 + 8 * min(ca / 15_000, 1.0)))
                else:
                    ca = marge = 0
                    visites = int(rng.poisson(0.4))
                nom = f"{stems[rng.integers(len(stems))]} {NOMS[rng.integers(len(NOMS))]}"
                while nom in used:
                    nom += " " + "IVX"[len(used) % 3]
                used.add(nom)
                rows.append({
                    "client_id": f"OV{number:03d}", "enseigne": nom, "ville": VILLES[secteur][rng.integers(len(VILLES[secteur]))],
                    "secteur": secteur, "metier": metier, "statut": statut,
                    "vendeur": reps[secteur][number % len(reps[secteur])], "ca_2025": ca, "marge_2025": marge,
                    "potentiel": potentiel, "visites_2025": visites,
                    "trajet_min": int(max(5, rng.normal(trajet, trajet / 4))),
                })
    return pd.DataFrame(rows)


def secteurs() -> pd.DataFrame:
    return pd.DataFrame([{"secteur": s, "departements": d, "vendeurs_actuels": n, "trajet_moyen_min": t}
                         for s, d, n, _c, _p, t, _cov in SECTEURS])


def vendeurs(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The sales team: objectives, results and activity of 2025."""
    rng = _rng("vendeurs")
    rows = []
    for name, secteur, seniority, cost, conversion, quotes_per_visit in VENDEURS:
        mine = portfolio[portfolio["vendeur"] == name]
        ca, visites = int(mine["ca_2025"].sum()), int(mine["visites_2025"].sum())
        devis = int(round(visites * quotes_per_visit))
        rows.append({
            "vendeur": name, "secteur": secteur, "anciennete_ans": seniority,
            "objectif_2025": int(round(ca / (1 + rng.normal(0.0, 0.07)) * 1.05, -3)), "ca_2025": ca,
            "visites_2025": visites, "devis_2025": devis, "commandes_2025": int(round(devis * conversion)),
            "cout_annuel_charge": cost,
        })
    return pd.DataFrame(rows)


def build() -> dict[str, pd.DataFrame]:
    """Every table of the case, keyed by file name."""
    portfolio = clients()
    return {
        "clients.csv": portfolio,
        "secteurs.csv": secteurs(),
        "vendeurs.csv": vendeurs(portfolio),
        "actions_2025.csv": pd.DataFrame(
            [{"action": a, "canal": c, "cible": t, "cout": k, "contacts": n, "leads": lead, "commandes": o,
              "ca_genere": ca, "marge_generee": int(round(ca * m))} for a, c, t, k, n, lead, o, ca, m in ACTIONS_2025]),
        "budget_2026.csv": pd.DataFrame(
            [{"poste": p, "type": t, "cout_fixe": f, "cout_unitaire": u, "quantite": q, "unite": un, "ca_attendu": ca,
              "debut_apres": apres, "duree_jours": d} for p, t, f, u, q, un, ca, apres, d in BUDGET_2026]),
        "soutien_2026.csv": pd.DataFrame(
            [{"operation": o, "cible": c, "cout": k, "ca_attendu": ca, "taux_de_marque": f"{m:.2f}"}
             for o, c, k, ca, m in SOUTIEN_2026]),
        "calendrier_2026.csv": pd.DataFrame(
            [{"tache": t, "service": s, "duree_jours": d, "predecesseurs": p} for t, s, d, p in CALENDRIER]),
    }


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in build().items():
        frame.to_csv(folder / name, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données du cas d'entraînement Outivis (bloc 2).")
    parser.add_argument("--out", type=Path, default=HERE / "data", help="dossier de sortie (par défaut : data/ du cas)")
    write(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
