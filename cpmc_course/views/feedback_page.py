"""The feedback page of one student (French, A4 print styles): the records it shows and the context of its template.

Records: :class:`StudentFeedback` (copies, then levels on criteria and
competencies, then what to revise). :func:`render_page` only hands them to
``views/templates/feedback_page.html.j2``; they are collected by
:func:`cpmc_course.feedback_pages.collect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..grading.copies import CopyStatus
from ..grading.notebook import AUTO
from ..mastery import ABSENT, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure
from ..records import Student
from ..revise import REVISION_NOTEBOOK, Lesson, revision_line
from .links import LabLinks
from .templating import render


GRADED, PENDING_COPY, NOT_GRADED, NOT_HANDED_IN, ABSENT_MEMBER = (CopyStatus.GRADED, CopyStatus.PENDING, CopyStatus.NOT_GRADED,
                                                                  CopyStatus.NOT_HANDED_IN, CopyStatus.ABSENT)
"""Status of a copy (:class:`~cpmc_course.grading.copies.CopyStatus`), as ``cpmc export`` writes it."""

TO_REVISE = (NOT_ACQUIRED, IN_PROGRESS)
"""Levels that put a criterion or competency in « À retravailler »."""



@dataclass(frozen=True)
class Part:
    """One graded part of a copy, as the student sees it."""

    notebook: str
    grade_id: str
    title: str
    """The heading of the question (``1.2 Extraire et nettoyer la source UTM``), see :class:`~cpmc_course.grading.notebook.SourceCell`."""
    check: str
    """What an automatic test checks (its first comment line, visible to students); empty otherwise."""
    kind: str
    points: float
    score: float | None
    """Points obtained; ``None`` while awaiting a manual grade or when the copy has no grade."""
    pending: bool
    verdict: str
    """French verdict of an automatic test (passed, the visible message, or a hidden check failed)."""
    comment: str
    """The grader's comment (nbgrader ``Comment``); empty when none."""
    criteria: tuple[str, ...]
    competencies: tuple[str, ...]


@dataclass(frozen=True)
class CopyFeedback:
    """One assignment of one student: status, total and parts."""

    assignment: str
    status: CopyStatus
    reason: str
    total: float | None
    """Sum of the points once every part is graded; ``None`` otherwise."""
    max_points: float
    team: str
    """Team name on a team assignment; empty otherwise."""
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class LevelLine:
    """A criterion or competency on the page: level, points and, when not acquired, what prepares it."""

    code: str
    """Qualified criterion (``B5.CE35``) or competency (``C34``)."""
    text: str
    measures: tuple[Measure, ...]
    """One row, or two when both individual and team cells evidence it."""
    level: str
    lessons: tuple[Lesson, ...] = ()
    questions: tuple[str, ...] = ()

    @property
    def to_revise(self) -> bool:
        return self.level in TO_REVISE


@dataclass(frozen=True)
class StudentFeedback:
    """Everything the page of one student shows."""

    student: Student
    copies: tuple[CopyFeedback, ...]
    criteria: tuple[LevelLine, ...]
    competencies: tuple[LevelLine, ...]


# ---------------------------------------------------------------- the page


_NO_BREAK = tuple((f" {sign}", f"\u00a0{sign}") for sign in ":;?!%»") + (("« ", "«\u00a0"),)


_VERBATIM = re.compile(r"(<pre[ >].*?</pre>|<style>.*?</style>)", re.S)


def _typography(page: str) -> str:
    """French spacing in the text of a page (as :func:`grading_sheet.typography`), with plain string replacements
    outside ``<pre>`` and ``<style>``: a thousand pages in a second rather than a minute. No tag of these pages holds
    a space before « : ; ? ! % » but in a ``title``, which is text too."""
    parts = _VERBATIM.split(page)
    for i in range(0, len(parts), 2):
        text = parts[i]
        for plain, french in _NO_BREAK:
            if plain in text:
                text = text.replace(plain, french)
        parts[i] = text
    return "".join(parts)


@dataclass(frozen=True)
class NotebookLink:
    """A notebook of ``courses/`` on the page: its title, its JupyterLab address (empty without a server), its path."""

    title: str
    href: str
    path: str


@dataclass(frozen=True)
class RevisionEntry:
    """A criterion or competency to revise, with the lessons that prepare it."""

    line: LevelLine
    lessons: tuple[NotebookLink, ...]


def _notebook(title: str, relative: Path | str, links: LabLinks, student_id: str) -> NotebookLink:
    return NotebookLink(title, links.href(relative, student_id), links.path(relative))


def _legend_codes(parts: tuple[Part, ...]) -> list[str]:
    """The criteria the parts evidence, once each, in order (their official texts follow the table)."""
    return list(dict.fromkeys(c for p in parts for c in p.criteria))


def render_page(fb: StudentFeedback, criteria_texts: dict[str, str], links: LabLinks = LabLinks(),
                acquired: float = 0.6) -> str:
    """The HTML page of one student (``views/templates/feedback_page.html.j2``, French, A4 print styles); notebooks
    of ``courses/`` open as ``links`` say.

    ``acquired`` is the course's threshold of « acquis » (share of the points), stated on the page."""
    lines = [line for line in fb.criteria + fb.competencies if line.to_revise]
    revise = [RevisionEntry(line, tuple(_notebook(lesson.title, lesson.path, links, fb.student.id) for lesson in line.lessons))
              for line in lines]
    ids = list(dict.fromkeys(q for line in lines for q in line.questions))
    statuses = {"not_yet_held": CopyStatus.NOT_YET_HELD, "graded": GRADED, "pending": PENDING_COPY, "absent": ABSENT_MEMBER}
    return _typography(render(
        "feedback_page.html.j2", fb=fb, criteria_texts=criteria_texts, acquired=acquired, auto=AUTO, statuses=statuses,
        absent=ABSENT, pending=PENDING, hidden_levels=(NOT_ASSESSED, ABSENT), legend_codes=_legend_codes, revise=revise,
        revision_line=revision_line(ids) if ids else "",
        revision_notebook=_notebook("le carnet de révision", REVISION_NOTEBOOK, links, fb.student.id)))
