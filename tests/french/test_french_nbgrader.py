"""What nbgrader shows around the French content is French too (real nbgrader, one throwaway course).

One small assignment whose setup cell imports the kit, as every épreuve does.
Three copies: « complet » (every answer), « saute » (the first question left
as its stub, the written answer untouched), « faux » (a wrong rate). Checked
once each, in one course: the release stub (French sentence), autograde (the
skipped question still scores 0, its test cell shows the hint to run the cells
above and nothing on stderr), ``nbgrader generate_feedback`` (French template:
labels, « Pas de réponse. », French points), the formgrader page rendered with
the configuration the formgrader extension loads, and Validate (``nbgrader
validate`` prints the French warnings; the error the JupyterLab dialog shows
starts with the test's French message).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import builders
from cpmc_course.gradebook import db_url, read_grades, set_manual_grade
from cpmc_course.kit.erreurs import NBSP
from cpmc_course.pipeline import autograde, release

pytestmark = pytest.mark.nbgrader
ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "b5_test"
RATE_MESSAGE = "Le taux attendu est 12 / 48, en nombre décimal."
ENGLISH_FEEDBACK = ("Written response", "Test cell", "No response.", "Score:", "Student's answer", "Comments:", "(Top)")
ENGLISH_FORMGRADE = ("Student's answer", "Full credit", "No credit", "Resolve", "extra credit", "Manual Grading",
                     "Submission", "Next &rarr;", "Prev")


def _assignment() -> nbformat.NotebookNode:
    setup = nbformat.v4.new_code_cell("import cpmc_course.kit  # messages d'erreur qui disent quoi faire")
    setup.metadata["nbgrader"] = builders._nbg(locked=True, grade_id="b5_test_chargement")
    return builders.notebook([
        setup,
        builders.solution("b5_taux_calc", "taux = 12 / 48"),
        builders.graded_test("b5_taux_conversion",
                             f"# Vérifie le taux de conversion\nassert abs(taux - 0.25) < 1e-9, \"{RATE_MESSAGE}\"",
                             2, ["CE35", "C35"]),
        builders.manual("b5_synthese", "Le canal e-mail convertit le mieux.", 5, ["CE36", "C36"]),
    ])


def _submit(course: Path, student: str, edit=None) -> Path:
    target = course / "submitted" / student / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, target)
    path = target / "exercice.ipynb"
    if edit:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            edit(cell["metadata"].get("nbgrader", {}).get("grade_id"), cell)
        path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _answers(rate: str | None, text: str | None):
    def edit(grade_id, cell):
        if grade_id == "b5_taux_calc" and rate is not None:
            cell["source"] = f"taux = {rate}"
        if grade_id == "b5_synthese" and text is not None:
            cell["source"] = text
    return edit


def _run(args: list[str], course: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])))
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=600)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = builders.make_course(tmp_path_factory.mktemp("francais") / "cours", ASSIGNMENT, _assignment())
    release(course, [ASSIGNMENT])
    _submit(course, "complet", _answers("12 / 48", "L'e-mail, d'après le tableau des conversions."))
    _submit(course, "saute")  # the release copy as it is: stub and « VOTRE RÉPONSE ICI »
    _submit(course, "faux", _answers("0.5", "Le réseau social."))
    outcomes = autograde(course, jobs=2, progress=False)
    assert all(o.ok for o in outcomes), outcomes
    url = db_url(course)
    for g in read_grades(url):
        if g.pending:
            set_manual_grade(url, g.student_id, g.assignment, g.notebook, g.grade_id, 3)
    return course


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_the_stub_says_what_to_do(course):
    released = nbformat.read(course / "release" / ASSIGNMENT / "exercice.ipynb", as_version=4)
    stub = _cell(released, "b5_taux_calc").source
    assert builders.CODE_STUB in stub and "# VOTRE CODE ICI" in stub and "NotImplementedError()" not in stub
    assert f"Complétez cette cellule{NBSP}: remplacez ces deux lignes par votre réponse" in stub


def test_a_skipped_question_still_scores_0_and_its_test_says_to_run_the_cells_above(course):
    scores = {(g.student_id, g.grade_id): g.score for g in read_grades(db_url(course))}
    assert scores[("complet", "b5_taux_conversion")] == 2
    assert scores[("saute", "b5_taux_conversion")] == 0
    assert scores[("faux", "b5_taux_conversion")] == 0
    # a passing visible test says so in French, on stdout only, and keeps its full score (above)
    passed = _cell(nbformat.read(course / "autograded" / "complet" / ASSIGNMENT / "exercice.ipynb", as_version=4),
                   "b5_taux_conversion").outputs
    assert [(o.output_type, o.get("name"), o.get("text", "").strip()) for o in passed] == [("stream", "stdout", "✓ Test réussi")]
    graded = nbformat.read(course / "autograded" / "saute" / ASSIGNMENT / "exercice.ipynb", as_version=4)
    stub_outputs = _cell(graded, "b5_taux_calc").outputs
    assert [o.ename for o in stub_outputs if o.output_type == "error"] == ["NotImplementedError"]
    assert "Complétez cette cellule" in stub_outputs[-1].evalue
    test_outputs = _cell(graded, "b5_taux_conversion").outputs
    assert not [o for o in test_outputs if o.output_type == "stream" and o.name == "stderr"]
    (error,) = [o for o in test_outputs if o.output_type == "error"]
    assert error.ename == "NameError"  # the error is kept: nbgrader sees the cell as failed
    assert f"La variable «{NBSP}taux{NBSP}» n'existe pas encore" in "\n".join(error.traceback)
    assert "Exécuter tout au-dessus de la cellule sélectionnée" in "\n".join(error.traceback)


def test_feedback_is_french(course):
    result = _run(["generate_feedback", ASSIGNMENT, "--force"], course)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    pages = {p.parts[-3]: html.unescape(p.read_text(encoding="utf-8")) for p in (course / "feedback").rglob("*.html")}
    assert set(pages) == {"complet", "saute", "faux"}
    for student, page in pages.items():
        for english in ENGLISH_FEEDBACK:
            assert english not in page, f"{student} : « {english} » dans le retour"
        for french in ('<html lang="fr">', "Test automatique", "Réponse rédigée", "Réponse de l'étudiant·e",
                       "(haut de page)"):
            assert french in page, f"{student} : « {french} » absent du retour"
    assert "Pas de réponse." in pages["saute"] and "Commentaire" in pages["saute"]
    assert "n'existe pas dans votre copie" in pages["saute"]  # the verdict of the test after a skipped question
    assert f"Test non réussi : {RATE_MESSAGE}" in pages["faux"]
    assert f"note{NBSP}: 5 / 7" in pages["complet"] and "Réponse rédigée</a> (3 / 5)" in pages["complet"]
    assert f"note{NBSP}: 0 / 7" in pages["saute"] and "Test automatique</a> (0 / 2)" in pages["saute"]


def test_formgrader_page_is_french(course):
    page = builders.formgrader_page(course, ASSIGNMENT, "complet")
    page = html.unescape(page)
    shown = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)  # the template's scripts translate English texts
    for english in ENGLISH_FORMGRADE:
        assert english not in shown, f"« {english} » dans le formgrader"
    for french in ("Réponse de l'étudiant·e", "Tous les points", "Aucun point", "Marquer comme corrigée", "Copie 1 / 3",
                   "Correction manuelle", "Suivante", "class=\"btn btn-success full-credit\""):
        assert french in page, f"« {french} » absent du formgrader"
    # the rubric of the written answer, folded under it, read from source/ (criteria with their official texts)
    from cpmc_course.referential import load_referential

    rubric = page.split('<details class="cpmc-grille" data-grade-id="b5_synthese">', 1)[1].split("<textarea", 1)[0]
    assert load_referential().criterion("B5.CE36").text in rubric and "C36 (compétence)" in rubric
    assert "Le canal e-mail convertit le mieux." in rubric  # the model answer of source/, not the copy's text
    assert page.count('class="cpmc-grille"') == 1  # only the answer graded by hand


def test_validate_is_french_and_leads_with_the_message(course):
    copy = course / "submitted" / "faux" / ASSIGNMENT / "exercice.ipynb"
    printed = _run(["validate", str(copy)], course)
    assert "ÉCHEC DE LA VALIDATION SUR 1 CELLULE(S)" in printed.stdout, printed.stdout[-2000:] + printed.stderr[-2000:]
    assert "VALIDATION FAILED" not in printed.stdout
    error = printed.stdout.split("The error was:", 1)[1]  # nbgrader's own heading, not configurable
    assert error.strip().startswith(f"Test non réussi{NBSP}: {RATE_MESSAGE}")
