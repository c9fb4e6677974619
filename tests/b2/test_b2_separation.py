"""Bloc 2: the lessons train on Outivis and never show the Nettalpe épreuve's data, answers or solution code.

The exam's figures are collected by executing the épreuve's instructor notebook
(``tests/separation.py``) and reading its instructor notes; a lesson line may not
copy a line of the épreuve's solution code either (the same method on other
tables is the point of a training case; the same code on the same tables is not).
The test can fail: a figure, a data file, a row, the company's name and a solution
line planted in a copy of the lessons are all reported.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from b2_paths import CASE, REPO, SOURCE, source_notebook
from separation import exam_figures_from_notebooks, find_leaks, written_figures

LESSONS = [REPO / "courses" / "b2", REPO / "cpmc_course" / "lessons" / "b2", REPO / "case_studies" / "b2_outivis"]
"""The lessons, their package, and the training case they read."""
EXAM_DATA = [CASE / "data", SOURCE / "data"]
EXAM_NAMES = ["Nettalpe", "nettalpe("]
ALLOWED = (100, 0.95)
"""Numbers a lesson writes that an exam answer has too: a percentage's base, the 95 % confidence level."""


@pytest.fixture(scope="module")
def exam_figures(tmp_path_factory) -> list:
    figures = exam_figures_from_notebooks([SOURCE / "plan_actions_commerciales.ipynb"], tmp_path_factory.mktemp("b2_exam"))
    return figures + written_figures((CASE / "NOTES_FORMATEUR.md").read_text(encoding="utf-8"))


def _normalised(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


def solution_lines() -> set[str]:
    """Lines of the épreuve's solution regions long enough to be more than an idiom (30 characters or more)."""
    lines = set()
    for cell in source_notebook().cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            region = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            lines |= {_normalised(line) for line in region.splitlines() if len(_normalised(line)) >= 30}
    return lines


def copied_solution(lessons) -> list[str]:
    """Lesson code lines equal to a line of the épreuve's solution, one French sentence each."""
    wanted, found = solution_lines(), []
    for folder in lessons:
        for path in sorted(Path(folder).rglob("*.ipynb")):
            for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
                found += [f"{path.name}, cellule {i} : recopie une ligne du corrigé de l'épreuve « {line[:60]} »."
                          for line in map(_normalised, cell.source.splitlines()) if line in wanted]
    return found


def leaks_in(lessons, exam_figures) -> list[str]:
    return find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures, lessons=lessons,
                      allowed=ALLOWED) + copied_solution(lessons)


def test_the_exam_figures_are_collected(exam_figures):
    assert len(exam_figures) > 300
    assert len(solution_lines()) >= 15


def test_no_lesson_shows_the_exam(exam_figures):
    leaks = leaks_in(LESSONS, exam_figures)
    assert not leaks, "\n".join(leaks)


def test_a_planted_exam_figure_file_row_name_or_solution_line_is_caught(exam_figures, tmp_path):
    copy = tmp_path / "b2"
    shutil.copytree(REPO / "courses" / "b2", copy)
    lesson = copy / "02_portefeuille_abc_et_potentiel.ipynb"
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    row = (CASE / "data" / "commerciaux.csv").read_text(encoding="utf-8").splitlines()[2]
    solution = min(solution_lines())
    nb["cells"][0]["source"] += f"\n\nNettalpe : 172 525 € ; voir comptes.csv\n{row}"
    nb["cells"][3]["source"] += "\n" + solution
    lesson.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    leaks = "\n".join(leaks_in([copy], exam_figures))
    for expected in ("« nettalpe »", "« 172 525 »", "« comptes.csv »", "recopie une ligne de commerciaux.csv",
                     "recopie une ligne du corrigé"):
        assert expected in leaks, expected
