"""Loyalty campaign against a control group (C36, CE35): uplift, z test, incremental ROI, campaign simulation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...kit import formulas
from ...kit.feedback import Feedback, check_number
from ...kit.nombres import fr_euros, fr_nombre, fr_points, fr_pourcent

@dataclass(frozen=True)
class ProportionTest:
    """Two-sided z test of the difference between two proportions (pooled variance)."""

    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        """True at the usual 5 % threshold."""
        return self.p_value < 0.05


def proportions_test(succes_cible: int, n_cible: int, succes_controle: int, n_controle: int) -> ProportionTest:
    """Compare the rebuy rate of the targeted group with the control group (statsmodels z test)."""
    from statsmodels.stats.proportion import proportions_ztest

    z, p = proportions_ztest([succes_cible, succes_controle], [n_cible, n_controle], alternative="two-sided")
    return ProportionTest(float(z), float(p))


def _group_rates(campagne: pd.DataFrame) -> tuple[float, float, int, int]:
    """Rebuy rates of the test and control groups, and their sizes."""
    test = campagne.loc[campagne["groupe"] == "test", "achat_30j"]
    control = campagne.loc[campagne["groupe"] == "contrôle", "achat_30j"]
    return float(test.mean()), float(control.mean()), len(test), len(control)


def verifier_uplift_absolu(reponse: Any, campagne: pd.DataFrame) -> Feedback:
    """Exercise: absolute uplift = rebuy rate of the test group − rebuy rate of the control group."""
    rate_t, rate_c, n_t, n_c = _group_rates(campagne)
    expected = rate_t - rate_c
    buyers_t, buyers_c = rate_t * n_t, rate_c * n_c
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"L'e-mail ajoute {fr_points(expected)} de taux de réachat ({fr_pourcent(rate_c)} → {fr_pourcent(rate_t)}).",
        traps=[
            (rate_t / rate_c - 1, "C'est l'uplift relatif : l'uplift absolu est la différence des deux taux."),
            ((buyers_t - buyers_c) / n_t, "Comparez des taux, pas des nombres d'acheteurs : les deux groupes n'ont pas la même taille."),
            (buyers_t - buyers_c, "Comparez des taux, pas des nombres d'acheteurs : les deux groupes n'ont pas la même taille."),
            (rate_t, "C'est le taux du groupe test : retirez-lui le taux du groupe de contrôle."),
            (rate_c - rate_t, "Vous avez inversé la soustraction : test − contrôle."),
            (float(campagne["achat_30j"].mean()) - rate_c, "Ne mélangez pas les groupes : comparez le groupe test au groupe de contrôle, pas l'ensemble des clients."),
        ],
        hint="Uplift absolu = taux de réachat du groupe test − taux de réachat du groupe de contrôle.",
    )


def verifier_uplift_relatif(reponse: Any, campagne: pd.DataFrame) -> Feedback:
    """Exercise: relative uplift = rate of the test group / rate of the control group − 1."""
    rate_t, rate_c, _, _ = _group_rates(campagne)
    expected = rate_t / rate_c - 1
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Le taux de réachat est {fr_pourcent(expected)} plus élevé dans le groupe test.",
        traps=[
            (rate_t - rate_c, "C'est l'uplift absolu (en points) : divisez-le par le taux du groupe de contrôle."),
            (rate_t / rate_c, "Retirez 1 : un rapport de 1,2 signifie +20 %."),
            ((rate_t - rate_c) / rate_t, "Divisez par le taux du groupe de contrôle (la référence), pas par celui du groupe test."),
        ],
        hint="Uplift relatif = (taux test − taux contrôle) / taux contrôle.",
    )


def discounted_margin_rate(taux_marque: float, remise: float) -> float:
    """Gross margin over revenue net of a ``remise`` (proportion) on prices whose taux de marque is ``taux_marque``.

    The customer pays (1 − remise) × P for goods that cost (1 − taux_marque) × P:
    the margin is 1 − (1 − taux_marque) / (1 − remise) of what is cashed in.
    """
    return 1 - (1 - taux_marque) / (1 - remise)


def incremental_margin(campagne: pd.DataFrame, taux_marque: float, remise: float = 0.0) -> float:
    """Incremental gross margin of the test group over the control group, for the whole test group.

    The test group bought with the discount (revenue net of it, margin at the
    discounted rate), the control group at the normal price (margin at
    ``taux_marque``): (revenue per test customer × discounted rate − revenue per
    control customer × taux de marque) × size of the test group.
    """
    test = campagne[campagne["groupe"] == "test"]
    control = campagne[campagne["groupe"] == "contrôle"]
    per_customer = test["ca_30j_ht"].mean() * discounted_margin_rate(taux_marque, remise) - control["ca_30j_ht"].mean() * taux_marque
    return float(per_customer * len(test))


def incremental_roi(
    campagne: pd.DataFrame, taux_marque: float, cout_fixe: float, cout_par_email: float, remise: float = 0.0
) -> float:
    """ROI (proportion) of a campaign on its incremental margin (:func:`incremental_margin`).

    Cost = fixed cost + cost per e-mail × e-mails sent; the ROI is the kit's
    :func:`~cpmc_course.kit.formulas.roi` as a proportion.
    """
    test = campagne[campagne["groupe"] == "test"]
    cost = cout_fixe + cout_par_email * test["email_envoye"].sum()
    return formulas.proportion(formulas.roi(incremental_margin(campagne, taux_marque, remise), cost))


def verifier_roi_campagne(
    reponse: Any, campagne: pd.DataFrame, taux_marque: float, cout_fixe: float, cout_par_email: float, remise: float = 0.0
) -> Feedback:
    """Exercise: ROI of the loyalty campaign, on incremental margin only, the test group's discount counted."""
    expected = incremental_roi(campagne, taux_marque, cout_fixe, cout_par_email, remise)
    test = campagne[campagne["groupe"] == "test"]
    control = campagne[campagne["groupe"] == "contrôle"]
    sent = test["email_envoye"].sum()
    cost = cout_fixe + cout_par_email * sent
    extra = (test["ca_30j_ht"].mean() - control["ca_30j_ht"].mean()) * len(test)
    whole = test["ca_30j_ht"].sum()
    def roi_of(margin: float, spent: float = cost) -> float:
        return formulas.proportion(formulas.roi(margin, spent))
    return check_number(
        reponse,
        expected,
        rate=True,
        success=(
            f"ROI = (marge incrémentale − coût) / coût = {fr_nombre(expected, 2)}, soit {fr_pourcent(expected, 0)} : "
            f"chaque euro investi rapporte {fr_euros(1 + expected, 2)} de marge (1 + ROI), dont {fr_euros(expected, 2)} de gain."
        ),
        traps=[
            (roi_of(extra * taux_marque), "Vous avez appliqué le taux de marque au CA du groupe test, qui est net de la remise : sa marge est plus faible (1 − coût des produits / prix remisé)."),
            (roi_of(whole * taux_marque), "Vous avez compté tout le CA du groupe test : une partie aurait été faite sans l'e-mail. Ne gardez que l'écart avec le groupe de contrôle."),
            (roi_of(extra), "Vous avez utilisé le CA incrémental : le ROI se calcule sur la marge."),
            (expected + 1, "Retirez le coût de la marge : ROI = (marge − coût) / coût."),
            (roi_of(incremental_margin(campagne, taux_marque, remise), cout_par_email * sent), "N'oubliez pas le coût fixe de conception dans le coût de la campagne."),
        ],
        hint=(
            "Marge incrémentale = (CA moyen test × taux de marge remisée − CA moyen contrôle × taux de marque) × effectif "
            "test ; ROI = (marge incrémentale − coût) / coût."
        ),
    )


@dataclass(frozen=True)
class CampaignResult:
    """Incremental effect of a loyalty campaign measured against a control group."""

    taux_cible: float
    taux_controle: float
    uplift_absolu: float
    uplift_relatif: float
    acheteurs_incrementaux: float
    """Targeted customers × absolute uplift: purchases the campaign caused."""
    ca_incremental: float
    marge_incrementale: float
    cout: float
    roi: float
    """(marge incrémentale − coût) / coût."""
    cout_remise: float
    """Margin given away to targeted customers who would have bought anyway: ciblés × taux contrôle × panier × remise."""
    uplift_point_mort: float
    """Absolute uplift at which the campaign breaks even:
    (coût + coût de la remise) / (ciblés × panier × (taux de marque − remise))."""
    p_value: float
    """Two-sided z test for the expected counts of the simulated groups."""


def simulate_campaign(
    n_cible: int,
    n_controle: int,
    taux_controle: float,
    uplift_points: float,
    panier_moyen: float,
    taux_marque: float,
    cout_par_contact: float,
    cout_fixe: float = 0.0,
    remise: float = 0.0,
) -> CampaignResult:
    """Expected effect of a campaign whose targeted group rebuys ``uplift_points`` more than the control.

    ``uplift_points`` is a proportion (0.02 for two points); ``panier_moyen`` is
    the basket at the normal price; ``remise`` (a proportion) is the discount
    the message offers. Each incremental purchase brings panier × (taux de marque
    − remise) of margin, and the discount is also given to the targeted customers
    who would have bought anyway (ciblés × taux contrôle): that margin is lost.
    Only the targeted customers are contacted: cost = ``cout_fixe`` + ciblés ×
    ``cout_par_contact``. The p-value is that of the z test on the expected
    numbers of buyers in both groups.
    """
    rate_t = taux_controle + uplift_points
    extra = n_cible * uplift_points
    revenue = extra * panier_moyen * (1 - remise) - n_cible * taux_controle * panier_moyen * remise
    unit_margin = panier_moyen * (taux_marque - remise)
    given_away = n_cible * taux_controle * panier_moyen * remise
    margin = extra * unit_margin - given_away
    cost = cout_fixe + n_cible * cout_par_contact
    nan = float("nan")
    test = (
        proportions_test(round(rate_t * n_cible), n_cible, round(taux_controle * n_controle), n_controle)
        if n_cible and n_controle and 0 < taux_controle < 1 and 0 <= rate_t <= 1
        else ProportionTest(nan, nan)
    )
    return CampaignResult(
        taux_cible=rate_t,
        taux_controle=taux_controle,
        uplift_absolu=uplift_points,
        uplift_relatif=uplift_points / taux_controle if taux_controle else nan,
        acheteurs_incrementaux=extra,
        ca_incremental=revenue,
        marge_incrementale=margin,
        cout=cost,
        roi=formulas.proportion(formulas.roi(margin, cost)) if cost else nan,
        cout_remise=given_away,
        uplift_point_mort=(cost + given_away) / (n_cible * unit_margin) if unit_margin > 0 and n_cible else nan,
        p_value=test.p_value,
    )
