"""CONTENT.md §2 for bloc 3, computed with the package's own mapping and mastery rules.

For every criterion of bloc 3: the solution with that criterion's main deliverable
left blank (its cells at 0, every other cell at full marks) stays below « acquis »
on the criterion. And the coverage: every competency and criterion of bloc 3 is
assessed, with no invalid tag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmc_course.mapping import read_mapping
from cpmc_course.mastery import ACQUIRED, Thresholds, assess
from cpmc_course.records import CellGrade
from cpmc_course.referential import load_referential

ROOT = Path(__file__).resolve().parents[2]
REF = load_referential()
BLOC = next(b for b in REF.blocs if b.code == "B3")
MAPPING = read_mapping(ROOT / "source", REF)  # raises on any invalid tag
B3_CELLS = [c for c in MAPPING.cells if c.bloc == "B3"]


def test_every_bloc3_code_is_assessed():
    criteria = {c.qualified for c in BLOC.criteria}
    competencies = {c.code for c in BLOC.competencies}
    assert criteria == {f"B3.CE{n}" for n in range(16, 26)}
    assert competencies == {f"C{n}" for n in range(17, 27)} | {"SC1"}
    for code in criteria:
        assert MAPPING.for_criterion(code), f"{code} is not assessed"
    for code in competencies:
        assert MAPPING.for_competency(code), f"{code} is not assessed"


def _solution_grades(blank: set[tuple[str, str, str]]) -> list[CellGrade]:
    return [
        CellGrade("candidat", *cell.key, score=0.0 if cell.key in blank else cell.points, max_score=cell.points)
        for cell in B3_CELLS
    ]


def test_full_solution_acquires_every_bloc3_criterion():
    result = assess(["candidat"], MAPPING, _solution_grades(set()), REF, Thresholds())[0]
    levels = {m.code: m.level for m in result.criteria if m.bloc == "B3"}
    assert set(levels.values()) == {ACQUIRED}


@pytest.mark.parametrize("criterion", [c.qualified for c in BLOC.criteria])
def test_blank_main_deliverable_keeps_the_criterion_below_acquis(criterion):
    cells = MAPPING.for_criterion(criterion)
    main = max(cells, key=lambda c: c.points)
    assert main.points > 0.4 * sum(c.points for c in cells)
    result = assess(["candidat"], MAPPING, _solution_grades({main.key}), REF, Thresholds())[0]
    measure = next(m for m in result.criteria if m.code == criterion)
    assert measure.level != ACQUIRED, f"{criterion} is still acquired with {main.grade_id} blank"


def test_sc1_is_evidenced_by_behaviour_not_by_a_calculation():
    for cell in MAPPING.for_competency("SC1"):
        assert cell.kind == "manuel" and cell.assignment.startswith("b3_oral"), cell.label
