"""Which copy was graded: hand-in times and lateness read from the gradebook, and their French wording.

The gradebook is filled through nbgrader's API; lateness is checked against
nbgrader's own ``SubmittedAssignment.total_seconds_late`` (due date plus the
student's extension), not against cpmc's computation.
"""

import datetime as dt

import pytest
from nbgrader.api import Gradebook

from builders import graded_course
from cpmc_course.exports import french_delay, french_timestamp, lateness
from cpmc_course.gradebook import read_submissions
from cpmc_course.records import Submission


@pytest.mark.parametrize("iso, expected", [
    ("2026-11-27T13:05:00", "27/11/2026 à 14 h 05"),  # winter: Paris = UTC + 1
    ("2026-07-01T12:00:59.999", "01/07/2026 à 14 h 00"),  # summer: UTC + 2, minutes not rounded up
    ("2026-12-31T23:30:00+00:00", "01/01/2027 à 0 h 30"),  # the Paris date, not the UTC one
    ("", ""),
])
def test_french_timestamp_in_paris_time(iso, expected):
    assert french_timestamp(iso) == expected


@pytest.mark.parametrize("seconds, expected", [
    (0.08, "1 s"), (40, "40 s"), (60, "1 min 00 s"), (750.2, "12 min 31 s"),
    (3600, "1 h 00 min"), (3 * 3600 + 5 * 60 + 59, "3 h 05 min"), (2 * 86400 + 3 * 3600 + 5 * 60, "2 j 3 h 05 min"),
])
def test_french_delay(seconds, expected):
    assert french_delay(seconds) == expected


def test_lateness_wording():
    assert lateness(None) == "" and lateness(Submission("a", "b", "2026-11-27T13:05:00")) == ""
    assert lateness(Submission("a", "b", "x", 90)) == "en retard de 1 min 30 s"
    assert lateness(Submission("a", "b", "x", 90, 4.5)) == "en retard de 1 min 30 s ; pénalité de retard nbgrader : 4,5 points"


DUE = dt.datetime(2026, 11, 27, 12, 0)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = graded_course(tmp_path_factory.mktemp("horodatage") / "cours", ["tot", "tard", "prolonge", "inconnu"],
                         {("tot", "b5_taux_conversion"): (2, None, False)}, submitted=["tot", "tard", "prolonge", "inconnu"])
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment("b5_test", duedate=DUE)
        gb.update_or_create_submission("b5_test", "tot", timestamp=DUE - dt.timedelta(minutes=3))
        gb.update_or_create_submission("b5_test", "tard", timestamp=DUE + dt.timedelta(hours=2, minutes=5, seconds=10))
        gb.update_or_create_submission("b5_test", "prolonge", timestamp=DUE + dt.timedelta(hours=2),
                                       extension=dt.timedelta(hours=1, minutes=30))
        gb.find_submission_notebook("exercice", "b5_test", "tard").late_submission_penalty = 1.5
        gb.db.commit()
        expected = {s: gb.find_submission("b5_test", s).total_seconds_late for s in ("tot", "tard", "prolonge", "inconnu")}
    return root, expected


def test_read_submissions_matches_nbgrader_lateness(course):
    root, expected = course
    found = {s.student_id: s for s in read_submissions(f"sqlite:///{root / 'gradebook.db'}")}
    assert {s: found[s].seconds_late for s in expected} == expected
    assert expected["tard"] == 2 * 3600 + 5 * 60 + 10 and expected["prolonge"] == 30 * 60 and expected["tot"] == 0
    assert found["tard"].late_penalty == 1.5 and found["prolonge"].late_penalty == 0
    assert found["tot"].submitted_at == "2026-11-27T11:57:00" and not found["tot"].late
    assert found["inconnu"].submitted_at == "" and not found["inconnu"].late  # no timestamp.txt: unknown, never late


def test_spreadsheet_says_when_each_copy_was_handed_in(course):
    from cpmc_course.course import export_text, open_course

    import csv
    import io

    root, _ = course
    rows = {r["etudiant"]: r for r in csv.DictReader(io.StringIO(export_text(open_course(root)).lstrip("\ufeff")), delimiter=";")}
    assert rows["tot"]["rendu_le"] == "27/11/2026 à 12 h 57" and rows["tot"]["retard"] == ""
    assert rows["tard"]["rendu_le"] == "27/11/2026 à 15 h 05"
    assert rows["tard"]["retard"] == "en retard de 2 h 05 min ; pénalité de retard nbgrader : 1,5 point"
    assert rows["prolonge"]["retard"] == "en retard de 30 min 00 s"  # past the extended due date only
    assert rows["inconnu"]["rendu_le"] == rows["inconnu"]["retard"] == ""


def test_team_members_see_when_their_team_copy_was_handed_in(tmp_path):
    from cpmc_course.course import export_text, open_course
    from cpmc_course.teams import team_id

    import csv
    import io

    from builders import manual, notebook, write

    project = "b4_projet_equipe"
    root = graded_course(tmp_path / "cours", ["etu1", "etu2"], {})
    nb = notebook([manual("b4_regles_equipe", "Règles.\n\nGrille de correction : 3 points.", 3, ["CE28", "C32"])], bloc="B4")
    nb.metadata["cpmc"]["equipe"] = True
    write(nb, root / "source" / project / "projet.ipynb")
    (root / "autograder").mkdir()
    (root / "autograder" / "equipes.csv").write_text(f"sujet;equipe;etudiant;statut\n{project};Alpha;etu1;\n{project};Alpha;etu2;absent\n",
                                                     encoding="utf-8")
    team = team_id(project, "Alpha")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.add_assignment(project, duedate=DUE)
        gb.add_notebook("projet", project)
        gb.add_grade_cell("b4_regles_equipe", "projet", project, max_score=3, cell_type="markdown")
        gb.add_student(team, first_name="Équipe", last_name="Alpha")
        gb.add_submission(project, team, timestamp=DUE + dt.timedelta(days=1, minutes=1))
        grade = gb.find_grade("b4_regles_equipe", "projet", project, team)
        grade.manual_score, grade.needs_manual_grade = 2, False
        gb.db.commit()
    rows = {(r["etudiant"], r["sujet"]): r for r in csv.DictReader(io.StringIO(export_text(open_course(root)).lstrip("\ufeff")), delimiter=";")}
    assert rows[("etu1", project)]["rendu_le"] == "28/11/2026 à 13 h 01"
    assert rows[("etu1", project)]["retard"] == "en retard de 1 j 0 h 01 min"
    assert rows[("etu2", project)]["statut"] == "absent" and rows[("etu2", project)]["rendu_le"] == ""
    # nobody in the cohort handed b5_test in: the épreuve has not been held, it is not « non rendu »
    assert rows[("etu1", "b5_test")]["statut"] == "pas encore évalué" and rows[("etu1", "b5_test")]["rendu_le"] == ""
