"""A course directory (nbgrader course root) and the jobs that read all of it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from . import exports
from .errors import CpmcError
from .gradebook import db_url, gradebook_exists
from .grading.cohort import read_cohort
from .grading.notebook import read_source
from .items import analyse
from .mapping import Mapping, read_mapping
from .mastery import assess, load_thresholds
from .records import Student, SubmissionOutcome, load_outcomes
from .referential import load_referential
from .report import ReportInput, check_output_folder, write_report
from .teams import Roster, TeamCopy, handed_in, is_team_id, load_roster, load_team_copies

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
        """Where nbgrader keeps this course's grades (``c.CourseDirectory.db_url``, default ``gradebook.db``)."""
        return db_url(self.root)

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    def mapping(self) -> Mapping:
        """The validated mapping of ``source/``."""
        return read_mapping(self.source, load_referential())

    def roster(self, mapping: Mapping | None = None, required: set[str] | None = None) -> Roster:
        """The checked team roster (``autograder/equipes.csv``).

        ``required``: the team assignments that need it (default: every one); with
        no roster file and nothing required, the roster is empty.
        """
        from .pipeline import assignments_in

        mapping = mapping or self.mapping()
        return load_roster(self.root, assignments_in(self.source), mapping.team_assignments, required)


@dataclass(frozen=True)
class AutogradeResult:
    """What ``autograde_course`` did: one outcome per graded copy, and which copy each team was graded on."""

    outcomes: tuple[SubmissionOutcome, ...]
    team_copies: tuple[TeamCopy, ...] = ()
    notes: tuple[str, ...] = ()
    """French notes for the instructor (copies of students in no team, copies left aside)."""


def autograde_course(course: Course, assignments: list[str] | None = None, jobs: int = 1, progress: bool = True,
                     force: bool = False, sandbox: str = "auto") -> AutogradeResult:
    """Stage one copy per team, then autograde everything in one call of ``pipeline.autograde``.

    An invalid roster stops before anything is graded (or moved). Students' own
    copies of team assignments are kept in ``copies_equipes/`` (see ``teams``).
    """
    from .gradebook import add_students
    from .pipeline import autograde
    from .teams import archive_member_copies, save_team_copies, stage_team_copies, unassigned_copies

    mapping = course.mapping()
    wanted = set(assignments) if assignments else None
    team_assignments = {a for a in mapping.team_assignments if wanted is None or a in wanted}
    roster = course.roster(mapping, required=handed_in(course.root, team_assignments))  # grading bloc 1 needs no teams
    archive_member_copies(course.root, team_assignments)
    copies = stage_team_copies(course.root, roster, mapping.oral_assignments, team_assignments)
    notes = unassigned_copies(course.root, roster, team_assignments)
    if roster.teams and gradebook_exists(course.db_url):
        add_students(course.db_url, [Student(t.id, "", t.display_name) for t in roster.teams])
    outcomes = autograde(course.root, assignments, jobs=jobs, progress=progress, force=force, sandbox=sandbox)
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
    """The course shipped with the package: the repository in a checkout, the wheel's copy otherwise."""
    from .resources import course_root

    return course_root()


def make_report(course: Course, out_dir: str | Path, csv_format: str = "tableur") -> Path:
    """Read the gradebook and the mapping, write the reports; returns the cohort page.

    ``csv_format``: ``tableur`` (French spreadsheet) or ``machine`` (see :mod:`cpmc_course.views.report_csv`).
    """
    check_output_folder(Path(out_dir), course.root)  # before any slow work
    ref = load_referential()
    mapping = course.mapping()
    thresholds = load_thresholds(course.config)
    cohort = read_cohort(course, mapping)
    teams = {t.id for t in cohort.roster.teams}
    failures = tuple(o for o in load_outcomes(course.root) if not o.ok and (not is_team_id(o.student_id) or o.student_id in teams))
    team_notes = tuple(c.describe() for c in load_team_copies(course.root)
                       if any(t.assignment == c.assignment and t.name == c.team for t in cohort.roster.teams))
    results = assess([s.id for s in cohort.students], mapping, list(cohort.grades), ref, thresholds, cohort.memberships)
    items = analyse(mapping, list(cohort.copy_grades))  # a team's copy counts once
    notebooks = read_source(course.source)
    report = ReportInput(results, cohort.students, ref, thresholds, failures, team_notes, items, tuple(cohort.copies.values()),
                         cohort.grades, mapping.cells, cohort.comments(course.db_url, mapping.team_assignments),
                         notebooks.headings(), mapping.team_assignments, cohort.contributions, cohort.moderation)
    return write_report(out_dir, report, protected=course.root, csv_format=csv_format)


def export_text(course: Course, fmt: str = "tableur", now: _dt.datetime | None = None) -> str:
    """The text of one export format (see :mod:`cpmc_course.exports`)."""
    ref = load_referential()
    if fmt == "moodle-referentiel":
        return exports.moodle_framework_csv(ref)
    if fmt == "case":
        stamp = (now or _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return exports.case_json(ref, stamp)
    mapping = course.mapping()
    cohort = read_cohort(course, mapping)
    if fmt == "moodle-notes":
        return exports.moodle_grades_csv(cohort.students, cohort.copies, mapping)
    if fmt == "cellules":
        return exports.cells_csv(cohort.grades, mapping)
    if fmt != "tableur":
        raise CpmcError(f"Format d'export inconnu : {fmt!r}.")
    rows = exports.spreadsheet_rows(cohort.students, cohort.copies, cohort.grades, mapping, ref, load_thresholds(course.config))
    return exports.spreadsheet_csv(rows)
