"""Item analysis checked against hand-computed values and scipy."""

from __future__ import annotations

import pytest
from scipy import stats as sps

from cpmc_course.items import (
    FLAG_EVERYBODY, FLAG_FEW, FLAG_NEAR_ZERO, FLAG_NEGATIVE, FLAG_NOBODY, ItemStats, analyse, item_rows,
)
from cpmc_course.mapping import AUTO, MANUAL, GradedCell, Mapping
from cpmc_course.records import CellGrade

CELLS = (
    GradedCell("a", "nb", "q1", 1, AUTO, "B5", ("B5.CE35",), ("C35",)),
    GradedCell("a", "nb", "q2", 2, AUTO, "B5", ("B5.CE35",), ("C35",)),
    GradedCell("a", "nb", "q3", 4, MANUAL, "B5", ("B5.CE36",), ("C36",)),
)
# student -> scores of q1, q2, q3
SCORES = {
    "s1": (1, 2, 4), "s2": (1, 2, 3), "s3": (1, 0, 3), "s4": (0, 2, 1),
    "s5": (0, 0, 1), "s6": (1, 0, 0), "s7": (0, 0, 2),
}


def _grades(scores=SCORES, pending=()):
    return [
        CellGrade(s, "a", "nb", c.grade_id, None if (s, c.grade_id) in pending else float(v), c.points)
        for s, values in scores.items()
        for c, v in zip(CELLS, values)
    ]


def _by_item(stats):
    return {s.item: s for s in stats}


def test_difficulty_is_the_mean_share_of_points():
    stats = _by_item(analyse(Mapping(CELLS), _grades()))
    assert stats["nb/q1"].difficulty == pytest.approx(4 / 7)  # 4 of 7 copies score it
    assert stats["nb/q2"].difficulty == pytest.approx(3 / 7)  # 3 copies × 2 points out of 7 × 2
    assert stats["nb/q3"].difficulty == pytest.approx(14 / 28)
    assert stats["B5.CE35"].difficulty == pytest.approx((4 + 6) / 21)  # q1 + q2 out of 7 × 3
    assert all(s.n == 7 for s in stats.values())


def test_discrimination_is_the_corrected_item_total_correlation():
    stats = _by_item(analyse(Mapping(CELLS), _grades()))
    q1 = [v[0] for v in SCORES.values()]
    rest = [v[1] + v[2] for v in SCORES.values()]
    expected = sps.pointbiserialr(q1, rest).statistic  # q1 is all or nothing: point-biserial
    assert stats["nb/q1"].discrimination == pytest.approx(expected)
    q3 = [v[2] / 4 for v in SCORES.values()]
    rest3 = [v[0] + v[1] for v in SCORES.values()]
    assert stats["nb/q3"].discrimination == pytest.approx(sps.pearsonr(q3, rest3).statistic)


def test_upper_minus_lower_groups_of_27_percent():
    stats = _by_item(analyse(Mapping(CELLS), _grades()))
    # totals: s1 7, s2 6, s3 4, s4 3, s5 1, s6 1, s7 2 → 27 % of 7 copies = 2 per group
    # upper: s1, s2 (q1 = 1, 1); lower: s5, s6 (q1 = 0, 1) — ties broken by order of copies
    assert stats["nb/q1"].upper_lower == pytest.approx(1.0 - 0.5)


def test_copies_awaiting_a_manual_grade_are_left_out():
    stats = _by_item(analyse(Mapping(CELLS), _grades(pending={("s1", "q3")})))
    assert stats["nb/q1"].n == 6
    assert stats["nb/q1"].difficulty == pytest.approx(3 / 6)


def test_flags():
    assert ItemStats("a", "x", "cellule", 1, 4, 0.5, 0.5, 0.5).flags == (FLAG_FEW,)
    assert ItemStats("a", "x", "cellule", 1, 30, 0.0, None, 0.0).flags == (FLAG_NOBODY,)
    assert ItemStats("a", "x", "cellule", 1, 30, 1.0, None, 0.0).flags == (FLAG_EVERYBODY,)
    assert ItemStats("a", "x", "cellule", 1, 30, 0.5, -0.3, -0.2).flags == (FLAG_NEGATIVE,)
    assert ItemStats("a", "x", "cellule", 1, 30, 0.5, 0.05, 0.1).flags == (FLAG_NEAR_ZERO,)
    assert ItemStats("a", "x", "cellule", 1, 30, 0.5, -0.05, 0.1).flags == (FLAG_NEAR_ZERO,)
    assert ItemStats("a", "x", "cellule", 1, 30, 0.6, 0.45, 0.5).flags == ()


def test_an_item_everybody_passes_has_no_correlation_and_is_flagged():
    scores = {s: (1, *v[1:]) for s, v in SCORES.items()}
    q1 = _by_item(analyse(Mapping(CELLS), _grades(scores)))["nb/q1"]
    assert q1.difficulty == 1 and q1.discrimination is None and FLAG_EVERYBODY in q1.flags
    row = item_rows((q1,))[0]
    assert row[7] == "" and row[9] == FLAG_EVERYBODY
