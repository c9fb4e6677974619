"""Numbers written as a French reader reads them: the one formatter of the package.

Thousands are separated by a narrow no-break space (U+202F), decimals by a comma,
and a narrow no-break space stands before « % » and « € »: ``5 726 €``,
``12,5 %``, ``1,77 M€``. Lessons, checks, widgets, revision quizzes and reports
all write numbers through these functions.
"""

from __future__ import annotations

import math
import re

NNBSP = "\u202f"
"""Narrow no-break space: thousands separator and space before a unit sign."""

DASH = "—"
"""What a missing or undefined value (None, NaN) is written as."""


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _grouped(value: float, decimales: int) -> str:
    text = f"{value:,.{decimales}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def fr_nombre(value: float | None, decimales: int | None = None, *, zeros: bool = True) -> str:
    """A number in French notation: ``12 500``, ``0,048``, ``3,14``.

    ``decimales`` fixes the number of decimals; ``None`` chooses: no decimals for
    a whole number or from 1 000 up, four significant digits below.
    ``zeros=False`` drops trailing zeros of the decimals (``0,375`` rather than
    ``0,3750``).
    """
    if _missing(value):
        return DASH
    value = float(value)
    if decimales is None:
        if abs(value) >= 1000 or value == int(value):
            decimales = 0
        else:
            text = f"{value:.4g}"
            if "e" in text:
                text = f"{value:.6f}".rstrip("0")
            return text.replace(".", ",")
    text = _grouped(value, decimales)
    if not zeros and "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in ("-0", "") else text


def fr_pourcent(proportion: float | None, decimales: int = 1) -> str:
    """A proportion (0.125) written as a percentage: ``12,5 %``."""
    if _missing(proportion):
        return DASH
    return f"{fr_nombre(float(proportion) * 100, decimales)}{NNBSP}%"


def fr_points(difference: float | None, decimales: int = 1) -> str:
    """A difference of two proportions in percentage points: ``+1,6 point``, ``−2,0 points``."""
    if _missing(difference):
        return DASH
    value = float(difference) * 100
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    text = fr_nombre(abs(value), decimales)
    unit = "point" if abs(round(value, decimales)) < 2 else "points"
    return f"{sign}{text}{NNBSP}{unit}"


def fr_euros(value: float | None, decimales: int = 0) -> str:
    """An amount in euros: ``5 726 €``, ``0,50 €`` (``decimales=2``)."""
    if _missing(value):
        return DASH
    return f"{fr_nombre(float(value), decimales)}{NNBSP}€"


def fr_euros_auto(value: float | None) -> str:
    """An amount with cents below 100 € and whole euros above: ``12,50 €``, ``4 380 €``."""
    if _missing(value):
        return DASH
    return fr_euros(value, 2 if abs(float(value)) < 100 else 0)


def fr_montant(value: float | None, decimales: int = 2) -> str:
    """A large amount shortened: ``1,77 M€``, ``845 k€`` (below 1 000 €, euros with cents under 100 €)."""
    if _missing(value):
        return DASH
    value = float(value)
    if abs(value) >= 1_000_000:
        return f"{fr_nombre(value / 1_000_000, decimales)}{NNBSP}M€"
    if abs(value) >= 1_000:
        return f"{fr_nombre(value / 1_000, 0)}{NNBSP}k€"
    return fr_euros_auto(value)


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_nombre(text: str) -> float:
    """Read a number typed by a learner: ``33,3``, ``33.3 %``, ``1 200 €``, ``-12``.

    Raises ``ValueError`` with a French message when the text is not a number.
    """
    cleaned = str(text).strip().replace("−", "-")
    for noise in ("%", "€", "\u00a0", NNBSP, " "):
        cleaned = cleaned.replace(noise, "")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"« {text} » n'est pas un nombre : écrivez par exemple 33,3")
    return float(cleaned.replace(",", "."))
