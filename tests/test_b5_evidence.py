"""CONTENT.md §2 for bloc 5: each criterion's main deliverable is needed to reach « acquis ».

The solution is given every point of every bloc 5 cell (automatic cells score
full marks, as the nbgrader test shows; model answers are graded full). Then,
criterion by criterion, the cells of the deliverable that the criterion names
are set to 0 and the package's own mapping (tags read from ``source/``) and
mastery rules decide the level: it must fall below « acquis ».
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmc_course import mastery
from cpmc_course.mapping import read_mapping
from cpmc_course.records import CellGrade
from cpmc_course.referential import load_referential

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "b5_donnees_marketing"

MAIN_DELIVERABLE = {
    "B5.CE33": {"b5_plan_collecte"},
    "B5.CE34": {"b5_besoins_non_satisfaits"},
    "B5.CE35": {"b5_strategie_internet"},
    "B5.CE36": {"b5_figure_qualite", "b5_figure_structure"},
}
"""Criterion → grade_ids of the deliverable its text names (plan de collecte, segmentation retenue,
stratégie et synthèse opérationnelle, datavisualisation)."""

NOT_EVIDENCE = {
    "B5.CE33": {"b5_source_utm", "b5_canal", "b5_taux_clic_cta", "b5_opportunites"},
    "B5.CE34": {"b5_source_utm", "b5_canal", "b5_entonnoir_canal", "b5_entonnoir_canal_taux"},
}
"""Cells the jury review found tagged by association, not evidence (issue 7)."""


@pytest.fixture(scope="module")
def setting():
    ref = load_referential()
    mapping = read_mapping(ROOT / "source", ref)
    cells = [c for c in mapping.cells if c.assignment == ASSIGNMENT]
    return ref, mapping, cells


def _grades(cells, blank: set[str]) -> list[CellGrade]:
    return [
        CellGrade("candidat", c.assignment, c.notebook, c.grade_id, 0.0 if c.grade_id in blank else c.points, c.points)
        for c in cells
    ]


def _levels(setting, blank: set[str]) -> dict[str, mastery.Measure]:
    ref, mapping, cells = setting
    (result,) = mastery.assess(["candidat"], mapping, _grades(cells, blank), ref)
    return {m.code: m for m in result.criteria if m.bloc == "B5"}


def test_the_full_solution_validates_bloc_5(setting):
    levels = _levels(setting, set())
    assert set(levels) == set(MAIN_DELIVERABLE)
    assert all(m.level == mastery.ACQUIRED for m in levels.values())


@pytest.mark.parametrize("criterion", sorted(MAIN_DELIVERABLE))
def test_main_deliverable_blank_is_below_acquis(setting, criterion):
    _, mapping, _ = setting
    tagged = {c.grade_id for c in mapping.for_criterion(criterion)}
    assert MAIN_DELIVERABLE[criterion] <= tagged, f"{criterion} must be carried by its deliverable"
    measure = _levels(setting, MAIN_DELIVERABLE[criterion])[criterion]
    assert measure.level != mastery.ACQUIRED, f"{criterion} reaches {measure.ratio:.0%} without its deliverable"


@pytest.mark.parametrize("criterion", sorted(MAIN_DELIVERABLE))
def test_main_part_holds_more_than_40_percent(setting, criterion):
    _, mapping, _ = setting
    cells = mapping.for_criterion(criterion)
    total = sum(c.points for c in cells)
    top = max(cells, key=lambda c: c.points)
    assert top.grade_id in MAIN_DELIVERABLE[criterion]
    assert top.points / total > 0.4


@pytest.mark.parametrize("criterion", sorted(NOT_EVIDENCE))
def test_cleaning_cells_do_not_inflate_criteria(setting, criterion):
    _, mapping, _ = setting
    tagged = {c.grade_id for c in mapping.for_criterion(criterion)}
    assert not tagged & NOT_EVIDENCE[criterion]
