"""The report carries the same numbers before and after the speed work (golden files).

The golden CSV files were written by the report as it was before it read the
gradebook in one query and drew its charts as SVG (matplotlib and nbgrader's
ORM), on the cohort built below: 30 students, two assignments, automatic,
manual and task cells, extra credit, pending written answers, students who
handed nothing in. Regenerate them only on purpose: ``CPMC_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

import builders
from cpmc_course.course import Course, make_report
from cpmc_course.gradebook import db_url
from cpmc_course.kit import fr_nombre

GOLDEN = Path(__file__).parent / "golden"
FILES = ("criteria.csv", "competencies.csv", "blocs.csv")
COLUMNS = {
    "criteria.csv": ["student_id", "bloc", "criterion", "score", "max_score", "ratio", "level", "pending_points"],
    "competencies.csv": ["student_id", "bloc", "competency", "score", "max_score", "ratio", "level", "pending_points"],
    "blocs.csv": ["student_id", "bloc", "status", "criteria_acquired", "criteria_total", "certification"],
}
"""Columns compared (a later column added by design does not break the comparison)."""


def _second_assignment():
    return builders.notebook([
        builders.solution("b5_panier_calc", "panier = 1200 / 40"),
        builders.graded_test("b5_panier_moyen", "# Vérifie le panier moyen\nassert panier == 30, \"Divisez le CA par le nombre de commandes.\"", 4, ["CE35", "C35"]),
        builders.task("b5_tableau_bord", "Construisez le tableau de bord.", 6, ["CE36", "CE34", "C37"]),
    ])


def build_cohort(root: Path) -> Course:
    builders.make_course(root)
    builders.write(_second_assignment(), root / "source" / "b5_bis" / "exercice.ipynb")
    gb = Gradebook(db_url(root))
    cells = {
        "b5_test": [("b5_taux_conversion", 2, "code"), ("b5_total_leads", 3, "code"), ("b5_synthese", 5, "markdown")],
        "b5_bis": [("b5_panier_moyen", 4, "code"), ("b5_tableau_bord", 6, "task")],
    }
    for assignment, graded in cells.items():
        gb.add_assignment(assignment)
        gb.add_notebook("exercice", assignment)
        for name, points, kind in graded:
            if kind == "task":
                gb.add_task_cell(name, "exercice", assignment, max_score=points, cell_type="markdown")
            else:
                gb.add_grade_cell(name, "exercice", assignment, max_score=points, cell_type=kind)
    rng = random.Random(7)
    for i in range(30):
        student = f"s{i + 1:02d}"
        gb.add_student(student, first_name=f"Prénom{i + 1}", last_name="Test")
        for assignment, graded in cells.items():
            if rng.random() < 0.1:
                continue
            gb.add_submission(assignment, student)
            for name, points, kind in graded:
                g = gb.find_grade(name, "exercice", assignment, student)
                if kind == "code":
                    g.auto_score, g.needs_manual_grade = rng.choice([0.0, float(points)]), False
                elif rng.random() < 0.15:
                    g.needs_manual_grade = True
                else:
                    g.manual_score, g.needs_manual_grade = rng.randint(0, 2 * points) / 2, False
                    if rng.random() < 0.1:
                        g.extra_credit = 1.0
        gb.db.commit()
    gb.close()
    return Course(root)


def _rows(path: Path, columns: list[str]) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [[row[c] for c in columns] for row in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohorte")
    course = build_cohort(root / "cours")
    make_report(course, root / "rapport", csv_format="machine")
    return root / "rapport"


def test_csv_files_equal_the_golden_files(report):
    if os.environ.get("CPMC_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for name in FILES:
            (GOLDEN / name).write_bytes((report / name).read_bytes())
    for name in FILES:
        assert _rows(report / name, COLUMNS[name]) == _rows(GOLDEN / name, COLUMNS[name]), name


def test_student_pages_carry_the_csv_numbers(report):
    criteria = _rows(report / "criteria.csv", COLUMNS["criteria.csv"])
    checked = 0
    for student, _bloc, code, score, max_score, _ratio, level, pending in criteria:
        if level == "non évalué":
            continue
        page = (report / "etudiants" / f"{student}.html").read_text(encoding="utf-8")
        row = page[page.index(f'data-code="{code}"'):]  # the criterion's line (the summary of its <details>)
        row = row[: row.index("</summary>")]
        assert f"{fr_nombre(float(score), 2, zeros=False)} / {fr_nombre(float(max_score), 2, zeros=False)}" in row, (student, code)
        assert level.replace("'", "&#x27;") in row, (student, code)
        if float(pending or 0):
            assert f"+{fr_nombre(float(pending), 2, zeros=False)}<span class=\"ecran\"> à corriger</span>" in row  # shortened in print
        checked += 1
    assert checked > 100
