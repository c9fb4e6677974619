"""One end-to-end pipeline on each gradebook backend: SQLite (nbgrader's default) and a live PostgreSQL server.

release → a solution and a blank copy handed in → ``pipeline.autograde(jobs=2)``
→ a manual grade set through nbgrader's Gradebook API → ``cpmc report`` and
``cpmc export`` read it → ``nbgrader generate_feedback``. One course graded per
backend (suite time budget).
"""

from __future__ import annotations

import contextlib
import csv
import io

import pytest
from nbgrader.api import Gradebook

from builders import graded_course, make_course
from cpmc_course import pipeline
from cpmc_course.cli import main
from cpmc_course.errors import CpmcError
from cpmc_course.gradebook import copy_gradebook, db_url, read_grades, read_students

pytestmark = pytest.mark.nbgrader
A = "b5_test"
PASSWORD = "mot-de-passe-du-cours"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def graded(request, tmp_path_factory):
    """The course, graded on one backend; the captured CLI output of release."""
    root = make_course(tmp_path_factory.mktemp(f"pg-{request.param}") / "cours")
    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.create_course_database("cpmc_e2e", PASSWORD)
        with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
            f.write(f"\n# Carnet de notes sur le serveur de l'école\nc.CourseDirectory.db_url = {url!r}\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--course-dir", str(root), "release"]) == 0
    source = root / "source" / A / "exercice.ipynb"
    released = root / "release" / A / "exercice.ipynb"
    for student, copy in (("solution", source), ("vierge", released)):
        target = root / "submitted" / student / A
        target.mkdir(parents=True)
        (target / "exercice.ipynb").write_text(copy.read_text(encoding="utf-8"), encoding="utf-8")
    outcomes = pipeline.autograde(root, jobs=2, progress=False)
    return request.param, root, out.getvalue(), outcomes


def test_the_course_uses_the_configured_gradebook(graded):
    backend, root, release_output, outcomes = graded
    url = db_url(root)
    assert url.startswith("postgresql+psycopg://" if backend == "postgresql" else "sqlite:///")
    assert [(o.student_id, o.ok) for o in outcomes] == [("solution", True), ("vierge", True)]
    assert not any("occupé" in o.reason for o in outcomes)
    assert "Carnet de notes :" in release_output
    if backend == "postgresql":
        assert not (root / "gradebook.db").exists()  # nothing went to a SQLite file beside the course
        assert PASSWORD not in release_output and "cpmc_e2e:***@" in release_output
    else:
        assert str(root / "gradebook.db") in release_output


def test_autograde_scores_on_both_backends(graded):
    _backend, root, _out, _outcomes = graded
    scores = {(g.student_id, g.grade_id): g.score for g in read_grades(db_url(root))}
    assert scores == {
        ("solution", "b5_taux_conversion"): 2.0, ("solution", "b5_total_leads"): 3.0, ("solution", "b5_synthese"): None,
        ("vierge", "b5_taux_conversion"): 0.0, ("vierge", "b5_total_leads"): 0.0, ("vierge", "b5_synthese"): 0.0,
    }


@pytest.fixture(scope="module")
def hand_graded(graded):
    """The written answer of the solution copy graded 4 / 5 through nbgrader's own Gradebook API, as formgrader does."""
    backend, root, _out, _outcomes = graded
    with Gradebook(db_url(root)) as gb:
        grade = gb.find_grade("b5_synthese", "exercice", A, "solution")
        grade.manual_score = 4.0
        grade.needs_manual_grade = False
        gb.db.commit()
    return backend, root


def test_report_and_export_read_the_manual_grade(hand_graded, tmp_path, capsys):
    backend, root = hand_graded
    assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(tmp_path / "rapport")]) == 0
    assert main(["--course-dir", str(root), "export", "--format", "cellules", "--out", str(tmp_path / "cellules.csv")]) == 0
    printed = capsys.readouterr().out
    assert printed.lower().count("carnet de notes") == 2 and PASSWORD not in printed
    with open(tmp_path / "rapport" / "criteria.csv", encoding="utf-8") as f:
        criteria = {(r["student_id"], r["criterion"]): r for r in csv.DictReader(f)}
    ce36 = criteria[("solution", "B5.CE36")]
    assert (float(ce36["score"]), float(ce36["max_score"])) == (4.0, 5.0)
    assert float(criteria[("vierge", "B5.CE35")]["score"]) == 0.0
    with open(tmp_path / "cellules.csv", encoding="utf-8-sig") as f:
        cells = {(r["student_id"], r["grade_id"]): r["score"] for r in csv.DictReader(f)}
    assert (float(cells[("solution", "b5_synthese")]), float(cells[("vierge", "b5_total_leads")])) == (4.0, 0.0)


def test_feedback_is_generated_from_the_same_gradebook(hand_graded):
    _backend, root = hand_graded
    proc = pipeline._nbgrader(["generate_feedback", A, "--student", "solution", "--force"], root, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    html = (root / "feedback" / "solution" / A / "exercice.html").read_text(encoding="utf-8")
    assert "Test réussi." in html and "assert abs(taux - 0.25)" not in html


def test_a_sqlite_gradebook_moves_to_postgresql(pg_server, tmp_path, capsys):
    """docs/gradebook-postgresql.md, migration (``cpmc copier-carnet``): every row copied, the reports read the same grades."""
    root = graded_course(tmp_path / "cours", ["alice", "bob"], {
        ("alice", "b5_taux_conversion"): (2.0, None, False), ("alice", "b5_synthese"): (None, 4.0, False),
        ("bob", "b5_total_leads"): (0.0, None, False), ("bob", "b5_synthese"): (None, None, True),
    })
    sqlite_url = db_url(root)
    target = pg_server.create_course_database("cpmc_migration", PASSWORD)
    assert main(["--course-dir", str(root), "copier-carnet", target]) == 0
    said = capsys.readouterr().out
    assert "2 étudiant(s), 6 note(s)" in said and PASSWORD not in said
    assert set(read_grades(target)) == set(read_grades(sqlite_url))
    assert read_students(target) == read_students(sqlite_url)
    with pytest.raises(CpmcError, match="n'est pas vide"):
        copy_gradebook(sqlite_url, target)
    assert set(read_grades(target)) == set(read_grades(sqlite_url))  # the refused copy wrote nothing
