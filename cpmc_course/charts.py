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

LEVEL_TEXT = {IN_PROGRESS: "#222222", NOT_ASSESSED: "#222222"}
"""Text written on a bar of a light level colour (white on the others): at least 4,5:1."""

RATIO_STEPS = ((0.2, "#c62828", "#ffffff"), (0.4, "#ef6c00", "#222222"), (0.6, "#f9a825", "#222222"),
               (0.8, "#9ccc65", "#222222"), (1.01, "#2e7d32", "#ffffff"))
"""Colours of a grid cell by the share of points (upper bound, background, text): every text at least 4,5:1
(WCAG AA, checked by ``tests/pages/test_contrast.py``)."""

NO_RATIO = ("#e0e0e0", "#222222")
"""Background and text of a grid cell without a share (pending or not assessed)."""

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
    height = _ROW_H * len(shown) + 60
    x0 = _LABEL_W
    parts = [_svg_open("Maîtrise par critère", x0 + _BAR_W + 130, height)]  # room for « 38 % (à corriger) »
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
        f'<text x="6" y="{bottom + 20}" fill="#555">Tirets : seuil « acquis » ({_esc(fr_pourcent(t.acquired, 0))}) ; '
        f'pointillés : seuil « en cours » ({_esc(fr_pourcent(t.in_progress, 0))}).</text>'
        f'<text x="6" y="{bottom + 36}" fill="#555">En bleu : à corriger.</text></svg>'
    )
    return "".join(parts)


def ratio_colours(ratio: float | None) -> tuple[str, str]:
    """Background and text colour of a grid cell: red to green by share of points, grey when not available."""
    if ratio is None:
        return NO_RATIO
    for bound, background, text in RATIO_STEPS:
        if ratio < bound:
            return background, text
    return RATIO_STEPS[-1][1:]


def levels_stacked(criteria: list[str], counts: dict[str, list[int]]) -> str:
    """Stacked horizontal bars: how many students reach each level on each criterion, with a legend."""
    total = max((sum(values[i] for values in counts.values()) for i in range(len(criteria))), default=0) or 1
    height = _ROW_H * len(criteria) + 58
    x0 = _LABEL_W
    width = x0 + _BAR_W + 20
    parts = [_svg_open("Niveaux par critère", width, height)]
    for i, code in enumerate(criteria):
        y = 6 + i * _ROW_H
        x = float(x0)
        parts.append(f'<text x="{x0 - 6}" y="{y + 14}" text-anchor="end">{_esc(code)}</text>')
        for level, values in counts.items():
            if not values[i]:
                continue
            bar = values[i] / total * _BAR_W
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{bar:.1f}" height="{_ROW_H - 6}" fill="{LEVEL_COLORS[level]}">'
                f"<title>{_esc(code)} — {_esc(level)} : {values[i]}</title></rect>"
            )
            if bar > 18:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                             f'fill="{LEVEL_TEXT.get(level, "#ffffff")}">{values[i]}</text>')
            x += bar
    legend_y = 6 + len(criteria) * _ROW_H + 16
    x = 6.0
    for level in counts:
        step = 28 + 7 * len(level)
        if x + step > width:  # a legend that does not fit goes on to a second line, never cut
            x, legend_y = 6.0, legend_y + 18
        parts.append(f'<rect x="{x:.0f}" y="{legend_y - 10}" width="10" height="10" fill="{LEVEL_COLORS[level]}"/>'
                     f'<text x="{x + 14:.0f}" y="{legend_y}">{_esc(level)}</text>')
        x += step
    parts.append("</svg>")
    return "".join(parts)
