"""Generate the small Torvane data files of the primer (reproducible byte for byte).

Torvane is the specialty coffee roaster of bloc 5's training case (``case_studies/b5_torvane``);
bloc 5's exam company is never named here. The primer needs a table a
spreadsheet user recognises at once — one row per order — and a short table of
campaigns, both small enough to read whole. Run ``python generer_donnees.py`` in this
folder to rewrite ``commandes.csv`` and ``campagnes.csv``; the seed fixes every value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2026
HERE = Path(__file__).resolve().parent

PRODUITS = pd.DataFrame(
    [
        ("Café Éthiopie 250 g", "Cafés en grains", 9.90, 4.20),
        ("Café Colombie 250 g", "Cafés en grains", 8.50, 3.50),
        ("Coffret découverte", "Coffrets", 29.90, 12.60),
        ("Abonnement mensuel", "Abonnements", 24.90, 10.80),
        ("Cold brew (6 bouteilles)", "Cafés glacés", 17.90, 7.30),
        ("Dripper céramique", "Accessoires", 14.90, 6.20),
    ],
    columns=["produit", "gamme", "prix_unitaire_ht", "cout_unitaire_ht"],
)
CANAUX = ["SEO", "SEA", "E-mail", "Instagram", "Facebook", "Direct"]
PART_CANAUX = [0.24, 0.18, 0.20, 0.14, 0.09, 0.15]
SAISON = [0.7, 0.7, 0.8, 0.9, 1.0, 1.2, 1.3, 1.0, 0.9, 0.9, 1.2, 1.6]
"""Relative weight of each month (summer for cold brew, Christmas for gift boxes)."""


def commandes(rng: np.random.Generator, n: int = 600) -> pd.DataFrame:
    mois = rng.choice(12, size=n, p=np.array(SAISON) / sum(SAISON)) + 1
    jours = rng.integers(1, 29, size=n)
    dates = pd.to_datetime({"year": 2026, "month": mois, "day": jours})
    canal = rng.choice(CANAUX, size=n, p=PART_CANAUX)
    # cold brew sells in summer, the other products all year round
    poids = np.where(np.isin(mois, [5, 6, 7, 8])[:, None], [3, 2, 2, 1, 4, 1], [3, 3, 2, 2, 0.5, 1])
    produit_idx = np.array([rng.choice(6, p=w / w.sum()) for w in poids])
    produit = PRODUITS.iloc[produit_idx].reset_index(drop=True)
    appareil = np.where(
        np.isin(canal, ["Instagram", "Facebook"]),
        rng.choice(["mobile", "ordinateur", "tablette"], size=n, p=[0.85, 0.10, 0.05]),
        rng.choice(["mobile", "ordinateur", "tablette"], size=n, p=[0.55, 0.38, 0.07]),
    )
    # a few loyal clients order often, most once: weights 1, 1/2, 1/3… over 430 shuffled client numbers
    poids_clients = 1 / np.arange(1, 431)
    clients = rng.permutation(np.arange(1, 431))[rng.choice(430, size=n, p=poids_clients / poids_clients.sum())]
    note = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.04, 0.06, 0.15, 0.40, 0.35]).astype(float)
    note[rng.random(n) < 0.45] = np.nan  # many buyers leave no review
    table = pd.DataFrame({
        "date": dates,
        "client_id": [f"C{i:04d}" for i in clients],
        "canal": canal,
        "appareil": appareil,
        "produit": produit["produit"],
        "gamme": produit["gamme"],
        "quantite": rng.choice([1, 2, 3], size=n, p=[0.70, 0.22, 0.08]),
        "prix_unitaire_ht": produit["prix_unitaire_ht"],
        "cout_unitaire_ht": produit["cout_unitaire_ht"],
        "note_avis": note,
    }).sort_values(["date", "client_id"], kind="stable").reset_index(drop=True)
    table.insert(0, "commande_id", [f"CMD{i:04d}" for i in range(1, n + 1)])
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table


def campagnes() -> pd.DataFrame:
    """Eight campaigns of the year; the messy ``canal_saisi`` is typed by hand, on purpose."""
    rows = [
        ("Soldes d'hiver", "sea", " SEA", 4200, 180000, 3960, 310, 118),
        ("Newsletter printemps", "newsletter", "E-mail ", 900, 42000, 2730, 260, 146),
        ("Lancement abonnement", "instagram", "instagram", 6500, 410000, 6150, 380, 96),
        ("Défi latte art", "facebook", "Facebook", 3800, 520000, 9880, 610, 41),
        ("Été cold brew", "sea", "sea", 5100, 240000, 5520, 350, 151),
        ("Café de rentrée", "newsletter", "e-mail", 800, 44000, 2420, 205, 119),
        ("Black Friday", "instagram", "Instagram ", 7200, 460000, 8280, 520, 214),
        ("Coffrets de Noël", "newsletter", " E-mail", 1100, 47000, 3290, 330, 205),
    ]
    table = pd.DataFrame(
        rows, columns=["campagne", "source", "canal_saisi", "cout_ht", "impressions", "clics", "leads", "commandes"]
    )
    table.insert(2, "lien_suivi", [
        f"https://www.torvane.fr/offre?utm_source={s}&utm_campaign={c.lower().replace(' ', '_').replace(chr(39), '')}"
        for s, c in zip(table["source"], table["campagne"])
    ])
    table = table.drop(columns="source")
    table["panier_moyen_ht"] = [31.5, 28.2, 34.9, 22.7, 27.8, 29.4, 36.3, 45.6]
    return table


def main() -> None:
    rng = np.random.default_rng(SEED)
    commandes(rng).to_csv(HERE / "commandes.csv", index=False)
    campagnes().to_csv(HERE / "campagnes.csv", index=False)


if __name__ == "__main__":
    main()
