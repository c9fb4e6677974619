"""`cpmc demo` on a course with a team project and an oral: teams formed, one copy per team, grids filled."""


import pytest

from cpmc_course.demo import form_teams, run_demo
from cpmc_course.views.report_csv import read_report_rows
from cpmc_course.records import Student
from cpmc_course.teams import team_id
from team_builders import ORAL, PROJECT, team_course

pytestmark = pytest.mark.nbgrader


@pytest.mark.parametrize("n, sizes", [(3, [3]), (4, [4]), (7, [4, 3]), (9, [3, 3, 3]), (12, [4, 4, 4]), (13, [4, 3, 3, 3]), (36, [4] * 9)])
def test_teams_of_three_or_four(n, sizes):
    teams = form_teams([Student(f"etu{i:02d}", "", "") for i in range(1, n + 1)])
    assert [len(m) for _, m in teams] == sizes
    assert sorted(s for _, m in teams for s in m) == [f"etu{i:02d}" for i in range(1, n + 1)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo-equipes")
    origin = team_course(base / "origine", individual=False)
    (origin / "source" / PROJECT / "contributions.csv").write_text("evaluateur;membre_1;membre_2;membre_3\n", encoding="utf-8")
    return run_demo(base / "sortie", n_students=7, jobs=2, progress=False, origin=origin)


def test_one_copy_per_team_two_copies_reported(demo):
    graded = {(o.student_id, o.assignment) for o in demo.outcomes if o.ok}
    assert graded == {(team_id(a, t), a) for a in (PROJECT, ORAL) for t in ("Alpha", "Bêta")}
    roster = (demo.course_dir / "autograder" / "equipes.csv").read_text(encoding="utf-8")
    assert f"{PROJECT};Bêta;etu07;absent" in roster and roster.startswith("sujet;equipe;etudiant;statut")
    copies = {(c.assignment, c.team): c for c in demo.team_copies}
    alpha = copies[(PROJECT, "Alpha")]
    assert alpha.chosen_member == "etu01" and [m for m, _ in alpha.others] == ["etu02"]
    assert copies[(ORAL, "Alpha")].grid and copies[(ORAL, "Bêta")].grid


def test_report_shows_team_grades_absent_member_and_filled_grids(demo):
    rows = {(r["student_id"], r["criterion"]): r for r in read_report_rows(demo.report.parent / "criteria.csv")}
    for member in ("etu01", "etu02", "etu03", "etu04"):
        assert rows[(member, "B4.CE27")]["equipe"] == "Alpha" and rows[(member, "B4.CE27")]["level"] == "acquis"
        assert rows[(member, "B3.CE22")]["level"] not in ("à corriger", "non évalué")  # the jury filled the grid
    assert rows[("etu07", "B4.CE27")]["level"] == rows[("etu07", "B3.CE22")]["level"] == "absent"
    assert rows[("etu05", "B3.CE23")]["score"] == rows[("etu06", "B3.CE23")]["score"]
    assert "Copies d'équipe" in demo.report.read_text(encoding="utf-8")


def test_member_who_contributed_little_is_flagged_on_their_own_page_and_moderated_when_asked(demo):
    """The demo's first team rates its last member at 10 of 100 (factor 0,4): flagged on the cohort page and their page."""
    from cpmc_course.cli import main

    record = (demo.course_dir / "submitted" / team_id(PROJECT, "Alpha") / PROJECT / "contributions.csv").read_text(encoding="utf-8")
    assert record.splitlines()[0] == "evaluateur;etu01;etu02;etu03;etu04" and record.count(";10,0") == 4
    page = (demo.report.parent / "etudiants" / "etu04.html").read_text(encoding="utf-8")
    assert "facteur de contribution 0,40 — <span" in page and "⚠ contribution très inférieure" in page
    assert "modération WebPA désactivée" in page
    assert "⚠" not in (demo.report.parent / "etudiants" / "etu01.html").read_text(encoding="utf-8").split("Contribution au travail")[1][:400]
    assert "⚠ contribution très inférieure" in demo.report.read_text(encoding="utf-8")
    config = demo.course_dir / "autograder" / "cpmc.toml"
    before = config.read_text(encoding="utf-8") if config.exists() else None
    config.write_text((before or "") + "\n[equipes]\nmoderation_webpa = true\npoids_webpa = 0.5\n", encoding="utf-8")
    out = demo.course_dir / "rapport_modere"
    try:
        assert main(["--course-dir", str(demo.course_dir), "report", "--format", "machine", "--out", str(out)]) == 0
    finally:
        config.write_text(before, encoding="utf-8") if before is not None else config.unlink()
    assert "note d'équipe multipliée par 0,70 (modération WebPA)" in (out / "etudiants" / "etu04.html").read_text(encoding="utf-8")
    rows = {(r["student_id"], r["criterion"]): r for r in read_report_rows(out / "criteria.csv")}
    low, full = rows[("etu04", "B4.CE27")], rows[("etu02", "B4.CE27")]
    assert float(low["score"]) < float(full["score"]), "the moderated grade of the member who contributed little is lower"
