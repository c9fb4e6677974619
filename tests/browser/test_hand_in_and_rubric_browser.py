"""One machine, one JupyterLab: a student hands in from *Assignment List*, the grader sees the rubric in the formgrader.

A course made by ``cpmc init`` (from a small origin course: the bloc 5 test
assignment) is released (``cpmc release``, ``nbgrader release_assignment``) with
no other setting: ``cpmc init`` wrote the exchange folder and the course id. In
chromium, the student opens *Nbgrader › Assignment List*, fetches the assignment,
writes an answer, submits; the exchange holds the copy. The instructor collects
and grades (``nbgrader collect``, ``cpmc autograde``); in the same JupyterLab the
formgrader shows, under the written answer being graded and folded, its criteria
with their official texts, the « Grille de correction » and the model answer of
``source/``, and the comment box says in French what to write. The same JupyterLab first shows
its menus in French (`cpmc lab`'s default language, no user setting).

Screenshots are written in the test's folder; with ``CPMC_UPDATE_CAPTURES=1``
they also replace those of ``docs/captures`` (the README shows them).
"""

from __future__ import annotations

import getpass
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import builders
import pytest

from cpmc_course.cli import main
from cpmc_course.referential import load_referential
from cpmc_course.resources import EXCHANGE_DIR, STUDENT_DIR, init_course

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]
ROOT = Path(__file__).resolve().parents[2]
CAPTURES = ROOT / "docs" / "captures"
_spec = importlib.util.spec_from_file_location("_revision_browser", ROOT / "tests" / "browser" / "test_revision_browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)

A = "b5_test"
ANSWER = "Le canal e-mail convertit le mieux : 25 % des visites deviennent des leads, contre 8 % ailleurs."
RUBRIC = ("Le canal e-mail convertit le mieux.\n\nGrille de correction : 5 points si le canal est nommé et justifié "
          "par son taux ; 2 points s'il est nommé sans chiffre ; 0 sinon.")


def _origin(tmp_path: Path) -> Path:
    nb = builders.small_assignment()
    nb.cells[-1].source = RUBRIC
    return builders.make_course(tmp_path / "origine", A, nb)


def _nbgrader(course: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]


def _capture(page_or_locator, tmp_path: Path, name: str) -> None:
    page_or_locator.screenshot(path=str(tmp_path / name))
    if os.environ.get("CPMC_UPDATE_CAPTURES") == "1":
        shutil.copy2(tmp_path / name, CAPTURES / name)


def _write_answer(course: Path) -> None:
    """What the student types in the written answer before submitting (the fetched copy, on disk)."""
    path = course / STUDENT_DIR / A / "exercice.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "b5_synthese")
    cell["source"] = ANSWER
    path.write_text(json.dumps(nb), encoding="utf-8")


def _menus_are_french(page) -> None:
    """`cpmc lab` opens JupyterLab in French when the user chose no language (empty user settings)."""
    from playwright.sync_api import expect

    labels = page.locator(".lm-MenuBar-itemLabel")
    expect(labels.filter(has_text="Fichier")).to_have_count(1, timeout=60_000)
    expect(labels.filter(has_text="Édition")).to_have_count(1)
    texts = [t.strip() for t in labels.all_inner_texts()]
    assert "Exécution" in texts and "File" not in texts and "Edit" not in texts, texts


def _hand_in(page, course: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    released = page.locator("#released_assignments_list")
    expect(released).to_contain_text(A, timeout=60_000)
    expect(released).to_contain_text(course.name)  # the course id cpmc init wrote
    released.locator("button", has_text="Fetch").click()
    submit = page.locator("#fetched_assignments_list button", has_text="Submit")
    submit.wait_for(timeout=60_000)
    _write_answer(course)
    submit.click()
    submitted = page.locator("#submitted_assignments_list")
    expect(submitted).to_contain_text(A, timeout=60_000)
    expect(submitted).to_contain_text(" UTC")  # the hand-in time nbgrader recorded
    _capture(page, tmp_path, "devoirs-rendre-sa-copie.png")
    inbound = list((course / EXCHANGE_DIR / course.name / "inbound").iterdir())
    assert [p.name.split("+")[:2] for p in inbound] == [[getpass.getuser(), A]]


def _submission_id(course: Path) -> str:
    from nbgrader.api import Gradebook

    from cpmc_course.gradebook import db_url

    with Gradebook(db_url(course)) as gb:
        return gb.find_submission_notebook("exercice", A, getpass.getuser()).id


def _rubric_beside_the_answer(page, base: str, course: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/formgrader/submissions/{_submission_id(course)}/")
    panel = page.locator(".nbgrader_cell", has=page.locator("details.cpmc-grille"))
    expect(panel).to_have_count(1, timeout=60_000)
    expect(panel).to_contain_text(ANSWER)  # the answer being graded and its rubric, in one panel
    rubric = panel.locator("details.cpmc-grille")
    assert rubric.get_attribute("open") is None  # folded by default
    criterion = load_referential().criterion("B5.CE36").text
    expect(rubric.get_by_text(criterion)).not_to_be_visible()
    rubric.locator("> summary").click()
    expect(rubric.get_by_text(criterion)).to_be_visible()
    expect(rubric).to_contain_text("2 points s'il est nommé sans chiffre")
    rubric.locator("details.modele > summary").click()
    expect(rubric.locator("details.modele")).to_contain_text("Le canal e-mail convertit le mieux.")
    comment = panel.locator("textarea.comment")
    expect(comment).to_have_attribute("placeholder", "Commentaire pour l'étudiant·e : ce qui est réussi, ce qui est à "
                                      "retravailler, le critère concerné (Markdown accepté)")
    panel.scroll_into_view_if_needed()
    _capture(panel, tmp_path, "formgrader-grille-de-correction.png")
    page.locator(".help").click()  # nbgrader's keyboard help, translated by the course's template
    expect(page.locator("#help-dialog .modal-title")).to_have_text("Raccourcis clavier")
    expect(page.locator("#help-dialog")).to_contain_text("Signaler la copie (à revoir)")
    expect(page.locator("#help-dialog")).not_to_contain_text("Move to")
    assert errors == []  # offline (no MathJax from its CDN), nbgrader's page script still runs to the end


def test_a_student_hands_in_and_the_grader_sees_the_rubric(tmp_path):
    chromium = browser_helpers._chromium()
    browser_helpers._require(chromium is not None, "chromium est absent")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_helpers._require(False, "le paquet Python playwright est absent")

    course = init_course(tmp_path / "cours-demo", origin=_origin(tmp_path))
    assert main(["--course-dir", str(course), "release"]) == 0
    _nbgrader(course, "release_assignment", A)
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),  # nbgrader's submission cache: this student's only
    }
    with browser_helpers.course_lab(course, tmp_path, env) as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_helpers.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(f"{base}/lab?token={token}")
            _menus_are_french(page)
            _hand_in(page, course, tmp_path)
            _nbgrader(course, "collect", A)
            assert main(["--course-dir", str(course), "autograde", "--jobs", "1", "--quiet"]) == 0
            _rubric_beside_the_answer(page, base, course, tmp_path)
        finally:
            browser.close()
