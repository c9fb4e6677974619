"""Seeded generator of the Ardène training case (bloc 1 lessons: a French mattress maker).

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
RANGES = ("Mousse", "Ressorts ensachés", "Latex naturel", "Hybride")

MARKET_UNITS_2021 = {"Mousse": 1_310_000, "Ressorts ensachés": 640_000, "Latex naturel": 205_000, "Hybride": 118_000}
MARKET_GROWTH = {  # yearly growth of units, 2022 to 2025
    "Mousse": (-0.03, -0.04, -0.02, -0.03),
    "Ressorts ensachés": (0.01, -0.02, 0.00, 0.01),
    "Latex naturel": (-0.06, -0.05, -0.07, -0.04),
    "Hybride": (0.17, 0.13, 0.15, 0.12),
}
BASE_PRICE_HT = {"Mousse": 310, "Ressorts ensachés": 520, "Latex naturel": 760, "Hybride": 890}
"""Average price excluding VAT of the range in 2021 (€), +2 % a year."""

BRANDS = ("Ardène", "Dormiflex", "Literix", "Plumélie", "Somnalia", "Autres marques")
UNIT_SHARES = {  # share of the range's units by brand, 2021 to 2025; "Autres marques" takes the rest
    "Mousse": {"Ardène": (0.011, 0.012, 0.012, 0.013, 0.013), "Dormiflex": (0.205, 0.210, 0.214, 0.219, 0.223),
               "Literix": (0.120, 0.116, 0.111, 0.107, 0.102), "Plumélie": (0.0,) * 5, "Somnalia": (0.030, 0.041, 0.052, 0.061, 0.070)},
    "Ressorts ensachés": {"Ardène": (0.018, 0.017, 0.017, 0.016, 0.015), "Dormiflex": (0.090, 0.092, 0.095, 0.097, 0.099),
                          "Literix": (0.210, 0.207, 0.203, 0.198, 0.194), "Plumélie": (0.0,) * 5, "Somnalia": (0.0,) * 5},
    "Latex naturel": {"Ardène": (0.062, 0.066, 0.071, 0.075, 0.081), "Dormiflex": (0.0,) * 5,
                      "Literix": (0.080, 0.078, 0.075, 0.073, 0.070), "Plumélie": (0.270, 0.262, 0.251, 0.243, 0.236),
                      "Somnalia": (0.0,) * 5},
    "Hybride": {"Ardène": (0.021, 0.029, 0.036, 0.043, 0.047), "Dormiflex": (0.060, 0.066, 0.071, 0.075, 0.078),
                "Literix": (0.0,) * 5, "Plumélie": (0.040, 0.043, 0.047, 0.050, 0.052), "Somnalia": (0.110, 0.142, 0.171, 0.196, 0.214)},
}
PRICE_INDEX = {"Ardène": 1.22, "Dormiflex": 0.71, "Literix": 1.06, "Plumélie": 1.31, "Somnalia": 0.93, "Autres marques": 1.0}
"""Brand price relative to the range's average price."""

N_RESPONDENTS = 360
ZONES = ("Métropole", "Ville moyenne", "Périurbain", "Rural")
CRITERIA = ("confort", "prix", "durabilité", "matériaux naturels", "essai à domicile", "fabrication française")
INFO_CHANNELS = ("avis en ligne", "magasin de literie", "réseaux sociaux", "entourage", "comparateurs")
BUY_CHANNELS = ("magasin spécialisé", "site de la marque", "grande surface d'ameublement", "place de marché en ligne")

BENCHMARK = (
    # marque, modèle, gamme, prix TTC, confort /10, durabilité /10, note avis /5, garantie ans, nuits d'essai, points de vente, fabrication France
    ("Ardène", "Ardène Alto", "Hybride", 1_290, 8.1, 8.4, 4.5, 10, 100, 18, "oui"),
    ("Dormiflex", "Dormiflex Flex+", "Hybride", 690, 6.2, 5.8, 4.0, 5, 30, 410, "non"),
    ("Plumélie", "Plumélie Naturel", "Hybride", 1_560, 8.3, 7.9, 4.4, 10, 0, 95, "oui"),
    ("Somnalia", "Somnalia Cloud", "Hybride", 990, 7.7, 6.3, 4.2, 5, 100, 0, "non"),
    ("Literix", "Literix Prestige", "Ressorts ensachés", 1_140, 7.4, 7.8, 4.3, 7, 0, 260, "oui"),
    ("Ardène", "Ardène Latex Pur", "Latex naturel", 1_450, 8.0, 8.8, 4.6, 12, 100, 18, "oui"),
)

JOURNEY = (
    # étape, point de contact, acheteurs exposés, acheteurs influencés (sur 310 acheteurs Ardène 2025)
    ("Découverte", "Publicité vidéo sur les réseaux sociaux", 188, 31),
    ("Découverte", "Recommandation d'un proche", 96, 52),
    ("Découverte", "Article de presse « meilleurs matelas »", 71, 23),
    ("Considération", "Avis clients en ligne", 251, 167),
    ("Considération", "Comparateur de matelas", 122, 41),
    ("Considération", "Site de la marque (simulateur de fermeté)", 240, 104),
    ("Essai", "Essai en showroom", 83, 61),
    ("Essai", "100 nuits d'essai à domicile", 197, 149),
    ("Achat", "Paiement en 3 fois sans frais", 109, 48),
    ("Achat", "Livraison et reprise de l'ancien matelas", 142, 89),
    ("Après-achat", "E-mail de conseils sommeil", 133, 27),
    ("Après-achat", "Programme de parrainage", 58, 24),
)

TOOLS = (
    # outil ou tendance, catégorie, maturité, coût mensuel €, adoption dans le secteur %, impact estimé /5
    ("Avis clients vérifiés et fiche Google Business Profile", "référencement local", "mature", 0, 64, 5),
    ("Outil SEO sémantique", "SEO", "mature", 99, 41, 4),
    ("Scénarios e-mail (marketing automation)", "fidélisation", "mature", 250, 38, 4),
    ("Vidéo courte et créateurs de contenus", "influence", "en croissance", 520, 29, 4),
    ("Simulateur de fermeté en ligne", "expérience client", "en croissance", 180, 11, 5),
    ("IA générative pour les fiches produits", "contenus", "émergent", 30, 26, 3),
    ("Messagerie instantanée avec un conseiller", "relation client", "en croissance", 140, 17, 3),
    ("Publicité sur les plateformes de vidéo connectée", "publicité", "émergent", 1_200, 5, 2),
    ("CRM et segmentation RFM", "CRM", "mature", 210, 44, 4),
    ("Programme de parrainage", "fidélisation", "en croissance", 90, 15, 4),
)

MEDIA = (
    # levier, objectif, budget €, impressions, clics ou contacts, ventes
    ("SEO", "acquisition", 14_000, 820_000, 31_000, 96),
    ("SEA", "acquisition", 38_000, 610_000, 27_500, 131),
    ("Vidéo sociale", "notoriété", 26_000, 4_300_000, 21_000, 38),
    ("Créateurs de contenus", "notoriété", 18_000, 1_100_000, 9_800, 29),
    ("Comparateurs (affiliation)", "acquisition", 9_000, 210_000, 7_400, 41),
    ("E-mailing", "fidélisation", 4_500, 95_000, 8_600, 52),
    ("Showrooms éphémères", "conversion", 21_000, 12_000, 1_300, 61),
)
PANIER_MOYEN_HT = 890
"""Average basket excluding VAT of a mattress sold through a campaign (€)."""
TAUX_MCV = 0.45
"""Taux de marge sur coût variable of a mattress sold (share of the price excluding VAT)."""


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
    """A survey of 360 adults living in France (quota sample), about changing their mattress."""
    n = N_RESPONDENTS
    zone = rng.choice(ZONES, size=n, p=[0.30, 0.27, 0.28, 0.15])
    age = rng.integers(18, 80, size=n)
    enfants = np.where((age >= 26) & (age <= 50), rng.choice([0, 1, 2, 3], size=n, p=[0.40, 0.27, 0.24, 0.09]), 0)
    logement = np.where(rng.random(n) < np.where(age < 35, 0.72, 0.33), "locataire", "propriétaire")
    dos = rng.random(n) < np.where(age >= 45, 0.41, 0.22)
    age_matelas = np.clip(np.rint(rng.gamma(3.0, 2.6, size=n)), 0, 25).astype(int)
    note_sommeil = np.clip(np.rint(rng.normal(6.3, 1.6, size=n) - 1.1 * dos), 1, 10).astype(int)
    score = 1.7 + 0.12 * np.maximum(age_matelas - 6, 0) + 1.0 * dos + 0.6 * (enfants >= 1) + 0.4 * (age < 35) + rng.normal(0, 0.9, size=n)
    intention = np.clip(np.rint(score), 1, 5).astype(int)
    budget = np.where(dos, rng.normal(1_250, 260, size=n), np.where(enfants >= 1, rng.normal(820, 200, size=n), rng.normal(690, 210, size=n)))
    budget = ((budget / 10).round() * 10).clip(250, 2_500).astype(int)
    weights = np.array([0.30, 0.24, 0.15, 0.10, 0.11, 0.10])
    critere = []
    for i in range(n):
        w = weights * (np.array([1.3, 0.7, 1.2, 1.0, 1.2, 1.0]) if dos[i] else 1.0)
        critere.append(rng.choice(CRITERIA, p=w / w.sum()))
    return pd.DataFrame({
        "repondant_id": [f"A{i:04d}" for i in range(1, n + 1)],
        "age": age,
        "zone": zone,
        "logement": logement,
        "enfants_moins_12_ans": enfants,
        "douleurs_dos": np.where(dos, "oui", "non"),
        "age_matelas_ans": age_matelas,
        "note_sommeil": note_sommeil,
        "intention_achat": intention,
        "budget_max_eur": budget,
        "critere_principal": critere,
        "canal_information": rng.choice(INFO_CHANNELS, size=n, p=[0.34, 0.22, 0.19, 0.15, 0.10]),
        "canal_achat_prefere": rng.choice(BUY_CHANNELS, size=n, p=[0.38, 0.27, 0.24, 0.11]),
    })


def tables() -> dict[str, pd.DataFrame]:
    """Every table of the training case, keyed by file name."""
    rng = np.random.default_rng(SEED)
    bench_cols = ["marque", "modele", "gamme", "prix_ttc", "note_confort", "note_durabilite", "note_avis", "garantie_ans",
                  "nuits_essai", "points_de_vente", "fabrication_france"]
    return {
        "ventes_gammes.csv": sales_table(),
        "enquete_literie.csv": survey(rng),
        "benchmark_matelas.csv": pd.DataFrame(BENCHMARK, columns=bench_cols),
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
