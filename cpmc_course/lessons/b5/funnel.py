"""Funnel KPIs (C37, CE35): conversion, CTA click rate, MQL, cost per lead, ROI, ROAS, and the funnel simulation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...kit import formulas
from ...kit.feedback import Feedback, check_number
from ...kit.nombres import fr_euros, fr_nombre, fr_pourcent

SAMPLE_RATE = 50
"""The visits of the training case are a sample of one visitor in 50."""


def verifier_taux_conversion_leads(reponse: Any, leads: pd.DataFrame, visiteurs: int) -> Feedback:
    """Exercise: lead-to-customer conversion rate = leads that bought / leads.

    ``leads`` has one row per lead and a ``client_id`` filled for leads that bought.
    """
    n_leads = len(leads)
    clients = int(leads["client_id"].notna().sum())
    mql = int((leads["statut_mql"] == "MQL").sum())
    expected = formulas.proportion(formulas.taux(clients, n_leads))
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{fr_pourcent(expected)} des leads deviennent clients ({clients} sur {n_leads}).",
        traps=[
            (clients / visiteurs, "Vous avez divisé par les visiteurs : le taux de conversion des leads se calcule sur les leads."),
            (n_leads / clients, "Vous avez inversé le rapport : on divise les clients par les leads."),
            (n_leads / visiteurs, "C'est le taux de conversion des visiteurs en leads ; on demande celui des leads en clients."),
            (clients / mql, "Vous avez divisé par les seuls MQL : on demande le taux sur l'ensemble des leads."),
        ],
        hint="Taux de conversion des leads = leads devenus clients (client_id renseigné) / nombre de leads.",
    )


def verifier_taux_clic_cta(reponse: Any, cta: pd.DataFrame, cta_id: str, nb_sessions: int) -> Feedback:
    """Exercise: click-through rate of one call-to-action = clicks / impressions of that CTA."""
    events = cta.loc[cta["cta_id"] == cta_id, "evenement"]
    clicks = int((events == "clic").sum())
    views = int((events == "impression").sum())
    expected = formulas.proportion(formulas.taux(clicks, views))
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Le CTA {cta_id} est cliqué lors de {fr_pourcent(expected)} de ses affichages.",
        traps=[
            (clicks / nb_sessions, "Vous avez divisé par toutes les sessions : seuls les visiteurs qui ont vu le bouton pouvaient cliquer."),
            (views / clicks, "Vous avez inversé le rapport : clics / impressions."),
            (clicks / (clicks + views), "Vous avez divisé par tous les événements : le dénominateur est le nombre d'impressions seulement."),
            (float((cta["evenement"] == "clic").sum() / (cta["evenement"] == "impression").sum()), "C'est le taux de clic de tous les CTA réunis : filtrez d'abord sur le CTA demandé."),
        ],
        hint="Taux de clic d'un CTA = clics sur ce CTA / impressions de ce CTA.",
    )


def verifier_nombre_mql(reponse: Any, leads: pd.DataFrame) -> Feedback:
    """Exercise: number of MQL in the sample (``statut_mql == "MQL"``)."""
    expected = int((leads["statut_mql"] == "MQL").sum())
    return check_number(
        reponse,
        expected,
        rel_tol=0,
        success=f"{expected} MQL dans l'échantillon, soit environ {fr_nombre(expected * SAMPLE_RATE)} sur l'ensemble du trafic consentant.",
        traps=[
            (len(leads), "Vous avez compté tous les leads : str.contains(\"MQL\") attrape aussi « non MQL ». Comparez avec == \"MQL\"."),
            (len(leads) - expected, "Ce sont les leads non qualifiés : on demande les MQL."),
            (expected * SAMPLE_RATE, "C'est le volume extrapolé à tout le trafic : on demande le nombre dans l'échantillon."),
        ],
        hint="Comptez les lignes dont statut_mql vaut exactement \"MQL\".",
    )


def verifier_cout_par_lead(reponse: Any, budget: float, leads: float, clients: float) -> Feedback:
    """Exercise: cost per lead = budget / leads."""
    expected = formulas.ratio(budget, leads)
    return check_number(
        reponse,
        expected,
        success=f"Chaque lead a coûté {fr_euros(expected, 2)}.",
        traps=[
            (budget / clients, "C'est le coût d'acquisition d'un client (CAC) : le coût par lead divise le budget par les leads."),
            (leads / budget, "Vous avez inversé le rapport : on veut des euros par lead."),
        ],
        hint="Coût par lead = budget de la campagne / nombre de leads obtenus.",
    )


def verifier_roi(reponse: Any, chiffre_affaires: float, taux_marque: float, cout: float) -> Feedback:
    """Exercise: ROI = (gross margin − cost) / cost, with margin = CA HT × taux de marque."""
    margin = chiffre_affaires * taux_marque
    expected = formulas.proportion(formulas.roi(margin, cout))
    return check_number(
        reponse,
        expected,
        rate=True,
        success=(
            f"ROI = (marge − coût) / coût = {fr_nombre(expected, 2)}, soit {fr_pourcent(expected, 0)} : chaque euro "
            f"investi rapporte {fr_euros(1 + expected, 2)} de marge brute (1 + ROI), dont {fr_euros(expected, 2)} de gain."
        ),
        traps=[
            ((chiffre_affaires - cout) / cout, "Vous avez utilisé le chiffre d'affaires : le ROI se calcule sur la marge (CA × taux de marque)."),
            (chiffre_affaires / cout, "C'est le ROAS (CA / dépense publicitaire), pas le ROI."),
            (margin / cout, "N'oubliez pas de retirer le coût de la marge : ROI = (marge − coût) / coût."),
        ],
        hint="ROI = (marge brute générée − coût de la campagne) / coût, avec marge = CA HT × taux de marque.",
    )


def verifier_roas(reponse: Any, chiffre_affaires: float, cout: float) -> Feedback:
    """Exercise: ROAS = revenue / ad spend."""
    expected = formulas.roas(chiffre_affaires, cout)
    return check_number(
        reponse,
        expected,
        success=f"ROAS = {fr_nombre(expected, 2)} : chaque euro de publicité génère {fr_euros(expected, 2)} de chiffre d'affaires.",
        traps=[
            (cout / chiffre_affaires, "Vous avez inversé le rapport : CA / dépense."),
            ((chiffre_affaires - cout) / cout, "Le ROAS ne retire pas la dépense : c'est simplement CA / dépense."),
        ],
        hint="ROAS = chiffre d'affaires attribué / dépense publicitaire.",
    )


@dataclass(frozen=True)
class FunnelResult:
    """Counts and money of a simulated funnel."""

    visiteurs: float
    leads: float
    mql: float
    sql: float
    clients: float
    chiffre_affaires: float
    """Revenue excluding VAT: clients × panier moyen."""
    marge: float
    """Gross margin: revenue × taux de marque."""
    budget: float
    roi: float
    """(marge − budget) / budget; NaN when the budget is 0."""
    roas: float
    """chiffre_affaires / budget; NaN when the budget is 0."""
    cout_par_lead: float
    taux_global: float
    """clients / visiteurs."""

    @property
    def stages(self) -> dict[str, float]:
        """The five funnel stages in order, for charts and tables."""
        return {
            "Visiteurs": self.visiteurs,
            "Leads": self.leads,
            "MQL": self.mql,
            "SQL": self.sql,
            "Clients": self.clients,
        }


def simulate_funnel(
    visiteurs: float,
    taux_lead: float,
    taux_mql: float,
    taux_sql: float,
    taux_client: float,
    panier_moyen: float,
    taux_marque: float,
    budget: float,
) -> FunnelResult:
    """Run visitors down the funnel: each rate converts the previous stage into the next.

    ``taux_client`` converts SQL into customers. Counts are expected values (not
    rounded), so that the rates multiply exactly.
    """
    leads = visiteurs * taux_lead
    mql = leads * taux_mql
    sql = mql * taux_sql
    clients = sql * taux_client
    revenue = clients * panier_moyen
    margin = revenue * taux_marque
    nan = float("nan")
    return FunnelResult(
        visiteurs=visiteurs,
        leads=leads,
        mql=mql,
        sql=sql,
        clients=clients,
        chiffre_affaires=revenue,
        marge=margin,
        budget=budget,
        roi=formulas.proportion(formulas.roi(margin, budget)) if budget else nan,
        roas=formulas.roas(revenue, budget) if budget else nan,
        cout_par_lead=formulas.ratio(budget, leads) if leads else nan,
        taux_global=formulas.proportion(formulas.taux(clients, visiteurs)) if visiteurs else nan,
    )
