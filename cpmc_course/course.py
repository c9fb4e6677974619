"""A course directory (nbgrader course root) and the jobs that read all of it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from . import exports
from .errors import CpmcError
from .gradebook import db_url, gradebook_exists, read_grades, read_students, read_submissions
from .items import analyse
from .mapping import Mapping, read_mapping
from .mastery import assess, load_thresholds
from .records import CellGrade, Membership, Student, SubmissionOutcome, load_outcomes
from .referential import load_referential
from .report import ReportInput, check_output_folder, write_report
from .teams import Roster, TeamCopy, handed_in, is_team_id, load_roster, load_team_copies, member_grades

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
        add_students(course.db_url, [Student(t.id, "Équipe", t.name) for t in roster.teams])
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


def read_cohort(course: Course, mapping: Mapping) -> Cohort:
    """Students and grades of the gradebook with the roster applied."""
    copy_grades = read_grades(course.db_url)
    with_data = {g.assignment for g in copy_grades} | handed_in(course.root, mapping.team_assignments)
    roster = course.roster(mapping, required=with_data)  # team assignments nobody worked on need no teams
    memberships = tuple(roster.memberships())
    registered = [s for s in read_students(course.db_url) if not is_team_id(s.id)]
    ids = {s.id for s in registered}
    students = tuple(sorted(registered + [Student(i, "", "") for i in {m.student_id for m in memberships} - ids], key=lambda s: s.id))
    grades = tuple(member_grades(copy_grades, memberships, mapping.team_assignments))
    return Cohort(students, grades, copy_grades, memberships, roster)


def make_report(course: Course, out_dir: str | Path) -> Path:
    """Read the gradebook and the mapping, write the reports; returns the cohort page."""
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
    copies = tuple(tuple(row[:10]) for row in copy_table(course, mapping, cohort, ref, thresholds)[1:])
    from .feedback_pages import member_comments, part_titles
    from .gradebook import read_comments

    comments = member_comments(read_comments(course.db_url), cohort.memberships, mapping.team_assignments)
    report = ReportInput(results, cohort.students, ref, thresholds, failures, team_notes, items, copies, cohort.grades,
                         mapping.cells, comments, part_titles(course.source), mapping.team_assignments,
                         {a: session for a, _epreuve, session in mapping.sessions})
    return write_report(out_dir, report, protected=course.root)


def _submitted(root: Path) -> set[tuple[str, str]]:
    folder = root / "submitted"
    if not folder.is_dir():
        return set()
    return {(s.name, a.name) for s in folder.iterdir() if s.is_dir() for a in s.iterdir() if a.is_dir()}


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
    students, grades = cohort.students, cohort.grades
    if fmt == "moodle-notes":
        return exports.moodle_grades_csv(students, grades, mapping)
    if fmt == "cellules":
        return exports.cells_csv(grades, mapping)
    if fmt != "tableur":
        raise CpmcError(f"Format d'export inconnu : {fmt!r}.")
    return exports.spreadsheet_csv(copy_table(course, mapping, cohort, ref, load_thresholds(course.config)))


def copy_table(course: Course, mapping: Mapping, cohort: Cohort, ref, thresholds) -> list[list[str]]:
    """Header and one row per student and assignment: total, status, reason and criterion levels.

    A team's copy, its failure or its absence reach each member (see :func:`exports.spreadsheet_rows`).
    """
    failures = {(o.student_id, o.assignment): o.reason for o in load_outcomes(course.root) if not o.ok}
    submitted = _submitted(course.root)
    graded_copies = {(s.student_id, s.assignment): s for s in read_submissions(course.db_url)}
    absent = set()
    for team in cohort.roster.teams:
        for member in team.members:
            key = (member, team.assignment)
            if (team.id, team.assignment) in failures:
                failures[key] = failures[(team.id, team.assignment)]
            if (team.id, team.assignment) in graded_copies:
                graded_copies[key] = graded_copies[(team.id, team.assignment)]
            if (team.id, team.assignment) in submitted:
                submitted.add(key)
        absent |= {(m.student_id, m.assignment) for m in cohort.memberships if m.absent and m.assignment == team.assignment}
    return exports.spreadsheet_rows(cohort.students, cohort.grades, mapping, ref, failures, submitted, thresholds, absent, graded_copies)
