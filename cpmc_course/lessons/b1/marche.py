"""Market sizing and survey rates (C1, C2, C3; CE2, CE3, CE5) and the checks of the lessons."""

from __future__ import annotations

from typing import Any

from ...kit.feedback import Feedback, check_number
from ...kit.formulas import marge_d_erreur, part_de_marche, part_de_marche_relative, tcam
from ...kit.nombres import fr_nombre


def marge_erreur_points(taux_pourcent: float, effectif: int) -> float:
    """Margin of error at 95 % of a rate measured on ``effectif`` answers, in percentage points."""
    return marge_d_erreur(effectif, taux_pourcent)


def verifier_tcam(reponse: Any, valeur_initiale: float, valeur_finale: float, annees: int) -> Feedback:
    """Exercise: TCAM in percent between two values ``annees`` years apart."""
    attendu = tcam(valeur_initiale, valeur_finale, annees)
    return check_number(
        reponse,
        attendu,
        success=f"Le marché {'croît' if attendu >= 0 else 'recule'} en moyenne de {fr_nombre(abs(attendu), 1)} % par an.",
        traps=[
            (tcam(valeur_initiale, valeur_finale, annees + 1), "Comptez les années d'écart, pas les années du tableau : de 2021 à 2025, il y a 4 ans."),
            ((valeur_finale / valeur_initiale - 1) * 100 / annees, "La moyenne simple de l'évolution totale ignore l'effet cumulé : utilisez la racine n-ième."),
            ((valeur_finale / valeur_initiale - 1) * 100, "C'est l'évolution totale sur la période : le TCAM est un taux annuel."),
            (attendu / 100, "Exprimez le TCAM en % (multipliez par 100)."),
        ],
        hint="TCAM = ((valeur finale / valeur initiale) ** (1 / nombre d'années) − 1) × 100.",
        rel_tol=0.003,
    )


def verifier_part_de_marche(reponse: Any, ca_entreprise: float, ca_marche: float, unites_entreprise: float, unites_marche: float) -> Feedback:
    """Exercise: market share in value, in percent."""
    attendu = part_de_marche(ca_entreprise, ca_marche)
    return check_number(
        reponse,
        attendu,
        success=f"Part de marché en valeur : {fr_nombre(attendu, 1)} %.",
        traps=[
            (part_de_marche(unites_entreprise, unites_marche), "C'est la part en volume (unités) : la consigne demande la part en valeur (CA)."),
            (attendu / 100, "Exprimez la part en % (multipliez par 100)."),
        ],
        hint="Part de marché en valeur = CA de l'entreprise / CA du marché × 100.",
    )


def verifier_part_relative(reponse: Any, ca_entreprise: float, ca_leader: float, ca_autres: float) -> Feedback:
    """Exercise: relative market share against the leading named competitor (a ratio)."""
    attendu = part_de_marche_relative(ca_entreprise, ca_leader)
    return check_number(
        reponse,
        attendu,
        success=f"Part relative : {fr_nombre(attendu, 2)} ; la marque pèse {fr_nombre(attendu * 100, 0)} % de son premier concurrent.",
        traps=[
            (part_de_marche_relative(ca_entreprise, ca_autres), "« Autres marques » n'est pas un concurrent : prenez le premier concurrent nommé."),
            (attendu * 100, "La part relative est un ratio, pas un pourcentage (0,35 plutôt que 35)."),
        ],
        hint="Part relative = CA de l'entreprise / CA du premier concurrent.",
    )


def verifier_marge_erreur(reponse: Any, taux_pourcent: float, effectif: int) -> Feedback:
    """Exercise: margin of error in points of a survey rate."""
    attendu = marge_erreur_points(taux_pourcent, effectif)
    return check_number(
        reponse,
        attendu,
        success=(
            f"± {fr_nombre(attendu, 1)} points : le vrai taux est probablement entre "
            f"{fr_nombre(taux_pourcent - attendu, 1)} % et {fr_nombre(taux_pourcent + attendu, 1)} %."
        ),
        traps=[(marge_d_erreur(effectif, 50), "Utilisez le taux observé, pas 50 % (qui donne la marge maximale).")],
        hint="Marge d'erreur = 1,96 × racine(p × (1 − p) / n), en points (p en proportion, puis × 100).",
        rel_tol=0.01,
    )
