"""A course directory (nbgrader course root) and the jobs that read all of it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from . import exports
from .errors import CpmcError
from .gradebook import db_url, read_grades, read_students
from .items import analyse
from .mapping import Mapping, read_mapping
from .mastery import assess, load_thresholds
from .records import load_outcomes
from .referential import load_referential
from .report import ReportInput, check_output_folder, write_report

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
    thresholds = load_thresholds(course.config)
    students = read_students(course.db_url)
    grades = read_grades(course.db_url)
    failures = tuple(o for o in load_outcomes(course.root) if not o.ok)
    results = assess([s.id for s in students], mapping, list(grades), ref, thresholds)
    items = analyse(mapping, list(grades))
    return write_report(out_dir, ReportInput(results, students, ref, thresholds, failures, items), protected=course.root)


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
    students = read_students(course.db_url)
    grades = read_grades(course.db_url)
    if fmt == "moodle-notes":
        return exports.moodle_grades_csv(students, grades, mapping)
    if fmt == "cellules":
        return exports.cells_csv(grades, mapping)
    if fmt != "tableur":
        raise CpmcError(f"Format d'export inconnu : {fmt!r}.")
    failures = {(o.student_id, o.assignment): o.reason for o in load_outcomes(course.root) if not o.ok}
    rows = exports.spreadsheet_rows(students, grades, mapping, ref, failures, _submitted(course.root), load_thresholds(course.config))
    return exports.spreadsheet_csv(rows)
