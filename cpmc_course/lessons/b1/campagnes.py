"""Campaign KPIs per lever (C7, C8; CE7): CPM, CPC, conversion, CPA, margin, ROI, break-even in sales."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ...kit.feedback import Feedback, check_number
from ...kit.formulas import roi
from ...kit.nombres import fr_euros, fr_nombre


@dataclass(frozen=True)
class KpiLevier:
    """The indicators of one acquisition or loyalty lever."""

    cpm: float
    """Cost per thousand impressions (€)."""
    cpc: float
    """Cost per click or contact (€)."""
    taux_conversion: float
    """Sales / clicks, in percent."""
    cpa: float
    """Cost per acquisition: budget / sales (€); infinite without sales."""
    marge: float
    """Sales × contribution margin per sale (€)."""
    roi: float
    """(marge − budget) / budget, in percent."""
    seuil_ventes: int
    """Smallest number of sales whose margin covers the budget."""


def kpi_levier(budget: float, impressions: float, clics: float, ventes: float, marge_unitaire: float) -> KpiLevier:
    """Every indicator of a lever from its budget, audience, clicks, sales and margin per sale."""
    marge = ventes * marge_unitaire
    return KpiLevier(
        cpm=budget / impressions * 1000 if impressions else math.inf,
        cpc=budget / clics if clics else math.inf,
        taux_conversion=ventes / clics * 100 if clics else 0.0,
        cpa=budget / ventes if ventes else math.inf,
        marge=marge,
        roi=roi(marge, budget) if budget else math.inf,
        seuil_ventes=math.ceil(budget / marge_unitaire - 1e-9),
    )


def verifier_cpa(reponse: Any, budget: float, clics: float, ventes: float) -> Feedback:
    """Exercise: cost per acquisition (€)."""
    attendu = budget / ventes
    return check_number(
        reponse,
        attendu,
        success=f"Chaque vente a coûté {fr_euros(attendu)} de publicité.",
        traps=[(budget / clics, "C'est le coût par clic : le CPA divise le budget par le nombre de ventes.")],
        hint="CPA = budget / ventes.",
    )


def verifier_roi_levier(reponse: Any, budget: float, ventes: float, panier_moyen_ht: float, taux_mcv: float) -> Feedback:
    """Exercise: ROI of a lever in percent, on the contribution margin (``taux_mcv`` as a proportion)."""
    marge = ventes * panier_moyen_ht * taux_mcv
    attendu = roi(marge, budget)
    return check_number(
        reponse,
        attendu,
        success=(
            f"ROI de {fr_nombre(attendu, 0)} % : chaque euro investi rapporte "
            f"{fr_nombre(1 + attendu / 100, 2)} € de marge."
        ),
        traps=[
            (roi(ventes * panier_moyen_ht, budget), "Vous avez pris le chiffre d'affaires : le ROI se calcule sur la marge (CA × taux de marge sur coût variable)."),
            (marge / budget * 100, "C'est le ROAS sur marge (marge / coût) : retirez d'abord le coût de la marge."),
            (attendu / 100, "Exprimez le ROI en % (multipliez par 100)."),
        ],
        hint="ROI = (marge − budget) / budget × 100, avec marge = ventes × panier moyen HT × taux de marge sur coût variable.",
        rel_tol=0.01,
    )


def verifier_seuil_ventes(reponse: Any, budget: float, marge_unitaire: float) -> Feedback:
    """Exercise: break-even of a lever in number of sales (rounded up)."""
    attendu = math.ceil(budget / marge_unitaire - 1e-9)
    return check_number(
        reponse,
        attendu,
        success=f"Il faut {fr_nombre(attendu, 0)} ventes pour que la marge couvre le budget.",
        traps=[
            (math.floor(budget / marge_unitaire), "Avec ce nombre de ventes, la marge ne couvre pas encore le budget : arrondissez à l'entier supérieur."),
        ],
        hint="Seuil = budget / marge par vente, arrondi à l'entier supérieur (np.ceil ou math.ceil).",
        rel_tol=1e-9,
    )
