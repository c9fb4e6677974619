"""Reports from mastery records: CSV for machines, HTML pages with inline SVG charts for people (French).

The pages are templates of ``views/templates/`` (contexts built by :mod:`.views.cohort_page` and
:mod:`.views.student_page`).

No nbgrader and no notebook parsing here: everything comes in as records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .grading.copies import CopyState
from .items import ItemStats
from .mapping import GradedCell
from .mastery import StudentResult, Thresholds
from .outputs import check_owned_folder, staged_folder
from .records import CellGrade, Student, SubmissionOutcome
from .referential import Referential
from .views.report_csv import BLOC_COLUMNS, COMPETENCY_COLUMNS, CRITERIA_COLUMNS, write_report_csvs  # noqa: F401 (public)
from .teams.contributions import Moderation, TeamContributions
from .views.cohort_page import cohort_page
from .views.student_page import ReportTexts, student_page

MARKER = ".cpmc-rapport"
"""File that marks a folder as written by ``cpmc report``: only such a folder is ever replaced."""

@dataclass(frozen=True)
class ReportInput:
    """Everything a report shows."""

    results: tuple[StudentResult, ...]
    students: tuple[Student, ...]
    referential: Referential
    thresholds: Thresholds
    failures: tuple[SubmissionOutcome, ...] = ()
    team_copies: tuple[str, ...] = ()
    """French sentences: which copy each team was graded on, and the copies left aside."""
    items: tuple[ItemStats, ...] = ()
    """Item analysis of every graded cell and criterion (``items.csv`` and the cohort page)."""
    copies: tuple[CopyState, ...] = ()
    """The state of each student's copy of each assignment (status, total, pending cells, hand-in)."""
    grades: tuple[CellGrade, ...] = ()
    """Members' grades, cell by cell: what each criterion of a student page opens onto."""
    cells: tuple[GradedCell, ...] = ()
    """The graded cells of ``source/`` in notebook order (the mapping)."""
    comments: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    """The grader's comment by (student, assignment, notebook, grade_id); a team's comment reaches its members."""
    titles: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """The question heading of each graded cell, by (assignment, notebook, grade_id)."""
    team_assignments: frozenset[str] = frozenset()
    """Assignments graded once per team: their cells sit under a criterion's « équipe » row."""
    contributions: tuple[TeamContributions, ...] = ()
    """Each handed-in team's contribution record (WebPA factors or why there are none)."""
    moderation: Moderation = Moderation()
    """Whether team grades were moderated by the factors (stated on the cohort page)."""


def check_output_folder(out: Path, protected: Path | None = None) -> None:
    """Refuse to replace a folder that is not a previous report (or that holds the course)."""
    check_owned_folder(out, MARKER, protected, place="dossier de rapport", example="rapport", content="le rapport",
                       foreign="n'est pas vide et ne contient pas un rapport CPMC")


def write_report(out_dir: str | Path, data: ReportInput, protected: Path | None = None, csv_format: str = "tableur") -> Path:
    """Write CSVs and HTML pages into ``out_dir``; returns the cohort page.

    ``csv_format``: ``tableur`` (French spreadsheet, the default) or ``machine`` (see :mod:`.views.report_csv`).

    Only an empty folder or a previous report (marked by ``.cpmc-rapport``) is
    replaced, never a folder holding ``protected`` (the course). Everything is
    written to a temporary folder first: a failure leaves the previous report
    untouched.
    """
    out = Path(out_dir).resolve()
    check_output_folder(out, protected)
    with staged_folder(out, MARKER, "Dossier écrit par « cpmc report » ; il est remplacé à chaque rapport.\n") as tmp:
        write_report_csvs(tmp, data.results, data.items, csv_format)
        names = {s.id: s.display_name for s in data.students}
        (tmp / "etudiants").mkdir()
        texts = ReportTexts.of(data)
        for r in data.results:
            page = student_page(r, names.get(r.student_id, r.student_id), data, texts)
            (tmp / "etudiants" / f"{r.student_id}.html").write_text(page, encoding="utf-8")
        (tmp / "index.html").write_text(cohort_page(data, names), encoding="utf-8")
    return out / "index.html"
