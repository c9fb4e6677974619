"""Bloc 5: the lessons train on Torvane and never show the exam company's data or answers (issue 21, item 1).

The exam's figures are collected by executing its three instructor notebooks
(``tests/separation.py``; executed once per run for this file and
``test_b5_solution_numbers``, ``tests/b5_exam_run.py``), so a new exam dataset is
checked as well as today's.
The test can fail: figures, a data file, a table row and the company's name
planted in a copy of the lessons are all reported.
"""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from b5_exam_run import ALLOWED, LESSONS, executed_exam
from separation import find_leaks, numbers_in, plant_cells, to_decimal, variants

ROOT = Path(__file__).resolve().parents[2]
EXAM = ROOT / "source" / "b5_donnees_marketing"
CDNOW = Path(str(resources.files("lifetimes") / "datasets" / "CDNOW_master.txt"))
EXAM_DATA = [ROOT / "case_studies" / "b5_calyce" / "data", EXAM / "data", CDNOW]
"""The exam's data: the Calyce case, the épreuve's copy, and the CDNOW purchases its part 2 studies."""
EXAM_NAMES = ["Calyce", "calyce(", "cdnow_transactions(", "CDNOW"]


@pytest.fixture(scope="module")
def exam_figures(tmp_path_factory) -> list:
    return [f for _name, run in sorted(executed_exam(tmp_path_factory).items()) for f in run["figures"]]


def leaks_in(lessons, exam_figures) -> list[str]:
    return find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures, lessons=lessons, allowed=ALLOWED)


def test_the_exam_figures_are_collected(exam_figures):
    found = set().union(*(variants(f) for f in exam_figures))
    # the uplift and the campaign ROI of the exam's part 3, and a segment size of its model answer 2.10
    assert {Decimal("3.865"), Decimal("163.7"), Decimal(1065)} <= found
    assert len(exam_figures) > 500


def test_no_lesson_shows_the_exam(exam_figures):
    leaks = leaks_in(LESSONS, exam_figures)
    assert not leaks, "\n".join(leaks)


def test_a_planted_exam_figure_file_row_or_name_is_caught(exam_figures, tmp_path):
    copy = tmp_path / "b5"
    shutil.copytree(ROOT / "courses" / "b5", copy)
    lesson = copy / "02_funnel_kpi.ipynb"
    row = (ROOT / "case_studies" / "b5_calyce" / "data" / "couts_campagnes.csv").read_text(encoding="utf-8").splitlines()[2]
    planted = [
        ("markdown", "Le ROI de la relance est de 163,7 % : chaque euro rapporte 2,64 €."),
        ("code", "uplift = 3.865  # points"),
        ("code", 'couts = pd.read_csv("../../source/b5_donnees_marketing/data/couts_campagnes.csv")'),
        ("markdown", "| campagne | canal |\n|---|---|\n| " + row.replace(",", " | ") + " |"),
    ]
    first_planted = plant_cells(lesson, planted)
    (copy / "helper.py").write_text('"""Loads the Calyce sessions."""\n', encoding="utf-8")
    leaks = leaks_in([copy], exam_figures)
    text = "\n".join(leaks)
    assert all("helper.py" in leak or int(leak.split("cellule ")[1].split()[0]) >= first_planted for leak in leaks), text
    for expected in ("« 163,7 »", "« 3.865 »", "« couts_campagnes.csv »", "« b5_donnees_marketing »",
                     "recopie une ligne de couts_campagnes.csv", "helper.py : nomme l'entreprise ou le chargeur de l'épreuve « calyce »"):
        assert expected in text, text
    assert "02_funnel_kpi.ipynb, cellule" in text


def test_numbers_are_read_as_french_and_python_write_them():
    assert numbers_in("44 742,37 € ; 44\u202f742 ; 44_742 ; 0.204 ; (5, 4, 3) ; le 2026-09-30") == [
        "44 742,37", "44\u202f742", "44_742", "0.204", "5", "4", "3"]
    assert to_decimal("44 742,37") == Decimal("44742.37") and to_decimal("0,2040") == Decimal("0.204")


def test_variants_round_decimals_only_and_skip_short_figures_and_years():
    assert variants(44742.37) == {Decimal("44742.37"), Decimal("44742.4"), Decimal(44742)}
    assert variants(0.20431) == {Decimal("0.20431"), Decimal("0.2043"), Decimal("0.204"), Decimal("20.431"), Decimal("20.43"),
                                 Decimal("20.4")}
    assert variants(1252) == {Decimal(1252)}  # 1 250 is another number
    assert variants(0.25) == set() and variants(25000) == set() and variants(2026) == set()
    assert variants("20,4") == {Decimal("20.4")}
