"""Team épreuves through real nbgrader, in one autograde batch: one copy per team, grades reaching members, orals."""

import csv
import json
import shutil

import pytest
from nbgrader.api import Gradebook

from cpmc_course.cli import main
from cpmc_course.gradebook import add_students, db_url, set_manual_grade
from cpmc_course.records import Student
from cpmc_course.teams import ARCHIVE_DIR, team_id
from team_builders import INDIVIDUAL, ORAL, PROJECT, roster, team_course

pytestmark = pytest.mark.nbgrader
ALPHA, BETA = team_id(PROJECT, "Alpha"), team_id(PROJECT, "Bêta")
ORAL_ALPHA, ORAL_BETA = team_id(ORAL, "Alpha"), team_id(ORAL, "Bêta")
ROSTER = "sujet;equipe;etudiant;statut\n" + "".join(
    f"{a};{team};{s};{status}\n"
    for a in (PROJECT, ORAL)
    for team, s, status in (("Alpha", "etu1", ""), ("Alpha", "etu2", ""), ("Alpha", "etu3", ""),
                            ("Bêta", "etu4", ""), ("Bêta", "etu5", ""), ("Bêta", "etu6", "absent"))
)

CONTRIBUTIONS = "evaluateur;etu1;etu2;etu3\netu1;45;45;10\netu2;45;45;10\netu3;30;30;40\n"
"""Alpha's record: etu3 contributed little (WebPA factor 0,6, see test_teams_contributions)."""


def _hand_in(root, student, assignment, origin, when):
    """A copy as nbgrader's collect leaves it: the notebooks and timestamp.txt."""
    target = root / "submitted" / student / assignment
    target.mkdir(parents=True)
    for nb in (root / origin / assignment).glob("*.ipynb"):
        shutil.copy2(nb, target / nb.name)
    (target / "timestamp.txt").write_text(f"2026-11-27 {when}:00.000000 UTC", encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = team_course(tmp_path_factory.mktemp("equipes") / "cours")
    (root / "source" / PROJECT / "contributions.csv").write_text("evaluateur;membre_1;membre_2\n", encoding="utf-8")  # asks for a record
    assert main(["--course-dir", str(root), "release"]) == 0
    add_students(db_url(root), [Student(f"etu{i}", "Prénom", f"Nom{i}") for i in range(1, 8)])
    roster(root, ROSTER)
    _hand_in(root, "etu1", PROJECT, "source", "10:00")   # Alpha: one member hands in, once
    (root / "submitted" / "etu1" / PROJECT / "contributions.csv").write_text(CONTRIBUTIONS, encoding="utf-8")
    _hand_in(root, "etu4", PROJECT, "release", "09:00")  # Bêta: a blank copy first…
    _hand_in(root, "etu5", PROJECT, "source", "11:30")   # …then a complete one, newer
    _hand_in(root, "etu6", PROJECT, "release", "12:00")  # absent member: never graded, even if newest
    _hand_in(root, "etu7", INDIVIDUAL, "source", "10:00")
    code = main(["--course-dir", str(root), "autograde", "--quiet", "--jobs", "2"])
    return root, code


def _submissions(root, assignment):
    gb = Gradebook(db_url(root))
    try:
        return {s.student.id: {g.name: (g.score, g.needs_manual_grade) for nb in s.notebooks for g in nb.grades}
                for s in gb.find_assignment(assignment).submissions}
    finally:
        gb.close()


def test_one_submission_per_team_in_the_gradebook(graded):
    root, code = graded
    assert code == 0
    assert set(_submissions(root, PROJECT)) == {ALPHA, BETA}  # no member is graded on their own
    assert set(_submissions(root, INDIVIDUAL)) == {"etu7"}
    gb = Gradebook(db_url(root))
    try:
        alpha = gb.find_student(ALPHA)
        assert (alpha.first_name, alpha.last_name) == ("", f"Équipe Alpha — {PROJECT}")  # told apart from other assignments' Alpha
    finally:
        gb.close()


def test_newest_present_copy_is_graded_and_the_other_reported(graded, capsys):
    root, _ = graded
    beta = _submissions(root, PROJECT)[BETA]
    assert beta["b4_budget_total"] == (2, False)  # etu5's complete copy, not etu4's blank nor absent etu6's
    notes = {(c["assignment"], c["team"]): c for c in json.loads((root / "cpmc_equipes.json").read_text(encoding="utf-8"))}
    b = notes[(PROJECT, "Bêta")]
    assert b["chosen_member"] == "etu5" and b["chosen_at"].startswith("2026-11-27T11:30")
    assert [tuple(o) for o in b["others"]] == [("etu4", "2026-11-27T09:00:00+00:00")]
    assert b["absent_copies"] == ["etu6"]
    assert notes[(PROJECT, "Alpha")]["chosen_member"] == "etu1" and not notes[(PROJECT, "Alpha")]["others"]
    # nothing lost: every member's own copy is kept in copies_equipes/, out of the formgrader's list
    for student in ("etu1", "etu4", "etu5", "etu6"):
        assert len(list((root / ARCHIVE_DIR / PROJECT / student).glob("*/projet.ipynb"))) == 1
        assert not (root / "submitted" / student / PROJECT).exists()
    assert (root / "submitted" / "etu7" / INDIVIDUAL).is_dir()  # individual copies stay where they are


def test_oral_grid_prepared_for_every_team_without_hand_in(graded):
    root, _ = graded
    subs = _submissions(root, ORAL)
    assert set(subs) == {ORAL_ALPHA, ORAL_BETA}
    for grades in subs.values():
        assert {name: manual for name, (_, manual) in grades.items()} == {"b3_oral_preconisations": True, "b3_oral_argumentaire": True}


def _csv(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_members_receive_the_team_grades_and_the_absent_member_absent(graded, tmp_path):
    root, _ = graded
    url = db_url(root)
    set_manual_grade(url, ALPHA, PROJECT, "projet", "b4_regles_equipe", 2.5)
    set_manual_grade(url, ORAL_ALPHA, ORAL, "grille", "b3_oral_preconisations", 3)
    set_manual_grade(url, ORAL_ALPHA, ORAL, "grille", "b3_oral_argumentaire", 4)
    assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(tmp_path / "rapport")]) == 0
    rows = {(r["student_id"], r["criterion"]): r for r in _csv(tmp_path / "rapport" / "criteria.csv")}
    team_cells = {"B4.CE27": ("2", "2", "acquis"), "B4.CE28": ("2.5", "3", "acquis"),
                  "B3.CE22": ("3", "4", "acquis"), "B3.CE23": ("4", "4", "acquis")}
    for member in ("etu1", "etu2", "etu3"):
        for code, (score, max_score, level) in team_cells.items():
            r = rows[(member, code)]
            assert (r["score"], r["max_score"], r["level"], r["source"], r["equipe"]) == (score, max_score, level, "équipe", "Alpha")
    for code in team_cells:
        r = rows[("etu6", code)]
        assert (r["level"], r["ratio"], r["source"], r["equipe"]) == ("absent", "", "équipe", "Bêta")
    assert (rows[("etu5", "B4.CE27")]["score"], rows[("etu5", "B4.CE27")]["equipe"]) == ("2", "Bêta")
    assert (rows[("etu7", "B5.CE35")]["source"], rows[("etu7", "B5.CE35")]["equipe"], rows[("etu7", "B5.CE35")]["level"]) == ("individuel", "", "acquis")
    assert not any(r["student_id"].startswith("equipe--") for r in rows.values())  # teams are not students
    comp = {(r["student_id"], r["competency"]): r for r in _csv(tmp_path / "rapport" / "competencies.csv")}
    assert (comp[("etu2", "C32")]["score"], comp[("etu2", "C32")]["source"], comp[("etu6", "SC1")]["level"]) == ("2.5", "équipe", "absent")
    page = (tmp_path / "rapport" / "etudiants" / "etu2.html").read_text(encoding="utf-8")
    assert "d'équipe (Alpha)" in page
    cohort = (tmp_path / "rapport" / "index.html").read_text(encoding="utf-8")
    assert "Copies d'équipe" in cohort and "copie différente de etu4" in cohort


def test_member_who_contributed_little_flagged_and_moderated_when_the_option_is_on(graded, tmp_path):
    root, _ = graded
    out = tmp_path / "rapport"
    assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(out)]) == 0
    cohort = (out / "index.html").read_text(encoding="utf-8")
    start = cohort.index("Contributions des membres")
    section = cohort[start:cohort.index("<h2>", start)]
    assert section.count("⚠") == 1 and "0,6" in section and "désactivée" in section
    assert "Équipe Bêta, b4_projet_test/contributions.csv : fiche de contribution non rendue" in section
    assert ORAL not in section  # the oral asks for no contribution record (no template in its source/)
    config = root / "autograder" / "cpmc.toml"
    before = config.read_text(encoding="utf-8") if config.exists() else None
    config.write_text((before or "") + "\n[equipes]\nmoderation_webpa = true\npoids_webpa = 0.5\n", encoding="utf-8")
    try:
        assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(out)]) == 0
    finally:
        config.write_text(before, encoding="utf-8") if before is not None else config.unlink()
    rows = {(r["student_id"], r["criterion"]): r for r in _csv(out / "criteria.csv")}
    # team copy 2/2 on CE27 and 2,5/3 on CE28; etu3 × (1 − 0,5 + 0,5 × 0,6) = × 0,8; etu1 × 1,1 capped at the points
    assert (rows[("etu3", "B4.CE27")]["score"], rows[("etu3", "B4.CE28")]["score"]) == ("1.6", "2")
    assert (rows[("etu1", "B4.CE27")]["score"], rows[("etu1", "B4.CE28")]["score"]) == ("2", "2.75")
    assert (rows[("etu5", "B4.CE27")]["score"]) == "2"  # Bêta handed no record: not moderated
    assert "Modération WebPA activée" in (out / "index.html").read_text(encoding="utf-8")


def test_rerun_keeps_grades_and_roster_change_only_changes_the_report(graded, tmp_path):
    root, _ = graded
    assert main(["--course-dir", str(root), "autograde", "--quiet"]) == 0
    outcomes = {(o["student_id"], o["assignment"]): o for o in json.loads((root / "cpmc_autograde.json").read_text(encoding="utf-8"))}
    assert outcomes[(ALPHA, PROJECT)]["skipped"] and outcomes[(ORAL_ALPHA, ORAL)]["skipped"]
    before = _submissions(root, PROJECT)
    roster(root, ROSTER.replace(f"{PROJECT};Alpha;etu3;", f"{PROJECT};Alpha;etu3;absent"))
    assert main(["--course-dir", str(root), "report", "--format", "machine", "--out", str(tmp_path / "rapport")]) == 0
    rows = {(r["student_id"], r["criterion"]): r for r in _csv(tmp_path / "rapport" / "criteria.csv")}
    assert rows[("etu3", "B4.CE27")]["level"] == "absent" and rows[("etu3", "B3.CE22")]["level"] != "absent"
    assert _submissions(root, PROJECT) == before
