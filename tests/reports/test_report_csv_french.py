"""The report's CSV files open right in a French spreadsheet (issue 27, item 6), and the item analysis is folded.

``;``, a byte-order mark, French headers, decimal commas, « non évalué » with empty points (never 0);
``--format machine`` keeps the shape tools read; :func:`read_report_rows` reads both back alike.
"""

from __future__ import annotations

import csv
import io

import pytest

from builders import graded_course
from cpmc_course.cli import main
from cpmc_course.course import Course, make_report
from cpmc_course.views.report_csv import FRENCH_HEADERS, read_report_rows

GRADES = {
    ("s1", "b5_taux_conversion"): (2, None, False), ("s1", "b5_total_leads"): (3, None, False),
    ("s1", "b5_synthese"): (None, 3.5, False),
    ("s2", "b5_taux_conversion"): (0, None, False), ("s2", "b5_total_leads"): (3, None, False),
    ("s2", "b5_synthese"): (None, None, True),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The same course reported twice: French shape (default, through the CLI) and machine shape."""
    base = tmp_path_factory.mktemp("rapports")
    course = Course(graded_course(base / "cours", ["s1", "s2", "absent"], GRADES))
    assert main(["--course-dir", str(course.root), "report", "--out", str(base / "fr")]) == 0
    make_report(course, base / "machine", csv_format="machine")
    return base / "fr", base / "machine"


def _french(path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("name", sorted(FRENCH_HEADERS))
def test_each_file_has_a_bom_semicolons_and_french_headers(reports, name):
    fr, machine = reports
    rows = _french(fr / name)
    assert list(rows[0]) == FRENCH_HEADERS[name]
    assert not (machine / name).read_text(encoding="utf-8").startswith("\ufeff")


def test_not_evaluated_is_empty_never_zero_and_decimals_have_a_comma(reports):
    fr, _ = reports
    rows = {(r["etudiant"], r["critere"]): r for r in _french(fr / "criteria.csv")}
    absent = rows[("absent", "B5.CE35")]
    assert (absent["niveau"], absent["points"], absent["part"], absent["points_a_corriger"]) == ("non évalué", "", "", "")
    assert absent["bareme"] == "5"
    s1 = rows[("s1", "B5.CE36")]
    assert (s1["points"], s1["bareme"], s1["part"], s1["niveau"]) == ("3,5", "5", "0,7", "acquis")
    assert rows[("s2", "B5.CE36")]["niveau"] == "à corriger"
    blocs = {(r["etudiant"], r["bloc"]): r for r in _french(fr / "blocs.csv")}
    assert blocs[("s1", "B5")]["statut"] and blocs[("s1", "B5")]["criteres_total"] == "4"


def test_both_shapes_read_back_alike_but_for_the_points_of_what_was_not_evaluated(reports):
    fr, machine = reports
    for name in FRENCH_HEADERS:
        french, plain = read_report_rows(fr / name), read_report_rows(machine / name)
        assert len(french) == len(plain) > 0
        for a, b in zip(french, plain):
            if a.get("level") in ("non évalué", "absent"):
                a, b = {**a, "score": "", "pending_points": ""}, {**b, "score": "", "pending_points": ""}
            assert a == b, name


def test_item_analysis_is_folded_by_assignment(reports):
    fr, _ = reports
    page = (fr / "index.html").read_text(encoding="utf-8")
    section = page[page.index("Analyse des items"):]
    assert '<details class="items"><summary>b5_test' in section
    assert "<th>Sujet</th>" not in section  # the assignment is the fold, not a column


def test_assignments_without_graded_copies_are_left_out_of_the_item_analysis():
    from cpmc_course.items import ItemStats
    from cpmc_course.views.cohort_page import items_section

    items = (ItemStats("b5_test", "exercice/b5_total_leads", "cellule", 3, 12, 1.0, None, None),
             ItemStats("b1_jamais_passe", "exercice/b1_x", "cellule", 2, 0, None, None, None))
    section = items_section(items)
    assert '<details class="items"><summary>b5_test' in section and "b1_x" not in section
    assert "non analysés\u00a0: b1_jamais_passe." in section
