"""The page of one student in the report: the context of ``views/templates/report_student.html.j2``
(copies, blocs, criteria with the cells behind them, competencies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import charts
from ..exports import french_timestamp, lateness
from ..grading.copies import CopyState, CopyStatus
from ..mapping import GradedCell
from ..mastery import ABSENT, NOT_ASSESSED, Measure, StudentResult
from ..records import CellGrade, SubmissionOutcome
from .contributions_html import FLAG, FLAG_BELOW, member_contributions
from .report_html import SEP, median, pts
from .templating import environment, render

if TYPE_CHECKING:
    from ..report import ReportInput


@dataclass(frozen=True)
class ReportTexts:
    """What every student page repeats, computed once: official texts, failures, copies, cohort medians, cells."""

    blocs: dict[str, str]
    criteria: dict[str, str]
    competencies: dict[str, str]
    failures: dict[str, list[SubmissionOutcome]]
    copies: dict[str, list[CopyState]]
    medians: dict[tuple[str, str], float | None] = field(default_factory=dict)
    """Cohort median of the score by (criterion or competency, source), over students with a level."""
    totals: dict[str, float | None] = field(default_factory=dict)
    """Cohort median of the total of each assignment, over fully graded copies."""
    cells: dict[str, list[GradedCell]] = field(default_factory=dict)
    """Cells of each criterion, in notebook order."""
    grades: dict[str, dict[tuple[str, str, str], CellGrade]] = field(default_factory=dict)
    """Each student's grades by cell key."""
    titles: dict[tuple[str, str, str], str] = field(default_factory=dict)
    rows: dict[tuple[str, bool], list[tuple[tuple[str, str, str], Markup, Markup]]] = field(default_factory=dict)
    """By (criterion, team cells or not): each cell's key with the two halves of its row around a student's points
    (``views/templates/report_fragments.html.j2``, escaped there), written once per report."""
    notes: dict[str, dict[tuple[str, str, str], str]] = field(default_factory=dict)
    """Each student's grader comments by cell key."""

    @classmethod
    def of(cls, data: ReportInput) -> "ReportTexts":
        ref = data.referential
        failures: dict[str, list[SubmissionOutcome]] = {}
        for f in data.failures:
            failures.setdefault(f.student_id, []).append(f)
        copies: dict[str, list[CopyState]] = {}
        totals: dict[str, list[float]] = {}
        for state in data.copies:
            copies.setdefault(state.student_id, []).append(state)
            if state.points is not None:
                totals.setdefault(state.assignment, []).append(state.points)
        scores: dict[tuple[str, str], list[float]] = {}
        for r in data.results:
            for m in r.criteria + r.competencies:
                if m.ratio is not None:
                    scores.setdefault((m.code, m.source), []).append(m.score)
        cells: dict[str, list[GradedCell]] = {}
        for c in data.cells:
            for code in c.criteria:
                cells.setdefault(code, []).append(c)
        grades: dict[str, dict[tuple[str, str, str], CellGrade]] = {}
        for g in data.grades:
            grades.setdefault(g.student_id, {})[g.key] = g
        notes: dict[str, dict[tuple[str, str, str], str]] = {}
        for (student, *key), comment in (data.comments or {}).items():
            notes.setdefault(student, {})[tuple(key)] = comment
        titles = dict(data.titles)
        halves = environment().get_template("report_fragments.html.j2").module
        rows: dict[tuple[str, bool], list[tuple[tuple[str, str, str], Markup, Markup]]] = {}
        for code, tagged in cells.items():
            for c in tagged:
                others = ", ".join(x.split(".")[-1] for x in c.criteria if x != code) or "—"
                row = (c.key, halves.head(c, titles.get(c.key) or c.grade_id), halves.tail(pts(c.points), others))
                rows.setdefault((code, c.assignment in data.team_assignments), []).append(row)
        return cls(
            {b.code: b.title for b in ref.blocs},
            {c.qualified: c.text for c in ref.criteria},
            {c.code: c.text for c in ref.competencies},
            failures,
            copies,
            {k: median(v) for k, v in scores.items()},
            {k: median(v) for k, v in totals.items()},
            cells,
            grades,
            titles,
            rows,
            notes,
        )


@dataclass(frozen=True)
class CopyRow:
    """One held copy in the « Sujets » table of a student page, as text."""

    assignment: str
    session: str
    total: str
    max_points: str
    median: str
    """Cohort median of the assignment's total (``12 / 20``), ``—`` without fully graded copies."""
    status: CopyStatus
    reason: str
    waiting: str
    """The parts still to grade (question headings), separated by « ; »; empty when none."""
    waiting_count: int
    handed_in: str
    late: str


def _copy_row(state: CopyState, texts: ReportTexts) -> CopyRow:
    median = texts.totals.get(state.assignment)
    waiting = list(dict.fromkeys(texts.titles.get(key) or key[2] for key in state.pending))
    return CopyRow(state.assignment, state.session, "—" if state.points is None else pts(state.points), pts(state.max_points),
                   "—" if median is None else f"{pts(median)} / {pts(state.max_points)}", state.status, state.reason,
                   SEP.join(waiting), len(waiting), french_timestamp(state.handed_in_at), lateness(state.submission))


@dataclass(frozen=True)
class MeasureRow:
    """A criterion or competency on a student page with its numbers: points (pending ones marked), median, level."""

    measure: Measure
    numbers: Markup


@lru_cache(maxsize=4096)
def _numbers(points: str, pending: str, median: str, level: str) -> Markup:
    """The ``numbers`` fragment of ``report_fragments.html.j2``, rendered once per distinct value."""
    return environment().get_template("report_fragments.html.j2").module.numbers(points, pending, median, level)


def _measure_row(m: Measure, texts: ReportTexts) -> MeasureRow:
    shown = m.level not in (NOT_ASSESSED, ABSENT)
    median = texts.medians.get((m.code, m.source))
    return MeasureRow(m, _numbers(f"{pts(m.score)} / {pts(m.max_score)}" if shown else "—",
                                  pts(m.pending_points) if shown and m.pending_points else "",
                                  "—" if median is None else f"{pts(median)} / {pts(m.max_score)}", m.level))


def _by_bloc(rows: list[MeasureRow]) -> dict[str, list[MeasureRow]]:
    by: dict[str, list[MeasureRow]] = {}
    for row in rows:
        by.setdefault(row.measure.bloc, []).append(row)
    return by


def _cell_points(r: StudentResult, data: ReportInput, texts: ReportTexts) -> dict[tuple[str, str, str], str | None]:
    """The student's points on each graded cell as text (``non noté`` without a grade), ``None`` while it awaits a
    manual grade."""
    own = texts.grades.get(r.student_id, {})
    points: dict[tuple[str, str, str], str | None] = {}
    for c in data.cells:
        g = own.get(c.key)
        points[c.key] = "non noté" if g is None else None if g.pending else pts(min(g.score, c.points))
    return points


def _bloc_taken(r: StudentResult, bloc: str) -> bool:
    return any(m.level != NOT_ASSESSED for m in r.criteria if m.bloc == bloc)


def student_page(r: StudentResult, name: str, data: ReportInput, texts: ReportTexts) -> str:
    """The page (``views/templates/report_student.html.j2``): copies, blocs, criteria with their cells, competencies."""
    own = texts.copies.get(r.student_id, [])
    later_copies = [state.assignment for state in own if state.status is CopyStatus.NOT_YET_HELD]
    assessed = [m for m in r.criteria if m.level not in (NOT_ASSESSED, ABSENT)]
    taken = [b.bloc for b in r.blocs if _bloc_taken(r, b.bloc)]
    competencies = [_measure_row(m, texts) for m in r.competencies]
    return render(
        "report_student.html.j2", r=r, name=name, texts=texts, thresholds=data.thresholds,
        points=_cell_points(r, data, texts), notes=texts.notes.get(r.student_id, {}), fails=texts.failures.get(r.student_id, []),
        copies=[_copy_row(state, texts) for state in own if state.status is not CopyStatus.NOT_YET_HELD],
        later_copies=SEP.join(later_copies), later_count=len(later_copies), not_yet_held=CopyStatus.NOT_YET_HELD,
        # The package's own SVG: charts escapes every label it writes.
        chart=Markup(charts.criteria_bars(assessed, data.thresholds)) if assessed else "",
        criteria=_by_bloc([_measure_row(m, texts) for m in r.criteria]), competencies=_by_bloc(competencies), taken=taken,
        competencies_taken=[row for row in competencies if row.measure.bloc in taken],
        later=[b.bloc for b in r.blocs if b.bloc not in taken], not_assessed=NOT_ASSESSED,
        contributions=member_contributions(r.student_id, data.contributions, data.moderation), flag=FLAG, flag_below=FLAG_BELOW)
