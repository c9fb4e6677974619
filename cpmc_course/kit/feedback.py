"""French feedback of the exercise checks: empty, right, or a targeted hint; never an exception."""

from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass
from numbers import Real
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .nombres import NNBSP, fr_nombre, parse_nombre

NBSP = "\u00a0"

EMPTY = "vide"
RIGHT = "juste"
WRONG = "à revoir"

NO_ANSWER = "Pas encore de réponse : complétez la cellule précédente (remplacez None), puis réexécutez cette cellule."

_COLOURS = {EMPTY: ("#f3f4f6", "#6b7280"), RIGHT: ("#ecfdf5", "#047857"), WRONG: ("#fff7ed", "#c2410c")}


@dataclass(frozen=True)
class Feedback:
    """The result of a check, displayed by Jupyter as a coloured French message."""

    status: str
    """``"vide"`` (no answer yet), ``"juste"`` or ``"à revoir"``."""
    message: str
    """What the learner reads: praise with the interpretation, or a hint."""

    @property
    def right(self) -> bool:
        """True when the answer is accepted."""
        return self.status == RIGHT

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        background, border = _COLOURS[self.status]
        return (
            f'<div style="background:{background};border-left:4px solid {border};'
            f'padding:6px 10px;margin:4px 0">{html.escape(self.message)}</div>'
        )


def no_answer() -> Feedback:
    """The feedback for ``reponse = None``: the exercise is not done yet."""
    return Feedback(EMPTY, NO_ANSWER)


def accepted(message: str) -> Feedback:
    """A right answer: "Bravo !" followed by what the result means."""
    return Feedback(RIGHT, "Bravo ! " + message)


def rejected(message: str) -> Feedback:
    """A wrong or malformed answer: "Pas encore." followed by the hint."""
    return Feedback(WRONG, "Pas encore. " + message)


def _as_number(answer: Any) -> float | None:
    """The answer as a float, or None when it is not a single number."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).ravel()[0]
    if isinstance(answer, (Real, np.number)):
        value = float(answer)
        return value if math.isfinite(value) else None
    return None


def not_a_number(answer: Any) -> str:
    """Why ``answer`` is not a number, in words a beginner acts on (a comma as decimal separator above all)."""
    if isinstance(answer, tuple) and answer and all(_as_number(v) is not None for v in answer):
        shown = ", ".join(fr_nombre(float(v)).replace(",", ".").replace(NNBSP, "") for v in answer)
        return (f"Votre réponse est une suite de {len(answer)} valeurs ({shown}) et non un nombre{NBSP}: en Python, "
                "la virgule sépare des valeurs. Écrivez les décimales avec un point (14.90, pas 14,90), puis "
                "réexécutez la cellule.")
    if isinstance(answer, str):
        try:
            parse_nombre(answer)
        except ValueError:
            return (f"Votre réponse est un texte («{NBSP}{answer}{NBSP}») : la réponse attendue est un nombre, "
                    "écrit sans guillemets et avec un point pour les décimales (par exemple 12.5).")
        typed = answer.strip().replace(",", ".")
        return (f"Votre réponse est un texte entre guillemets («{NBSP}{answer}{NBSP}») et non un nombre{NBSP}: "
                f"écrivez le nombre lui-même, sans guillemets et avec un point pour les décimales (par exemple {typed}), "
                "ou le calcul qui le donne.")
    return f"La réponse doit être un seul nombre (par exemple 0.25), pas un objet de type {type(answer).__name__}."


def _close(a: float, b: float, rel_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-9)


def check_number(
    answer: Any,
    expected: float,
    *,
    success: str,
    traps: Iterable[tuple[float, str]] = (),
    hint: str,
    rate: bool = False,
    rel_tol: float = 0.005,
) -> Feedback:
    """Compare a numeric answer with the expected value.

    ``traps`` pairs the value a plausible mistake gives with the hint that
    addresses it (the closest trap wins when several are within tolerance); ``rate`` adds the hint for a percentage typed instead of a
    proportion. ``rel_tol`` (0.5 %) accepts sensible rounding.
    """
    if answer is None:
        return no_answer()
    value = _as_number(answer)
    if value is None:
        return rejected(not_a_number(answer))
    if _close(value, expected, rel_tol):
        return accepted(success)
    matching = [
        (abs(value - trap) / max(abs(trap), 1e-12), trap_hint)
        for trap, trap_hint in traps
        if _close(value, trap, rel_tol) and not _close(trap, expected, rel_tol)
    ]
    if matching:
        return rejected(min(matching, key=lambda pair: pair[0])[1])
    if rate and _close(value, expected * 100, rel_tol):
        return rejected(
            "Votre calcul est juste, mais exprimé en pourcentage : la réponse attendue est une "
            "proportion entre 0 et 1 (0.05 plutôt que 5)."
        )
    return rejected(f"Vous obtenez {fr_nombre(value)}. {hint}")


def _normalise(text: str) -> str:
    """Lower case, no accents, no spaces, dashes or quotes: for comparing labels."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def check_choice(
    answer: Any,
    expected: str,
    *,
    options: Iterable[str],
    success: str,
    hints: dict[str, str] | None = None,
) -> Feedback:
    """Check a multiple-choice answer (a letter or a label), ignoring case and accents.

    ``hints`` maps a wrong option to the explanation of why it is wrong.
    """
    if answer is None:
        return no_answer()
    options = list(options)
    given = _normalise(answer) if isinstance(answer, str) else None
    valid = {_normalise(o): o for o in options}
    if given not in valid:
        return rejected("Répondez par l'une des options proposées : " + ", ".join(repr(o) for o in options) + ".")
    if valid[given] == expected:
        return accepted(success)
    hints = hints or {}
    return rejected(hints.get(valid[given], "Relisez l'énoncé et les options."))
