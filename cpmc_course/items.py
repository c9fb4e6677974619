"""Item analysis: how hard each graded cell (and each criterion) was, and whether it separates strong from weak copies.

For each assignment, over the copies whose cells are all graded (a copy with a
written answer awaiting its grade is left out until it is graded):

* difficulty (« indice de réussite ») — the mean share of the item's points;
* discrimination — the corrected item-total correlation: Pearson's r between
  the item's share and the copy's score on the *other* items of the
  assignment (the point-biserial coefficient when the item is all or
  nothing); ``None`` when either side does not vary;
* upper-minus-lower — the item's mean share in the best 27 % of copies minus
  that in the weakest 27 % (ranked by total score).

Items are flagged for the instructor when nobody or everybody succeeds, when
discrimination is negative or near zero, or when too few copies are graded.
Pure functions over the package's records (the standard library's
``statistics.correlation`` computes r).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from .mapping import GradedCell, Mapping
from .records import CellGrade

MIN_COPIES = 5
"""Below this number of fully graded copies, no index is interpreted."""
NEAR_ZERO = 0.1
"""Discrimination below this (in absolute value) does not separate strong from weak copies."""
GROUP_SHARE = 0.27
"""Share of copies in the upper and lower groups (Kelley's 27 %)."""

FLAG_NOBODY = "réussi par personne"
FLAG_EVERYBODY = "réussi par tous"
FLAG_NEGATIVE = "discrimination négative"
FLAG_NEAR_ZERO = "discrimination quasi nulle"
FLAG_FEW = "trop peu de copies"


@dataclass(frozen=True)
class ItemStats:
    """Indices of one graded cell, or of one criterion within one assignment."""

    assignment: str
    item: str
    """``notebook/grade_id`` for a cell, the qualified criterion code for a criterion."""
    kind: str
    """``cellule`` or ``critère``."""
    points: float
    n: int
    """Number of fully graded copies the indices are computed on."""
    difficulty: float | None
    """Mean share of the points (0 = nobody scores, 1 = everybody scores all)."""
    discrimination: float | None
    """Corrected item-total correlation (−1 to 1)."""
    upper_lower: float | None
    """Mean share in the upper 27 % minus mean share in the lower 27 %."""
    criteria: tuple[str, ...] = ()
    """Criteria the cell evidences (empty for a criterion row)."""

    @property
    def flags(self) -> tuple[str, ...]:
        """Why the instructor should look at this item (empty when nothing is wrong)."""
        if self.n < MIN_COPIES:
            return (FLAG_FEW,)
        flags = []
        if self.difficulty is not None and self.difficulty <= 0:
            flags.append(FLAG_NOBODY)
        if self.difficulty is not None and self.difficulty >= 1:
            flags.append(FLAG_EVERYBODY)
        if self.discrimination is not None:
            if self.discrimination < 0 and abs(self.discrimination) >= NEAR_ZERO:
                flags.append(FLAG_NEGATIVE)
            elif abs(self.discrimination) < NEAR_ZERO:
                flags.append(FLAG_NEAR_ZERO)
        return tuple(flags)


def _r(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def _upper_lower(shares: list[float], totals: list[float]) -> float | None:
    k = max(1, math.floor(len(totals) * GROUP_SHARE + 0.5))
    if len(totals) < 2 * k:
        return None
    order = sorted(range(len(totals)), key=lambda i: totals[i])
    low, high = order[:k], order[-k:]
    return statistics.fmean(shares[i] for i in high) - statistics.fmean(shares[i] for i in low)


def _stats(assignment: str, item: str, kind: str, points: float, item_scores: list[float], totals: list[float],
           criteria: tuple[str, ...] = ()) -> ItemStats:
    n = len(item_scores)
    if n == 0 or points <= 0:
        return ItemStats(assignment, item, kind, points, n, None, None, None, criteria)
    shares = [s / points for s in item_scores]
    rest = [total - s for total, s in zip(totals, item_scores)]
    return ItemStats(assignment, item, kind, points, n, statistics.fmean(shares), _r(shares, rest),
                     _upper_lower(shares, totals), criteria)


def analyse(mapping: Mapping, grades: list[CellGrade]) -> tuple[ItemStats, ...]:
    """Indices of every graded cell and of every criterion, assignment by assignment."""
    by_copy: dict[tuple[str, str], dict[tuple[str, str, str], CellGrade]] = {}
    for g in grades:
        by_copy.setdefault((g.assignment, g.student_id), {})[g.key] = g
    results: list[ItemStats] = []
    for assignment in mapping.assignments:
        cells = [c for c in mapping.cells if c.assignment == assignment]
        copies = []
        for (a, _student), own in sorted(by_copy.items()):
            if a != assignment:
                continue
            if any(own.get(c.key) is not None and own[c.key].pending for c in cells):
                continue  # a written answer awaits its grade
            copies.append({c.key: min(own[c.key].score, c.points) if c.key in own else 0.0 for c in cells})
        totals = [sum(copy.values()) for copy in copies]
        for c in cells:
            results.append(_stats(assignment, f"{c.notebook}/{c.grade_id}", "cellule", c.points,
                                  [copy[c.key] for copy in copies], totals, c.criteria))
        for code in sorted({code for c in cells for code in c.criteria}):
            tagged: list[GradedCell] = [c for c in cells if code in c.criteria]
            points = sum(c.points for c in tagged)
            scores = [sum(copy[c.key] for c in tagged) for copy in copies]
            results.append(_stats(assignment, code, "critère", points, scores, totals))
    return tuple(results)


ITEM_COLUMNS = ["assignment", "kind", "item", "criteria", "points", "n", "difficulty", "discrimination", "upper_lower", "flags"]


def item_rows(stats: tuple[ItemStats, ...]) -> list[list[str]]:
    """Rows of ``items.csv`` (numbers rounded to 4 decimals, empty when undefined)."""
    def num(value: float | None) -> str:
        return "" if value is None else f"{round(value, 4):g}"

    return [
        [s.assignment, s.kind, s.item, " ".join(s.criteria), f"{s.points:g}", str(s.n), num(s.difficulty),
         num(s.discrimination), num(s.upper_lower), " ; ".join(s.flags)]
        for s in stats
    ]
