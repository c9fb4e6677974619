"""The real nbgrader pipeline through the `cpmc` CLI: release, isolated autograde, report."""

import copy
import csv
import json

import pytest
from nbgrader.api import Gradebook

from builders import make_course
from cpmc_course.cli import main
from cpmc_course.gradebook import db_url

pytestmark = pytest.mark.nbgrader
A = "b5_test"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("e2e") / "cours")
    assert main(["--course-dir", str(root), "release"]) == 0
    released = root / "release" / A / "exercice.ipynb"
    source = root / "source" / A / "exercice.ipynb"

    def submit(student, text):
        target = root / "submitted" / student / A
        target.mkdir(parents=True)
        (target / "exercice.ipynb").write_text(text, encoding="utf-8")

    submit("solution", source.read_text(encoding="utf-8"))
    submit("vierge", released.read_text(encoding="utf-8"))
    nb = json.loads(released.read_text(encoding="utf-8"))
    dup = copy.deepcopy([c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "b5_total_leads"][0])
    dup.pop("id", None)
    nb["cells"].append(dup)
    submit("doublon", json.dumps(nb))
    submit("json_casse", released.read_text(encoding="utf-8")[:200])
    # a partial copy: only the first question answered
    nb = json.loads(released.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "b5_taux_calc":
            cell["source"] = "taux = 12 / 48"
    submit("partiel", json.dumps(nb))
    code = main(["--course-dir", str(root), "autograde", "--quiet"])
    return root, code


def _auto(root, student):
    gb = Gradebook(db_url(root))
    try:
        sub = gb.find_submission(A, student)
        return {g.name: (g.auto_score, g.needs_manual_grade) for nb in sub.notebooks for g in nb.grades}
    finally:
        gb.close()


def test_release_hides_solutions(graded):
    root, _ = graded
    text = (root / "release" / A / "exercice.ipynb").read_text(encoding="utf-8")
    assert "# VOTRE CODE ICI" in text and "VOTRE RÉPONSE ICI" in text
    assert "taux = 12 / 48" not in text and "Grille de correction" not in text


def test_solution_gets_every_automatic_point(graded):
    root, _ = graded
    grades = _auto(root, "solution")
    assert grades["b5_taux_conversion"] == (2, False)
    assert grades["b5_total_leads"] == (3, False)
    assert grades["b5_synthese"] == (None, True)  # written answer: awaits the instructor


def test_blank_release_gets_zero(graded):
    root, _ = graded
    grades = _auto(root, "vierge")
    assert grades["b5_taux_conversion"][0] == 0 and grades["b5_total_leads"][0] == 0
    assert grades["b5_synthese"] == (0, False)  # unchanged answer: nbgrader gives 0 at once


def test_broken_submissions_are_reported_and_others_graded(graded, capsys):
    root, code = graded
    assert code == 1  # some copies failed
    outcomes = {o["student_id"]: o for o in json.loads((root / "cpmc_autograde.json").read_text(encoding="utf-8"))}
    assert outcomes["solution"]["ok"] and outcomes["vierge"]["ok"] and outcomes["partiel"]["ok"]
    # a duplicated graded cell costs only that cell: the copy is graded, the cell scores 0, the note is French
    assert outcomes["doublon"]["ok"] and any("b5_total_leads : cellule notée dupliquée" in n for n in outcomes["doublon"]["notes"])
    assert _auto(root, "doublon")["b5_total_leads"] == (0, False)
    assert not outcomes["json_casse"]["ok"] and "JSON invalide" in outcomes["json_casse"]["reason"]
    gb = Gradebook(db_url(root))
    try:
        graded_students = {s.student.id for s in gb.find_assignment(A).submissions}
    finally:
        gb.close()
    assert graded_students == {"solution", "vierge", "partiel", "doublon"}  # failed copies leave nothing behind


def test_criteria_csv_after_manual_grading(graded, tmp_path):
    root, _ = graded
    gb = Gradebook(db_url(root))
    g = gb.find_grade("b5_synthese", "exercice", A, "solution")
    g.manual_score, g.needs_manual_grade = 3.5, False
    gb.db.commit()
    gb.close()
    assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(tmp_path / "rapport")]) == 0
    with (tmp_path / "rapport" / "criteria.csv").open(encoding="utf-8") as fh:
        rows = {(r["student_id"], r["criterion"]): r for r in csv.DictReader(fh)}
    # solution: CE35 = (2 + 3) / 5 ; CE33 = 3 / 3 ; CE36 = 3.5 / 5
    assert (rows[("solution", "B5.CE35")]["score"], rows[("solution", "B5.CE35")]["ratio"], rows[("solution", "B5.CE35")]["level"]) == ("5", "1", "acquis")
    assert (rows[("solution", "B5.CE36")]["score"], rows[("solution", "B5.CE36")]["ratio"], rows[("solution", "B5.CE36")]["level"]) == ("3.5", "0.7", "acquis")
    # partiel: CE35 = 2 / 5 -> en cours ; CE33 = 0 / 3 ; CE36 unchanged -> 0 / 5
    assert (rows[("partiel", "B5.CE35")]["score"], rows[("partiel", "B5.CE35")]["ratio"], rows[("partiel", "B5.CE35")]["level"]) == ("2", "0.4", "en cours d'acquisition")
    assert rows[("partiel", "B5.CE33")]["level"] == "non acquis"
    assert rows[("vierge", "B5.CE35")]["ratio"] == "0"
    # failed copies are "non évalué", never 0 nor "à corriger"
    assert rows[("doublon", "B5.CE35")]["level"] == "non acquis"
    assert rows[("json_casse", "B5.CE35")]["level"] == "non évalué"
    page = (tmp_path / "rapport" / "index.html").read_text(encoding="utf-8")
    assert "Copies non corrigées" in page and "JSON invalide" in page


def test_dead_kernel_is_isolated(tmp_path):
    root = make_course(tmp_path / "cours")
    assert main(["--course-dir", str(root), "release"]) == 0
    source = json.loads((root / "source" / A / "exercice.ipynb").read_text(encoding="utf-8"))
    for student, crash in (("arret", True), ("ok", False)):
        nb = copy.deepcopy(source)
        if crash:
            nb["cells"][1]["source"] = "import os\nos._exit(1)"
        target = root / "submitted" / student / A
        target.mkdir(parents=True)
        (target / "exercice.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert main(["--course-dir", str(root), "autograde", "--quiet", "--jobs", "2"]) == 0
    outcomes = {o["student_id"]: o for o in json.loads((root / "cpmc_autograde.json").read_text(encoding="utf-8"))}
    assert outcomes["ok"]["ok"] and not outcomes["ok"]["notes"] and not outcomes["ok"]["tampering"]
    # the cell that ends its kernel costs that cell (and the test that needs it), not the whole copy
    assert outcomes["arret"]["ok"] and any("noyau Python s'est arrêté" in n for n in outcomes["arret"]["notes"])
    assert _auto(root, "arret")["b5_taux_conversion"] == (0, False)
    assert _auto(root, "arret")["b5_total_leads"] == (3, False)
