"""The course on a real JupyterHub, driven in chromium: release, fetch, validate, submit, grade, feedback, refusals.

One hub for the module (``campus``): three Unix accounts made for the test (an instructor, two candidates,
random ``zh…`` names, private homes), the folder ``cpmc hub`` writes, its ``installer.sh`` (the
``grader-<cours>`` account, the exchange 1777, the course handed to that account), and ``jupyterhub -f`` on
loopback. The course is a small demo assignment built for the test (``tests/builders.small_assignment``:
two autograded questions, 2 + 3 points, and one written answer, 5 points): the épreuves of ``source/``
take minutes to run in a browser, the path through the hub is the same. In chromium, with PAM logins:
the instructor opens the shared formgrader (a hub service run by ``grader-<cours>``) and releases; each
candidate fetches from *Assignment List*, opens the fetched copy in JupyterLab, types the answers in the
cells' editors (one right, one wrong), saves, validates and submits; the instructor collects in the formgrader,
``cpmc autograde`` grades as ``grader-<cours>``, the instructor grades the written answer in the formgrader,
then generates and releases the feedback; each candidate fetches their feedback and reads only their own.
A candidate is refused another's server, the formgrader, the exchange's inbound and the course folder
(HTTP status and file permissions). The hub stops every server at the end; accounts, homes and folders are
removed. Without a prerequisite (root, configurable-http-proxy, jupyterhub, chromium), or when the hub does
not start, the test fails when ``CI`` is set and is skipped otherwise.

Screenshots are written in the hub's folder; with ``CPMC_UPDATE_CAPTURES=1`` they also replace those of
``docs/captures/hub/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import builders
import pytest

from cpmc_course.cli import main
from cpmc_course.resources import init_course

from live import PASSWORD, ROOT, Hub, Machine, free_port, hub_overrides, missing_prerequisite

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]
CAPTURES = ROOT / "docs" / "captures" / "hub"
A = "b5_test"
_spec = importlib.util.spec_from_file_location("_revision_browser", ROOT / "tests" / "browser" / "test_revision_browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)

RIGHT = {"b5_taux_calc": "taux = 12 / 48", "b5_leads_calc": "leads = [3, 5, 4]\ntotal_leads = sum(leads)",
         "b5_synthese": "Le canal e-mail convertit le mieux : 25 % des visites deviennent des leads."}
WRONG = {"b5_taux_calc": "taux = 48 / 12", "b5_leads_calc": "total_leads = 10"}


@dataclass
class Campus:
    machine: Machine
    hub: Hub
    course: Path
    out: Path
    exchange: Path
    prof: str
    ana: str
    bob: str

    @property
    def tag(self) -> str:
        return self.machine.tag

    @property
    def grader(self) -> str:
        return f"grader-{self.tag}"


def _build(machine: Machine) -> Campus:
    """Accounts, course, `cpmc hub`'s folder and its installer, then the hub started (not waited for)."""
    prof, ana, bob = (machine.add_user(role) for role in ("prof", "ana", "bob"))
    machine.users.append(f"grader-{machine.tag}")  # made by installer.sh, removed with the others
    course = init_course(machine.base / "cours", origin=builders.make_course(machine.base / "origine", A))
    port, out, exchange = free_port(), machine.base / "hub", machine.base / "echange"
    assert main(["hub", "--out", str(out), "--cours-id", machine.tag, "--formateurs", prof, "--candidats", f"{ana},{bob}",
                 "--dossier-cours", str(course), "--echange", str(exchange), "--ip", "127.0.0.1", "--port", str(port),
                 "--port-formgrader", str(free_port()), "--python", machine.python]) == 0
    with (out / "jupyterhub_config.py").open("a", encoding="utf-8") as config:
        config.write(hub_overrides(machine, "tests/hub/test_live_hub.py"))
    subprocess.run(["sh", str(out / "installer.sh")], check=True, capture_output=True)
    hub = Hub(out / "jupyterhub_config.py", f"http://127.0.0.1:{port}")
    return Campus(machine, hub, course, out, exchange, prof, ana, bob)


@pytest.fixture(scope="module")
def campus():
    problem = missing_prerequisite() or (None if browser_helpers._chromium() else "chromium est absent")
    if problem:
        browser_helpers._require(False, problem)
    try:
        machine = Machine.make()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        browser_helpers._require(False, f"le Python de ce test n'est pas accessible aux comptes du hub : {exc}")
    built = None
    try:
        built = _build(machine)
        # the student version is generated while the hub starts (as root: creating the gradebook runs the
        # `alembic` script, whose first line names this Python by its private path), then handed to the grader
        assert main(["--course-dir", str(built.course), "release"]) == 0
        subprocess.run(["chown", "-R", f"{built.grader}:", str(built.course)], check=True)
        try:
            built.hub.wait()
        except RuntimeError as exc:
            browser_helpers._require(False, f"le JupyterHub du test ne démarre pas : {exc}")
        yield built
    finally:
        if built is not None:
            built.hub.stop()
        machine.undo()


@pytest.fixture(scope="module")
def browser(campus):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser_helpers._chromium(), args=browser_helpers.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _capture(page, campus: Campus, name: str) -> None:
    path = campus.out / "captures" / name
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    if os.environ.get("CPMC_UPDATE_CAPTURES") == "1":
        CAPTURES.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, CAPTURES / name)


def _log_in(browser, campus: Campus, users: list[str]) -> list:
    """A browser session per user: PAM logins sent together (the hub spawns the servers at once), then each
    user's JupyterLab, in French, once it has started."""
    from playwright.sync_api import expect

    pages = []
    for user in users:
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        page.goto(f"{campus.hub.url}/hub/login")
        page.fill("#username_input", user)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        pages.append(page)
    for user, page in zip(users, pages):
        page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=180_000)
        expect(page.locator(".lm-MenuBar-itemLabel", has_text="Fichier")).to_have_count(1, timeout=120_000)
    return pages


def _formgrader(page, campus: Campus, path: str = "manage_assignments"):
    page.goto(f"{campus.hub.url}/services/{campus.tag}/formgrader/{path}")
    return page


def _assignment_action(page, campus: Campus, action: str, done: str, capture: str | None = None) -> None:
    """Click the formgrader's ``action`` link of the assignment row, wait for its success dialog (captured as
    ``capture``) and close it."""
    from playwright.sync_api import expect

    row = page.locator("tr", has_text=A).first
    row.locator(f".{action} a").click()
    dialog = page.locator(".modal-dialog")
    expect(dialog).to_contain_text(done, timeout=120_000)
    if capture:
        page.wait_for_timeout(500)  # the dialog's fade-in
        _capture(page, campus, capture)
    dialog.locator("button", has_text=re.compile("OK|Close")).first.click()


def _assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()


def _fetched(user: str) -> dict:
    """The candidate's fetched copy as it is on disk (read only: the candidate writes it through JupyterLab)."""
    return json.loads((Path(f"/home/{user}") / A / "exercice.ipynb").read_text(encoding="utf-8"))


def _grade_ids(nb: dict) -> list[str | None]:
    return [cell["metadata"].get("nbgrader", {}).get("grade_id") for cell in nb["cells"]]


def _answer(page, campus: Campus, user: str, answers: dict[str, str], capture: str | None) -> None:
    """The candidate opens the fetched copy in JupyterLab, replaces each answer cell's stub by typing in its
    editor (CodeMirror: select all, type), saves with Control+S; the saved file holds the typed answers."""
    from playwright.sync_api import expect

    page.goto(f"{campus.hub.url}/user/{user}/lab/tree/{A}/exercice.ipynb")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    cells = panel.locator(".jp-Notebook .jp-Cell")
    order = _grade_ids(_fetched(user))
    expect(cells).to_have_count(len(order), timeout=120_000)
    for grade_id, text in answers.items():
        cell = cells.nth(order.index(grade_id))
        cell.scroll_into_view_if_needed()
        if "jp-MarkdownCell" in (cell.get_attribute("class") or ""):
            cell.locator(".jp-MarkdownOutput").dblclick()  # a rendered written answer opens its editor
        editor = cell.locator(".cm-content")
        editor.click()
        expect(editor).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        expect(editor).to_have_text(text.replace("\n", ""))  # CodeMirror draws one line per div
    page.keyboard.press("Control+S")
    wanted = dict(answers)
    for _ in range(60):
        nb = _fetched(user)
        saved = {g: "".join(c["source"]) for g, c in zip(_grade_ids(nb), nb["cells"]) if g in wanted}
        if saved == wanted:
            break
        page.wait_for_timeout(500)
    assert saved == wanted, saved
    if capture:
        _capture(page, campus, capture)
    page.goto(f"{campus.hub.url}/user/{user}/lab")
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="Fichier")).to_have_count(1, timeout=120_000)


def _fetch_validate_submit(page, campus: Campus, user: str, answers: dict[str, str], verdict: str) -> None:
    from playwright.sync_api import expect

    _assignment_list(page)
    released = page.locator("#released_assignments_list")
    expect(released).to_contain_text(A, timeout=60_000)
    released.locator("button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    expect(fetched.locator("button", has_text="Submit")).to_have_count(1, timeout=60_000)
    _answer(page, campus, user, answers, "candidat-copie-repondue.png" if verdict == "btn-success" else None)
    _assignment_list(page)
    expect(fetched.locator("button", has_text="Submit")).to_have_count(1, timeout=60_000)
    fetched.locator("a", has_text=A).first.click()  # unfolds the notebooks of the assignment
    validate = fetched.locator("button", has_text="Validate")
    validate.click()
    expect(validate).to_have_class(re.compile(verdict), timeout=120_000)
    _capture(page, campus, f"candidat-valide-{'juste' if verdict == 'btn-success' else 'faux'}.png")
    close = page.locator(".jp-Dialog button", has_text=re.compile("OK|Ok|Fermer"))
    if close.count():
        close.first.click()
    fetched.locator("button", has_text="Submit").click()
    expect(page.locator("#submitted_assignments_list")).to_contain_text(A, timeout=60_000)


def test_the_course_runs_on_a_real_jupyterhub(campus, browser):
    from playwright.sync_api import expect

    prof, ana, bob = _log_in(browser, campus, [campus.prof, campus.ana, campus.bob])
    _capture(prof, campus, "formateur-jupyterlab.png")
    log = campus.hub.log.read_text(errors="replace")
    for service in (campus.tag, "idle-culler"):  # the shared formgrader and the culler run as the hub's services
        assert f"Starting managed service {service}" in log, campus.hub.tail()
    _formgrader(prof, campus)
    expect(prof.locator("tr", has_text=A)).to_have_count(1, timeout=60_000)
    _assignment_action(prof, campus, "release", "Successfully released", "formgrader-sujet-publie.png")
    assert (campus.exchange / campus.tag / "outbound" / A / "exercice.ipynb").is_file()

    _fetch_validate_submit(ana, campus, campus.ana, RIGHT, "btn-success")
    _capture(ana, campus, "candidat-copie-rendue.png")
    _fetch_validate_submit(bob, campus, campus.bob, WRONG, "btn-danger")

    _formgrader(prof, campus)
    _assignment_action(prof, campus, "collect", "Successfully collected")
    campus.machine.run_as(campus.grader, campus.machine.python, "-m", "cpmc_course", "autograde", "--jobs", "2", "--quiet",
                          cwd=campus.course)
    assert _auto_scores(campus) == {campus.ana: 5, campus.bob: 0}
    _grade_written_answer(prof, campus)
    _formgrader(prof, campus)
    _assignment_action(prof, campus, "generate-feedback", "Successfully generated feedback")
    _assignment_action(prof, campus, "release-feedback", "Successfully released feedback", "formgrader-retours-publies.png")

    _own_feedback_only(ana, campus, campus.ana)
    _own_feedback_only(bob, campus, campus.bob)
    _refusals(ana, campus)


def _grade_written_answer(prof, campus: Campus) -> None:
    from nbgrader.api import Gradebook
    from playwright.sync_api import expect

    from cpmc_course.gradebook import db_url

    with Gradebook(db_url(campus.course)) as gb:
        submission = gb.find_submission_notebook("exercice", A, campus.ana).id
    _formgrader(prof, campus, f"submissions/{submission}/")
    cell = prof.locator(".nbgrader_cell", has_text=RIGHT["b5_synthese"][:30])
    score = cell.locator("input.score")
    expect(score).to_have_class(re.compile("needs_manual_grade"), timeout=60_000)  # the page's script is ready
    with prof.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
        score.fill("4")
        score.dispatch_event("change")
    assert saved.value.status == 200, saved.value.status
    _capture(prof, campus, "formgrader-reponse-notee.png")
    with Gradebook(db_url(campus.course)) as gb:
        grade = gb.find_grade("b5_synthese", "exercice", A, campus.ana)
        assert grade.manual_score == 4


def _auto_scores(campus: Campus) -> dict[str, float]:
    """Automatic points of each candidate's copy, read in the gradebook."""
    from nbgrader.api import Gradebook

    from cpmc_course.gradebook import db_url

    with Gradebook(db_url(campus.course)) as gb:
        return {user: gb.find_submission(A, user).code_score for user in (campus.ana, campus.bob)}


def _own_feedback_only(page, campus: Campus, user: str) -> None:
    from playwright.sync_api import expect

    _assignment_list(page)
    submitted = page.locator("#submitted_assignments_list")
    fetch = submitted.locator("button", has_text="Fetch Feedback")
    expect(fetch).to_have_count(1, timeout=60_000)
    fetch.click()
    expect(submitted).to_contain_text("view feedback", timeout=60_000)
    pages = sorted(Path(f"/home/{user}").glob(f"{A}/feedback/*/exercice.html"))
    assert len(pages) == 1, pages
    relative = pages[0].relative_to(f"/home/{user}")
    page.goto(f"{campus.hub.url}/user/{user}/files/{relative}")
    body = page.locator("body")
    if user == campus.ana:
        expect(body).to_contain_text(RIGHT["b5_synthese"][:30])
        _capture(page, campus, "candidat-retour.png")
    else:
        expect(body).not_to_contain_text(RIGHT["b5_synthese"][:30])
        expect(body).to_contain_text("total_leads = 10")


def _refusals(page, campus: Campus) -> None:
    """A candidate reaches neither another's server nor the formgrader; the exchange and the course stay closed."""
    other = page.goto(f"{campus.hub.url}/user/{campus.bob}/api/contents")
    assert other.status in (403, 404), other.status
    grader = page.goto(f"{campus.hub.url}/services/{campus.tag}/formgrader/manage_assignments")
    assert grader.status in (403, 404), grader.status
    _capture(page, campus, "candidat-formgrader-refuse.png")
    run = campus.machine.run_as
    for path in (campus.exchange / campus.tag / "inbound", campus.course, campus.course / "source" / A,
                 Path(f"/home/{campus.bob}")):
        listed = run(campus.ana, "ls", str(path), check=False)
        assert listed.returncode != 0 and "Permission denied" in listed.stderr, (path, listed.stdout, listed.stderr)
    read = run(campus.ana, "cat", str(campus.course / "source" / A / "exercice.ipynb"), check=False)
    assert read.returncode != 0 and "Permission denied" in read.stderr
