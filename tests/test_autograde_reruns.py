"""Autograde run again during a term: manual grades survive, stale grades do not, odd copies never stop the run."""

import json
import shutil

import pytest

from builders import make_course
from cpmc_course.gradebook import db_url, read_grades, set_manual_grade
from cpmc_course.pipeline import autograde, load_outcomes, summary

pytestmark = pytest.mark.nbgrader
A = "b5_test"


def _submit(root, student, text, assignment=A):
    target = root / "submitted" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    (target / "exercice.ipynb").write_text(text, encoding="utf-8")


def _grades(root):
    return {(g.student_id, g.grade_id): g.score for g in read_grades(db_url(root))}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from cpmc_course.pipeline import release

    root = make_course(tmp_path_factory.mktemp("reprise") / "cours")
    release(root)
    solution = (root / "source" / A / "exercice.ipynb").read_text(encoding="utf-8")
    _submit(root, "alice", solution)
    _submit(root, "bruno", solution)
    first = autograde(root, progress=False)
    assert all(o.ok for o in first)
    set_manual_grade(db_url(root), "alice", A, "exercice", "b5_synthese", 4)
    return root


def test_unchanged_copies_keep_their_manual_grades(course):
    outcomes = autograde(course, progress=False)
    assert all(o.ok and o.skipped for o in outcomes)
    assert _grades(course)[("alice", "b5_synthese")] == 4
    assert "inchangée(s)" in summary(outcomes)


def test_odd_copies_are_reported_and_stale_grades_removed(course):
    _submit(course, "bruno", '{"cells": ["pas une cellule"], "metadata": {}}')
    _submit(course, "chloe", json.dumps({"cells": [{"cell_type": "code", "metadata": {"nbgrader": "oups"}, "source": ""}]}))
    _submit(course, "alice", "{}", assignment="b9_supprime")
    outcomes = {(o.student_id, o.assignment): o for o in autograde(course, progress=False)}
    assert "n'est pas un objet JSON" in outcomes[("bruno", A)].reason
    assert "mal formées" in outcomes[("chloe", A)].reason
    assert "n'existe pas dans source/" in outcomes[("alice", "b9_supprime")].reason
    assert outcomes[("alice", A)].skipped and outcomes[("alice", A)].ok
    grades = _grades(course)
    assert ("bruno", "b5_taux_conversion") not in grades  # the older copy's grades are gone
    assert grades[("alice", "b5_synthese")] == 4
    saved = {(o.student_id, o.assignment): o for o in load_outcomes(course)}
    assert not saved[("bruno", A)].ok
    shutil.rmtree(course / "submitted" / "alice" / "b9_supprime")


def test_force_regrades_everything(course):
    outcomes = autograde(course, [A], progress=False, force=True)
    alice = [o for o in outcomes if o.student_id == "alice"][0]
    assert alice.ok and not alice.skipped
    # nbgrader asks for a manual grade to be reviewed after a forced regrade
    assert _grades(course)[("alice", "b5_synthese")] is None
