"""The funnel and campaign simulators: ipywidgets sliders feeding the pure simulation functions."""

from __future__ import annotations

from .campaign import CampaignResult, simulate_campaign
from .funnel import FunnelResult, simulate_funnel
from ...kit.nombres import fr_euros_auto as _euros, fr_nombre, fr_points, fr_pourcent as _percent
from ...kit.widgets import Simulator, int_slider, rate_slider, slider


def _count(value: float) -> str:
    return fr_nombre(value, 0)


class FunnelSimulator(Simulator):
    """Funnel simulator: visits and stage rates → counts, revenue, margin, ROI and ROAS."""

    title = "Entonnoir de conversion (effectifs)"

    def __init__(
        self,
        visiteurs: int = 40_000,
        taux_lead: float = 0.04,
        taux_mql: float = 0.40,
        taux_sql: float = 0.50,
        taux_client: float = 0.25,
        panier_moyen: int = 450,
        taux_marque: float = 0.40,
        budget: int = 12_000,
    ):
        super().__init__(
            {
                "visiteurs": int_slider("Visiteurs", visiteurs, 1_000, 200_000, 1_000),
                "taux_lead": rate_slider("Visiteur → lead", taux_lead, 0.20, 0.005),
                "taux_mql": rate_slider("Lead → MQL", taux_mql, 1.0, 0.01),
                "taux_sql": rate_slider("MQL → SQL", taux_sql, 1.0, 0.01),
                "taux_client": rate_slider("SQL → client", taux_client, 1.0, 0.01),
                "panier_moyen": int_slider("Panier moyen HT (€)", panier_moyen, 10, 2_000, 10),
                "taux_marque": rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "budget": int_slider("Budget (€)", budget, 0, 100_000, 500),
            }
        )

    @property
    def result(self) -> FunnelResult:
        """The simulation for the current slider values."""
        return simulate_funnel(**self.values)

    @staticmethod
    def _kpi_rows(r: FunnelResult) -> list[tuple[str, str]]:
        return [
            ("Leads", _count(r.leads)),
            ("MQL", _count(r.mql)),
            ("SQL", _count(r.sql)),
            ("Clients", _count(r.clients)),
            ("Conversion visiteur → client", _percent(r.taux_global)),
            ("Chiffre d'affaires HT", _euros(r.chiffre_affaires)),
            ("Marge", _euros(r.marge)),
            ("Coût par lead", _euros(r.cout_par_lead)),
            ("ROAS", "—" if r.roas != r.roas else fr_nombre(r.roas, 2)),
            ("ROI", _percent(r.roi)),
        ]

    @staticmethod
    def _bars(r: FunnelResult) -> dict[str, float]:
        return dict(r.stages)


class CampaignSimulator(Simulator):
    """Loyalty campaign simulator: group sizes, control rate, uplift and costs → incremental margin, ROI, p-value."""

    title = "Taux de réachat : contrôle vs ciblé"

    @staticmethod
    def _bar_label(value: float) -> str:
        return _percent(value)

    def __init__(
        self,
        n_cible: int = 8_000,
        n_controle: int = 2_000,
        taux_controle: float = 0.12,
        uplift_points: float = 0.03,
        panier_moyen: int = 60,
        taux_marque: float = 0.45,
        cout_par_contact: float = 0.50,
        cout_fixe: int = 0,
        remise: float = 0.0,
    ):
        super().__init__(
            {
                "n_cible": int_slider("Clients ciblés", n_cible, 500, 50_000, 500),
                "n_controle": int_slider("Groupe de contrôle", n_controle, 100, 20_000, 100),
                "taux_controle": rate_slider("Réachat contrôle", taux_controle, 0.5, 0.005),
                "uplift_points": slider("float", "Uplift", uplift_points, 0.0, 0.15, 0.0025, lambda v: fr_points(v, 2)),
                "panier_moyen": int_slider("Panier moyen HT (€)", panier_moyen, 10, 500, 5),
                "taux_marque": rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "cout_par_contact": slider(
                    "float", "Coût par contact (€)", cout_par_contact, 0.0, 2.0, 0.001,
                    lambda v: fr_nombre(v, 3),
                ),
                "cout_fixe": int_slider("Coût fixe (€)", cout_fixe, 0, 20_000, 100),
                "remise": rate_slider("Remise offerte", remise, 0.5, 0.01),
            }
        )

    @property
    def result(self) -> CampaignResult:
        """The simulation for the current slider values."""
        return simulate_campaign(**self.values)

    @staticmethod
    def _kpi_rows(r: CampaignResult) -> list[tuple[str, str]]:
        verdict = "—" if r.p_value != r.p_value else ("oui (p < 0,05)" if r.p_value < 0.05 else "non (p ≥ 0,05)")
        return [
            ("Taux ciblé", _percent(r.taux_cible)),
            ("Uplift relatif", _percent(r.uplift_relatif)),
            ("Acheteurs incrémentaux", _count(r.acheteurs_incrementaux)),
            ("CA incrémental", _euros(r.ca_incremental)),
            ("Marge incrémentale", _euros(r.marge_incrementale)),
            ("Coût de la campagne", _euros(r.cout)),
            ("Marge cédée aux clients qui auraient acheté sans e-mail", _euros(r.cout_remise)),
            ("ROI", _percent(r.roi)),
            ("Uplift du point mort", fr_points(r.uplift_point_mort)),
            ("p-value", "—" if r.p_value != r.p_value else fr_nombre(r.p_value, 3)),
            ("Écart significatif ?", verdict),
        ]

    @staticmethod
    def _bars(r: CampaignResult) -> dict[str, float]:
        return {"Contrôle": r.taux_controle, "Ciblé": r.taux_cible}
