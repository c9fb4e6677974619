"""CONTENT.md §2 for bloc 2: a criterion's main deliverable left blank keeps it below « acquis ».

Computed with the package's own mapping and mastery functions from per-cell grades:
the solution's grades (every point, written answers included) with the main
deliverable's cells set to 0. No nbgrader run is needed.
"""

from __future__ import annotations

import pytest

from b2_paths import ASSIGNMENT, REPO
from cpmc_course.mapping import read_mapping
from cpmc_course.mastery import ACQUIRED, assess
from cpmc_course.records import CellGrade
from cpmc_course.referential import load_referential

REF = load_referential()
MAPPING = read_mapping(REPO / "source", REF)
CELLS = [c for c in MAPPING.cells if c.assignment == ASSIGNMENT]
BLOC2 = next(b for b in REF.blocs if b.code == "B2")
CRITERIA = [c.qualified for c in BLOC2.criteria]


def _levels(blank: set[str]) -> dict[str, str]:
    grades = [
        CellGrade("candidat", c.assignment, c.notebook, c.grade_id, 0.0 if c.grade_id in blank else c.points, c.points)
        for c in CELLS
    ]
    result = assess(["candidat"], MAPPING, grades, REF)[0]
    return {m.code: m.level for m in result.criteria if m.bloc == "B2"}


def test_every_bloc2_criterion_and_competency_is_assessed():
    assert CRITERIA == [f"B2.CE{n}" for n in range(8, 17)]
    assert {c for cell in CELLS for c in cell.criteria} == set(CRITERIA)
    assert {c for cell in CELLS for c in cell.competencies} == {f"C{n}" for n in range(9, 17)}
    assert sum(c.points for c in CELLS) == 100


def test_full_solution_validates_bloc2():
    assert set(_levels(set()).values()) == {ACQUIRED}


@pytest.mark.parametrize("criterion", CRITERIA)
def test_blank_main_deliverable_is_below_acquired(criterion):
    cells = MAPPING.for_criterion(criterion)
    main = max(cells, key=lambda c: c.points)
    assert main.points / sum(c.points for c in cells) > 0.4
    assert _levels({main.grade_id})[criterion] != ACQUIRED, f"{criterion} stays acquired with {main.grade_id} blank"
