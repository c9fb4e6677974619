"""Bloc 1: the lessons train on Ardène and never show the exam company's data or answers (issue 22, item 1).

The exam's figures are collected by executing its two instructor notebooks
(``tests/separation.py``: every number their solution variables hold, print or
write), so a regenerated exam dataset is checked as well as today's. The test can
fail: a figure, a data file, a table row and the exam company's name planted in a
copy of the lessons are all reported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from separation import (
    exam_figures_from_notebooks,
    find_leaks,
    lesson_texts,
    plant_cells,
)

ROOT = Path(__file__).resolve().parents[2]
EXAM = ROOT / "source" / "b1_plan_marketing"
EXAM_DATA = [ROOT / "case_studies" / "b1_rouline" / "data", EXAM / "data"]
EXAM_NAMES = ["Rouline", "rouline("]
LESSONS = [ROOT / "courses" / "b1", ROOT / "cpmc_course" / "lessons" / "b1"]
TRAINING = ROOT / "case_studies" / "b1_ardene"
SECTOR_WORDS = ("matelas", "literie", "sommeil")
"""Bedding is bloc 3's exam sector (Lunéa): no bloc 1 lesson, helper or training case may warm candidates up on it."""


def sector_words_in(paths) -> list[str]:
    """Every place where a lesson text (cells, code, case files) uses a word of the exam sector."""
    return [f"{t.where} : « {w} »" for t in lesson_texts(paths) for w in SECTOR_WORDS if w in t.text.lower()]


@pytest.fixture(scope="module")
def exam_figures(tmp_path_factory) -> list:
    return exam_figures_from_notebooks(sorted(EXAM.glob("*.ipynb")), tmp_path_factory.mktemp("b1_exam"))


def leaks_in(lessons, exam_figures) -> list[str]:
    return find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures, lessons=lessons)


def test_the_exam_figures_are_collected(exam_figures):
    assert len(exam_figures) > 300


def test_no_lesson_shows_the_exam(exam_figures):
    leaks = leaks_in(LESSONS, exam_figures)
    assert not leaks, "\n".join(leaks)


def test_a_planted_exam_figure_file_row_or_name_is_caught(exam_figures, tmp_path):
    copy = tmp_path / "b1"
    shutil.copytree(ROOT / "courses" / "b1", copy)
    lesson = copy / "04_acquisition_fidelisation_rentabilite.ipynb"
    row = (EXAM / "data" / "plan_media.csv").read_text(encoding="utf-8").splitlines()[2]
    planted = [
        ("markdown", "La marge totale des leviers est de 241 152 €."),
        ("code", 'media = pd.read_csv("../../source/b1_plan_marketing/data/plan_media.csv")'),
        ("markdown", "| levier | objectif |\n|---|---|\n| " + row.replace(",", " | ") + " |"),
    ]
    plant_cells(lesson, planted)
    (copy / "helper.py").write_text('"""Loads the Rouline media plan."""\n', encoding="utf-8")
    text = "\n".join(leaks_in([copy], exam_figures))
    for expected in ("« 241 152 »", "« plan_media.csv »", "« b1_plan_marketing »", "recopie une ligne de plan_media.csv",
                     "helper.py : nomme l'entreprise ou le chargeur de l'épreuve « rouline »"):
        assert expected in text, text


def test_no_lesson_trains_on_the_bedding_sector(tmp_path):
    found = sector_words_in([*LESSONS, TRAINING])
    assert not found, "\n".join(found)
    copy = tmp_path / "b1"
    shutil.copytree(ROOT / "courses" / "b1", copy)
    lesson = copy / "03_segmentation_ciblage_positionnement.ipynb"
    plant_cells(lesson, [("markdown", "Un Matelas hybride pour mieux trouver le sommeil.")])
    (copy / "helper.py").write_text('"""Loads the literie survey."""\n', encoding="utf-8")
    text = "\n".join(sector_words_in([copy]))
    for expected in ("« matelas »", "« sommeil »", "helper.py : « literie »"):
        assert expected in text, text


def test_the_training_data_regenerate_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(TRAINING / "generate_data.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in (TRAINING / "data").iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (TRAINING / "data" / name).read_bytes(), name


def test_the_training_company_is_another_company_with_other_tables():
    from cpmc_course.datasets import CASES

    assert CASES["ardene"].name != CASES["rouline"].name
    assert not set(CASES["ardene"].tables) & set(CASES["rouline"].tables)
    assert {p.name for p in (TRAINING / "data").iterdir()}.isdisjoint(p.name for p in (EXAM / "data").iterdir())
