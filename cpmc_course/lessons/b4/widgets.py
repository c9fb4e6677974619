"""PERT/Gantt explorer: one slider per task duration; every critical path (ties included) and the Gantt chart follow."""

from __future__ import annotations

import html

import pandas as pd

from ...kit.nombres import fr_nombre
from ...kit.widgets import int_slider
from .pert import Planning, planifier, tracer_gantt


class PertExplorer:
    """Move a task's duration: the project duration, the critical path and the floats are recomputed."""

    def __init__(self, taches: pd.DataFrame, codes: list[str] | None = None):
        import ipywidgets as widgets

        self.taches = taches
        codes = codes or list(taches["code"])
        base = dict(zip(taches["code"], taches["duree"]))
        self.sliders = {c: int_slider(f"Durée de {c}", int(base[c]), 1, int(base[c]) * 3, 1) for c in codes}
        """One slider per explored task (working days)."""
        self.summary = widgets.HTML()
        self.chart = widgets.Output()
        for s in self.sliders.values():
            s.observe(self._refresh, names="value")
        self.widget = widgets.HBox([widgets.VBox(list(self.sliders.values())), widgets.VBox([self.summary, self.chart])])
        self._refresh()

    @property
    def planning(self) -> Planning:
        """The planning for the current durations."""
        return planifier(self.taches, {c: s.value for c, s in self.sliders.items()})

    def _refresh(self, change=None) -> None:
        import matplotlib.pyplot as plt

        p = self.planning
        self.summary.value = (
            f"<b>Durée du projet : {html.escape(fr_nombre(p.duree, 0))} jours ouvrés</b>"
            + "".join(f"<br>Chemin critique : {html.escape(' → '.join(c))}" for c in p.chemins)
            + (f"<br><i>{len(p.chemins)} chemins critiques à égalité</i>" if len(p.chemins) > 1 else "")
        )
        self.chart.clear_output(wait=True)
        with self.chart:
            fig, ax = plt.subplots(figsize=(8, 4))
            tracer_gantt(p.dates, ax=ax)
            plt.show()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
