"""The simulators of lesson 3: workload sizing (visit frequencies and capacity → sales reps per zone) and pay plans."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ...kit.nombres import fr_euros, fr_nombre, fr_pourcent
from ...kit.widgets import Simulator, int_slider, rate_slider
from .sales_force import pay_plan


def size_sales_force(counts: Mapping[str, Mapping[str, int]], frequencies: Mapping[str, int], days: int, visits_per_day: int) -> dict:
    """Workload per zone, total workload, capacity and staff needed (rounded up).

    ``counts`` maps a zone to its number of accounts per class (``A``, ``B``, ``C``, ``prospect``).
    """
    load = {zone: sum(n * frequencies[c] for c, n in per_class.items()) for zone, per_class in counts.items()}
    capacity = days * visits_per_day
    total = sum(load.values())
    return {"charge_par_zone": load, "charge": total, "capacite": capacity,
            "effectif": math.ceil(total / capacity) if capacity else 0,
            "besoin_par_zone": {z: v / capacity for z, v in load.items()} if capacity else {}}


class SimulateurForceDeVente(Simulator):
    """Sliders for visit frequencies and capacity; KPIs and bars of sales reps needed per zone."""

    title = "Commerciaux nécessaires par zone"

    def __init__(self, counts: Mapping[str, Mapping[str, int]]):
        self.counts = counts
        super().__init__({
            "freq_a": int_slider("Visites / an, client A", 10, 4, 24, 1),
            "freq_b": int_slider("Visites / an, client B", 5, 2, 12, 1),
            "freq_c": int_slider("Visites / an, client C", 2, 0, 6, 1),
            "freq_p": int_slider("Visites / an, prospect", 3, 0, 6, 1),
            "jours": int_slider("Jours terrain / an", 180, 150, 230, 5),
            "visites_jour": int_slider("Visites / jour", 4, 2, 6, 1),
        })

    @property
    def result(self) -> dict:
        v = self.values
        frequencies = {"A": v["freq_a"], "B": v["freq_b"], "C": v["freq_c"], "prospect": v["freq_p"]}
        return size_sales_force(self.counts, frequencies, v["jours"], v["visites_jour"])

    def _kpi_rows(self, result: dict) -> list[tuple[str, str]]:
        return [("Charge (visites / an)", fr_nombre(result["charge"])),
                ("Capacité d'un commercial", fr_nombre(result["capacite"])),
                ("Commerciaux nécessaires", fr_nombre(result["effectif"]))]

    def _bars(self, result: dict) -> dict[str, float]:
        return {z.split(" ")[0]: round(v, 2) for z, v in result["besoin_par_zone"].items()}

    @staticmethod
    def _bar_label(value: float) -> str:
        return fr_nombre(value, 2)


class SimulateurRemuneration(Simulator):
    """Sliders for the fixed salary, the commission on margin, the bonus and the employer rate; pay per representative."""

    title = "Rémunération brute annuelle par vendeur (€)"

    def __init__(self, reps: Mapping[str, tuple[float, bool]]):
        self.reps = reps
        super().__init__({
            "fixe": int_slider("Fixe annuel brut (€)", 24_000, 18_000, 40_000, 1_000),
            "commission": rate_slider("Commission sur la marge", 0.04, 0.10, 0.005),
            "prime": int_slider("Prime si objectif atteint (€)", 2_000, 0, 6_000, 500),
            "patronal": rate_slider("Cotisations patronales", 0.42, 0.60, 0.01),
        })

    @property
    def result(self) -> dict:
        v = self.values
        return pay_plan(self.reps, v["fixe"], v["commission"], v["prime"], v["patronal"])

    def _kpi_rows(self, result: dict) -> list[tuple[str, str]]:
        return [("Masse salariale brute", fr_euros(result["masse_brute"])),
                ("Coût pour l'employeur", fr_euros(result["cout_employeur"])),
                ("Part variable", fr_pourcent(result["part_variable"]))]

    def _bars(self, result: dict) -> dict[str, float]:
        return {name.split(" ")[0]: round(pay) for name, pay in result["remuneration"].items()}
