"""A retake: two sessions of one épreuve, each one evaluation under the configured mastery method.

A course holds the sessions ``s1`` and ``rattrapage`` of one bloc 5 épreuve (the
notebook metadata ``cpmc`` a generated session carries) and the public example of
that épreuve, which nobody sits. Two students sat both sessions; a third sat only
the retake. The gradebook is filled through nbgrader's API (no notebook runs).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import SMALL_CELLS, small_assignment, write

from cpmc_course.cli import main
from cpmc_course.views.report_csv import read_report_rows

EPREUVE = "b5_test"
SESSIONS = {"b5_test_s1": "s1", "b5_test_rattrapage": "rattrapage"}
# (student, assignment) → points on (b5_taux_conversion /2, b5_total_leads /3, b5_synthese /5), day handed in
COPIES = {
    ("alice", "b5_test_s1"): ((0, 0, 1), 10),
    ("alice", "b5_test_rattrapage"): ((2, 3, 4), 20),
    ("bruno", "b5_test_s1"): ((2, 0, 0), 10),
    ("bruno", "b5_test_rattrapage"): ((2, 3, 5), 21),
    ("chloe", "b5_test_rattrapage"): ((2, 3, 5), 20),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The course with its gradebook, built once; each test sets the mastery method."""
    from nbgrader.api import Gradebook
    from cpmc_course.gradebook import db_url

    root = tmp_path_factory.mktemp("reprise") / "cours"
    write(small_assignment(), root / "source" / EPREUVE / "exercice.ipynb")  # the public example: nobody sits it
    for assignment, session in SESSIONS.items():
        nb = small_assignment()
        nb.metadata["cpmc"] = {"bloc": "B5", "session": session, "epreuve": EPREUVE}
        write(nb, root / "source" / assignment / "exercice.ipynb")
    (root / "nbgrader_config.py").write_text((Path(__file__).parents[1] / "nbgrader_config.py").read_text())
    (root / "autograder").mkdir()
    gb = Gradebook(db_url(root))
    for assignment in (EPREUVE, *SESSIONS):
        gb.add_assignment(assignment)
        gb.add_notebook("exercice", assignment)
        for grade_id, points, cell_type in SMALL_CELLS:
            gb.add_grade_cell(grade_id, "exercice", assignment, max_score=points, cell_type=cell_type)
    for student in sorted({s for s, _ in COPIES}):
        gb.add_student(student, first_name=student.capitalize(), last_name="Test")
    for (student, assignment), (points, day) in COPIES.items():
        gb.add_submission(assignment, student, timestamp=dt.datetime(2027, 6, day, 9, 0))
        for (grade_id, _max, cell_type), score in zip(SMALL_CELLS, points):
            g = gb.find_grade(grade_id, "exercice", assignment, student)
            if cell_type == "code":
                g.auto_score = score
            else:
                g.manual_score = score
            g.needs_manual_grade = False
    gb.db.commit()
    gb.close()
    return root


def _criteria(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(row["student_id"], row["criterion"]): row for row in read_report_rows(out / "criteria.csv")}


@pytest.mark.parametrize("method, alice_ce35, alice_level", [
    ("plus_recente", 1.0, "acquis"),                    # the retake alone
    ("moyenne", (0 / 5 + 5 / 5) / 2, "en cours d'acquisition"),  # one evaluation per session
    ("cumul", 5 / 10, "en cours d'acquisition"),        # the points of both sessions pooled
])
def test_a_retake_counts_as_one_evaluation_per_session(course, tmp_path, method, alice_ce35, alice_level):
    (course / "autograder" / "cpmc.toml").write_text(f'[maitrise]\nmethode = "{method}"\n', encoding="utf-8")
    out = tmp_path / "rapport"
    assert main(["--course-dir", str(course), "report", "--out", str(out)]) == 0
    rows = _criteria(out)
    alice = rows[("alice", "B5.CE35")]
    assert float(alice["ratio"]) == pytest.approx(alice_ce35, abs=1e-3) and alice["level"] == alice_level
    # bruno: CE36 rated 0/5 then 5/5
    assert rows[("bruno", "B5.CE36")]["level"] == ("en cours d'acquisition" if method != "plus_recente" else "acquis")
    # chloe sat only the retake: measured on it, never on the session she did not sit nor on the example
    assert float(rows[("chloe", "B5.CE35")]["ratio"]) == pytest.approx(1.0) and rows[("chloe", "B5.CE35")]["level"] == "acquis"
    page = next(p for p in out.rglob("*.html") if "alice" in p.name).read_text(encoding="utf-8")
    assert "b5_test_s1 (session s1)" in page and "b5_test_rattrapage (session rattrapage)" in page


def test_a_session_not_sat_is_another_session_never_not_handed_in(course, tmp_path):
    """chloe sat only the retake: her s1 copy is « autre session » (naming the retake), in the report and the export."""
    from cpmc_course.course import export_text, open_course
    from cpmc_course.grading.cohort import read_cohort

    opened = open_course(course)
    copies = read_cohort(opened, opened.mapping()).copies
    s1 = copies[("chloe", "b5_test_s1")]
    assert s1.status == "autre session" and "rattrapage" in s1.reason and s1.points is None
    assert copies[("alice", "b5_test_s1")].status == "corrigé"
    # the public example nobody sits stays « pas encore évalué » for all
    assert {copies[(s, EPREUVE)].status for s in ("alice", "bruno", "chloe")} == {"pas encore évalué"}
    out = tmp_path / "rapport"
    assert main(["--course-dir", str(course), "report", "--out", str(out)]) == 0
    page = next(p for p in out.rglob("*.html") if "chloe" in p.name).read_text(encoding="utf-8")
    assert "autre session" in page and "non rendu" not in page
    rows = [line.split(";") for line in export_text(opened).lstrip("\ufeff").splitlines()]
    assert any(r[0] == "chloe" and r[3] == "b5_test_s1" and r[6] == "autre session" for r in rows)
