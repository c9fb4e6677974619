"""A course directory (nbgrader course root) and the jobs that read all of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .gradebook import db_url, read_grades, read_students
from .mapping import Mapping, read_mapping
from .mastery import assess, load_thresholds
from .records import Student, SubmissionOutcome, load_outcomes
from .referential import load_referential
from .report import ReportInput, check_output_folder, write_report
from .teams import Roster, TeamCopy, is_team_id, load_roster, load_team_copies, member_grades

CONFIG_FILE = Path("autograder") / "cpmc.toml"
"""Instructor settings (mastery thresholds), relative to the course root."""


@dataclass(frozen=True)
class Course:
    """Paths of an nbgrader course root."""

    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def db_url(self) -> str:
        return db_url(self.root)

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    def mapping(self) -> Mapping:
        """The validated mapping of ``source/``."""
        return read_mapping(self.source, load_referential())

    def roster(self, mapping: Mapping | None = None) -> Roster:
        """The checked team roster (``autograder/equipes.csv``); empty when the course has no team assignment."""
        from .pipeline import assignments_in

        mapping = mapping or self.mapping()
        return load_roster(self.root, assignments_in(self.source), mapping.team_assignments)


@dataclass(frozen=True)
class AutogradeResult:
    """What ``autograde_course`` did: one outcome per graded copy, and which copy each team was graded on."""

    outcomes: tuple[SubmissionOutcome, ...]
    team_copies: tuple[TeamCopy, ...] = ()
    notes: tuple[str, ...] = ()
    """French notes for the instructor (copies of students in no team, copies left aside)."""


def autograde_course(course: Course, assignments: list[str] | None = None, jobs: int = 1, progress: bool = True,
                     force: bool = False) -> AutogradeResult:
    """Stage one copy per team, then autograde everything in one call of ``pipeline.autograde``.

    An invalid roster stops before anything is graded (or moved). Students' own
    copies of team assignments are kept in ``copies_equipes/`` (see ``teams``).
    """
    from .gradebook import add_students
    from .pipeline import autograde
    from .teams import archive_member_copies, save_team_copies, stage_team_copies, unassigned_copies

    mapping = course.mapping()
    roster = course.roster(mapping)
    wanted = set(assignments) if assignments else None
    team_assignments = {a for a in mapping.team_assignments if wanted is None or a in wanted}
    archive_member_copies(course.root, team_assignments)
    copies = stage_team_copies(course.root, roster, mapping.oral_assignments, team_assignments)
    notes = unassigned_copies(course.root, roster, team_assignments)
    if roster.teams and (course.root / "gradebook.db").exists():
        add_students(course.db_url, [Student(t.id, "Équipe", t.name) for t in roster.teams])
    outcomes = autograde(course.root, assignments, jobs=jobs, progress=progress, force=force)
    if copies:
        save_team_copies(course.root, copies)
    return AutogradeResult(tuple(outcomes), copies, tuple(notes))


def open_course(path: str | Path | None) -> Course:
    """The course rooted at ``path`` (default: the current folder), checked."""
    root = Path(path or ".").resolve()
    if not (root / "source").is_dir():
        raise CpmcError(
            f"{root} n'est pas une racine de cours : dossier « source/ » absent. "
            "Placez-vous à la racine du cours ou passez --course-dir."
        )
    return Course(root)


def package_course_root() -> Path:
    """The course shipped with the package (the repository of an editable install)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "source").is_dir() or not (root / "nbgrader_config.py").exists():
        raise CpmcError(
            "Sujets du paquet introuvables : installez le projet depuis son dépôt "
            "(pip install -e .) ou passez --course-dir vers une racine de cours."
        )
    return root


def make_report(course: Course, out_dir: str | Path) -> Path:
    """Read the gradebook and the mapping, write the reports; returns the cohort page."""
    check_output_folder(Path(out_dir), course.root)  # before any slow work
    ref = load_referential()
    mapping = course.mapping()
    roster = course.roster(mapping)
    thresholds = load_thresholds(course.config)
    memberships = roster.memberships()
    registered = [s for s in read_students(course.db_url) if not is_team_id(s.id)]
    ids = {s.id for s in registered}
    students = tuple(sorted(registered + [Student(i, "", "") for i in {m.student_id for m in memberships} - ids], key=lambda s: s.id))
    grades = member_grades(read_grades(course.db_url), memberships, mapping.team_assignments)
    failures = tuple(o for o in load_outcomes(course.root) if not o.ok)
    teams = {t.id: t for t in roster.teams}
    failures = tuple(f for f in failures if not is_team_id(f.student_id) or f.student_id in teams)
    team_notes = tuple(c.describe() for c in load_team_copies(course.root)
                       if any(t.assignment == c.assignment and t.name == c.team for t in roster.teams))
    results = assess([s.id for s in students], mapping, list(grades), ref, thresholds, memberships)
    return write_report(out_dir, ReportInput(results, students, ref, thresholds, failures, team_notes), protected=course.root)
