"""Customer tables of the Torvane training case: CRM extract, orders, reactivation test, monthly sales.

Used by ``generate_data.py`` (same folder); every function takes its own
``numpy`` generator so that each table can change without moving the others.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

EXTRACT_DATE = dt.date(2026, 9, 30)
"""Date of the CRM extract: the end of the order history."""
FIRST_DAY = dt.date(2022, 1, 1)
N_CUSTOMERS = 4000

SEGMENTS = {  # motivation → share, orders per year, mean basket € HT, share satisfied (4-5), main expectation weights
    "goût et terroir": (0.30, 3.0, 36.0, 0.84, {"nouvelles origines": 0.3, "conseil de préparation": 0.2, "rien de particulier": 0.5}),
    "éthique et origine": (0.22, 2.6, 34.0, 0.82, {"traçabilité du producteur": 0.35, "emballages compostables": 0.25, "rien de particulier": 0.4}),
    "praticité": (0.18, 6.0, 41.0, 0.5, {"abonnement plus souple": 0.45, "livraison plus rapide": 0.2, "rien de particulier": 0.35}),
    "prix": (0.18, 2.0, 27.0, 0.78, {"prix plus doux": 0.5, "rien de particulier": 0.5}),
    "découverte": (0.12, 2.4, 39.0, 0.8, {"nouvelles origines": 0.5, "conseil de préparation": 0.15, "rien de particulier": 0.35}),
}
"""Planted story: « praticité » (mostly 35-49, capsules) spends the most and is the least satisfied; it asks for a more flexible subscription."""
PREPARATION = ("espresso", "filtre", "piston", "capsules compostables", "moka")
REGIONS = (("Pays de la Loire", 0.22), ("Île-de-France", 0.2), ("Bretagne", 0.14), ("Nouvelle-Aquitaine", 0.12),
           ("Auvergne-Rhône-Alpes", 0.1), ("Occitanie", 0.08), ("Hauts-de-France", 0.07), ("Grand Est", 0.07))
CSP = ("Cadre", "Profession intermédiaire", "Employé", "Artisan, commerçant", "Retraité", "Étudiant", "Ouvrier")


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    probs = np.array(list(weights.values()), dtype=float)
    return names[rng.choice(len(names), p=probs / probs.sum())]


def _profile(rng: np.random.Generator, motivation: str) -> tuple:
    """Socio-demographic and attitude columns of one customer."""
    age = int(np.clip(rng.normal(42 if motivation == "praticité" else 38, 7 if motivation == "praticité" else 12), 18, 80))
    prep = "capsules compostables" if motivation == "praticité" and rng.random() < 0.6 else PREPARATION[rng.integers(5)]
    satisfied = rng.random() < SEGMENTS[motivation][3]
    satisfaction = int(rng.choice([4, 5], p=[0.55, 0.45]) if satisfied else rng.choice([1, 2, 3], p=[0.15, 0.35, 0.5]))
    return (
        "F" if rng.random() < 0.52 else "H", age, _pick(rng, dict(REGIONS)),
        CSP[rng.choice(7, p=(0.3, 0.22, 0.18, 0.07, 0.1, 0.06, 0.07))], int(1 + rng.poisson(1.2)), prep, motivation,
        int(rng.integers(3, 6) if motivation == "éthique et origine" else rng.integers(1, 6)), int(rng.integers(1, 6)),
        _pick(rng, SEGMENTS[motivation][4]), satisfaction,
    )


def _orders(rng: np.random.Generator, first: dt.date, per_year: float, basket: float) -> list[tuple[dt.date, float]]:
    """Orders of one customer: Poisson purchases at a personal rate, dropping out after each with a personal probability."""
    rate = rng.gamma(2.0, per_year / 2.0)
    dropout = rng.beta(1.3, 5.0)
    mean = rng.gamma(8.0, basket / 8.0)
    day, orders = first, []
    while day <= EXTRACT_DATE:
        orders.append((day, round(float(rng.gamma(10.0, mean / 10.0)), 2)))
        if rng.random() < dropout:
            break
        day = day + dt.timedelta(days=int(1 + rng.exponential(365 / max(rate, 0.2))))
    return orders


def make_customers(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``clients`` (CRM extract at 30 September 2026) and ``commandes`` (one row per order since January 2022)."""
    span = (EXTRACT_DATE - FIRST_DAY).days
    names = list(SEGMENTS)
    shares = np.array([SEGMENTS[n][0] for n in names])
    rows, orders = [], []
    for i in range(1, N_CUSTOMERS + 1):
        motivation = names[rng.choice(len(names), p=shares)]
        first = FIRST_DAY + dt.timedelta(days=int(span * np.sqrt(rng.random())))  # recruitment grows over time
        history = _orders(rng, first, SEGMENTS[motivation][1], SEGMENTS[motivation][2])
        client = f"C{i:04d}"
        orders += [(client, str(day), amount) for day, amount in history]
        channel = rng.choice(["site", "comptoir", "les deux"], p=[0.7, 0.12, 0.18])
        rows.append((client, *_profile(rng, motivation), len(history), round(sum(a for _, a in history), 2),
                     str(history[0][0]), str(history[-1][0]), channel, int(rng.random() < 0.62)))
    customers = pd.DataFrame(rows, columns=[
        "client_id", "sexe", "age", "region", "csp", "taille_foyer", "mode_preparation", "motivation_principale",
        "sensibilite_ecologique", "accord_payer_plus_equitable", "attente_principale", "satisfaction", "nb_commandes",
        "ca_total_ht", "date_premiere_commande", "date_derniere_commande", "canal_achat", "optin_newsletter"])
    frame = pd.DataFrame(orders, columns=["client_id", "date", "montant_ht"]).sort_values(["date", "client_id"], kind="stable")
    frame.insert(0, "commande_id", [f"K{i:05d}" for i in range(1, len(frame) + 1)])
    return customers, frame.reset_index(drop=True)


UPLIFT_BY_HISTORY = ((1, 0.05), (3, 0.045), (7, 0.03), (10**6, 0.012))
"""Planted effect of the reactivation e-mail, by number of past orders (fewer orders, larger effect)."""


def make_campaign(rng: np.random.Generator, customers: pd.DataFrame) -> pd.DataFrame:
    """``relance_abonnes``: e-mail with a −15 % code sent on 5 October 2026 to 60 % of opted-in customers drawn at random."""
    rows = []
    for client, orders, optin in zip(customers["client_id"], customers["nb_commandes"], customers["optin_newsletter"]):
        if not optin:
            continue
        test = rng.random() < 0.6
        base = 0.035 + 0.011 * min(orders, 8)
        uplift = next(u for limit, u in UPLIFT_BY_HISTORY if orders <= limit)
        bought = rng.random() < base + (uplift if test else 0.0)
        opened = test and rng.random() < (0.55 if bought else 0.32)  # the engaged open more: opening is not random
        clicked = opened and rng.random() < 0.27
        amount = round(float(rng.gamma(9.0, 37.0 / 9.0)) * (0.85 if test else 1.0), 2) if bought else 0.0
        rows.append((client, "test" if test else "contrôle", int(test), int(opened), int(clicked), int(bought), amount))
    return pd.DataFrame(rows, columns=["client_id", "groupe", "email_envoye", "email_ouvert", "email_clique", "achat_30j", "ca_30j_ht"])


SEASONALITY = (1.02, 0.9, 0.95, 0.88, 0.85, 0.8, 0.7, 0.66, 0.93, 1.08, 1.32, 1.91)
"""Monthly coefficients before normalisation: summer dip, gift peak in November-December."""
GROWTH = (0.3, 0.22, 0.15, 0.1, 0.07, 0.05)
"""Yearly growth rate of the trend during each year 2021 to 2026: a growth that slows down."""


def make_monthly_sales(rng: np.random.Generator) -> pd.DataFrame:
    """``ca_mensuel``: turnover € HT and orders of the whole company (site and counters), January 2021 – December 2026."""
    coefficients = np.array(SEASONALITY) / np.mean(SEASONALITY)
    level, rows = 52_000.0, []
    for y, year in enumerate(range(2021, 2027)):
        for month in range(1, 13):
            level *= (1 + GROWTH[y]) ** (1 / 12)
            turnover = level * coefficients[month - 1] * rng.lognormal(0.0, 0.04)
            rows.append((f"{year}-{month:02d}", round(turnover, 2), int(turnover / rng.normal(34.0, 0.8))))
    return pd.DataFrame(rows, columns=["mois", "ca_ht", "nb_commandes"])


PRODUCTS = (  # product, range, rebuy rate of a satisfied buyer
    ("Espresso Colombie Huila", "grains", 0.52), ("Éthiopie Yirgacheffe", "grains", 0.48),
    ("Brésil Cerrado moulu", "moulu", 0.45), ("Décaféiné Pérou", "moulu", 0.4),
    ("Capsules compostables Maison", "capsules", 0.5), ("Capsules compostables Intense", "capsules", 0.47),
    ("Coffret découverte", "coffrets", 0.2),
)
DISAPPOINTED = {("praticité", "capsules"): (0.45, 2.7)}
"""Planted attitude: the « praticité » customers buy the capsules most but rebuy them little and rate them low."""


def make_products(rng: np.random.Generator, customers: pd.DataFrame) -> pd.DataFrame:
    """``produits_par_segment``: buyers, rebuyers and reviews of each product in each motivation segment."""
    sizes = customers["motivation_principale"].value_counts()
    rows = []
    for product, gamme, rebuy in PRODUCTS:
        for segment in SEGMENTS:
            appeal = 0.55 if gamme == "capsules" and segment == "praticité" else (0.08 if gamme == "capsules" else 0.22)
            buyers = int(rng.binomial(int(sizes[segment]), appeal))
            factor, rating = DISAPPOINTED.get((segment, gamme), (1.0, 4.2))
            rebuyers = int(rng.binomial(buyers, rebuy * factor))
            reviews = int(rng.binomial(buyers, 0.18))
            mean = float(np.clip(rng.normal(rating, 0.15), 1, 5)) if reviews else 0.0
            rows.append((product, gamme, segment, buyers, rebuyers, reviews, round(mean, 2)))
    return pd.DataFrame(rows, columns=["produit", "gamme", "segment_psycho", "acheteurs", "reacheteurs", "nb_avis", "note_moyenne"])
