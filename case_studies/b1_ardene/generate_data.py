"""Seeded generator of the Ardène training case (bloc 1 lessons: a foundry of the Ardennes making wood and pellet stoves).

Run ``python case_studies/b1_ardene/generate_data.py``: it writes the six CSV
files of the case into ``case_studies/b1_ardene/data/`` (``--out DIR`` writes them
elsewhere, used by the regeneration test). Ardène is the company of the lessons
(``courses/b1/``); the épreuve examines another company, whose data no lesson
reads. Market and brand tables follow explicit rules (below); the survey is drawn
from ``numpy.random.default_rng(SEED)``; fixed float formats, so the output is
identical byte for byte from one run to the next.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260517
"""Master seed of the training case."""

HERE = Path(__file__).resolve().parent
YEARS = (2021, 2022, 2023, 2024, 2025)
RANGES = ("Poêle à granulés", "Insert et foyer fermé", "Poêle à bois", "Poêle mixte et hydro")

MARKET_UNITS_2021 = {"Poêle à granulés": 232_000, "Insert et foyer fermé": 112_000, "Poêle à bois": 178_000,
                     "Poêle mixte et hydro": 24_000}
"""Units sold in France in 2021: orders of magnitude of the case's fiction, not published statistics."""
MARKET_GROWTH = {  # yearly growth of units, 2022 to 2025
    "Poêle à granulés": (-0.03, -0.04, -0.02, -0.03),
    "Insert et foyer fermé": (0.01, -0.02, 0.00, 0.01),
    "Poêle à bois": (-0.06, -0.05, -0.07, -0.04),
    "Poêle mixte et hydro": (0.17, 0.13, 0.15, 0.12),
}
BASE_PRICE_HT = {"Poêle à granulés": 2_350, "Insert et foyer fermé": 1_850, "Poêle à bois": 1_650, "Poêle mixte et hydro": 3_700}
"""Average price excluding VAT of the range in 2021 (€), +2 % a year."""

BRANDS = ("Ardène", "Flambor", "Calorix", "Braséo", "Granulo", "Autres marques")
UNIT_SHARES = {  # share of the range's units by brand, 2021 to 2025; "Autres marques" takes the rest
    "Poêle à granulés": {"Ardène": (0.011, 0.012, 0.012, 0.013, 0.013), "Flambor": (0.205, 0.210, 0.214, 0.219, 0.223),
                         "Calorix": (0.120, 0.116, 0.111, 0.107, 0.102), "Braséo": (0.0,) * 5,
                         "Granulo": (0.030, 0.041, 0.052, 0.061, 0.070)},
    "Insert et foyer fermé": {"Ardène": (0.018, 0.017, 0.017, 0.016, 0.015), "Flambor": (0.090, 0.092, 0.095, 0.097, 0.099),
                              "Calorix": (0.210, 0.207, 0.203, 0.198, 0.194), "Braséo": (0.0,) * 5, "Granulo": (0.0,) * 5},
    "Poêle à bois": {"Ardène": (0.062, 0.066, 0.071, 0.075, 0.081), "Flambor": (0.0,) * 5,
                     "Calorix": (0.080, 0.078, 0.075, 0.073, 0.070), "Braséo": (0.270, 0.262, 0.251, 0.243, 0.236),
                     "Granulo": (0.0,) * 5},
    "Poêle mixte et hydro": {"Ardène": (0.021, 0.029, 0.036, 0.043, 0.047), "Flambor": (0.060, 0.066, 0.071, 0.075, 0.078),
                             "Calorix": (0.0,) * 5, "Braséo": (0.040, 0.043, 0.047, 0.050, 0.052),
                             "Granulo": (0.110, 0.142, 0.171, 0.196, 0.214)},
}
PRICE_INDEX = {"Ardène": 1.22, "Flambor": 0.71, "Calorix": 1.06, "Braséo": 1.31, "Granulo": 0.93, "Autres marques": 1.0}
"""Brand price relative to the range's average price."""

N_RESPONDENTS = 360
ZONES = ("Métropole", "Ville moyenne", "Périurbain", "Rural")
CRITERIA = ("chaleur et rendement", "prix", "durabilité", "économies sur la facture", "design", "fabrication française")
INFO_CHANNELS = ("avis en ligne", "installateur ou revendeur", "réseaux sociaux", "entourage", "comparateurs")
BUY_CHANNELS = ("installateur ou revendeur spécialisé", "site de la marque", "grande surface de bricolage", "place de marché en ligne")

BENCHMARK = (
    # marque, modèle, gamme, prix TTC, design /10, durabilité /10, note avis /5, garantie ans, rendement %, points de vente, fabrication France
    ("Ardène", "Ardène Duo", "Poêle mixte et hydro", 5_490, 8.1, 8.4, 4.5, 10, 88, 18, "oui"),
    ("Flambor", "Flambor Mixo", "Poêle mixte et hydro", 3_290, 6.2, 5.8, 4.0, 5, 82, 410, "non"),
    ("Braséo", "Braséo Nordik", "Poêle mixte et hydro", 5_990, 8.3, 7.9, 4.4, 10, 86, 95, "oui"),
    ("Granulo", "Granulo Connect", "Poêle mixte et hydro", 4_290, 7.7, 6.3, 4.2, 5, 90, 0, "non"),
    ("Calorix", "Calorix Foyer 70", "Insert et foyer fermé", 2_890, 7.4, 7.8, 4.3, 7, 80, 260, "oui"),
    ("Ardène", "Ardène Fonte 8", "Poêle à bois", 2_690, 8.0, 8.8, 4.6, 12, 81, 18, "oui"),
)

JOURNEY = (
    # étape, point de contact, acheteurs exposés, acheteurs influencés (sur 310 acheteurs Ardène 2025)
    ("Découverte", "Publicité vidéo sur les réseaux sociaux", 188, 31),
    ("Découverte", "Recommandation d'un proche", 96, 52),
    ("Découverte", "Article de presse « meilleurs poêles »", 71, 23),
    ("Considération", "Avis clients en ligne", 251, 167),
    ("Considération", "Comparateur de poêles", 122, 41),
    ("Considération", "Site de la marque (calculateur de puissance)", 240, 104),
    ("Essai", "Démonstration en showroom, poêle allumé", 83, 61),
    ("Essai", "Visite technique gratuite à domicile", 197, 149),
    ("Achat", "Paiement en 10 fois", 109, 48),
    ("Achat", "Pose par un installateur partenaire", 142, 89),
    ("Après-achat", "E-mail de conseils d'entretien et de ramonage", 133, 27),
    ("Après-achat", "Programme de parrainage", 58, 24),
)

TOOLS = (
    # outil ou tendance, catégorie, maturité, coût mensuel €, adoption dans le secteur %, impact estimé /5
    ("Avis clients vérifiés et fiche Google Business Profile", "référencement local", "mature", 0, 64, 5),
    ("Outil SEO sémantique", "SEO", "mature", 99, 41, 4),
    ("Scénarios e-mail (marketing automation)", "fidélisation", "mature", 250, 38, 4),
    ("Vidéo courte et créateurs de contenus", "influence", "en croissance", 520, 29, 4),
    ("Calculateur de puissance en ligne", "expérience client", "en croissance", 180, 11, 5),
    ("IA générative pour les fiches produits", "contenus", "émergent", 30, 26, 3),
    ("Messagerie instantanée avec un conseiller", "relation client", "en croissance", 140, 17, 3),
    ("Publicité sur les plateformes de vidéo connectée", "publicité", "émergent", 1_200, 5, 2),
    ("CRM et segmentation RFM", "CRM", "mature", 210, 44, 4),
    ("Programme de parrainage", "fidélisation", "en croissance", 90, 15, 4),
)

MEDIA = (
    # levier, objectif, budget €, impressions, clics ou contacts, ventes
    ("SEO", "acquisition", 14_000, 820_000, 31_000, 47),
    ("SEA", "acquisition", 38_000, 610_000, 27_500, 64),
    ("Vidéo sociale", "notoriété", 26_000, 4_300_000, 21_000, 19),
    ("Créateurs de contenus", "notoriété", 18_000, 1_100_000, 9_800, 14),
    ("Comparateurs (affiliation)", "acquisition", 9_000, 210_000, 7_400, 20),
    ("E-mailing", "fidélisation", 4_500, 95_000, 8_600, 25),
    ("Foires et salons de l'habitat", "conversion", 21_000, 12_000, 1_300, 30),
)
PANIER_MOYEN_HT = 2_150
"""Average basket excluding VAT of a stove sold through a campaign (€)."""
TAUX_MCV = 0.38
"""Taux de marge sur coût variable of a stove sold (share of the price excluding VAT)."""


def sales_table() -> pd.DataFrame:
    """Brand sales by year and range (units, turnover in k€ HT); the market is their sum."""
    rows = []
    for name in RANGES:
        units = MARKET_UNITS_2021[name]
        for i, year in enumerate(YEARS):
            if i:
                units = round(units * (1 + MARKET_GROWTH[name][i - 1]))
            price = BASE_PRICE_HT[name] * 1.02**i
            named = {b: round(units * s[i]) for b, s in UNIT_SHARES[name].items()}
            named["Autres marques"] = units - sum(named.values())
            rows += [(year, name, b, named[b], round(named[b] * price * PRICE_INDEX[b] / 1000)) for b in BRANDS]
    return pd.DataFrame(rows, columns=["annee", "gamme", "marque", "unites", "ca_keur"])


def survey(rng: np.random.Generator) -> pd.DataFrame:
    """A survey of 360 adults living in a house in France (quota sample), about buying a stove or an insert."""
    n = N_RESPONDENTS
    zone = rng.choice(ZONES, size=n, p=[0.30, 0.27, 0.28, 0.15])
    age = rng.integers(18, 80, size=n)
    enfants = np.where((age >= 26) & (age <= 50), rng.choice([0, 1, 2, 3], size=n, p=[0.40, 0.27, 0.24, 0.09]), 0)
    logement = np.where(rng.random(n) < np.where(age < 35, 0.72, 0.33), "locataire", "propriétaire")
    facture = rng.random(n) < np.where(age >= 45, 0.41, 0.22)  # older, larger houses: heavier heating bills
    age_chauffage = np.clip(np.rint(rng.gamma(3.0, 2.6, size=n)), 0, 25).astype(int)
    confort = np.clip(np.rint(rng.normal(6.3, 1.6, size=n) - 1.1 * facture), 1, 10).astype(int)
    score = 1.7 + 0.12 * np.maximum(age_chauffage - 6, 0) + 1.0 * facture + 0.6 * (enfants >= 1) + 0.4 * (age < 35) + rng.normal(0, 0.9, size=n)
    intention = np.clip(np.rint(score), 1, 5).astype(int)
    budget = np.where(facture, rng.normal(4_000, 830, size=n), np.where(enfants >= 1, rng.normal(2_620, 640, size=n), rng.normal(2_210, 670, size=n)))
    budget = ((budget / 50).round() * 50).clip(800, 8_000).astype(int)
    weights = np.array([0.30, 0.24, 0.15, 0.10, 0.11, 0.10])
    critere = []
    for i in range(n):
        w = weights * (np.array([1.3, 0.7, 1.2, 1.0, 1.2, 1.0]) if facture[i] else 1.0)
        critere.append(rng.choice(CRITERIA, p=w / w.sum()))
    return pd.DataFrame({
        "repondant_id": [f"A{i:04d}" for i in range(1, n + 1)],
        "age": age,
        "zone": zone,
        "logement": logement,
        "enfants_moins_12_ans": enfants,
        "facture_elevee": np.where(facture, "oui", "non"),
        "age_chauffage_ans": age_chauffage,
        "note_confort_thermique": confort,
        "intention_achat": intention,
        "budget_max_eur": budget,
        "critere_principal": critere,
        "canal_information": rng.choice(INFO_CHANNELS, size=n, p=[0.34, 0.22, 0.19, 0.15, 0.10]),
        "canal_achat_prefere": rng.choice(BUY_CHANNELS, size=n, p=[0.38, 0.27, 0.24, 0.11]),
    })


def tables() -> dict[str, pd.DataFrame]:
    """Every table of the training case, keyed by file name."""
    rng = np.random.default_rng(SEED)
    bench_cols = ["marque", "modele", "gamme", "prix_ttc", "note_design", "note_durabilite", "note_avis", "garantie_ans",
                  "rendement_pct", "points_de_vente", "fabrication_france"]
    return {
        "ventes_gammes.csv": sales_table(),
        "enquete_chauffage.csv": survey(rng),
        "benchmark_poeles.csv": pd.DataFrame(BENCHMARK, columns=bench_cols),
        "parcours_acheteurs.csv": pd.DataFrame(JOURNEY, columns=["etape", "point_de_contact", "acheteurs_exposes", "acheteurs_influences"]),
        "outils_digitaux.csv": pd.DataFrame(TOOLS, columns=["outil", "categorie", "maturite", "cout_mensuel_eur", "adoption_secteur_pct", "impact_estime"]),
        "campagnes_2025.csv": pd.DataFrame(MEDIA, columns=["levier", "objectif", "budget_eur", "impressions", "clics", "ventes"]),
    }


def write(folder: Path) -> None:
    """Write every CSV file of the training case into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables().items():
        table.to_csv(folder / name, index=False, lineterminator="\n", float_format="%.1f", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données du cas d'entraînement Ardène (leçons du bloc 1).")
    parser.add_argument("--out", type=Path, default=HERE / "data", help="dossier de sortie (par défaut : data/ du cas)")
    write(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
