"""`cpmc feedback`: one French, print-ready page per student on the graded assignments, and what to revise.

For each assignment asked for, in notebook order, every graded part with its
points, the verdict of its test (the visible test's own French message, read
from the autograded copy's output: never a hidden test, see
:mod:`nbgrader_feedback`), the grader's comment and the criteria it evidences;
then the student's level on those criteria and competencies and « À
retravailler »: the lessons of ``courses/`` and the revision questions that
prepare each one not acquired (:mod:`revise`).

A copy awaiting manual grading says « correction en cours » and shows no grade
for the parts still to grade, nor a total; a copy not handed in, not graded
(with the reason) or a member marked absent says so, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .grading.cohort import read_cohort
from .grading.copies import CopyState, CopyStatus
from .grading.notebook import AUTO, SourceCell, nbgrader_meta, read_notebook
from .mapping import GradedCell
from .mastery import NOT_ASSESSED, Measure, assess, load_thresholds
from .outputs import check_owned_folder, staged_folder
from .records import CellGrade
from .referential import load_referential
from .resources import course_root as course_root_of_package
from .revise import RevisionMap, revision_map
from .teams import team_id
from .views.links import LabLinks, load_links
from .views.feedback_page import (ABSENT_MEMBER, GRADED, NOT_GRADED, NOT_HANDED_IN, PENDING_COPY, TO_REVISE, CopyFeedback,  # noqa: F401
                                  LevelLine, Part, StudentFeedback, render_page)

MARKER = ".cpmc-retours"
"""File that marks a folder as written by ``cpmc feedback``: only such a folder is ever replaced."""# ---------------------------------------------------------------- collecting the data


def cell_verdicts(autograded_nb: Path, visible: dict[str, str]) -> dict[str, str]:
    """grade_id → French verdict of each automatic test of one autograded notebook (empty when unreadable).

    ``visible`` maps the test cells' grade_ids to their visible source: a failure message is quoted only
    when the visible test holds it (the rule of :mod:`nbgrader_feedback`).
    """
    if not autograded_nb.is_file():
        return {}
    from .nbgrader_feedback import verdict_of_test_cell  # imports nbgrader (seconds): only when there is a copy to read

    try:
        nb = read_notebook(autograded_nb)
    except CpmcError:
        return {}
    verdicts = {}
    for cell in nb.get("cells", []):
        grade_id = nbgrader_meta(cell).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in visible:
            verdicts[grade_id] = verdict_of_test_cell(cell, visible[grade_id])
    return verdicts


def courses_folder(course_root: Path) -> Path:
    """``courses/`` of the course, or of the package's repository when the course has none (a demo course)."""
    own = course_root / "courses"
    return own if own.is_dir() else course_root_of_package() / "courses"


@dataclass(frozen=True)
class _Context:
    """What every student's feedback reads, read once for the cohort."""

    root: Path
    cells: dict[str, list[GradedCell]]
    sources: dict[tuple[str, str, str], SourceCell]
    grades: dict[tuple[str, str, str, str], CellGrade]
    comments: dict[tuple[str, str, str, str], str]
    verdicts: dict[tuple[str, str, str], dict[str, str]]

    def verdicts_of(self, copy_id: str, assignment: str, notebook: str) -> dict[str, str]:
        key = (copy_id, assignment, notebook)
        if key not in self.verdicts:
            visible = {c.grade_id: self.sources[c.key].visible_test if c.key in self.sources else ""
                       for c in self.cells[assignment] if c.notebook == notebook and c.kind == AUTO}
            path = self.root / "autograded" / copy_id / assignment / f"{notebook}.ipynb"
            self.verdicts[key] = cell_verdicts(path, visible)
        return self.verdicts[key]

    def copy(self, state: CopyState) -> CopyFeedback:
        """The feedback of one copy: its parts when it has grades."""
        cells = self.cells[state.assignment]
        copy_id = team_id(state.assignment, state.team) if state.team else state.student_id
        parts = []
        if state.status.has_grades:
            for c in cells:
                verdicts = self.verdicts_of(copy_id, c.assignment, c.notebook) if c.kind == AUTO else {}
                parts.append(_part(c, self.grades.get((state.student_id, *c.key)), self.sources.get(c.key),
                                   self.comments.get((state.student_id, *c.key), ""), verdicts))
        return CopyFeedback(state.assignment, state.status, state.reason, state.points, state.max_points, state.team, tuple(parts))


def held_assignments(mapping, copies: dict[tuple[str, str], CopyState]) -> list[str]:
    """The assignments of ``mapping`` that at least one student of the cohort has handed in (the épreuves held)."""
    held = {a for (_s, a), state in copies.items() if state.status is not CopyStatus.NOT_YET_HELD}
    return [a for a in mapping.assignments if a in held]


def _chosen(mapping, assignments: list[str] | None, copies: dict[tuple[str, str], CopyState]) -> list[str]:
    chosen = list(assignments or held_assignments(mapping, copies))
    unknown = [a for a in chosen if a not in mapping.assignments]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) : {', '.join(unknown)} (sujets notés : {', '.join(mapping.assignments)}).")
    return chosen


def collect(course, assignments: list[str] | None = None, courses_dir: Path | None = None) -> tuple[StudentFeedback, ...]:
    """The feedback of every student of the course on ``assignments`` (default: the assignments held, those with copies).

    An assignment asked for that nobody has handed in yet is shown « pas encore évalué » (folded), and its
    criteria and competencies are not listed as « non évalué »."""
    ref = load_referential()
    mapping = course.mapping()
    cohort = read_cohort(course, mapping)
    chosen = _chosen(mapping, assignments, cohort.copies)
    held = set(held_assignments(mapping, cohort.copies))
    thresholds = load_thresholds(course.config)
    results = {r.student_id: r for r in assess([s.id for s in cohort.students], mapping, list(cohort.grades), ref,
                                               thresholds, cohort.memberships)}
    context = _Context(course.root, {a: [c for c in mapping.cells if c.assignment == a] for a in chosen},
                       mapping.source.by_key(), {(g.student_id, *g.key): g for g in cohort.grades},
                       cohort.comments(course.db_url, mapping.team_assignments), {})
    rmap = revision_map(courses_dir or courses_folder(course.root), ref)
    evidenced = {code for a in chosen if a in held for c in context.cells[a] for code in c.criteria}
    comps = {code for a in chosen if a in held for c in context.cells[a] for code in c.competencies}
    feedback = []
    for student in cohort.students:
        copies = tuple(context.copy(cohort.copies[(student.id, a)]) for a in chosen)
        result = results[student.id]
        criteria = tuple(_line(c.qualified, c.text, [m for m in result.criteria if m.code == c.qualified],
                               result.criterion_level(c.qualified), rmap) for c in ref.criteria if c.qualified in evidenced)
        competencies = tuple(_line(c.code, c.text, rows, _worst(rows), rmap) for c in ref.competencies if c.code in comps
                             for rows in [[m for m in result.competencies if m.code == c.code]])
        feedback.append(StudentFeedback(student, copies, criteria, competencies))
    return tuple(feedback)


def _worst(rows: list[Measure]) -> str:
    """A competency measured on individual and team cells is to revise when one of its rows is."""
    for level in TO_REVISE:
        if any(m.level == level for m in rows):
            return level
    return rows[0].level if rows else NOT_ASSESSED


def _line(code: str, text: str, rows: list[Measure], level: str, rmap: RevisionMap) -> LevelLine:
    if level in TO_REVISE:
        return LevelLine(code, text, tuple(rows), level, rmap.lessons_for(code), rmap.questions_for(code))
    return LevelLine(code, text, tuple(rows), level)


def _part(c: GradedCell, grade: CellGrade | None, source: SourceCell | None, comment: str, verdicts: dict[str, str]) -> Part:
    title, check = (source.title, source.check) if source else (c.grade_id, "")
    pending = grade is not None and grade.pending
    score = None if grade is None or pending else min(grade.score, c.points)
    verdict = verdicts.get(c.grade_id, "") if grade is not None else ""
    return Part(c.notebook, c.grade_id, title, check, c.kind, c.points, score, pending, verdict, comment, c.criteria,
                c.competencies)

# ---------------------------------------------------------------- writing the folder


def check_output_folder(out: Path, protected: Path | None = None) -> None:
    """Refuse to replace a folder that is not a previous ``cpmc feedback`` output (or that holds the course)."""
    check_owned_folder(out, MARKER, protected, place="dossier des retours", example="retours", content="les retours",
                       foreign="n'est pas vide et ne contient pas des retours CPMC")


def page_name(student_id: str) -> str:
    """The file of one student's page (ids are nbgrader's: no path separator)."""
    if not student_id or "/" in student_id or "\\" in student_id or student_id.startswith("."):
        raise CpmcError(f"Identifiant d'étudiant inutilisable comme nom de fichier : {student_id!r}.")
    return f"{student_id}.html"


def write_feedback(out_dir: str | Path, feedback: tuple[StudentFeedback, ...], links: LabLinks, criteria_texts: dict[str, str],
                   protected: Path | None = None, pdf: bool = False, acquired: float = 0.6) -> list[Path]:
    """Write one page per student (and its PDF when ``pdf``) into ``out_dir``; returns the pages.

    Everything is written in a temporary folder beside ``out_dir`` and moved in place at the end: a failure
    (PDF printing included) leaves the previous output untouched. Only an empty folder or a previous output
    (marked ``.cpmc-retours``) is replaced.
    """
    out = Path(out_dir).resolve()
    check_output_folder(out, protected)
    if pdf:
        from .pdf import require_printer

        require_printer()
    names = []
    with staged_folder(out, MARKER, "Dossier écrit par « cpmc feedback » ; il est remplacé à chaque fois.\n") as tmp:
        for fb in feedback:
            name = page_name(fb.student.id)
            (tmp / name).write_text(render_page(fb, criteria_texts, links, acquired), encoding="utf-8")
            names.append(name)
        if pdf:
            from .pdf import print_pages

            print_pages([tmp / n for n in names])
    return [out / n for n in names]


def make_feedback(course, out_dir: str | Path, assignments: list[str] | None = None, pdf: bool = False,
                  server: str | None = None) -> list[Path]:
    """``cpmc feedback``: collect, render and write the pages of every student of the course.

    ``server`` (``--serveur``) is the JupyterLab address the lessons open in; default: ``[liens]`` of the course's
    ``autograder/cpmc.toml``, else the paths are given as text."""
    out = Path(out_dir)
    check_output_folder(out, course.root)  # before any slow work
    links = load_links(course.config, server)
    if pdf:
        from .pdf import require_printer

        require_printer()
    courses_dir = courses_folder(course.root)
    feedback = collect(course, assignments, courses_dir)
    texts = {c.qualified: c.text for c in load_referential().criteria}
    return write_feedback(out, feedback, links, texts, protected=course.root, pdf=pdf,
                          acquired=load_thresholds(course.config).acquired)
