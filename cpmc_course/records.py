"""The package's own records, shared by every module; this module depends only on ``errors``.

``Student`` and ``CellGrade`` are what the gradebook holds, ``SubmissionOutcome``
what happened to one copy at autograde; the outcomes file keeps the last
outcome of every copy beside the course. ``Membership`` is a student's place in
a team for one team assignment (read from the roster, never from the gradebook).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import CpmcError


INDIVIDUAL, TEAM = "individuel", "équipe"
"""Values of ``CellGrade.source`` and of the report's ``source`` column."""


@dataclass(frozen=True)
class Student:
    """A student registered in the gradebook."""

    id: str
    first_name: str
    last_name: str

    @property
    def display_name(self) -> str:
        """``Prénom Nom``, or the id when no name is recorded."""
        name = f"{self.first_name or ''} {self.last_name or ''}".strip()
        return name or self.id


@dataclass(frozen=True)
class CellGrade:
    """The grade of one student on one graded cell."""

    student_id: str
    assignment: str
    notebook: str
    grade_id: str
    score: float | None
    """Points obtained; ``None`` while the cell awaits manual grading."""
    max_score: float
    source: str = INDIVIDUAL
    """``individuel`` (the student's own copy) or ``équipe`` (the team's copy, see ``teams.member_grades``)."""
    team: str = ""
    """Name of the team whose copy earned this grade; empty for an individual grade."""
    submitted_at: str = ""
    """When the copy was handed in (ISO 8601, nbgrader's timestamp); empty when unknown."""

    @property
    def key(self) -> tuple[str, str, str]:
        """(assignment, notebook, grade_id), the key of the mapping."""
        return (self.assignment, self.notebook, self.grade_id)

    @property
    def pending(self) -> bool:
        """True while an instructor still has to grade this cell."""
        return self.score is None


@dataclass(frozen=True)
class Membership:
    """A student's place in a team for one team assignment, as the roster says today."""

    student_id: str
    assignment: str
    team: str
    """Team name as the instructor wrote it (``Alpha``)."""
    absent: bool = False
    """True when the roster marks the student absent: no team grade, level « absent »."""


@dataclass(frozen=True)
class SubmissionOutcome:
    """What happened to one student's submission of one assignment."""

    student_id: str
    assignment: str
    ok: bool
    reason: str = ""
    """French explanation when ``ok`` is False."""
    fingerprint: str = ""
    """Hash of the copy's files when it was graded: an unchanged copy is not graded again."""
    skipped: bool = False
    """True when the copy was already graded and has not changed since."""
    notes: tuple[str, ...] = ()
    """French remarks on a graded copy: cells neutralised, files ignored, faults confined to a cell."""
    tampering: tuple[str, ...] = ()
    """Values of the copy the test evaluator refused to rebuild (a class of its own, a float subclass…; empty for an honest copy)."""


STATUS_FILE = "cpmc_autograde.json"
"""Last autograde outcome per submission, written in the course directory."""


def save_outcomes(course: Path, outcomes: list[SubmissionOutcome]) -> None:
    path = course / STATUS_FILE
    previous = load_outcomes(course)
    merged = {(o.student_id, o.assignment): o for o in previous}
    merged.update({(o.student_id, o.assignment): o for o in outcomes})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(o) for o in merged.values()], ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def load_outcomes(course_dir: str | Path) -> list[SubmissionOutcome]:
    """Outcomes recorded by the last autograde runs (empty when none)."""
    path = Path(course_dir) / STATUS_FILE
    if not path.exists():
        return []
    try:
        return [
            SubmissionOutcome(**{**o, "notes": tuple(o.get("notes", ())), "tampering": tuple(o.get("tampering", ()))})
            for o in json.loads(path.read_text(encoding="utf-8"))
        ]
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise CpmcError(f"{path} : fichier d'état de correction illisible ({exc}) ; supprimez-le et relancez « cpmc autograde ».") from None


@dataclass(frozen=True)
class Submission:
    """One graded copy as nbgrader recorded it: when it was handed in, and how late."""

    student_id: str
    assignment: str
    submitted_at: str = ""
    """Hand-in time (ISO 8601, UTC): nbgrader's ``timestamp.txt`` of the graded copy; empty when unknown."""
    seconds_late: float = 0.0
    """Seconds past the due date (the student's extension included), as nbgrader computes it; 0 when on time."""
    late_penalty: float = 0.0
    """Points taken off by nbgrader's late-submission plugin (sum over the notebooks)."""

    @property
    def late(self) -> bool:
        return self.seconds_late > 0
