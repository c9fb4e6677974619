"""The funnel and campaign simulators: ipywidgets sliders feeding the pure simulation functions."""

from __future__ import annotations

import html
from typing import Any

from .campaign import CampaignResult, simulate_campaign
from .dataviz import MUTED
from .funnel import FunnelResult, simulate_funnel

def _percent(value: float) -> str:
    return "—" if value != value else f"{value * 100:.1f} %".replace(".", ",")


def _euros(value: float) -> str:
    if value != value:
        return "—"
    if abs(value) < 100:
        return f"{value:.2f} €".replace(".", ",")
    return f"{value:,.0f} €".replace(",", " ")


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _kpi_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{html.escape(k)}</td><td style='text-align:right'><b>{html.escape(v)}</b></td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


class _Simulator:
    """Sliders that feed a pure function; a KPI table and a bar chart redrawn on every change."""

    title = ""

    def __init__(self, sliders: dict[str, Any]):
        import ipywidgets as widgets

        self.sliders = sliders
        """Slider per argument of the simulation function, keyed by argument name."""
        self.kpis = widgets.HTML()
        """The KPI table (HTML) shown next to the chart."""
        self.chart = widgets.Output()
        self.bars: dict[str, float] = {}
        """Heights of the bars last drawn, by label (what the chart shows)."""
        self.readouts = {name: widgets.Label() for name in sliders}
        """French readout of each slider (``15,0 %``, ``12 500``): ipywidgets' own readout is English."""
        for slider in sliders.values():
            slider.observe(self._refresh, names="value")
        self.widget = widgets.HBox(
            [
                widgets.VBox([widgets.HBox([slider, self.readouts[name]]) for name, slider in sliders.items()]),
                widgets.VBox([self.kpis, self.chart]),
            ]
        )
        """The whole widget, to display."""
        self._refresh()

    @property
    def values(self) -> dict[str, Any]:
        """Current value of every slider."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def _refresh(self, change: Any = None) -> None:
        for name, slider in self.sliders.items():
            self.readouts[name].value = slider.french_readout(slider.value)
        result = self.result
        self.kpis.value = _kpi_table(self._kpi_rows(result))
        self.bars = self._bars(result)
        self._draw()

    def _draw(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import clear_output, display

        with self.chart:
            clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(5, 3))
            bars = ax.bar(list(self.bars), list(self.bars.values()), color=MUTED)
            ax.bar_label(bars, labels=[self._bar_label(v) for v in self.bars.values()], fontsize=8)
            ax.set_title(self.title, loc="left")
            ax.set_yticks([])
            for side in ("top", "right", "left"):
                ax.spines[side].set_visible(False)
            display(fig)
            plt.close(fig)

    @staticmethod
    def _bar_label(value: float) -> str:
        return _count(value)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _slider(kind: str, description: str, value: float, minimum: float, maximum: float, step: float, fmt):
    """A slider of the simulators; ``fmt`` writes its value in French next to it."""
    import ipywidgets as widgets

    cls = widgets.IntSlider if kind == "int" else widgets.FloatSlider
    slider = cls(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        description=description,
        readout=False,  # ipywidgets' readout is English (15.0%); the simulator shows a French one
        continuous_update=False,
        style={"description_width": "140px"},
        layout={"width": "440px"},
    )
    slider.french_readout = fmt
    return slider


def _rate_slider(description: str, value: float, maximum: float, step: float):
    return _slider("float", description, value, 0.0, maximum, step, _percent)


def _int_slider(description: str, value: int, minimum: int, maximum: int, step: int):
    return _slider("int", description, value, minimum, maximum, step, _count)


class FunnelSimulator(_Simulator):
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
                "visiteurs": _int_slider("Visiteurs", visiteurs, 1_000, 200_000, 1_000),
                "taux_lead": _rate_slider("Visiteur → lead", taux_lead, 0.20, 0.005),
                "taux_mql": _rate_slider("Lead → MQL", taux_mql, 1.0, 0.01),
                "taux_sql": _rate_slider("MQL → SQL", taux_sql, 1.0, 0.01),
                "taux_client": _rate_slider("SQL → client", taux_client, 1.0, 0.01),
                "panier_moyen": _int_slider("Panier moyen HT (€)", panier_moyen, 10, 2_000, 10),
                "taux_marque": _rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "budget": _int_slider("Budget (€)", budget, 0, 100_000, 500),
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
            ("ROAS", "—" if r.roas != r.roas else f"{r.roas:.2f}".replace(".", ",")),
            ("ROI", _percent(r.roi)),
        ]

    @staticmethod
    def _bars(r: FunnelResult) -> dict[str, float]:
        return dict(r.stages)


class CampaignSimulator(_Simulator):
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
    ):
        super().__init__(
            {
                "n_cible": _int_slider("Clients ciblés", n_cible, 500, 50_000, 500),
                "n_controle": _int_slider("Groupe de contrôle", n_controle, 100, 20_000, 100),
                "taux_controle": _rate_slider("Réachat contrôle", taux_controle, 0.5, 0.005),
                "uplift_points": _rate_slider("Uplift (points)", uplift_points, 0.15, 0.0025),
                "panier_moyen": _int_slider("Panier moyen HT (€)", panier_moyen, 10, 500, 5),
                "taux_marque": _rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "cout_par_contact": _slider(
                    "float", "Coût par contact (€)", cout_par_contact, 0.0, 2.0, 0.001,
                    lambda v: f"{v:.3f}".replace(".", ","),
                ),
                "cout_fixe": _int_slider("Coût fixe (€)", cout_fixe, 0, 20_000, 100),
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
            ("ROI", _percent(r.roi)),
            ("Uplift du point mort", _percent(r.uplift_point_mort)),
            ("p-value", "—" if r.p_value != r.p_value else f"{r.p_value:.3f}".replace(".", ",")),
            ("Écart significatif ?", verdict),
        ]

    @staticmethod
    def _bars(r: CampaignResult) -> dict[str, float]:
        return {"Contrôle": r.taux_controle, "Ciblé": r.taux_cible}
