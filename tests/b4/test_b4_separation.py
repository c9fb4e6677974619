"""Bloc 4: the lessons train on the Fruitière des Combes and never show the exam company, its data or its answers.

Checked with the shared ``tests/separation.py``: no lesson (the notebooks of
``courses/b4`` and the helpers they run) names the exam company, its people,
its providers or its loader, names or copies a row of its data files, or writes
a figure of the épreuves' answers (the numbers the solution variables hold once
the two data notebooks run, and those written in the model answers and the
instructor notes: three significant digits, rates in both spellings); and no
lesson holds a solution region of the épreuves' notebooks (two lines or more,
verbatim). The test can fail: a planted figure, row, name, loader and solution
are all reported.
"""

from __future__ import annotations

import numbers
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from b4_notebooks import INDIVIDUAL, TEAM, run
from separation import (
    copied_solutions,
    find_leaks,
    plant_cells,
    solution_regions,
    written_figures,
)

ROOT = Path(__file__).resolve().parents[2]
HELPERS = ROOT / "cpmc_course" / "lessons" / "b4"
LESSONS = [ROOT / "courses" / "b4", *(HELPERS / f"{name}.py" for name in ("checks", "pert", "projet", "widgets"))]
"""The lesson notebooks and the helpers they run (``data.py`` and ``__init__.py`` also hold the exam's loader, for the
épreuve's notes and tests: they are not lesson material)."""
EXAM_NOTEBOOKS = [*sorted(TEAM.glob("*.ipynb")), *sorted(INDIVIDUAL.glob("*.ipynb")),
                  ROOT / "source" / "b4_soutenance_grille_jury" / "grille_soutenance.ipynb"]
DATA_NOTEBOOKS = [TEAM / "1_cadrage_budget_risques.ipynb", TEAM / "2_planning_suivi_problemes.ipynb"]
EXAM_DATA = [ROOT / "case_studies" / "b4_vallon" / "data", TEAM / "data"]
EXAM_NAMES = ["Vallon", "vallon(", "Pépinières", "Sophie Arnaud", "Julien Morel", "Nadia Benali", "Thomas Roux",
              "Camille Faure", "Marc Delorme", "Léa Perrin", "Studio Pixel Nord", "Atelier Maquette", "DevLyon",
              "CodeFactory", "jardinerie"]


def _numbers(value, depth: int = 0) -> list[float]:
    """The numbers a solution variable holds (a number, a table, a dict or list of them); tables of > 200 values skipped."""
    if depth > 3 or isinstance(value, (bool, str, bytes, type)) or callable(value):
        return []
    if isinstance(value, numbers.Number):
        return [float(value)]
    if hasattr(value, "select_dtypes"):
        found = [float(v) for v in value.select_dtypes("number").to_numpy().ravel().tolist()]
    elif hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf" and hasattr(value, "tolist"):
        found = [float(v) for v in value.tolist()]
    elif isinstance(value, dict):
        found = [n for v in value.values() for n in _numbers(v, depth + 1)]
    elif isinstance(value, (list, tuple, set)):
        found = [n for v in value for n in _numbers(v, depth + 1)]
    else:
        return []
    return found if len(found) <= 200 else []


@pytest.fixture(scope="module")
def exam_figures() -> list:
    """Every figure of the épreuves' answers: solution variables, model answers, instructor notes."""
    figures: list = []
    for path in DATA_NOTEBOOKS:
        namespace, _ = run(path)
        figures += [n for name, value in namespace.items() if not name.startswith("_") for n in _numbers(value)]
    texts = [(ROOT / "case_studies" / "b4_vallon" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")]
    for path in EXAM_NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        texts += [c.source for c in cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    return figures + [f for text in texts for f in written_figures(text)]


def leaks_in(lessons: list[Path], exam_figures: list) -> list[str]:
    leaks = find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures, lessons=lessons)
    return leaks + copied_solutions(lessons, solution_regions(EXAM_NOTEBOOKS))


def test_the_exam_figures_and_solutions_are_collected(exam_figures):
    assert len(exam_figures) > 200 and len(solution_regions(EXAM_NOTEBOOKS)) >= 8


def test_no_lesson_shows_the_exam(exam_figures):
    leaks = leaks_in(LESSONS, exam_figures)
    assert not leaks, "\n".join(leaks)


def test_a_planted_exam_figure_row_name_or_solution_is_caught(exam_figures, tmp_path):
    copy = tmp_path / "b4"
    shutil.copytree(ROOT / "courses" / "b4", copy)
    row = (ROOT / "case_studies" / "b4_vallon" / "data" / "devis.csv").read_text(encoding="utf-8").splitlines()[1]
    solution = solution_regions(EXAM_NOTEBOOKS)[0]
    budget = next(f for f in exam_figures if isinstance(f, float) and 30_000 < f < 100_000 and f == int(f) and f % 100)
    first = plant_cells(copy / "02_repartir_les_taches_et_budgeter.ipynb", [
        ("markdown", f"Le budget total est de {budget:,.0f} € HT.".replace(",", "\u202f")),
        ("markdown", "| prestataire | compétence |\n|---|---|\n| " + row.replace(",", " | ") + " |"),
        ("code", 'taches = vallon("taches")'),
        ("code", solution),
    ])
    leaks = leaks_in([copy], exam_figures)
    text = "\n".join(leaks)
    assert all(int(leak.split("cellule ")[1].split()[0]) >= first for leak in leaks), text
    for expected in (f"« {budget:,.0f} »".replace(",", "\u202f"), "recopie une ligne de devis.csv", "« vallon( »",
                     "recopie la solution de l'épreuve"):
        assert expected in text, text
