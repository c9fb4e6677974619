"""Exports parsed back: Moodle competency framework, CASE 1.0, Moodle grades, per-cell CSV and the spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from builders import graded_course
from cpmc_course.course import Course, export_text
from cpmc_course.exports import MOODLE_FRAMEWORK_HEADER
from cpmc_course.records import SubmissionOutcome, save_outcomes
from cpmc_course.referential import load_referential

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture()
def course(tmp_path):
    """s1 fully graded, s2 with a written answer pending, s3 whose copy failed, s4 with no copy."""
    grades = {
        ("s1", "b5_taux_conversion"): (2, None, False), ("s1", "b5_total_leads"): (0, None, False),
        ("s1", "b5_synthese"): (None, 4.5, False),
        ("s2", "b5_taux_conversion"): (2, None, False), ("s2", "b5_total_leads"): (3, None, False),
        ("s2", "b5_synthese"): (None, None, True),
    }
    root = graded_course(tmp_path / "cours", ["s1", "s2", "s3", "s4"], grades)
    for student in ("s1", "s2", "s3"):
        (root / "submitted" / student / "b5_test").mkdir(parents=True)
    save_outcomes(root, [SubmissionOutcome("s3", "b5_test", False, "JSON invalide : la copie est tronquée.")])
    return Course(root)


def _csv(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def test_moodle_framework_parses_back_as_moodle_reads_it(tmp_path):
    ref = load_referential()
    text = export_text(Course(tmp_path), "moodle-referentiel")
    header = next(csv.reader(io.StringIO(text)))
    assert header == MOODLE_FRAMEWORK_HEADER and len(header) == 14
    rows = _csv(text)
    frameworks = [r for r in rows if r["Is framework"] == "1"]
    assert len(frameworks) == 1 and frameworks[0]["Taxonomy"] == "domain,competency"
    assert json.loads(frameworks[0]["Scale configuration"])[1] == {"id": 3, "scaledefault": 1, "proficient": 1}
    assert frameworks[0]["Scale values"].split(",")[2] == "Acquis"
    items = [r for r in rows if r["Is framework"] != "1"]
    ids = [r["Id number"] for r in items]
    assert len(ids) == len(set(ids)) == 5 + 41 + 37
    assert {"B2.CE16", "B3.CE16"} <= set(ids)
    blocs = {r["Id number"] for r in items if r["Parent id number"] == ""}
    assert blocs == {"B1", "B2", "B3", "B4", "B5"}
    assert all(r["Parent id number"] in blocs for r in items if r["Id number"] not in blocs)
    ce16 = {r["Id number"]: r["Description"] for r in items if r["Id number"].endswith("CE16")}
    assert ce16["B2.CE16"] != ce16["B3.CE16"]
    assert all(len(r["Shortname"]) <= 100 for r in rows)
    assert ref.criterion("B5.CE36").text in next(r for r in items if r["Id number"] == "B5.CE36")["Description"]


def test_case_package_lists_the_whole_referential(tmp_path):
    package = json.loads(export_text(Course(tmp_path), "case", now=NOW))
    assert set(package) == {"CFDocument", "CFItems", "CFAssociations"}
    doc = package["CFDocument"]
    assert doc["lastChangeDateTime"] == "2026-11-27T12:00:00Z" and doc["language"] == "fr"
    items = package["CFItems"]
    types = [i["CFItemType"] for i in items]
    assert types.count("Bloc de compétences") == 5
    assert types.count("Compétence") + types.count("Savoir socioprofessionnel") == 41
    assert types.count("Savoir socioprofessionnel") == 4
    assert types.count("Critère d'évaluation") == 37
    ids = {i["identifier"] for i in items}
    assert len(ids) == len(items)
    codes = {i["humanCodingScheme"]: i["identifier"] for i in items}
    assert codes["B2.CE16"] != codes["B3.CE16"]
    associations = package["CFAssociations"]
    assert len(associations) == len(items) and {a["associationType"] for a in associations} == {"isChildOf"}
    parents = {a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"] for a in associations}
    assert parents[codes["B3.CE16"]] == codes["B3"] and parents[codes["B1"]] == doc["identifier"]
    assert set(parents) == ids
    again = json.loads(export_text(Course(tmp_path), "case", now=NOW))
    assert again == package  # identifiers are stable across exports


def test_moodle_grades_write_only_finished_totals(course):
    rows = _csv(export_text(course, "moodle-notes"))
    by = {r["ID number"]: r for r in rows}
    column = "b5_test (/10)"
    assert by["s1"][column] == "6.5"  # 2 + 0 + 4.5
    assert by["s2"][column] == "" and by["s3"][column] == "" and by["s4"][column] == ""
    assert by["s1"]["Prénom"] == "S1"


def test_cells_csv_one_row_per_graded_cell(course):
    rows = _csv(export_text(course, "cellules"))
    assert len(rows) == 6
    s2 = {r["grade_id"]: r for r in rows if r["student_id"] == "s2"}
    assert s2["b5_synthese"]["score"] == "" and s2["b5_synthese"]["max_score"] == "5"
    assert s2["b5_total_leads"]["criteria"] == "B5.CE35 B5.CE33" and s2["b5_total_leads"]["competencies"] == "C34"


def test_spreadsheet_never_writes_zero_for_what_was_not_graded(course):
    text = export_text(course, "tableur")
    assert text.startswith("\ufeff")
    rows = {r["etudiant"]: r for r in _csv(text, ";")}
    assert (rows["s1"]["statut"], rows["s1"]["total"], rows["s1"]["bareme"]) == ("corrigé", "6,5", "10")
    assert rows["s1"]["B5.CE36"] == "acquis" and rows["s1"]["B5.CE33"] == "non acquis"
    assert (rows["s2"]["statut"], rows["s2"]["total"], rows["s2"]["B5.CE36"]) == ("à corriger", "", "à corriger")
    assert (rows["s3"]["statut"], rows["s3"]["total"]) == ("non corrigé", "")
    assert "JSON invalide" in rows["s3"]["raison"] and rows["s3"]["B5.CE35"] == ""
    assert (rows["s4"]["statut"], rows["s4"]["total"], rows["s4"]["B5.CE35"]) == ("non rendu", "", "")


def test_export_cli_writes_a_file_and_refuses_a_folder(course, tmp_path):
    from cpmc_course.cli import main

    out = tmp_path / "notes.csv"
    assert main(["export", "--course-dir", str(course.root), "--format", "moodle-notes", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("ID number,Prénom,Nom")
    assert main(["export", "--course-dir", str(course.root), "--out", str(tmp_path)]) == 2


def test_student_pages_list_each_assignment_with_its_status(course, tmp_path):
    from cpmc_course.course import make_report

    make_report(course, tmp_path / "rapport")
    page = {s: (tmp_path / "rapport" / "etudiants" / f"{s}.html").read_text(encoding="utf-8") for s in ("s1", "s2", "s3", "s4")}
    assert "<h2>Sujets</h2>" in page["s1"] and "6,5 / 10" in page["s1"] and "corrigé" in page["s1"]
    assert "— / 10" in page["s2"] and "à corriger" in page["s2"]
    assert "non corrigé" in page["s3"] and "JSON invalide" in page["s3"]
    assert "non rendu" in page["s4"]
