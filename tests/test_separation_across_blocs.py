"""No lesson of ANY bloc names an exam company or copies a row of its data (CONTENT.md §8, across blocs).

Each bloc's separation test (``tests/bN/test_bN_separation.py``) checks its own
lessons against its own épreuve, figures included. A candidate revises every
bloc, though: bloc 1's lessons must not train on bloc 3's exam company, nor the
primer on bloc 5's. This test takes each bloc's exam names and data
(``EXAM_NAMES``, ``EXAM_DATA`` of its separation test) and looks for them in every
lesson folder (``courses/*``, ``cpmc_course/lessons``). Figures are left to the
bloc tests: across blocs a three-digit number in common is a coincidence, a name
or a copied row is not. It can fail: a planted exam name and row are reported.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest
from separation import find_leaks

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [*sorted(p for p in (ROOT / "courses").iterdir() if p.is_dir()), ROOT / "cpmc_course" / "lessons"]
BLOCS = ("b1", "b2", "b3", "b4", "b5")


def _separation(bloc: str):
    """The bloc's separation test module (its ``EXAM_NAMES`` and ``EXAM_DATA``)."""
    path = ROOT / "tests" / bloc / f"test_{bloc}_separation.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(f"_separation_{bloc}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("bloc", BLOCS)
def test_no_lesson_of_any_bloc_shows_this_exam_company(bloc):
    exam = _separation(bloc)
    leaks = find_leaks(exam_data=exam.EXAM_DATA, exam_names=exam.EXAM_NAMES, exam_figures=[], lessons=LESSONS)
    assert not leaks, "\n".join(leaks)


def test_a_planted_name_and_row_are_reported(tmp_path):
    exam = _separation("b2")
    row = next(p for folder in exam.EXAM_DATA for p in sorted(Path(folder).glob("*.csv"))).read_text(encoding="utf-8").splitlines()[1]
    lesson = tmp_path / "courses" / "b9" / "01_lecon.ipynb"
    lesson.parent.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"Exemple : {exam.EXAM_NAMES[0]}"),
                                         nbformat.v4.new_markdown_cell(f"Un extrait du fichier :\n\n{row}")])
    nbformat.write(nb, lesson)
    leaks = find_leaks(exam_data=exam.EXAM_DATA, exam_names=exam.EXAM_NAMES, exam_figures=[], lessons=[lesson.parent])
    assert any("cellule 0" in leak for leak in leaks) and any("cellule 1" in leak for leak in leaks), leaks
