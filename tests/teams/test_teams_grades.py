"""Team grades reach members (pure functions): rows marked « équipe », absent members « absent », rosters re-read."""

from cpmc_course.mapping import read_mapping
from cpmc_course.mastery import ABSENT, ACQUIRED, NOT_ACQUIRED, NOT_ASSESSED, NOT_VALIDATED, assess
from cpmc_course.records import CellGrade, Membership
from cpmc_course.referential import load_referential
from cpmc_course.teams import member_grades, team_id
from team_builders import PROJECT, team_course

ALPHA = team_id(PROJECT, "Alpha")


def _team_grades():
    return [
        CellGrade(ALPHA, PROJECT, "projet", "b4_budget_total", 2.0, 2.0),
        CellGrade(ALPHA, PROJECT, "projet", "b4_regles_equipe", 1.5, 3.0),
        CellGrade("a1", PROJECT, "projet", "b4_budget_total", 0.0, 2.0),  # an individual grade on a team assignment
        CellGrade("a1", "b5_test", "exercice", "b5_taux_conversion", 2.0, 2.0),
    ]


ROSTER = [Membership("a1", PROJECT, "Alpha"), Membership("a2", PROJECT, "Alpha"), Membership("a3", PROJECT, "Alpha", absent=True)]


def test_member_grades_copy_the_team_copy_to_present_members():
    got = member_grades(_team_grades(), ROSTER, {PROJECT})
    assert sorted((g.student_id, g.grade_id, g.score, g.source, g.team) for g in got) == [
        ("a1", "b4_budget_total", 2.0, "équipe", "Alpha"),
        ("a1", "b4_regles_equipe", 1.5, "équipe", "Alpha"),
        ("a1", "b5_taux_conversion", 2.0, "individuel", ""),
        ("a2", "b4_budget_total", 2.0, "équipe", "Alpha"),
        ("a2", "b4_regles_equipe", 1.5, "équipe", "Alpha"),
    ]


def _rows(tmp_path, memberships):
    mapping = read_mapping(team_course(tmp_path / "cours") / "source")
    grades = member_grades(_team_grades(), memberships, mapping.team_assignments)
    results = assess(["a1", "a2", "a3", "a4"], mapping, list(grades), load_referential(), memberships=memberships)
    return {r.student_id: r for r in results}


def test_levels_of_members_absent_member_and_student_without_team(tmp_path):
    results = _rows(tmp_path, ROSTER)
    crit = {s: {m.code: m for m in r.criteria} for s, r in results.items()}
    for member in ("a1", "a2"):
        ce27, ce28 = crit[member]["B4.CE27"], crit[member]["B4.CE28"]
        assert (ce27.score, ce27.max_score, ce27.level, ce27.source, ce27.team) == (2.0, 2.0, ACQUIRED, "équipe", "Alpha")
        assert (ce28.score, ce28.max_score, ce28.ratio, ce28.source) == (1.5, 3.0, 0.5, "équipe")
    absent = crit["a3"]["B4.CE27"]
    assert (absent.level, absent.ratio, absent.source, absent.team) == (ABSENT, None, "équipe", "Alpha")
    assert {b.bloc: b.status for b in results["a3"].blocs}["B4"] == "non évalué"  # absent, never a silent 0
    assert {b.bloc: b.status for b in results["a1"].blocs}["B4"] == NOT_VALIDATED  # CE28 at 50 %
    outsider = crit["a4"]["B4.CE27"]
    assert (outsider.level, outsider.team) == (NOT_ASSESSED, "")
    assert crit["a1"]["B5.CE35"].source == "individuel" and crit["a1"]["B5.CE35"].team == ""


def test_changing_the_roster_changes_the_report_not_the_grades(tmp_path):
    moved = [Membership("a1", PROJECT, "Alpha"), Membership("a2", PROJECT, "Bêta"), Membership("a3", PROJECT, "Alpha")]
    crit = {s: {m.code: m for m in r.criteria} for s, r in _rows(tmp_path, moved).items()}
    assert crit["a3"]["B4.CE27"].level == ACQUIRED  # no longer absent: receives Alpha's grade
    assert (crit["a2"]["B4.CE27"].level, crit["a2"]["B4.CE27"].team) == (NOT_ASSESSED, "Bêta")  # Bêta has no copy


def test_criterion_with_team_and_individual_cells_has_two_rows(tmp_path):
    from builders import graded_test, notebook, solution, write

    root = team_course(tmp_path / "cours")
    write(notebook([solution("b4_indiv_calc", "x = 1"), graded_test("b4_indiv", "# Vérifie x\nassert x == 1, \"x vaut 1.\"", 2, ["CE27", "C28"])], bloc="B4"),
          root / "source" / "b4_individuel" / "exercice.ipynb")
    mapping = read_mapping(root / "source")
    grades = member_grades(_team_grades() + [CellGrade("a1", "b4_individuel", "exercice", "b4_indiv", 0.0, 2.0)], ROSTER, mapping.team_assignments)
    (a1,) = assess(["a1"], mapping, list(grades), load_referential(), memberships=ROSTER)
    rows = [(m.source, m.team, m.score, m.max_score, m.level) for m in a1.criteria if m.code == "B4.CE27"]
    assert rows == [("individuel", "", 0.0, 2.0, NOT_ACQUIRED), ("équipe", "Alpha", 2.0, 2.0, ACQUIRED)]
    b4 = [b for b in a1.blocs if b.bloc == "B4"][0]
    assert b4.total == 7 and b4.acquired == 0  # CE27 on all its cells: 2 / 4 = 50 %, not acquired
