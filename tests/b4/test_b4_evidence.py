"""CONTENT.md §2 for bloc 4, and the coverage of its criteria and competencies.

For every criterion of bloc 4, the solution grades (every cell of both bloc 4
assignments at full points) with that criterion's main deliverable set to 0 must
leave the criterion below « acquis », computed with the package's own mapping
and mastery functions. ``cpmc coverage`` lists every bloc 4 code as assessed.
"""

from __future__ import annotations

import dataclasses

import json
from pathlib import Path

import pytest

from cpmc_course.cli import main
from cpmc_course.mapping import read_mapping
from cpmc_course.mastery import ACQUIRED, assess
from cpmc_course.records import CellGrade
from cpmc_course.referential import load_referential

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("b4_projet_web_equipe", "b4_projet_web_individuel")
CRITERIA = [f"B4.CE{n}" for n in range(26, 33)]
COMPETENCIES = [f"C{n}" for n in range(27, 34)] + ["SC2", "SC3", "SC4"]


@pytest.fixture(scope="module")
def mapping():
    return read_mapping(ROOT / "source")


def _b4_cells(mapping):
    return [c for c in mapping.cells if c.assignment in ASSIGNMENTS]


def _grades(mapping, zero: set[tuple[str, str, str]] = frozenset()) -> list[CellGrade]:
    return [
        CellGrade("candidat", c.assignment, c.notebook, c.grade_id, 0.0 if c.key in zero else c.points, c.points)
        for c in _b4_cells(mapping)
    ]


def _level(mapping, code: str, grades) -> str:
    result = assess(["candidat"], mapping, grades, load_referential())[0]
    return result.criterion_level(code)  # the level the bloc uses (individual and team cells together)


def test_every_bloc4_cell_belongs_to_bloc4_and_points_are_round(mapping):
    cells = _b4_cells(mapping)
    assert {c.bloc for c in cells} == {"B4"}
    team = sum(c.points for c in cells if c.assignment == "b4_projet_web_equipe")
    alone = sum(c.points for c in cells if c.assignment == "b4_projet_web_individuel")
    assert (team, alone) == (100, 31)


def test_full_solution_acquires_every_criterion(mapping):
    for code in CRITERIA:
        assert _level(mapping, code, _grades(mapping)) == ACQUIRED, code


@pytest.mark.parametrize("code", CRITERIA)
def test_blank_main_deliverable_keeps_the_criterion_below_acquis(mapping, code):
    cells = mapping.for_criterion(code)
    main_cell = max(cells, key=lambda c: c.points)
    assert main_cell.points / sum(c.points for c in cells) > 0.4
    level = _level(mapping, code, _grades(mapping, zero={main_cell.key}))
    assert level != ACQUIRED, f"{code} stays « {level} » with {main_cell.grade_id} blank"


def test_a_member_without_the_individual_part_does_not_acquire_its_criteria(mapping):
    """Team grades alone: CE30 (coordination, style) and CE31 (meetings) are not acquired without the individual part."""
    team_only = [g for g in _grades(mapping) if g.assignment == "b4_projet_web_equipe"]
    # another student handed the individual part in: the épreuve was held (one nobody sat counts for no one)
    team_only += [dataclasses.replace(g, student_id="autre") for g in _grades(mapping) if g.assignment == "b4_projet_web_individuel"]
    assert _level(mapping, "B4.CE30", team_only) != ACQUIRED
    assert _level(mapping, "B4.CE31", team_only) != ACQUIRED
    ce31 = mapping.for_criterion("B4.CE31")
    alone = sum(c.points for c in ce31 if c.assignment == "b4_projet_web_individuel")
    assert alone / sum(c.points for c in ce31) > 0.4  # the individual part carries > 40 % of CE31
    result = assess(["candidat"], mapping, team_only, load_referential())[0]
    c33 = next(m for m in result.competencies if m.code == "C33")
    assert c33.level == "non évalué"


def test_coverage_lists_every_bloc4_code_as_assessed(capsys):
    assert main(["--course-dir", str(ROOT), "coverage", "--json"]) == 0
    items = {i["code"]: i for i in json.loads(capsys.readouterr().out)}
    for code in CRITERIA + COMPETENCIES:
        assert items[code]["assessed"], f"{code} is not assessed"
        assert any(c["assignment"] in ASSIGNMENTS for c in items[code]["cells"]), code
