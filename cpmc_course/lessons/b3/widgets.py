"""The price and margin calculator of the bloc 3 lessons: sliders feeding :mod:`.offre`."""

from __future__ import annotations

from dataclasses import dataclass

from ...kit.nombres import fr_euros, fr_nombre, fr_pourcent
from ...kit.widgets import Simulator, int_slider, rate_slider
from . import offre


@dataclass(frozen=True)
class PrixResult:
    """What the calculator shows for one set of slider values."""

    prix_vente_ht: float
    marge: float
    taux_de_marge: float
    """Marge / coût de revient (proportion)."""
    prix_vente_ttc: float
    coefficient: float
    """Prix de vente TTC / coût de revient HT."""
    dans_le_budget: bool
    seuil_commandes: int
    """Orders of the client whose gross margin pays the price."""


def simulate_prix(cout: float, taux_de_marque: float, tva: float, budget: float, panier: float, taux_marge_brute: float) -> PrixResult:
    """Price, margin and budget fit for a coût de revient and a target taux de marque (proportions)."""
    prix = offre.prix_pour_taux_de_marque(cout, taux_de_marque)
    ttc = prix * (1 + tva)
    return PrixResult(
        prix_vente_ht=prix,
        marge=prix - cout,
        taux_de_marge=offre.taux_de_marge(prix, cout),
        prix_vente_ttc=ttc,
        coefficient=ttc / cout,
        dans_le_budget=prix <= budget,
        seuil_commandes=offre.seuil_en_commandes(prix, panier, taux_marge_brute),
    )


class PrixSimulator(Simulator):
    """Price and margin calculator: coût de revient and taux de marque → price, margin, budget fit."""

    title = "Coût, marge et prix de vente HT (€)"

    def __init__(self, cout: int = 79_590, taux_de_marque: float = 0.30, budget: int = 105_000,
                 panier: int = 180, taux_marge_brute: float = 0.35, tva: float = 0.20):
        self.tva = tva
        super().__init__({
            "cout": int_slider("Coût de revient HT", cout, 10_000, 400_000, 1_000),
            "taux_de_marque": rate_slider("Taux de marque", taux_de_marque, 0.6, 0.01),
            "budget": int_slider("Budget du client HT", budget, 10_000, 400_000, 5_000),
            "panier": int_slider("Panier moyen HT", panier, 50, 3_000, 10),
            "taux_marge_brute": rate_slider("Taux de marque du client", taux_marge_brute, 0.9, 0.01),
        })

    @property
    def result(self) -> PrixResult:
        """The calculation for the current slider values."""
        return simulate_prix(tva=self.tva, **self.values)

    def _kpi_rows(self, r: PrixResult) -> list[tuple[str, str]]:
        return [
            ("Prix de vente HT", fr_euros(r.prix_vente_ht)),
            ("Marge", fr_euros(r.marge)),
            ("Taux de marge (sur coût)", fr_pourcent(r.taux_de_marge)),
            ("Prix de vente TTC", fr_euros(r.prix_vente_ttc)),
            ("Coefficient multiplicateur", fr_nombre(r.coefficient, 2)),
            ("Dans le budget du client", "oui" if r.dans_le_budget else "non"),
            ("Commandes pour payer l'offre", fr_nombre(r.seuil_commandes, 0)),
        ]

    def _bars(self, r: PrixResult) -> dict[str, float]:
        return {"Coût de revient": r.prix_vente_ht - r.marge, "Marge": r.marge, "Prix HT": r.prix_vente_ht,
                "Budget": self.values["budget"]}

    @staticmethod
    def _bar_label(value: float) -> str:
        return fr_euros(value)
