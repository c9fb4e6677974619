"""Media planning and budget-setting (C5, C6; CE4): GRP, cost per thousand contacts, budget as a share of turnover."""

from __future__ import annotations

from typing import Any

from ...kit.feedback import Feedback, check_number
from ...kit.nombres import fr_euros, fr_nombre


def grp(couverture_pct: float, repetition_moyenne: float) -> float:
    """Gross rating points: reach (in % of the target) × average frequency."""
    return couverture_pct * repetition_moyenne


def contacts(cible: float, couverture_pct: float, repetition_moyenne: float) -> float:
    """Number of contacts (gross impressions) a plan delivers on a target of ``cible`` people."""
    return cible * couverture_pct / 100 * repetition_moyenne


def cout_pour_mille(cout: float, nb_contacts: float) -> float:
    """Cost per thousand contacts (€)."""
    return cout / nb_contacts * 1000


def verifier_grp(reponse: Any, couverture_pct: float, repetition_moyenne: float) -> Feedback:
    """Exercise: GRP of a media plan."""
    attendu = grp(couverture_pct, repetition_moyenne)
    return check_number(
        reponse,
        attendu,
        success=f"{fr_nombre(attendu, 0)} GRP : {fr_nombre(attendu, 0)} contacts pour 100 personnes de la cible.",
        traps=[
            (attendu / 100, "Gardez la couverture en pourcentage (45 et non 0,45) : GRP = couverture % × répétition."),
            (couverture_pct + repetition_moyenne, "Le GRP est un produit, pas une somme : couverture % × répétition moyenne."),
        ],
        hint="GRP = couverture (en %) × répétition moyenne.",
    )


def verifier_cout_pour_mille(reponse: Any, cout: float, cible: float, couverture_pct: float, repetition_moyenne: float) -> Feedback:
    """Exercise: cost per thousand contacts of a media plan (€)."""
    n = contacts(cible, couverture_pct, repetition_moyenne)
    attendu = cout_pour_mille(cout, n)
    touchees = cible * couverture_pct / 100
    return check_number(
        reponse,
        attendu,
        success=f"{fr_euros(attendu, 2)} pour mille contacts.",
        traps=[
            (cout / n, "C'est le coût d'un seul contact : multipliez par 1 000."),
            (cout_pour_mille(cout, touchees), "Vous avez divisé par les personnes touchées : comptez les contacts (touchées × répétition)."),
        ],
        hint="Contacts = cible × couverture % × répétition ; coût pour mille = coût / contacts × 1 000.",
        rel_tol=0.01,
    )


def verifier_budget_pourcentage_ca(reponse: Any, chiffre_affaires: float, taux_pct: float) -> Feedback:
    """Exercise: a communication budget set as a percentage of turnover (€)."""
    attendu = chiffre_affaires * taux_pct / 100
    return check_number(
        reponse,
        attendu,
        success=f"{fr_euros(attendu)} : c'est le budget que donnerait la méthode du pourcentage du CA.",
        traps=[(chiffre_affaires * taux_pct, "Divisez le taux par 100 : 2 % s'écrit 0.02 dans le calcul.")],
        hint="Budget = chiffre d'affaires × taux / 100.",
    )
