"""The state of each copy is decided once: every status, never a 0 for what was not graded, teams reaching members."""

from __future__ import annotations

from cpmc_course.grading.copies import CopyFacts, CopyStatus, copy_states
from cpmc_course.grading.members import member_grades, member_values
from cpmc_course.mapping import GradedCell
from cpmc_course.records import CellGrade, Membership, Student, Submission

CELLS = (GradedCell("a1", "nb", "q1", 2.0, "auto", "B5", ("B5.CE35",), ("C35",)),
         GradedCell("a1", "nb", "q2", 3.0, "manuel", "B5", ("B5.CE36",), ("C36",)),
         GradedCell("a2", "nb", "q3", 4.0, "auto", "B5", ("B5.CE35",), ("C35",)))
STUDENTS = [Student(s, "", "") for s in ("graded", "pending", "failed", "waiting", "missing", "absent")]


def _grade(student: str, grade_id: str, score: float | None, assignment: str = "a1") -> CellGrade:
    return CellGrade(student, assignment, "nb", grade_id, score, 0.0)


def test_every_status_once_with_its_total_and_pending_cells():
    grades = [_grade("graded", "q1", 2.5), _grade("graded", "q2", 1.0), _grade("pending", "q1", 2.0), _grade("pending", "q2", None)]
    copy = Submission("graded", "a1", "2026-11-27T13:05:00", 3600.0)
    facts = CopyFacts(failures={("failed", "a1"): "JSON invalide."}, submitted=frozenset({("waiting", "a1"), ("failed", "a1")}),
                      absent=frozenset({("absent", "a1")}), graded_copies={("graded", "a1"): copy})
    states = copy_states(STUDENTS, grades, CELLS, facts)
    got = {s: (states[(s, "a1")].status, states[(s, "a1")].points) for s in ("graded", "pending", "failed", "waiting", "missing", "absent")}
    assert got == {"graded": (CopyStatus.GRADED, 3.0),  # extra credit capped at the cell's 2 points
                   "pending": (CopyStatus.PENDING, None), "failed": (CopyStatus.NOT_GRADED, None),
                   "waiting": (CopyStatus.NOT_GRADED, None), "missing": (CopyStatus.NOT_HANDED_IN, None),
                   "absent": (CopyStatus.ABSENT, None)}
    assert states[("pending", "a1")].pending == (("a1", "nb", "q2"),)
    assert states[("failed", "a1")].reason == "JSON invalide." and "cpmc autograde" in states[("waiting", "a1")].reason
    assert states[("graded", "a1")].handed_in_at == "2026-11-27T13:05:00" and states[("graded", "a1")].max_points == 5.0
    assert CopyStatus.GRADED == "corrigé" and str(CopyStatus.NOT_YET_HELD) == "pas encore évalué"


def test_an_assignment_nobody_handed_in_is_not_yet_held_for_everyone():
    states = copy_states(STUDENTS, [_grade("graded", "q1", 2.0)], CELLS, CopyFacts({}, frozenset(), frozenset({("absent", "a2")})))
    assert {states[(s.id, "a2")].status for s in STUDENTS} == {CopyStatus.NOT_YET_HELD}
    assert states[("missing", "a1")].status is CopyStatus.NOT_HANDED_IN  # others handed a1 in


def test_a_team_copy_reaches_present_members_only():
    memberships = [Membership("m1", "a1", "Alpha"), Membership("m2", "a1", "Alpha", absent=True)]
    team = "equipe--a1--alpha"
    grades = member_grades([_grade(team, "q1", 2.0), _grade("m1", "q1", 0.0)], memberships, {"a1"})
    assert [(g.student_id, g.score, g.source, g.team) for g in grades] == [("m1", 2.0, "équipe", "Alpha")]
    comments = member_values({(team, "a1", "nb", "q1"): "Bien."}, memberships, {"a1"})
    assert comments[("m1", "a1", "nb", "q1")] == "Bien." and ("m2", "a1", "nb", "q1") not in comments
