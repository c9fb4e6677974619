"""Levels, bloc statuses and certification: every threshold at its boundary."""

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.records import CellGrade
from cpmc_course.mapping import GradedCell, Mapping
from cpmc_course.mastery import (
    ACQUIRED, AWAITING, CERTIFIED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, NOT_CERTIFIED, NOT_VALIDATED,
    PENDING, UNDECIDED, VALIDATED, Thresholds, assess, bloc_status, certification, level, load_thresholds,
)
from cpmc_course.referential import load_referential

T = Thresholds()


@pytest.mark.parametrize("score, expected", [
    (10, ACQUIRED), (6, ACQUIRED), (5.99, IN_PROGRESS), (4, IN_PROGRESS), (3.99, NOT_ACQUIRED), (0, NOT_ACQUIRED),
])
def test_default_thresholds_boundaries(score, expected):
    assert level(score, 10, 0, True, T) == expected


@pytest.mark.parametrize("score, expected", [(8, ACQUIRED), (7.99, IN_PROGRESS), (5, IN_PROGRESS), (4.99, NOT_ACQUIRED)])
def test_custom_thresholds_boundaries(score, expected):
    assert level(score, 10, 0, True, Thresholds(acquired=0.8, in_progress=0.5)) == expected


def test_pending_and_not_assessed():
    assert level(10, 12, 2, True, T) == PENDING
    assert level(0, 10, 0, False, T) == NOT_ASSESSED
    assert level(0, 0, 0, True, T) == NOT_ASSESSED


def test_inconsistent_thresholds_are_rejected():
    with pytest.raises(CpmcError, match="incohérents"):
        Thresholds(acquired=0.4, in_progress=0.6)
    with pytest.raises(CpmcError):
        Thresholds(acquired=1.2)


def test_thresholds_from_file(tmp_path):
    path = tmp_path / "cpmc.toml"
    path.write_text("[maitrise]\nseuil_acquis = 0.75\nseuil_en_cours = 0.5\n", encoding="utf-8")
    assert load_thresholds(path) == Thresholds(0.75, 0.5)
    assert load_thresholds(tmp_path / "absent.toml") == Thresholds()
    path.write_text("[maitrise]\nseuil_acqui = 0.75\n", encoding="utf-8")
    with pytest.raises(CpmcError, match="seuil_acqui"):
        load_thresholds(path)
    path.write_text("[maitrise\n", encoding="utf-8")
    with pytest.raises(CpmcError, match="illisible"):
        load_thresholds(path)


def test_the_shipped_configuration_is_the_default():
    from pathlib import Path
    assert load_thresholds(Path(__file__).resolve().parent.parent / "autograder" / "cpmc.toml") == Thresholds()


@pytest.mark.parametrize("levels, expected", [
    ([ACQUIRED] * 4, VALIDATED),
    ([ACQUIRED, ACQUIRED, ACQUIRED, IN_PROGRESS], NOT_VALIDATED),
    ([ACQUIRED, NOT_ACQUIRED, PENDING, NOT_ASSESSED], NOT_VALIDATED),
    ([ACQUIRED, PENDING, NOT_ASSESSED], AWAITING),
    ([ACQUIRED, ACQUIRED, NOT_ASSESSED], NOT_ASSESSED),
    ([], NOT_ASSESSED),
])
def test_bloc_rule(levels, expected):
    assert bloc_status(levels) == expected


@pytest.mark.parametrize("statuses, expected", [
    ([VALIDATED] * 5, CERTIFIED),
    ([VALIDATED] * 4 + [NOT_VALIDATED], NOT_CERTIFIED),
    ([VALIDATED] * 4 + [AWAITING], UNDECIDED),
    ([VALIDATED] * 4 + [NOT_ASSESSED], UNDECIDED),
])
def test_certification_rule(statuses, expected):
    assert certification(statuses) == expected


def _cell(grade_id, points, criteria, competencies=("C35",)):
    return GradedCell("a", "nb", grade_id, points, "auto", "B5", tuple(criteria), tuple(competencies))


def test_assess_sums_cells_and_keeps_pending_apart():
    mapping = Mapping((
        _cell("q1", 2, ["B5.CE35"]),
        _cell("q2", 3, ["B5.CE35", "B5.CE33"], ["C34"]),
        _cell("w1", 5, ["B5.CE36"], ["C36"]),
    ))
    grades = [
        CellGrade("s1", "a", "nb", "q1", 2.0, 2), CellGrade("s1", "a", "nb", "q2", 0.5, 3),
        CellGrade("s1", "a", "nb", "w1", None, 5),
        CellGrade("s1", "a", "nb", "ancienne_cellule", 9.0, 9),  # not in source: ignored
    ]
    (r,) = assess(["s1"], mapping, grades, load_referential(), T)
    by = {m.code: m for m in r.criteria}
    assert (by["B5.CE35"].score, by["B5.CE35"].max_score, by["B5.CE35"].level) == (2.5, 5.0, IN_PROGRESS)
    assert by["B5.CE35"].ratio == pytest.approx(0.5)
    assert (by["B5.CE33"].score, by["B5.CE33"].level) == (0.5, NOT_ACQUIRED)
    assert (by["B5.CE36"].level, by["B5.CE36"].pending_points, by["B5.CE36"].ratio) == (PENDING, 5.0, None)
    assert by["B5.CE34"].level == NOT_ASSESSED and by["B1.CE1"].level == NOT_ASSESSED
    assert {b.bloc: b.status for b in r.blocs}["B5"] == NOT_VALIDATED
    assert {m.code: m.level for m in r.competencies}["C35"] == ACQUIRED  # q1 alone: 2/2
    assert r.certification == NOT_CERTIFIED


def test_student_without_submission_is_not_assessed():
    mapping = Mapping((_cell("q1", 2, ["B5.CE35"]),))
    (r,) = assess(["absent"], mapping, [], load_referential(), T)
    assert all(m.level == NOT_ASSESSED for m in r.criteria)
    assert all(b.status == NOT_ASSESSED for b in r.blocs) and r.certification == UNDECIDED


def test_extra_credit_never_counts_towards_mastery():
    mapping = Mapping((_cell("q1", 5, ["B5.CE35"]),))
    grades = [CellGrade("s1", "a", "nb", "q1", 7.0, 5)]  # 2/5 plus 5 bonus points from the instructor
    (r,) = assess(["s1"], mapping, grades, load_referential(), T)
    m = {m.code: m for m in r.criteria}["B5.CE35"]
    assert (m.score, m.ratio, m.level) == (5.0, 1.0, ACQUIRED)
    grades = [CellGrade("s1", "a", "nb", "q1", 2.0, 5)]
    (r,) = assess(["s1"], mapping, grades, load_referential(), T)
    assert {m.code: m for m in r.criteria}["B5.CE35"].ratio <= 1


def test_float_sums_on_the_threshold():
    """1.4 + 0.4 points out of 3 is exactly 60 %: acquired, despite binary floating point."""
    assert 1.4 + 0.4 < 1.8  # the float sum falls short of 1.8…
    assert level(1.4 + 0.4, 3, 0, True, T) == ACQUIRED  # …but the level is right
