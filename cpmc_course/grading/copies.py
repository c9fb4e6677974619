"""The state of each copy — one student × one assignment — decided once, for every view.

The exports, the report and the feedback pages only format a :class:`CopyState`:
none of them decides again whether a copy is graded, awaits a grader, failed,
was not handed in, or belongs to an épreuve nobody has sat yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..mapping import GradedCell
from ..records import CellGrade, Student, Submission

NOT_YET_GRADED_REASON = "copie rendue mais pas encore corrigée (lancez « cpmc autograde »)"


class CopyStatus(StrEnum):
    """Status of one copy, in the words the pages and the spreadsheet show."""

    GRADED = "corrigé"
    """Every graded cell has its points."""
    PENDING = "à corriger"
    """A cell awaits a manual grade: no total yet."""
    NOT_GRADED = "non corrigé"
    """Handed in, but autograde failed (``reason`` says why) or has not run."""
    NOT_HANDED_IN = "non rendu"
    """No copy and no grade, while others of the cohort handed theirs in."""
    ABSENT = "absent"
    """Marked absent in the roster of a team assignment: the team's grade does not reach them."""
    NOT_YET_HELD = "pas encore évalué"
    """Nobody in the cohort has handed this assignment in: the épreuve has not been held."""
    OTHER_SESSION = "autre session"
    """Not handed in, while the student sat the same épreuve in another session (a retake they did not need)."""

    @property
    def has_grades(self) -> bool:
        """True when the copy's cells have grades to show (all of them or some awaiting a grader)."""
        return self in (CopyStatus.GRADED, CopyStatus.PENDING)


@dataclass(frozen=True)
class CopyState:
    """One student's copy of one assignment, as every view shows it."""

    student_id: str
    assignment: str
    status: CopyStatus
    max_points: float
    """Points of the assignment (sum over the graded cells of ``source/``)."""
    points: float | None = None
    """Total once every cell is graded (extra credit capped at each cell's points); ``None`` otherwise, never 0."""
    pending: tuple[tuple[str, str, str], ...] = ()
    """Keys (assignment, notebook, grade_id) of the cells awaiting a manual grade, in notebook order."""
    reason: str = ""
    """French reason of a copy « non corrigé »; empty otherwise."""
    submission: Submission | None = None
    """The graded copy as nbgrader recorded it (hand-in time, lateness); ``None`` when none or not relevant."""
    team: str = ""
    """Team name on a team assignment (the copy graded is the team's); empty otherwise."""
    session: str = ""
    """Session of the épreuve the copy belongs to; empty while the course has a single session."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.student_id, self.assignment)

    @property
    def handed_in_at(self) -> str:
        """Hand-in time (ISO 8601, UTC) of the graded copy; empty when unknown."""
        return self.submission.submitted_at if self.submission else ""


@dataclass(frozen=True)
class CopyFacts:
    """What the course folder and the gradebook say about copies, with team copies already given to members."""

    failures: Mapping[tuple[str, str], str]
    """(student, assignment) → French reason of a failed autograde."""
    submitted: frozenset[tuple[str, str]]
    """(student, assignment) pairs with a copy in ``submitted/``."""
    absent: frozenset[tuple[str, str]] = frozenset()
    """(student, assignment) pairs marked absent in the roster."""
    graded_copies: Mapping[tuple[str, str], Submission] | None = None
    teams: Mapping[tuple[str, str], str] | None = None
    """(student, assignment) → team name."""


def _status(own: list[CellGrade], key: tuple[str, str], facts: CopyFacts) -> tuple[CopyStatus, str]:
    reason = facts.failures.get(key, "")
    if key in facts.absent:
        return CopyStatus.ABSENT, ""
    if reason:
        return CopyStatus.NOT_GRADED, reason
    if not own:
        if key in facts.submitted:
            return CopyStatus.NOT_GRADED, NOT_YET_GRADED_REASON
        return CopyStatus.NOT_HANDED_IN, ""
    if any(g.pending for g in own):
        return CopyStatus.PENDING, ""
    return CopyStatus.GRADED, ""


def copy_state(student_id: str, cells: list[GradedCell], grades: Mapping[tuple[str, str, str, str], CellGrade],
               facts: CopyFacts, session: str = "") -> CopyState:
    """The state of one student's copy of the assignment whose graded cells are ``cells``."""
    assignment = cells[0].assignment
    key = (student_id, assignment)
    pairs = [(c, grades.get((student_id, *c.key))) for c in cells]
    own = [g for _c, g in pairs if g is not None]
    status, reason = _status(own, key, facts)
    points = None
    if status is CopyStatus.GRADED:
        points = sum(min(g.score, c.points) for c, g in pairs if g is not None)
    pending = tuple(c.key for c, g in pairs if g is not None and g.pending) if status is CopyStatus.PENDING else ()
    copy = None
    if status not in (CopyStatus.NOT_HANDED_IN, CopyStatus.ABSENT):
        copy = (facts.graded_copies or {}).get(key)
    team = (facts.teams or {}).get(key, "")
    return CopyState(student_id, assignment, status, sum(c.points for c in cells), points, pending, reason, copy, team,
                     session)


def copy_states(students: Iterable[Student], grades: Iterable[CellGrade], cells: Iterable[GradedCell],
                facts: CopyFacts, sessions: Mapping[str, str] | None = None,
                epreuves: Mapping[str, str] | None = None) -> dict[tuple[str, str], CopyState]:
    """(student, assignment) → state, for every student and every assignment that has graded cells.

    ``grades`` are the members' grades (a team's copy already given to its present members).
    An assignment no student of the cohort handed in is « pas encore évalué » for all, never « non rendu »
    (an absent member of a team that never sat it neither). ``sessions`` names the session of each assignment
    generated for one (``Mapping.session``); ``epreuves`` the épreuve it sets (``Mapping.epreuve``): a copy
    not handed in of a session is « autre session », never « non rendu », when the student sat the same épreuve
    in another session.
    """
    sessions = sessions or {}
    epreuves = epreuves or {}
    by_assignment: dict[str, list[GradedCell]] = {}
    for c in cells:
        by_assignment.setdefault(c.assignment, []).append(c)
    by_key = {(g.student_id, *g.key): g for g in grades}
    states = {}
    for s in students:
        for assignment in sorted(by_assignment):
            states[(s.id, assignment)] = copy_state(s.id, by_assignment[assignment], by_key, facts,
                                                    sessions.get(assignment, ""))
    unseen = (CopyStatus.NOT_HANDED_IN, CopyStatus.ABSENT)
    for assignment in by_assignment:
        mine = [k for k in states if k[1] == assignment]
        if mine and all(states[k].status in unseen for k in mine):
            for k in mine:
                states[k] = CopyState(k[0], assignment, CopyStatus.NOT_YET_HELD, states[k].max_points,
                                      session=states[k].session)
    return _other_sessions(states, epreuves)


def _other_sessions(states: dict[tuple[str, str], CopyState],
                    epreuves: Mapping[str, str]) -> dict[tuple[str, str], CopyState]:
    """« non rendu » copies of a session turned « autre session » where the student sat the épreuve in another one."""
    sat: dict[tuple[str, str], list[str]] = {}
    for (student, assignment), state in states.items():
        if state.status not in (CopyStatus.NOT_HANDED_IN, CopyStatus.ABSENT, CopyStatus.NOT_YET_HELD):
            sat.setdefault((student, epreuves.get(assignment, assignment)), []).append(state.session or assignment)
    for key, state in states.items():
        others = sat.get((key[0], epreuves.get(key[1], key[1])), [])
        if state.status is CopyStatus.NOT_HANDED_IN and others:
            where = ", ".join(sorted(others))
            states[key] = CopyState(key[0], key[1], CopyStatus.OTHER_SESSION, state.max_points,
                                    reason=f"épreuve passée à la session {where} : aucune copie rendue pour celle-ci",
                                    session=state.session)
    return states
