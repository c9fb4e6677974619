"""Bloc 3's oral: after the oral, a jury member enters a team's grades and observations in the formgrader (chromium).

The flow the jury grid states (``source/b3_oral_grille_jury``, first cell): the group's
copy of the grid is graded by hand in nbgrader's formgrader; for each criterion and SC1
the jury types the points in the « / points » box and its observations in the comment
box. Here a course holds the real grid; a team's copy (one copy, one group grade) is
handed in and autograded (every cell waits for the jury); in chromium the formgrader page
of that copy receives five scores and five comments, typed as a jury member would, and
nbgrader's gradebook holds them afterwards (what the team's feedback and the exports read).
The page is captured (``formgrader-grilles-oral.png``; ``CPMC_UPDATE_CAPTURES=1`` replaces
the one in ``docs/captures``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import time
from pathlib import Path

import builders
import nbformat
import pytest

from cpmc_course.cli import main
from cpmc_course.gradebook import add_students, db_url
from cpmc_course.records import Student
from cpmc_course.resources import init_course
from cpmc_course.teams import team_id

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]
ROOT = Path(__file__).resolve().parents[2]
ORAL, NOTEBOOK = "b3_oral_grille_jury", "grille_jury"
TEAM = team_id(ORAL, "Gamma")
"""The team's pseudo-student: its one copy carries the group grade."""
ROSTER = "sujet;equipe;etudiant;statut\n" + "".join(f"{ORAL};Gamma;{s};{status}\n" for s, status in
                                                   (("etu1", ""), ("etu2", ""), ("etu3", "absent")))
_spec = importlib.util.spec_from_file_location("_revision_browser", ROOT / "tests" / "browser" / "test_revision_browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)

JURY = {
    # grade_id: (points typed by the jury, observations)
    "b3_jury_ce22": (18, "Causes bien établies (Pareto, Ishikawa) ; litiges traités à part ; objectifs de mesure sans responsable."),
    "b3_jury_ce23": (15, "Message qui assume (« nous »), appuyé sur L221-15 ; fragile sur le coût du geste commercial."),
    "b3_jury_ce24": (12, "Exactitude du classifieur citée (validation croisée) ; alerte horaire proposée ; veille des concurrents vague."),
    "b3_jury_ce25": (16, "Mise en situation réussie : reformulation, solution datée, ton calme."),
    "b3_jury_sc1": (11, "Reprise de la priorisation après les 40 avis sur le chatbot, mais portée par un seul membre."),
}


def _team_copy(course: Path) -> None:
    """The roster (one member absent) and the grid's copy as a member hands it in: autograde makes it the team's."""
    add_students(db_url(course), [Student(f"etu{i}", "Prénom", f"Nom{i}") for i in range(1, 4)])
    (course / "autograder").mkdir(exist_ok=True)
    (course / "autograder" / "equipes.csv").write_text(ROSTER, encoding="utf-8")
    folder = course / "submitted" / "etu1" / ORAL
    folder.mkdir(parents=True)
    shutil.copy2(course / "release" / ORAL / f"{NOTEBOOK}.ipynb", folder / f"{NOTEBOOK}.ipynb")
    (folder / "timestamp.txt").write_text("2027-06-15 14:00:00.000000 UTC", encoding="utf-8")


def _grades(course: Path) -> dict[str, tuple[float | None, str | None]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course)) as gb:
        nb = gb.find_submission_notebook(NOTEBOOK, ORAL, TEAM)
        comments = {c.name: c.manual_comment for c in nb.comments}
        return {g.name: (g.manual_score, comments.get(g.name)) for g in nb.grades}


def _submission_id(course: Path) -> str:
    from nbgrader.api import Gradebook

    with Gradebook(db_url(course)) as gb:
        return gb.find_submission_notebook(NOTEBOOK, ORAL, TEAM).id


def _enter_the_jury_grades(page, base: str, course: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/formgrader/submissions/{_submission_id(course)}/")
    for grade_id, (points, observations) in JURY.items():
        cell = page.locator(".nbgrader_cell").filter(has=page.locator("input.score")).nth(list(JURY).index(grade_id))
        expect(cell).to_contain_text(grade_id.removeprefix("b3_jury_").upper(), timeout=60_000)
        cell.scroll_into_view_if_needed()
        score = cell.locator("input.score")
        expect(score).to_be_visible(timeout=60_000)
        score.fill(str(points))
        score.press("Tab")  # nbgrader saves a score on « change »
        comment = cell.locator("textarea.comment")
        comment.fill(observations)
        comment.press("Tab")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(_grades(course).get(g, (None, None))[0] is not None for g in JURY):
            break
        time.sleep(0.5)
    page.locator(".nbgrader_cell").filter(has=page.locator("input.score")).nth(2).scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "formgrader-grilles-oral.png"))
    if os.environ.get("CPMC_UPDATE_CAPTURES") == "1":
        shutil.copy2(tmp_path / "formgrader-grilles-oral.png", ROOT / "docs" / "captures" / "formgrader-grilles-oral.png")


def test_a_jury_member_enters_a_teams_oral_grades_in_the_formgrader(tmp_path):
    chromium = browser_helpers._chromium()
    browser_helpers._require(chromium is not None, "chromium est absent")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_helpers._require(False, "le paquet Python playwright est absent")

    grid = nbformat.read(ROOT / "source" / ORAL / f"{NOTEBOOK}.ipynb", as_version=4)
    origin = builders.make_course(tmp_path / "origine", ORAL, grid)
    (origin / "source" / ORAL / "exercice.ipynb").rename(origin / "source" / ORAL / f"{NOTEBOOK}.ipynb")
    course = init_course(tmp_path / "cours-oral", origin=origin)
    assert main(["--course-dir", str(course), "release"]) == 0
    _team_copy(course)
    assert main(["--course-dir", str(course), "autograde", "--jobs", "1", "--quiet"]) == 0
    assert all(score is None for score, _ in _grades(course).values()), "the grid waits for the jury"
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
           "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    with browser_helpers.course_lab(course, tmp_path, env) as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_helpers.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(f"{base}/lab?token={token}")
            page.wait_for_load_state()
            _enter_the_jury_grades(page, base, course, tmp_path)
        finally:
            browser.close()
    graded = _grades(course)
    assert {g: graded[g] for g in JURY} == {g: (float(p), o) for g, (p, o) in JURY.items()}
    assert sum(score for score, _ in graded.values()) == sum(p for p, _ in JURY.values()), "one group grade, out of 100"
