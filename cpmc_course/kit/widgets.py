"""Interactive simulators of the lessons: sliders with French readouts feeding a pure function.

A simulator subclass lists its sliders (built with :func:`rate_slider`,
:func:`int_slider` or :func:`slider`), computes its result from the slider
values, and says which KPI rows and bars to show; :class:`Simulator` redraws the
KPI table and the bar chart on every change. Readouts, KPIs and bar labels are
written by :mod:`cpmc_course.kit.nombres`.
"""

from __future__ import annotations

import html
from typing import Any, Callable

from .nombres import fr_nombre, fr_pourcent

MUTED = "#b8bec7"
"""Colour of the simulators' bars (grey: the numbers carry the message)."""


def _count(value: float) -> str:
    return fr_nombre(value, 0)


def _kpi_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{html.escape(k)}</td><td style='text-align:right'><b>{html.escape(v)}</b></td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


class Simulator:
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


def slider(kind: str, description: str, value: float, minimum: float, maximum: float, step: float, fmt: Callable[[float], str]):
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


def rate_slider(description: str, value: float, maximum: float, step: float):
    """A slider over a proportion (0 to ``maximum``), read out as a French percentage."""
    return slider("float", description, value, 0.0, maximum, step, fr_pourcent)


def int_slider(description: str, value: int, minimum: int, maximum: int, step: int):
    """A slider over whole numbers, read out with French thousands separators."""
    return slider("int", description, value, minimum, maximum, step, _count)
