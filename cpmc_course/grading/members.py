"""The one place where a team's copy reaches its members: grades, comments, failures, hand-in.

A team assignment is graded once, under the team's pseudo-student
(``equipe--<sujet>--<equipe>``, see :mod:`cpmc_course.teams`). Every view sees
the team's copy as each present member's own: its cell grades (marked
``source="équipe"``), the grader's comments, the autograde failure, the hand-in
time. Absent members receive none of it. The roster is applied as it stands
*today*: changing it changes the next report, never the gradebook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from ..records import TEAM, CellGrade, Membership

V = TypeVar("V")


def _team_id(assignment: str, team: str) -> str:
    from ..teams.roster import team_id  # the team's pseudo-student id is the roster's rule

    return team_id(assignment, team)


def _present(memberships: Iterable[Membership], team_assignments: Iterable[str]) -> dict[tuple[str, str], list[Membership]]:
    """(team id, assignment) → its present members, on team assignments only."""
    teams = set(team_assignments)
    found: dict[tuple[str, str], list[Membership]] = defaultdict(list)
    for m in memberships:
        if m.assignment in teams and not m.absent:
            found[(_team_id(m.assignment, m.team), m.assignment)].append(m)
    return found


def member_grades(grades: Iterable[CellGrade], memberships: Iterable[Membership], team_assignments: Iterable[str],
                  multipliers: Mapping[tuple[str, str], float] | None = None) -> tuple[CellGrade, ...]:
    """Grades as each student receives them.

    Grades of individual assignments pass unchanged. On a team assignment, the
    team copy's grades (under the team's id) go to every present member, marked
    ``source="équipe"`` with the team's name; absent members receive none
    (``mastery`` gives them the level « absent »); grades a student earned on a
    team assignment under their own id are dropped, since only the team's copy counts.

    ``multipliers``: (member, assignment) → WebPA moderation of that member's team grade
    (:mod:`cpmc_course.teams.contributions`); each cell's score is multiplied, capped at its points.
    """
    team_set = set(team_assignments)
    present = _present(memberships, team_set)
    out = []
    for g in grades:
        if g.assignment not in team_set:
            out.append(g)
            continue
        for m in present.get((g.student_id, g.assignment), ()):
            out.append(replace(g, student_id=m.student_id, source=TEAM, team=m.team,
                               score=_moderated(g, (multipliers or {}).get((m.student_id, g.assignment), 1.0))))
    return tuple(out)


def _moderated(grade: CellGrade, multiplier: float) -> float | None:
    if grade.score is None or multiplier == 1.0:
        return grade.score
    return round(min(grade.max_score, grade.score * multiplier), 2)


def member_values(values: Mapping[tuple, V], memberships: Iterable[Membership], team_assignments: Iterable[str]) -> dict[tuple, V]:
    """``values`` keyed by (copy id, assignment, …) with each team copy's entries copied to its present members.

    Used for the grader's comments (keyed by (copy, assignment, notebook, cell)), autograde failures,
    copies in ``submitted/`` and graded copies (keyed by (copy, assignment)).
    """
    result = dict(values)
    present = _present(memberships, team_assignments)
    if not present:
        return result
    for key, value in values.items():
        for m in present.get((key[0], key[1]), ()):
            result[(m.student_id, *key[1:])] = value
    return result
