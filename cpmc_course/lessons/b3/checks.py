"""The exercise checks of the bloc 3 lessons: recompute the expected value, give French feedback."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...kit import (
    Feedback,
    accepted,
    check_choice,
    check_number,
    fr_euros,
    fr_nombre,
    no_answer,
    rejected,
)
from . import offre, satisfaction


def verifier_cout_de_revient(reponse: Any, couts: pd.DataFrame) -> Feedback:
    """Coût de revient (€ HT) of the cost table."""
    attendu = offre.cout_de_revient(couts)
    sans_fg = attendu - offre.couts_par_categorie(couts)["frais généraux"]
    return check_number(
        reponse, attendu,
        success=f"Le coût de revient est de {fr_euros(attendu)} HT : production, logistique, commercialisation et frais généraux.",
        traps=[(sans_fg, "Vous avez oublié la quote-part des frais généraux : elle fait partie du coût de revient."),
               (float(couts["cout_unitaire_ht"].sum()), "Multipliez chaque coût unitaire par sa quantité avant d'additionner.")],
        hint="Calculez quantité × coût unitaire pour chaque ligne, puis faites la somme de toutes les lignes.",
    )


def verifier_prix_de_vente(reponse: Any, cout: float, taux_de_marque: float) -> Feedback:
    """Selling price HT for a target taux de marque (proportion)."""
    attendu = offre.prix_pour_taux_de_marque(cout, taux_de_marque)
    return check_number(
        reponse, attendu,
        success=f"Prix de vente HT : {fr_euros(attendu)} ; la marge représente bien {fr_nombre(taux_de_marque * 100, 0)} % du prix.",
        traps=[(cout * (1 + taux_de_marque), "Vous avez appliqué un taux de MARGE (sur le coût). Le taux de MARQUE se calcule sur le prix : prix = coût / (1 − taux).")],
        hint="Prix de vente HT = coût de revient / (1 − taux de marque).",
    )


def verifier_nps(reponse: Any, notes: pd.Series) -> Feedback:
    """NPS in points from 0–10 answers (accepted within 0.5 point: rounded to the unit)."""
    attendu = satisfaction.nps(notes)
    tolerance = 0.5 / max(abs(attendu), 1)
    return check_number(
        reponse, attendu, rel_tol=tolerance,
        success=f"NPS = {fr_nombre(attendu, 1)} points : % de promoteurs (9–10) moins % de détracteurs (0–6).",
        traps=[((notes >= 9).mean() * 100, "Ce n'est que la part des promoteurs : retranchez la part des détracteurs (notes 0 à 6)."),
               (((notes >= 7).mean() - (notes <= 6).mean()) * 100, "Les notes 7 et 8 sont des « passifs » : ils ne comptent pas comme promoteurs."),
               (attendu / 100, "Le NPS s'exprime en points, de −100 à +100 : multipliez par 100.")],
        hint="NPS = % de notes 9 ou 10 − % de notes 0 à 6.",
    )


def verifier_csat(reponse: Any, notes: pd.Series) -> Feedback:
    """CSAT in percent from 1–5 answers."""
    attendu = satisfaction.csat(notes)
    return check_number(
        reponse, attendu,
        success=f"CSAT = {fr_nombre(attendu, 1)} % de clients satisfaits (notes 4 et 5).",
        traps=[((notes == 5).mean() * 100, "Les notes 4 comptent aussi comme « satisfait »."),
               (float(notes.mean()), "La moyenne des notes n'est pas le CSAT : comptez la part des notes 4 et 5."),
               (attendu / 100, "Exprimez le CSAT en pourcentage (× 100).")],
        hint="CSAT = nombre de notes 4 ou 5 / nombre de réponses × 100.",
    )


def verifier_causes_principales(reponse: Any, categories: pd.Series) -> Feedback:
    """Class A of the complaint Pareto (cumulative share ≤ 80 %)."""
    if reponse is None:
        return no_answer()
    attendu = satisfaction.causes_principales(satisfaction.pareto(categories))
    try:
        donne = list(reponse)
    except TypeError:
        return rejected("Donnez une liste de catégories, par exemple ['Retard de livraison', ...].")
    if sorted(map(str, donne)) == sorted(attendu):
        return accepted(f"Ces {len(attendu)} causes concentrent l'essentiel des réclamations : c'est là qu'il faut agir en premier.")
    if len(donne) == len(attendu) + 1:
        return rejected("Vous avez pris une catégorie de trop : gardez celles dont la part cumulée reste inférieure ou égale à 80 %.")
    return rejected("Triez les catégories de la plus fréquente à la moins fréquente, cumulez leurs parts et gardez celles dont la part cumulée est ≤ 80 %.")


def verifier_seuil(reponse: Any, cout: float, panier: float, taux_marge_brute: float) -> Feedback:
    """Break-even in whole orders."""
    attendu = offre.seuil_en_commandes(cout, panier, taux_marge_brute)
    return check_number(
        reponse, attendu, rel_tol=0,
        success=f"Il faut {fr_nombre(attendu, 0)} commandes : arrondi à l'unité SUPÉRIEURE, sinon la dépense n'est pas couverte.",
        traps=[(attendu - 1, "Arrondissez à l'entier supérieur : avec une commande de moins, la marge ne couvre pas tout le coût."),
               (cout / panier, "Divisez par la MARGE brute par commande (panier × taux de marque du client), pas par le panier.")],
        hint="Seuil = coût / (panier moyen × taux de marque du client), arrondi à l'entier supérieur.",
    )


def verifier_methode(reponse: Any) -> Feedback:
    """Which method identifies the root causes of a problem by asking « pourquoi ? » repeatedly."""
    return check_choice(
        reponse, "5 pourquoi",
        options=["QQOQCCP", "5 pourquoi", "Pareto", "SONCAS"],
        success="La méthode des 5 pourquoi remonte d'un symptôme à sa cause racine.",
        hints={"QQOQCCP": "Le QQOQCCP décrit le problème (qui, quoi, où, quand, comment, combien, pourquoi) mais ne remonte pas aux causes racines.",
               "Pareto": "Le Pareto hiérarchise les causes déjà connues par leur fréquence.",
               "SONCAS": "Le SONCAS classe les motivations d'achat d'un client, pas les causes d'un problème."},
    )
