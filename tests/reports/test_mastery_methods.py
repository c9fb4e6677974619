"""Mastery across several evaluations: each method of autograder/cpmc.toml at its boundaries."""

from __future__ import annotations

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.mapping import AUTO, GradedCell
from cpmc_course.mastery import (
    ACQUIRED, BEST, CUMUL, DECAYING, IN_PROGRESS, LATEST, MEAN, N_TIMES, NOT_ACQUIRED, NOT_ASSESSED, PENDING,
    Thresholds, combine, load_thresholds, measure_cells,
)
from cpmc_course.records import CellGrade

CODE = "B5.CE35"
# three evaluations of CE35: a mock exam (10 points), the épreuve (10 points), a retake (20 points)
CELLS = [
    GradedCell("b5_blanc", "nb", "q", 10, AUTO, "B5", (CODE,), ("C35",)),
    GradedCell("b5_epreuve", "nb", "q", 10, AUTO, "B5", (CODE,), ("C35",)),
    GradedCell("b5_rattrapage", "nb", "q", 20, AUTO, "B5", (CODE,), ("C35",)),
]
WHEN = {"b5_blanc": "2026-03-01T09:00:00", "b5_epreuve": "2026-06-01T09:00:00", "b5_rattrapage": "2026-09-01T09:00:00"}


def _measure(scores: dict[str, float | None], method: str, **kw):
    grades = {
        ("s", a, "nb", "q"): CellGrade("s", a, "nb", "q", score, cell.points, submitted_at=WHEN[a])
        for cell in CELLS for a, score in scores.items() if cell.assignment == a
    }
    return measure_cells("s", CODE, CELLS, grades, Thresholds(method=method, **kw), "B5")


def test_cumul_pools_all_points_as_before():
    m = _measure({"b5_blanc": 2, "b5_epreuve": 10, "b5_rattrapage": 12}, CUMUL)
    assert (m.score, m.max_score, m.level) == (24, 40, ACQUIRED)  # 24 / 40 = 60 %: exactly the threshold
    m = _measure({"b5_blanc": 2, "b5_epreuve": 10, "b5_rattrapage": 11.5}, CUMUL)
    assert m.level == IN_PROGRESS  # 23.5 / 40 = 58,75 %


def test_best_takes_the_highest_ratio():
    assert _measure({"b5_blanc": 6, "b5_epreuve": 2}, BEST).level == ACQUIRED  # 60 % on the mock exam
    assert _measure({"b5_blanc": 5.9, "b5_epreuve": 2}, BEST).level == IN_PROGRESS
    m = _measure({"b5_blanc": 6, "b5_epreuve": 2}, BEST)
    assert m.ratio == pytest.approx(0.6)


def test_latest_follows_the_hand_in_date_not_the_name():
    # the retake (September) is the latest even though « rattrapage » sorts after « epreuve » anyway;
    # swap the dates to show that the date decides
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 7.8}, LATEST).level == NOT_ACQUIRED  # 39 %
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 8}, LATEST).level == IN_PROGRESS  # 40 %
    WHEN["b5_rattrapage"], WHEN["b5_epreuve"] = WHEN["b5_epreuve"], WHEN["b5_rattrapage"]
    try:
        assert _measure({"b5_epreuve": 10, "b5_rattrapage": 7.8}, LATEST).level == ACQUIRED
    finally:
        WHEN["b5_rattrapage"], WHEN["b5_epreuve"] = WHEN["b5_epreuve"], WHEN["b5_rattrapage"]


def test_mean_of_ratios_not_of_points():
    # 100 % on 10 points and 20 % on 20 points: mean of ratios 60 % (acquis); pooled, 14 of the 40 points
    # of all three subjects (the mock exam not taken counts 0): 35 %
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 4}, MEAN).level == ACQUIRED
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 4}, CUMUL).level == NOT_ACQUIRED
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 3.9}, MEAN).level == IN_PROGRESS


def test_decaying_average_weights_the_latest():
    # 0.65 × latest + 0.35 × mean(earlier): 0.65 × 0.6 + 0.35 × mean(0.2, 1.0) = 0.39 + 0.21 = 0.60
    m = _measure({"b5_blanc": 2, "b5_epreuve": 10, "b5_rattrapage": 12}, DECAYING)
    assert m.ratio == pytest.approx(0.6) and m.level == ACQUIRED
    assert _measure({"b5_blanc": 2, "b5_epreuve": 10, "b5_rattrapage": 11.8}, DECAYING).level == IN_PROGRESS
    assert _measure({"b5_epreuve": 10, "b5_rattrapage": 12}, DECAYING, recent_weight=1.0).ratio == pytest.approx(0.6)
    assert combine([0.9], Thresholds(method=DECAYING)) == (0.9, True)


def test_n_times_needs_n_evaluations_at_mastery():
    twice = {"b5_blanc": 6, "b5_epreuve": 7, "b5_rattrapage": 4}
    m = _measure(twice, N_TIMES, n_times=2)
    assert m.level == ACQUIRED and m.ratio == pytest.approx((0.6 + 0.7) / 2)
    assert _measure(twice, N_TIMES, n_times=3).level == IN_PROGRESS  # best 70 % but only twice at mastery
    once = {"b5_blanc": 5.9, "b5_epreuve": 10, "b5_rattrapage": 4}
    assert _measure(once, N_TIMES, n_times=2).level == IN_PROGRESS
    low = {"b5_blanc": 3, "b5_epreuve": 3.9}
    assert _measure(low, N_TIMES, n_times=1).level == NOT_ACQUIRED


def test_pending_and_not_assessed_whatever_the_method():
    for method in (BEST, LATEST, MEAN, DECAYING, N_TIMES):
        assert _measure({"b5_blanc": 10, "b5_epreuve": None}, method).level == PENDING
        assert _measure({}, method).level == NOT_ASSESSED
        assert _measure({"b5_epreuve": 6}, method, n_times=1).level == ACQUIRED  # one evaluation: its ratio
    assert _measure({"b5_epreuve": 6}, N_TIMES, n_times=2).level == IN_PROGRESS  # once is not twice


def test_configuration_is_read_and_checked(tmp_path):
    path = tmp_path / "cpmc.toml"
    path.write_text('[maitrise]\nmethode = "moyenne_decroissante"\npoids_recent = 0.7\nn_fois = 3\n', encoding="utf-8")
    t = load_thresholds(path)
    assert (t.method, t.recent_weight, t.n_times) == (DECAYING, 0.7, 3)
    assert "70" in t.method_label
    path.write_text('[maitrise]\nmethode = "mediane"\n', encoding="utf-8")
    with pytest.raises(CpmcError, match="Méthode de calcul inconnue"):
        load_thresholds(path)
    path.write_text('[maitrise]\nn_fois = 0\n', encoding="utf-8")
    with pytest.raises(CpmcError, match="n_fois"):
        load_thresholds(path)
    path.write_text('[maitrise]\npoids_recent = 1.5\n', encoding="utf-8")
    with pytest.raises(CpmcError, match="poids_recent"):
        load_thresholds(path)


def test_the_shipped_configuration_is_valid():
    from pathlib import Path

    t = load_thresholds(Path(__file__).resolve().parents[2] / "autograder" / "cpmc.toml")
    assert t.method == CUMUL and t.acquired == 0.6
