"""The report's charts as inline SVG and HTML, written directly (no plotting library, no image files).

One matplotlib figure per student cost about half a second each; an SVG of a
few dozen shapes costs microseconds and stays sharp when printed. Colours are
the levels' colours of the report; numbers are written by the kit formatter.
"""

from __future__ import annotations

import html

from .kit.nombres import fr_pourcent
from .mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure, Thresholds

LEVEL_COLORS = {
    ACQUIRED: "#2e7d32",
    IN_PROGRESS: "#f9a825",
    NOT_ACQUIRED: "#c62828",
    PENDING: "#1565c0",
    NOT_ASSESSED: "#9e9e9e",
    ABSENT: "#6a1b9a",
}
"""Colour of each level, shared by the bars, the grid and the legend."""

RATIO_STEPS = ((0.2, "#c62828"), (0.4, "#ef6c00"), (0.6, "#f9a825"), (0.8, "#9ccc65"), (1.01, "#2e7d32"))
"""Colour of a grid cell by the share of points (upper bound, colour)."""

_LABEL_W, _BAR_W, _ROW_H = 90, 420, 22


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _svg_open(label: str, width: float, height: float) -> str:
    return (
        f'<svg class="barres" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif" font-size="12">'
    )


def _shown_ratio(m: Measure) -> float:
    """The bar length: the ratio, or the share of points already graded while some are pending."""
    if m.ratio is not None:
        return m.ratio
    return m.score / m.max_score if m.max_score else 0.0


def criteria_bars(measures: list[Measure], t: Thresholds) -> str:
    """Horizontal bars: share of points per assessed criterion, coloured by level, with both thresholds."""
    shown = [m for m in measures if m.level != NOT_ASSESSED]
    height = _ROW_H * len(shown) + 44
    x0 = _LABEL_W
    parts = [_svg_open("Maîtrise par critère", x0 + _BAR_W + 70, height)]
    for i, m in enumerate(shown):
        y = 6 + i * _ROW_H
        ratio = max(0.0, min(1.0, _shown_ratio(m)))
        label = fr_pourcent(ratio, 0) + (" (à corriger)" if m.level == PENDING else "")
        parts.append(
            f'<text x="{x0 - 6}" y="{y + 14}" text-anchor="end">{_esc(m.code)}</text>'
            f'<rect x="{x0}" y="{y}" width="{_BAR_W}" height="{_ROW_H - 6}" fill="#f1f1f1"/>'
            f'<rect x="{x0}" y="{y}" width="{ratio * _BAR_W:.1f}" height="{_ROW_H - 6}" fill="{LEVEL_COLORS[m.level]}">'
            f"<title>{_esc(m.code)} : {_esc(m.level)}</title></rect>"
            f'<text x="{x0 + _BAR_W + 6}" y="{y + 14}">{_esc(label)}</text>'
        )
    bottom = 6 + len(shown) * _ROW_H
    for value, colour, dash, name in ((t.acquired, "#2e7d32", "6,3", "acquis"), (t.in_progress, "#f9a825", "2,3", "en cours")):
        x = x0 + value * _BAR_W
        parts.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{bottom}" stroke="{colour}" stroke-dasharray="{dash}"/>')
    parts.append(
        f'<text x="{x0}" y="{bottom + 22}" fill="#555">Tirets : seuil « acquis » ({_esc(fr_pourcent(t.acquired, 0))}) ; '
        f'pointillés : seuil « en cours » ({_esc(fr_pourcent(t.in_progress, 0))}). En bleu : à corriger.</text></svg>'
    )
    return "".join(parts)


def ratio_colour(ratio: float | None) -> str:
    """Background of a grid cell: red to green by share of points, grey when not available."""
    if ratio is None:
        return "#e0e0e0"
    for bound, colour in RATIO_STEPS:
        if ratio < bound:
            return colour
    return RATIO_STEPS[-1][1]


def levels_stacked(criteria: list[str], counts: dict[str, list[int]]) -> str:
    """Stacked horizontal bars: how many students reach each level on each criterion, with a legend."""
    total = max((sum(values[i] for values in counts.values()) for i in range(len(criteria))), default=0) or 1
    height = _ROW_H * len(criteria) + 40
    x0 = _LABEL_W
    parts = [_svg_open("Niveaux par critère", x0 + _BAR_W + 20, height)]
    for i, code in enumerate(criteria):
        y = 6 + i * _ROW_H
        x = float(x0)
        parts.append(f'<text x="{x0 - 6}" y="{y + 14}" text-anchor="end">{_esc(code)}</text>')
        for level, values in counts.items():
            if not values[i]:
                continue
            width = values[i] / total * _BAR_W
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_ROW_H - 6}" fill="{LEVEL_COLORS[level]}">'
                f"<title>{_esc(code)} — {_esc(level)} : {values[i]}</title></rect>"
            )
            if width > 18:
                parts.append(f'<text x="{x + width / 2:.1f}" y="{y + 13}" text-anchor="middle" fill="#fff">{values[i]}</text>')
            x += width
    legend_y = 6 + len(criteria) * _ROW_H + 16
    x = float(x0)
    for level in counts:
        parts.append(f'<rect x="{x:.0f}" y="{legend_y - 10}" width="10" height="10" fill="{LEVEL_COLORS[level]}"/>'
                     f'<text x="{x + 14:.0f}" y="{legend_y}">{_esc(level)}</text>')
        x += 28 + 7 * len(level)
    parts.append("</svg>")
    return "".join(parts)
