"""The offer's numbers: coût de revient, selling price under a target taux de marque, break-even.

Definitions (the same in the lessons, the case and the épreuve):

* coût de revient = production + logistique + commercialisation + frais généraux (all HT);
* taux de marque = marge / prix de vente HT; taux de marge = marge / coût de revient;
* prix de vente HT for a taux de marque ``t`` (a proportion) = coût de revient / (1 − t);
* coefficient multiplicateur = prix de vente TTC / coût d'achat (or de revient) HT;
* seuil de rentabilité in orders = smallest whole number of orders whose gross
  margin covers the cost: ⌈coût / marge brute par commande⌉.

The formulas themselves come from :mod:`cpmc_course.kit.formulas` (percent
arguments there, proportions here, as in the notebooks).
"""

from __future__ import annotations

import math

import pandas as pd

from ...kit import formulas

CATEGORIES = ("production", "logistique", "commercialisation", "frais généraux")
"""Cost categories of the coût de revient, in the order of the référentiel (C20)."""


def couts_par_categorie(couts: pd.DataFrame) -> pd.Series:
    """Cost (€ HT) per category, in :data:`CATEGORIES` order, from quantity × unit cost."""
    unknown = set(couts["categorie"]) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"Catégorie(s) de coût inconnue(s) : {', '.join(sorted(unknown))}.")
    montant = couts["quantite"] * couts["cout_unitaire_ht"]
    return montant.groupby(couts["categorie"]).sum().reindex(list(CATEGORIES), fill_value=0.0)


def cout_de_revient(couts: pd.DataFrame) -> float:
    """Coût de revient (€ HT): production + logistique + commercialisation + frais généraux."""
    parts = couts_par_categorie(couts)
    return formulas.cout_de_revient(parts["production"], parts["logistique"], parts["commercialisation"]) + parts["frais généraux"]


def prix_pour_taux_de_marque(cout: float, taux_de_marque: float) -> float:
    """Selling price HT that leaves ``taux_de_marque`` (a proportion, 0.25) of the price as margin."""
    if not 0 <= taux_de_marque < 1:
        raise ValueError("Le taux de marque est une proportion comprise entre 0 et 1 (exclu).")
    return formulas.prix_vente_ht_par_taux_de_marque(cout, taux_de_marque * 100)


def taux_de_marge(prix_vente_ht: float, cout: float) -> float:
    """Taux de marge as a proportion: (prix − coût) / coût."""
    return formulas.taux_de_marge(prix_vente_ht, cout) / 100


def taux_de_marque(prix_vente_ht: float, cout: float) -> float:
    """Taux de marque as a proportion: (prix − coût) / prix."""
    return formulas.taux_de_marque(prix_vente_ht, cout) / 100


def seuil_en_commandes(cout: float, panier_moyen_ht: float, taux_marge_brute: float) -> int:
    """Smallest number of orders whose gross margin (panier × taux) covers ``cout``."""
    marge_par_commande = panier_moyen_ht * taux_marge_brute
    if marge_par_commande <= 0:
        raise ValueError("La marge brute par commande doit être positive.")
    return math.ceil(round(cout / marge_par_commande, 9))
