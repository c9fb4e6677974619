"""The gradebook and the course folder as every view sees them, read once: a :class:`Cohort`.

Students (registered ones and roster members, without the teams'
pseudo-students), their grades with team copies given to members
(:mod:`.members`), the grader's comments, and the :class:`~.copies.CopyState`
of every student × assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..gradebook import gradebook_exists, read_comments, read_grades, read_students, read_submissions
from ..mapping import Mapping
from ..records import CellGrade, Membership, Student, load_outcomes
from ..teams import Roster, handed_in, is_team_id, team_id
from ..teams.contributions import Moderation, TeamContributions, course_contributions, load_moderation
from .copies import CopyFacts, CopyState, copy_states
from .members import member_grades, member_values

if TYPE_CHECKING:
    from ..course import Course


@dataclass(frozen=True)
class Cohort:
    """The gradebook as the reports see it: real students, team grades copied to their members."""

    students: tuple[Student, ...]
    """Registered students and roster members, without the teams' pseudo-students."""
    grades: tuple[CellGrade, ...]
    """Members' grades (a team's copy reaches each present member)."""
    copy_grades: tuple[CellGrade, ...]
    """Grades as graded, one copy each (a team's copy once, under its team id)."""
    memberships: tuple[Membership, ...]
    roster: Roster
    copies: dict[tuple[str, str], CopyState]
    """(student, assignment) → the state of that copy, for every student and graded assignment."""
    contributions: tuple[TeamContributions, ...] = ()
    """Each handed-in team's contribution record: WebPA factors, or why there are none."""
    moderation: Moderation = Moderation()
    """Whether team grades are moderated by the factors (``[equipes]`` of ``cpmc.toml``, off by default)."""

    def comments(self, url: str, team_assignments) -> dict[tuple[str, str, str, str], str]:
        """The grader's comments by (student, assignment, notebook, cell), a team copy's reaching its members."""
        found = read_comments(url) if gradebook_exists(url) else {}
        return member_values(found, self.memberships, team_assignments)


def _submitted(root: Path) -> set[tuple[str, str]]:
    folder = root / "submitted"
    if not folder.is_dir():
        return set()
    return {(s.name, a.name) for s in folder.iterdir() if s.is_dir() for a in s.iterdir() if a.is_dir()}


def copy_facts(root: Path, db_url: str, memberships: tuple[Membership, ...], team_assignments) -> CopyFacts:
    """Failures, hand-ins, absences and graded copies of the course, team copies given to every member."""
    team_members = [m for m in memberships if m.assignment in team_assignments]
    everyone = [Membership(m.student_id, m.assignment, m.team) for m in team_members]  # an absent member keeps the facts
    failures = {(o.student_id, o.assignment): o.reason for o in load_outcomes(root) if not o.ok}
    graded = {(s.student_id, s.assignment): s for s in read_submissions(db_url)}
    return CopyFacts(
        failures=member_values(failures, everyone, team_assignments),
        submitted=frozenset(member_values(dict.fromkeys(_submitted(root)), everyone, team_assignments)),
        absent=frozenset((m.student_id, m.assignment) for m in team_members if m.absent),
        graded_copies=member_values(graded, everyone, team_assignments),
        teams={(m.student_id, m.assignment): m.team for m in team_members},
    )


def read_cohort(course: Course, mapping: Mapping) -> Cohort:
    """Students, grades and copy states of the gradebook with the roster applied."""
    copy_grades = read_grades(course.db_url)
    with_data = {g.assignment for g in copy_grades} | handed_in(course.root, mapping.team_assignments)
    roster = course.roster(mapping, required=with_data)  # team assignments nobody worked on need no teams
    memberships = tuple(roster.memberships())
    registered = [s for s in read_students(course.db_url) if not is_team_id(s.id)]
    ids = {s.id for s in registered}
    extra = [Student(i, "", "") for i in {m.student_id for m in memberships} - ids]
    students = tuple(sorted(registered + extra, key=lambda s: s.id))
    contributions = course_contributions(course.root, memberships, _submitted(course.root), team_id)
    moderation = load_moderation(course.config)
    grades = member_grades(copy_grades, memberships, mapping.team_assignments, _multipliers(contributions, moderation))
    facts = copy_facts(course.root, course.db_url, memberships, mapping.team_assignments)
    return Cohort(students, grades, copy_grades, memberships, roster, copy_states(students, grades, mapping.cells, facts,
                                                                                   {a: s for a, _e, s in mapping.sessions},
                                                                                   {a: e for a, e, _s in mapping.sessions}),
                  contributions, moderation)


def _multipliers(contributions: tuple[TeamContributions, ...], moderation: Moderation) -> dict[tuple[str, str], float]:
    """(member, assignment) → what WebPA moderation multiplies their team grade by (empty when moderation is off)."""
    if not moderation.enabled:
        return {}
    return {(f.student_id, t.assignment): f.multiplier(moderation) for t in contributions for f in t.factors}
