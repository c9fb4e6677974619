"""Seeded generator of the Rouline case-study data (bloc 1, marketing plan).

Run ``python case_studies/b1_rouline/generate_data.py``: it writes the seven CSV
files of the case into ``case_studies/b1_rouline/data/`` and the same bytes into
``source/b1_plan_marketing/data/``, and copies the brief (``README.md``) to
``source/b1_plan_marketing/cahier_des_charges.md``. ``--out DIR`` writes the CSV
files into ``DIR`` only (used by the regeneration test).

Market and brand tables follow explicit rules (below); the consumer survey is
drawn from ``numpy.random.default_rng(SEED)``. No clock-dependent value, fixed
float formats: the output is identical byte for byte from one run to the next.
The planted stories are documented in ``NOTES_FORMATEUR.md``.

A certification session draws its own data (``tables(seed, attempt)``, used by
``cpmc_course.sessions.b1_sujet``): the survey from its seed, and the rules'
values (market sizes and growths, shares, prices, benchmark, journey, media
results) moved by small draws around the reference values. The public example
is the reference draw (``SEED``, attempt 0): the rules' values exactly, no move.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20270311
"""Master seed of the case."""

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS = (HERE / "data", REPO / "source" / "b1_plan_marketing" / "data")
BRIEF_COPY = REPO / "source" / "b1_plan_marketing" / "cahier_des_charges.md"

FILES = (
    "ventes_marques.csv",
    "marche_segments.csv",
    "enquete_consommateurs.csv",
    "benchmark_concurrents.csv",
    "parcours_client.csv",
    "veille_outils.csv",
    "plan_media.csv",
)
"""Every file written, in the order of the data dictionary."""

YEARS = (2021, 2022, 2023, 2024, 2025)
SEGMENTS = ("Urbain", "Cargo", "VTT électrique", "Loisir et randonnée")

MARKET_UNITS_2021 = {"Urbain": 232_000, "Cargo": 29_000, "VTT électrique": 128_000, "Loisir et randonnée": 268_000}
MARKET_GROWTH = {  # yearly growth of units, 2022 to 2025: the 2022 peak, then the fall (Union Sport & Cycle)
    "Urbain": (0.12, -0.11, -0.19, -0.06),
    "Cargo": (0.12, 0.02, 0.05, 0.04),
    "VTT électrique": (0.14, -0.12, -0.18, -0.05),
    "Loisir et randonnée": (0.10, -0.08, -0.14, -0.03),
}
"""The French e-bike market in the shape of the published figures: about 738 000 sales in 2022, 672 000 in 2023,
565 000 in 2024 (−16 %), still falling in 2025 after the national purchase aid ended; the « tout chemin »
(loisir et randonnée) the largest category, the cargo (about 35 000 in 2024, +5 %) the only one growing."""
BASE_PRICE_HT = {"Urbain": 1_400, "Cargo": 2_800, "VTT électrique": 2_650, "Loisir et randonnée": 1_200}
"""Average consumer price excluding VAT of the segment in 2021 (€), +2 % a year (about 2 045 € TTC a bike in 2024)."""
PRICE_GROWTH = 0.02

BRANDS = ("Rouline", "Décavélo", "Cargolux", "Moustik", "Velaris", "Autres marques")
# share of the segment's units by brand, one value per year 2021 to 2025; "Autres marques" takes the rest
UNIT_SHARES = {
    "Urbain": {
        "Rouline": (0.0135, 0.0140, 0.0155, 0.0170, 0.0185),
        "Décavélo": (0.240, 0.235, 0.228, 0.222, 0.215),
        "Moustik": (0.060, 0.060, 0.058, 0.057, 0.056),
        "Velaris": (0.090, 0.098, 0.106, 0.114, 0.120),
        "Cargolux": (0.0, 0.0, 0.0, 0.0, 0.0),
    },
    "Cargo": {
        "Rouline": (0.0, 0.0, 0.007, 0.011, 0.014),
        "Décavélo": (0.080, 0.085, 0.090, 0.094, 0.098),
        "Cargolux": (0.340, 0.320, 0.300, 0.285, 0.270),
        "Moustik": (0.0, 0.0, 0.0, 0.0, 0.0),
        "Velaris": (0.0, 0.0, 0.020, 0.030, 0.035),
    },
    "VTT électrique": {
        "Rouline": (0.0, 0.0, 0.0, 0.0, 0.0),
        "Décavélo": (0.180, 0.182, 0.185, 0.187, 0.190),
        "Moustik": (0.080, 0.082, 0.085, 0.084, 0.083),
        "Cargolux": (0.0, 0.0, 0.0, 0.0, 0.0),
        "Velaris": (0.0, 0.0, 0.0, 0.0, 0.0),
    },
    "Loisir et randonnée": {
        "Rouline": (0.0026, 0.0025, 0.0025, 0.0024, 0.0024),
        "Décavélo": (0.300, 0.305, 0.310, 0.312, 0.315),
        "Moustik": (0.040, 0.040, 0.038, 0.036, 0.035),
        "Velaris": (0.0, 0.0, 0.0, 0.0, 0.0),
        "Cargolux": (0.0, 0.0, 0.0, 0.0, 0.0),
    },
}
PRICE_INDEX = {"Rouline": 1.8, "Décavélo": 0.8, "Cargolux": 1.3, "Moustik": 1.9, "Velaris": 1.35, "Autres marques": 0.9}
"""Brand price relative to the segment's average price (Rouline, a premium maker, sells its city bike about 2 700 € HT,
3 270 € TTC, at consumer price; each flagship of the benchmark is priced near its brand's average in its segment)."""

N_RESPONDENTS = 420
ZONES = ("Grande ville", "Ville moyenne", "Périurbain", "Rural")
CRITERIA = ("prix", "autonomie", "fiabilité et SAV", "design", "fabrication française", "sécurité antivol")
INFO_CHANNELS = ("réseaux sociaux", "avis en ligne et comparateurs", "magasin spécialisé", "bouche-à-oreille", "presse et radio")
BUY_CHANNELS = ("magasin spécialisé", "site de la marque", "grande surface de sport", "place de marché en ligne")

BENCHMARK = (
    # marque, modèle phare, segment, prix TTC, autonomie km, poids kg, garantie ans, made in France, design /10, fiabilité /10, points de vente, note avis /5
    ("Rouline", "Rouline Ville 2", "Urbain", 3290, 90, 23.5, 5, "oui", 7.4, 8.6, 140, 4.6),  # ≈ its city range's average price
    ("Décavélo", "Décavélo E-City 500", "Urbain", 1490, 70, 26.0, 2, "non", 5.6, 6.4, 320, 4.1),
    ("Cargolux", "Cargolux Family", "Cargo", 4990, 80, 38.0, 3, "non", 7.0, 7.8, 210, 4.4),
    ("Moustik", "Moustik Urban Pro", "Urbain", 3690, 110, 22.0, 5, "oui", 8.4, 8.2, 260, 4.5),
    ("Velaris", "Velaris S3", "Urbain", 2490, 75, 20.5, 2, "non", 8.8, 6.0, 12, 3.9),
    ("Alpinae", "Alpinae Trek", "Loisir et randonnée", 3190, 120, 24.5, 3, "non", 6.6, 7.5, 180, 4.3),
)

JOURNEY = (
    # étape, point de contact, acheteurs exposés, acheteurs influencés (sur 260 acheteurs Rouline 2025)
    ("Découverte", "Publicité sur les réseaux sociaux", 168, 34),
    ("Découverte", "Bouche-à-oreille", 121, 58),
    ("Découverte", "Article de presse ou de blog", 64, 15),
    ("Considération", "Avis clients en ligne", 204, 131),
    ("Considération", "Site de la marque", 231, 96),
    ("Considération", "Comparateur en ligne", 97, 29),
    ("Essai", "Essai chez un revendeur", 142, 112),
    ("Essai", "Journée d'essai événementielle", 38, 27),
    ("Achat", "Conseil du vendeur", 151, 88),
    ("Achat", "Offre de financement en 10 fois", 77, 41),
    ("Après-achat", "Atelier d'entretien du revendeur", 118, 52),
    ("Après-achat", "Communauté Rouline (groupe en ligne)", 46, 30),
)

TOOLS = (
    # outil ou tendance, catégorie, maturité, coût mensuel €, adoption dans le secteur %, impact estimé /5
    ("Google Business Profile et avis clients", "référencement local", "mature", 0, 71, 5),
    ("Outil SEO (suivi de mots-clés)", "SEO", "mature", 119, 48, 4),
    ("Marketing automation (scénarios e-mail)", "fidélisation", "mature", 300, 35, 4),  # exactly the cap: « < 300 » fails
    ("Plateforme d'influence (micro-influenceurs)", "influence", "en croissance", 450, 22, 4),
    ("Publicité TikTok", "réseaux sociaux", "en croissance", 600, 14, 3),
    ("IA générative pour les contenus", "contenus", "émergent", 25, 31, 4),
    ("Chatbot conversationnel du site", "relation client", "en croissance", 180, 18, 2),
    ("Réalité augmentée (essai virtuel)", "expérience client", "émergent", 900, 4, 2),
    ("CRM avec score de leads", "CRM", "mature", 240, 40, 5),
    ("Programme d'ambassadeurs et parrainage", "fidélisation", "en croissance", 150, 12, 4),
    ("Social listening (veille des conversations)", "veille", "en croissance", 350, 9, 3),
    ("Affiliation (réseau de sites partenaires)", "acquisition", "mature", 200, 27, 3),
)

MEDIA = (
    # levier, objectif, budget €, impressions, clics ou contacts, ventes
    ("SEO", "acquisition", 18_000, 1_150_000, 46_000, 58),
    ("SEA", "acquisition", 42_000, 980_000, 35_000, 84),
    ("Display (régie publicitaire)", "notoriété", 30_000, 6_000_000, 9_000, 11),
    ("Réseaux sociaux (publicité)", "acquisition", 36_000, 2_400_000, 28_800, 41),
    ("Influenceurs", "notoriété", 24_000, 900_000, 7_200, 23),
    ("Affiliation", "acquisition", 12_000, 400_000, 6_400, 19),
    ("E-mailing", "fidélisation", 6_000, 160_000, 12_800, 31),
    ("Journées d'essai", "conversion", 28_000, 25_000, 1_900, 47),
)
PANIER_MOYEN_HT = 2_400
"""Average basket excluding VAT of a bike sold through a campaign (€)."""
TAUX_MCV = 0.32
"""Taux de marge sur coût variable of a bike sold (share of the price excluding VAT)."""


class Moves:
    """The small draws that move a session's rule values around the reference ones (none for the example)."""

    def __init__(self, rng: np.random.Generator | None):
        self.rng = rng

    def factor(self, spread: float) -> float:
        """A multiplier in [1 − spread, 1 + spread] (1 for the example)."""
        return 1.0 if self.rng is None else float(self.rng.uniform(1 - spread, 1 + spread))

    def shift(self, spread: float) -> float:
        """An addition in [−spread, spread] (0 for the example)."""
        return 0.0 if self.rng is None else float(self.rng.uniform(-spread, spread))


def market_tables(moves: Moves = Moves(None)) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Brand sales by year and segment, and the market as their sum."""
    rows = []
    for segment in SEGMENTS:
        units = MARKET_UNITS_2021[segment] * moves.factor(0.08)
        growth = [g + moves.shift(0.012) for g in MARKET_GROWTH[segment]]
        shares = {b: [v * f for v in s] for b, s in UNIT_SHARES[segment].items() for f in [moves.factor(0.08)]}
        base_price = BASE_PRICE_HT[segment] * moves.factor(0.04)
        units = round(units)
        for i, year in enumerate(YEARS):
            if i:
                units = round(units * (1 + growth[i - 1]))
            price = base_price * (1 + PRICE_GROWTH) ** i
            named = {b: round(units * s[i]) for b, s in shares.items()}
            named["Autres marques"] = units - sum(named.values())
            for brand in BRANDS:
                n = named[brand]
                ca = round(n * price * PRICE_INDEX[brand] / 1000)
                rows.append((year, segment, brand, n, ca))
    ventes = pd.DataFrame(rows, columns=["annee", "segment", "marque", "unites", "ca_keur"])
    marche = ventes.groupby(["annee", "segment"], sort=False, as_index=False)[["unites", "ca_keur"]].sum()
    return ventes, marche


def survey(rng: np.random.Generator) -> pd.DataFrame:
    """A consumer survey of adults living in France (quota sample)."""
    n = N_RESPONDENTS
    zone = rng.choice(ZONES, size=n, p=[0.32, 0.26, 0.27, 0.15])
    age = rng.integers(18, 76, size=n)
    sexe = rng.choice(["femme", "homme"], size=n, p=[0.51, 0.49])
    actif = (age < 63) & (rng.random(n) < 0.88)
    situation = np.where(actif, "actif", np.where(age >= 60, "retraité", "sans emploi ou étudiant"))
    enfants = np.where((age >= 27) & (age <= 50), rng.choice([0, 1, 2, 3], size=n, p=[0.45, 0.25, 0.22, 0.08]), 0)
    base_dist = {"Grande ville": 6, "Ville moyenne": 9, "Périurbain": 16, "Rural": 24}
    distance = np.array([max(1, round(rng.gamma(2.0, base_dist[z] / 2))) for z in zone])
    distance = np.where(actif, distance, 0)
    revenu = (rng.normal(3300, 900, size=n) + 400 * enfants + np.where(zone == "Grande ville", 400, 0)).round(-1).clip(1200, 8000)
    sportif = rng.random(n) < np.where(age < 50, 0.38, 0.22)
    usage = rng.choice(["quotidien", "hebdomadaire", "occasionnel", "jamais"], size=n, p=[0.18, 0.24, 0.33, 0.25])
    possede = rng.random(n) < 0.14
    # segment drivers of the purchase intention (1 to 5)
    parent = (enfants >= 1) & np.isin(zone, ["Grande ville", "Ville moyenne", "Périurbain"])
    navetteur = actif & (distance >= 5) & (distance <= 25)
    score = 2.2 + 1.3 * parent + 0.9 * navetteur + 0.5 * sportif + 0.4 * (usage == "quotidien") - 0.5 * possede
    score = score + rng.normal(0, 0.9, size=n)
    intention = np.clip(np.rint(score), 1, 5).astype(int)
    budget = np.where(parent, rng.normal(3900, 700, size=n), np.where(sportif, rng.normal(3300, 600, size=n), rng.normal(2300, 550, size=n)))
    budget = (budget / 50).round() * 50
    budget = budget.clip(800, 7000).astype(int)
    eco = np.clip(np.rint(rng.normal(3.4, 1.0, size=n)), 1, 5).astype(int)
    p_crit = np.array([0.26, 0.20, 0.22, 0.12, 0.10, 0.10])
    critere = []
    for i in range(n):
        p = p_crit.copy()
        if parent[i]:
            p = p * np.array([0.8, 1.0, 1.6, 0.6, 1.0, 1.5])
        if navetteur[i]:
            p = p * np.array([0.9, 1.5, 1.3, 0.8, 0.8, 1.3])
        critere.append(rng.choice(CRITERIA, p=p / p.sum()))
    canal_info = rng.choice(INFO_CHANNELS, size=n, p=[0.27, 0.30, 0.20, 0.16, 0.07])
    canal_achat = rng.choice(BUY_CHANNELS, size=n, p=[0.46, 0.18, 0.26, 0.10])
    return pd.DataFrame({
        "repondant_id": [f"R{i:04d}" for i in range(1, n + 1)],
        "age": age,
        "sexe": sexe,
        "zone": zone,
        "situation": situation,
        "enfants_moins_12_ans": enfants,
        "distance_travail_km": distance,
        "revenu_foyer_mensuel": revenu.astype(int),
        "pratique_sportive": np.where(sportif, "oui", "non"),
        "usage_velo": usage,
        "possede_vae": np.where(possede, "oui", "non"),
        "intention_achat": intention,
        "budget_max_eur": budget,
        "sensibilite_ecologique": eco,
        "critere_principal": critere,
        "canal_information": canal_info,
        "canal_achat_prefere": canal_achat,
    })


def benchmark(moves: Moves) -> list[tuple]:
    """The flagship models: prices (to 10 €) and perceived design and reliability moved by the session's draws."""
    rows = []
    for brand, model, segment, price, *middle, design, reliability, outlets, reviews in BENCHMARK:
        price = int(round(price * moves.factor(0.05) / 10) * 10)
        design, reliability = round(design + moves.shift(0.2), 1), round(reliability + moves.shift(0.2), 1)
        rows.append((brand, model, segment, price, *middle, design, reliability, outlets, reviews))
    return rows


def journey(moves: Moves) -> list[tuple]:
    """The touch points: buyers exposed as in the reference, buyers influenced moved by up to 8 %."""
    return [(step, point, exposed, min(exposed, round(influenced * moves.factor(0.08))))
            for step, point, exposed, influenced in JOURNEY]


def media(moves: Moves) -> list[tuple]:
    """The 2025 levers: budgets as in the reference, audience and sales moved by up to 10 %."""
    return [(lever, goal, budget, int(round(views * moves.factor(0.1), -3)), int(round(clicks * moves.factor(0.1), -2)),
             round(sales * moves.factor(0.1))) for lever, goal, budget, views, clicks, sales in MEDIA]


def tables(seed: int = SEED, attempt: int = 0) -> dict[str, pd.DataFrame]:
    """Every table of the case, keyed by file name: the draw ``attempt`` of ``seed`` (0 = first).

    The survey is drawn from ``default_rng(seed)`` (``[seed, attempt]`` for a redraw);
    the rules' values are moved by draws from ``default_rng([seed, attempt, 1])``,
    except for the public example (``SEED``, attempt 0), the reference values.
    """
    rng = np.random.default_rng(seed if attempt == 0 else [seed, attempt])
    moves = Moves(None if (seed, attempt) == (SEED, 0) else np.random.default_rng([seed, attempt, 1]))
    ventes, marche = market_tables(moves)
    bench_cols = ["marque", "modele_phare", "segment", "prix_ttc", "autonomie_km", "poids_kg", "garantie_ans",
                  "fabrication_france", "note_design", "note_fiabilite", "points_de_vente", "note_avis"]
    return {
        "ventes_marques.csv": ventes,
        "marche_segments.csv": marche,
        "enquete_consommateurs.csv": survey(rng),
        "benchmark_concurrents.csv": pd.DataFrame(benchmark(moves), columns=bench_cols),
        "parcours_client.csv": pd.DataFrame(journey(moves), columns=["etape", "point_de_contact", "acheteurs_exposes", "acheteurs_influences"]),
        "veille_outils.csv": pd.DataFrame(TOOLS, columns=["outil", "categorie", "maturite", "cout_mensuel_eur", "adoption_secteur_pct", "impact_estime"]),
        "plan_media.csv": pd.DataFrame(media(moves), columns=["levier", "objectif", "budget_eur", "impressions", "clics", "ventes"]),
    }


def write(folder: Path, seed: int = SEED, attempt: int = 0) -> None:
    """Write every CSV file of the draw ``attempt`` of ``seed`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables(seed, attempt).items():
        table.to_csv(folder / name, index=False, lineterminator="\n", float_format="%.1f", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données de l'étude de cas Rouline (bloc 1).")
    parser.add_argument("--out", type=Path, help="dossier de sortie (par défaut : le cas et le sujet nbgrader)")
    args = parser.parse_args(argv)
    if args.out:
        write(args.out)
        return
    for target in TARGETS:
        write(target)
    shutil.copyfile(HERE / "README.md", BRIEF_COPY)


if __name__ == "__main__":
    main()
