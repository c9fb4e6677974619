"""The bloc 1 widgets: campaign profitability simulator and perceptual map."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ...kit.nombres import fr_euros, fr_nombre, fr_pourcent
from ...kit.widgets import Simulator, int_slider, rate_slider, slider


@dataclass(frozen=True)
class Rentabilite:
    """What a paid-search or social campaign yields for given costs and rates."""

    clics: float
    ventes: float
    chiffre_affaires: float
    marge: float
    roi: float
    """(marge − budget) / budget, as a proportion."""
    seuil_ventes: int
    """Sales needed for the margin to cover the budget."""
    cpa: float


def simuler_rentabilite(budget: float, cpc: float, taux_conversion: float, panier_moyen_ht: float, taux_mcv: float) -> Rentabilite:
    """Budget / CPC → clicks; × conversion → sales; × basket × margin rate → margin; ROI and break-even."""
    clics = budget / cpc if cpc else 0.0
    ventes = clics * taux_conversion
    ca = ventes * panier_moyen_ht
    marge = ca * taux_mcv
    marge_unitaire = panier_moyen_ht * taux_mcv
    return Rentabilite(
        clics=clics,
        ventes=ventes,
        chiffre_affaires=ca,
        marge=marge,
        roi=(marge - budget) / budget if budget else math.nan,
        seuil_ventes=math.ceil(budget / marge_unitaire - 1e-9) if marge_unitaire else 0,
        cpa=budget / ventes if ventes else math.inf,
    )


class RentabiliteSimulator(Simulator):
    """Sliders: budget, CPC, conversion, basket, margin rate → sales, margin, ROI, break-even (Ardène's basket and rate)."""

    title = "Marge et budget de la campagne (€)"

    def __init__(self, budget: int = 42_000, cpc: float = 1.20, taux_conversion: float = 0.0024,
                 panier_moyen_ht: int = 2_150, taux_mcv: float = 0.38):
        super().__init__(
            {
                "budget": int_slider("Budget (€)", budget, 1_000, 100_000, 1_000),
                "cpc": slider("float", "CPC (€)", cpc, 0.10, 5.0, 0.05, lambda v: fr_nombre(v, 2) + "\u202f€"),
                "taux_conversion": slider("float", "Conversion clic → vente", taux_conversion, 0.0, 0.02, 0.0002,
                                          lambda v: fr_pourcent(v, 2)),
                "panier_moyen_ht": int_slider("Panier moyen HT (€)", panier_moyen_ht, 500, 6_000, 100),
                "taux_mcv": rate_slider("Taux de marge sur coût variable", taux_mcv, 0.8, 0.01),
            }
        )

    @property
    def result(self) -> Rentabilite:
        """The simulation for the current slider values."""
        return simuler_rentabilite(**self.values)

    @staticmethod
    def _kpi_rows(r: Rentabilite) -> list[tuple[str, str]]:
        return [
            ("Clics", fr_nombre(r.clics, 0)),
            ("Ventes", fr_nombre(r.ventes, 1)),
            ("Chiffre d'affaires HT", fr_euros(r.chiffre_affaires)),
            ("Marge sur coût variable", fr_euros(r.marge)),
            ("CPA", "—" if math.isinf(r.cpa) else fr_euros(r.cpa)),
            ("ROI", fr_pourcent(r.roi, 0)),
            ("Seuil de rentabilité (ventes)", fr_nombre(r.seuil_ventes, 0)),
        ]

    def _bars(self, r: Rentabilite) -> dict[str, float]:
        return {"Budget": float(self.values["budget"]), "Marge": r.marge}

    @staticmethod
    def _bar_label(value: float) -> str:
        return fr_euros(value)


class CartePerceptuelle:
    """A perceptual map of one segment's benchmark: the learner picks both axes and tries a new price for ``marque``.

    ``axes`` maps each axis label to a column (the price index is computed);
    ``prix_min`` and ``prix_max`` bound the price slider (€ TTC).
    """

    AXES = {
        "Indice de prix (100 = moyenne)": "indice_prix",
        "Image : design (sur 10)": "note_design",
        "Image : durabilité (sur 10)": "note_durabilite",
        "Note des avis (sur 5)": "note_avis",
        "Rendement (%)": "rendement_pct",
        "Garantie (ans)": "garantie_ans",
    }

    def __init__(self, benchmark: pd.DataFrame, marque: str = "Ardène", axes: dict[str, str] | None = None,
                 prix_min: int = 1_000, prix_max: int = 8_000):
        import ipywidgets as widgets

        self.benchmark = benchmark.set_index("marque") if "marque" in benchmark.columns else benchmark
        self.marque = marque
        self.AXES = dict(axes or self.AXES)
        labels = list(self.AXES)
        self.axe_x = widgets.Dropdown(options=labels, value=labels[0], description="Axe horizontal")
        self.axe_y = widgets.Dropdown(options=labels, value=labels[2], description="Axe vertical")
        prix = float(self.benchmark.loc[marque, "prix_ttc"])
        self.prix = slider("int", f"Prix {marque} (€ TTC)", int(prix), prix_min, prix_max, 10, lambda v: fr_euros(v))
        self.readout = widgets.Label()
        self.chart = widgets.Output()
        for w in (self.axe_x, self.axe_y, self.prix):
            w.observe(self._refresh, names="value")
        self.widget = widgets.VBox([widgets.HBox([self.axe_x, self.axe_y]), widgets.HBox([self.prix, self.readout]), self.chart])
        self._refresh()

    def points(self) -> pd.DataFrame:
        """Coordinates drawn: one row per brand, columns ``x`` and ``y``."""
        table = self.benchmark.copy()
        table.loc[self.marque, "prix_ttc"] = self.prix.value
        table["indice_prix"] = table["prix_ttc"] / table["prix_ttc"].mean() * 100
        return pd.DataFrame({"x": table[self.AXES[self.axe_x.value]], "y": table[self.AXES[self.axe_y.value]]})

    def _refresh(self, change=None) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import clear_output, display

        self.readout.value = self.prix.french_readout(self.prix.value)
        pts = self.points()
        with self.chart:
            clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 4))
            colours = ["#c2410c" if m == self.marque else "#6b7280" for m in pts.index]
            ax.scatter(pts["x"], pts["y"], c=colours, s=80)
            for m, (x, y) in pts.iterrows():
                ax.annotate(m, (x, y), textcoords="offset points", xytext=(6, 4))
            ax.axvline(pts["x"].mean(), color="#d1d5db", linewidth=0.8)
            ax.axhline(pts["y"].mean(), color="#d1d5db", linewidth=0.8)
            ax.set_xlabel(self.axe_x.value)
            ax.set_ylabel(self.axe_y.value)
            ax.set_title("Carte perceptuelle (lignes grises : moyennes)", loc="left")
            display(fig)
            plt.close(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
