"""The campus workflow through nbgrader's own exchange commands, end to end.

One throwaway course (the small bloc 5 assignment, plus a team assignment nobody
works on and no ``equipes.csv``), one shared exchange folder, and separate homes
and working folders for the instructor and three students. nbgrader's apps run
in-process (as nbgrader's own tests run them): a subprocess costs seconds of
start-up each on this machine.

* The instructor generates (``cpmc release``) and releases (``release_assignment``).
* alice, bruno and chloé fetch (``fetch_assignment``) into their own homes.
* alice hands in a blank copy on time; bruno hands in a blank copy, then a
  partial one, both on time; chloé hands in the solution after the due date.
* The instructor collects (``collect``) and grades (``cpmc autograde``) once
  before bruno's second hand-in, then collects again (nbgrader keeps the copy
  it has) and with ``--update`` (the newest replaces it) and grades again (the
  changed copy is regraded, the others kept); the written answers are graded
  by hand; ``generate_feedback`` and ``release_feedback``; each student runs
  ``fetch_feedback`` in their own home and receives only their own feedback.
* ``cpmc report`` and ``cpmc export`` say when the graded copy was handed in
  and that chloé's was late, with nbgrader's penalty.

The course's nbgrader configuration sets nbgrader's late-submission plugin to
``zero`` (a late notebook's penalty is its score), so the penalty is visible.
Student identity: nbgrader takes the OS user, so each student passes
``--student`` (as nbgrader's own collect tests do) while their home,
``~/.jupyter/nbgrader_config.py`` (course id, exchange root) and submission
cache are their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from builders import make_course, manual, notebook, write
from cpmc_course.cli import main

pytestmark = pytest.mark.nbgrader

A = "b5_test"
TEAM = "b4_projet_equipe"
STUDENTS = ("alice", "bruno", "chloe")


class NbgraderFailed(AssertionError):
    pass


@contextmanager
def _as_user(home: Path, cwd: Path):
    """HOME and working folder of one user for the duration of an nbgrader command."""
    old_env, old_cwd = dict(os.environ), os.getcwd()
    for key in [k for k in os.environ if k.startswith("JUPYTER")]:
        del os.environ[key]
    os.environ["HOME"] = str(home)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)


def nbgrader(args: list[str], home: Path, cwd: Path | None = None) -> str:
    """Run ``nbgrader ARGS`` in-process as the user whose home is ``home``; returns its log, fails on a non-zero exit."""
    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    buffer = io.StringIO()
    with _as_user(home, cwd or home):
        app = NbGraderApp.instance()
        try:
            app.initialize(args)
            app.init_logging(logging.StreamHandler, [buffer], color=False, subapps=True)
            app.start()
            code = 0
        except NoStart:  # the top-level app says so after running its subcommand
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        finally:
            app.reset()
    log = buffer.getvalue()
    if code:
        raise NbgraderFailed(f"nbgrader {' '.join(args)} : code {code}\n{log}")
    return log


def _config(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\nc = get_config()  # noqa: F821\n" + "\n".join(lines) + "\n")


def _team_assignment():
    """A bloc 4 team assignment in source/ that nobody hands in (no roster needed)."""
    nb = notebook([manual("b4_regles_equipe", "Règles.\n\nGrille de correction : 3 points.", 3, ["CE28", "C32"])], bloc="B4")
    nb.metadata["cpmc"]["equipe"] = True
    return nb


def _work(home: Path, answers: dict[str, str]) -> None:
    """Fill in the fetched notebook as a student would (cells named by grade_id)."""
    path = home / A / "exercice.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(nb, str(path))


def _stamp(folder: Path) -> dt.datetime:
    """nbgrader's hand-in time of a copy (its ``timestamp.txt``)."""
    from nbgrader.utils import parse_utc

    return parse_utc((folder / "timestamp.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def campus(tmp_path_factory):
    base = tmp_path_factory.mktemp("campus")
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader: the exchange must exist and be writable to everyone
    course = make_course(base / "instructeur" / "cours")
    write(_team_assignment(), course / "source" / TEAM / "projet.ipynb")
    instructor = base / "instructeur"
    _config(course / "nbgrader_config.py", [
        f"c.Exchange.root = {str(exchange)!r}",
        "c.LateSubmissionPlugin.penalty_method = 'zero'",
        "c.ExchangeCollect.check_owner = False  # every test user is the same OS user",
    ])
    homes = {s: base / "etudiants" / s for s in STUDENTS}
    for home in homes.values():
        _config(home / ".jupyter" / "nbgrader_config.py", ['c.CourseDirectory.course_id = "cpmc"', f"c.Exchange.root = {str(exchange)!r}"])

    logs: dict[str, str] = {}
    assert main(["--course-dir", str(course), "release", A]) == 0
    logs["release"] = nbgrader(["release_assignment", A], instructor, course)
    for student, home in homes.items():
        nbgrader(["fetch_assignment", A], home)
        assert (home / A / "exercice.ipynb").exists(), student

    def submit(student: str) -> str:
        return nbgrader(["submit", A, f"--student={student}"], homes[student])

    submit("alice")  # blank, on time
    submit("bruno")  # blank, on time
    logs["collect_1"] = nbgrader(["collect", A], instructor, course)
    first_bruno = _stamp(course / "submitted" / "bruno" / A)
    logs["autograde_1_code"] = str(main(["--course-dir", str(course), "autograde", "--quiet", "--jobs", "2"]))
    early = _graded(course, ("alice", "bruno"))  # the instructor grades as copies arrive
    _work(homes["bruno"], {"b5_taux_calc": "# Votre calcul\ntaux = 12 / 48", "b5_synthese": "Réponse de Bruno : l'e-mail convertit."})
    submit("bruno")  # second hand-in, different, still on time
    due = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    nbgrader(["db", "assignment", "add", A, f"--duedate={due.isoformat(sep=' ')} UTC"], instructor, course)
    _work(homes["chloe"], {
        "b5_taux_calc": "taux = 12 / 48",
        "b5_leads_calc": "leads = [3, 5, 4]\ntotal_leads = sum(leads)",
        "b5_synthese": "Réponse de Chloé : le canal e-mail convertit le mieux.",
    })
    submit("chloe")  # after the due date
    logs["collect_2"] = nbgrader(["collect", A], instructor, course)
    logs["collect_update"] = nbgrader(["collect", A, "--update"], instructor, course)

    logs["autograde_code"] = str(main(["--course-dir", str(course), "autograde", "--quiet", "--jobs", "2"]))
    from cpmc_course.gradebook import db_url, set_manual_grade

    for student, score in (("bruno", 2.0), ("chloe", 4.0)):
        set_manual_grade(db_url(course), student, A, "exercice", "b5_synthese", score)
    logs["feedback"] = nbgrader(["generate_feedback", A], instructor, course)
    logs["release_feedback"] = nbgrader(["release_feedback", A], instructor, course)
    for student, home in homes.items():
        nbgrader(["fetch_feedback", A, f"--student={student}"], home)
    report = base / "rapport"
    assert main(["--course-dir", str(course), "report", "--out", str(report)]) == 0
    assert main(["--course-dir", str(course), "export", "--out", str(base / "notes.csv")]) == 0
    table = {r["etudiant"]: r for r in csv.DictReader(io.StringIO((base / "notes.csv").read_text(encoding="utf-8-sig")), delimiter=";")}
    return {"report": report, "table": table, "early": early,"course": course, "exchange": exchange, "homes": homes, "due": due, "first_bruno": first_bruno, "logs": logs}


def test_three_students_fetched_and_handed_in_through_the_exchange(campus):
    inbound = sorted(p.name.split("+")[0] for p in (campus["exchange"] / "cpmc" / "inbound").iterdir())
    assert inbound == ["alice", "bruno", "bruno", "chloe"]
    for home in campus["homes"].values():
        released = nbformat.read(home / A / "exercice.ipynb", as_version=4)
        assert all("### BEGIN SOLUTION" not in c.source for c in released.cells)


def test_collect_keeps_its_copy_until_update_then_takes_the_newest(campus):
    course, logs = campus["course"], campus["logs"]
    assert "Submission already exists, use --update to update: bruno" in logs["collect_2"]
    assert "Updating submission: bruno" in logs["collect_update"]
    graded = _stamp(course / "submitted" / "bruno" / A)
    assert graded > campus["first_bruno"]
    newest = max(p for p in (campus["exchange"] / "cpmc" / "inbound").iterdir() if p.name.startswith("bruno+"))
    assert graded == _stamp(newest)


def _graded(course: Path, students=STUDENTS) -> dict:
    """What the gradebook holds for each student's copy: nbgrader's timestamp, lateness, penalty and scores."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        out = {}
        for student in students:
            sub = gb.find_submission(A, student)
            nb = sub.notebooks[0]
            out[student] = {
                "timestamp": sub.timestamp, "late": sub.total_seconds_late, "penalty": nb.late_submission_penalty,
                "grades": {g.name: g.score for g in nb.grades},
            }
        return out


def test_autograde_grades_what_was_collected_with_nbgrader_timestamps(campus):
    course, logs = campus["course"], campus["logs"]
    assert logs["autograde_code"] == "0"
    graded = _graded(course)
    for student in STUDENTS:
        assert graded[student]["timestamp"] == _stamp(course / "submitted" / student / A)
    early = campus["early"]
    assert logs["autograde_1_code"] == "0"
    assert early["bruno"]["timestamp"] == campus["first_bruno"] and early["bruno"]["grades"]["b5_taux_conversion"] == 0
    assert early["alice"] == graded["alice"]  # unchanged copy: kept as graded
    assert graded["bruno"]["grades"]["b5_taux_conversion"] == 2  # regraded on the newest copy, not the blank first one
    assert graded["bruno"]["grades"]["b5_total_leads"] == 0
    assert graded["alice"]["grades"] == {"b5_taux_conversion": 0, "b5_total_leads": 0, "b5_synthese": 0}
    assert graded["chloe"]["grades"] == {"b5_taux_conversion": 2, "b5_total_leads": 3, "b5_synthese": 4}


def test_late_copy_is_late_and_penalised_as_nbgrader_defines_it(campus):
    graded, due = _graded(campus["course"]), campus["due"]
    assert graded["chloe"]["timestamp"] > due and graded["chloe"]["late"] > 0
    assert graded["chloe"]["penalty"] == 5.0  # penalty_method "zero": the notebook's automatic score when graded
    for student in ("alice", "bruno"):
        assert graded[student]["timestamp"] < due and graded[student]["late"] == 0
        assert not graded[student]["penalty"]


def test_each_student_fetches_only_their_own_feedback(campus):
    graded = _graded(campus["course"])
    released = sorted(p.name for p in (campus["exchange"] / "cpmc" / "feedback").iterdir())
    assert len(released) == 3 and not any(s in name for name in released for s in STUDENTS)  # named by a secret hash
    marks = {"alice": None, "bruno": "Réponse de Bruno", "chloe": "Réponse de Chloé"}
    for student, home in campus["homes"].items():
        pages = sorted(home.rglob("*.html"))
        stamp = graded[student]["timestamp"].strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        assert pages == [home / A / "feedback" / stamp / "exercice.html"], student  # bruno: only his graded copy
        text = pages[0].read_text(encoding="utf-8")
        for other, mark in marks.items():
            if mark:
                assert (mark in text) == (other == student), (student, other)
        assert "BEGIN HIDDEN TESTS" not in text


def test_report_says_which_copy_was_graded_and_which_was_late(campus):
    from cpmc_course.exports import french_timestamp

    graded, table = _graded(campus["course"]), campus["table"]
    for student in STUDENTS:
        assert table[student]["rendu_le"] == french_timestamp(graded[student]["timestamp"].isoformat())
        assert table[student]["rendu_le"].count("/") == 2 and " à " in table[student]["rendu_le"]
    assert table["alice"]["retard"] == table["bruno"]["retard"] == ""
    assert table["chloe"]["retard"].startswith("en retard de ") and table["chloe"]["retard"].endswith(
        " ; pénalité de retard nbgrader : 5 points")
    assert table["chloe"]["total"] == "9" and table["bruno"]["total"] == "4"  # nbgrader keeps the penalty apart
    page = (campus["report"] / "etudiants" / "chloe.html").read_text(encoding="utf-8")
    assert f"rendue le {table['chloe']['rendu_le']}" in page and "<b>en retard de " in page


def test_team_assignment_without_hand_ins_needs_no_roster(campus):
    course = campus["course"]
    assert not (course / "autograder" / "equipes.csv").exists()
    assert campus["logs"]["autograde_code"] == "0" and (campus["report"] / "index.html").exists()
