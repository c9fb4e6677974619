"""Text contrast of the pages (issue 27 item 5): every text colour at least 4,5:1, by the WCAG 2.x formula.

The formula is written here, independently of the package: relative luminance of sRGB colours, ratio
(L1 + 0,05) / (L2 + 0,05). It finds the ratios axe-core reported on the old heat map (#222 on #2e7d32: 3,1:1,
on #c62828: 2,82:1) before checking the colours the pages use now.
"""

from __future__ import annotations

import re

import pytest

from cpmc_course import charts
from cpmc_course.views.templating import stylesheet

WHITE = "#ffffff"
AA = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    r, g, b = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_finds_the_ratios_axe_reported():
    assert contrast("#222222", "#2e7d32") == pytest.approx(3.1, abs=0.02)
    assert contrast("#222222", "#c62828") == pytest.approx(2.82, abs=0.02)
    assert contrast("#000", WHITE) == pytest.approx(21.0)


@pytest.mark.parametrize("bound, background, text", charts.RATIO_STEPS + ((None, *charts.NO_RATIO),))
def test_heat_map_text_passes_on_every_background(bound, background, text):
    assert contrast(text, background) >= AA, (bound, background, text)
    assert charts.ratio_colours(None if bound is None else bound - 0.01) == (background, text)


@pytest.mark.parametrize("level", list(charts.LEVEL_COLORS))
def test_numbers_written_on_level_bars_pass(level):
    assert contrast(charts.LEVEL_TEXT.get(level, WHITE), charts.LEVEL_COLORS[level]) >= AA, level


_TEXT_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def test_every_text_colour_of_the_stylesheet_passes_on_white():
    """The one stylesheet of every page (views/templates/cpmc.css): report, student, feedback, grading and jury sheets."""
    colours = set(_TEXT_COLOUR.findall(stylesheet()))
    assert len(colours) >= 10
    failing = {c: round(contrast(c, WHITE), 2) for c in colours if contrast(c, WHITE) < AA}
    assert failing == {}, failing
