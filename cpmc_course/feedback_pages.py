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

import functools
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .grading.cohort import read_cohort
from .grading.copies import CopyState, CopyStatus
from .grading.notebook import AUTO, SourceCell, nbgrader_meta, read_notebook, visible_source  # noqa: F401 (visible_source: public)
from .kit.nombres import fr_nombre, fr_pourcent
from .mapping import GradedCell
from .mastery import ABSENT, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure, assess, load_thresholds
from .outputs import check_owned_folder, staged_folder
from .records import CellGrade, Student
from .referential import load_referential
from .resources import course_root as course_root_of_package
from .revise import REVISION_NOTEBOOK, Lesson, RevisionMap, revision_line, revision_map
from .teams import team_id

MARKER = ".cpmc-retours"
"""File that marks a folder as written by ``cpmc feedback``: only such a folder is ever replaced."""

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


# ---------------------------------------------------------------- collecting the data


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


def _chosen(mapping, assignments: list[str] | None) -> list[str]:
    chosen = list(assignments or mapping.assignments)
    unknown = [a for a in chosen if a not in mapping.assignments]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) : {', '.join(unknown)} (sujets notés : {', '.join(mapping.assignments)}).")
    return chosen


def collect(course, assignments: list[str] | None = None, courses_dir: Path | None = None) -> tuple[StudentFeedback, ...]:
    """The feedback of every student of the course on ``assignments`` (default: all graded assignments)."""
    ref = load_referential()
    mapping = course.mapping()
    chosen = _chosen(mapping, assignments)
    thresholds = load_thresholds(course.config)
    cohort = read_cohort(course, mapping)
    results = {r.student_id: r for r in assess([s.id for s in cohort.students], mapping, list(cohort.grades), ref,
                                               thresholds, cohort.memberships)}
    context = _Context(course.root, {a: [c for c in mapping.cells if c.assignment == a] for a in chosen},
                       mapping.source.by_key(), {(g.student_id, *g.key): g for g in cohort.grades},
                       cohort.comments(course.db_url, mapping.team_assignments), {})
    rmap = revision_map(courses_dir or courses_folder(course.root), ref)
    evidenced = {code for a in chosen for c in context.cells[a] for code in c.criteria}
    comps = {code for a in chosen for c in context.cells[a] for code in c.competencies}
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


# ---------------------------------------------------------------- the page


_NO_BREAK = tuple((f" {sign}", f"\u00a0{sign}") for sign in ":;?!%»") + (("« ", "«\u00a0"),)


_VERBATIM = re.compile(r"(<pre[ >].*?</pre>|<style>.*?</style>)", re.S)


def _typography(page: str) -> str:
    """French spacing in the text of a page (as :func:`grading_sheet._typography`), with plain string replacements
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


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1000px;color:#222;padding:0 1rem;font-size:.95rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:.8rem 0 .2rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem}th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.pts{white-space:nowrap;text-align:right}.note{color:#555;font-size:.88rem}.crit{font-size:.85rem;color:#444}
.lv{font-weight:600;white-space:nowrap}.acquis,.corrigé{color:#2e7d32}.non-acquis,.non-rendu,.non-corrigé{color:#c62828}
.en-cours-d-acquisition{color:#b28704}.absent{color:#6a1b9a}.à-corriger,.correction-en-cours{color:#1565c0}.non-évalué,.pas-encore-évalué{color:#757575}
.ok{color:#2e7d32}.ko{color:#c62828}.commentaire{background:#f7f7f2;border-left:3px solid #999;padding:.2rem .4rem;margin-top:.2rem}
pre.ligne{background:#f5f5f5;padding:.4rem;white-space:pre-wrap;word-break:break-all}
@page{size:A4;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9pt}h2{break-after:avoid}tr,.revoir{break-inside:avoid}a{color:inherit}}
"""


def _pts(value: float) -> str:
    return fr_nombre(value, 2, zeros=False)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _badge(label: str) -> str:
    return f'<span class="lv {_esc(label.replace(" ", "-").replace(chr(39), "-"))}">{_esc(label)}</span>'


def _short(code: str) -> str:
    return code.split(".")[-1]


def _codes(codes: tuple[str, ...], texts: dict[str, str]) -> str:
    return ", ".join(f'<b title="{_esc(texts.get(c, ""))}">{_esc(_short(c))}</b>' for c in codes)


def _legend(parts: tuple[Part, ...], texts: dict[str, str]) -> str:
    """The official text of each criterion the parts evidence, once per assignment."""
    codes = list(dict.fromkeys(c for p in parts for c in p.criteria))
    items = "".join(f"<li><b>{_esc(_short(c))}</b> : {_esc(texts.get(c, ''))}</li>" for c in codes)
    return f'<p class="note">Critères évalués dans ce sujet (énoncés officiels) :</p><ul class="crit">{items}</ul>' if codes else ""


def _copy_heading(copy: CopyFeedback) -> str:
    team = f" — équipe {_esc(copy.team)}" if copy.team else ""
    if copy.status == GRADED and copy.total is not None:
        state = f"{_pts(copy.total)} / {_pts(copy.max_points)} points"
    elif copy.status == PENDING_COPY:
        state = _badge("correction en cours") + f" (sur {_pts(copy.max_points)} points)"
    elif copy.status == ABSENT_MEMBER:
        state = _badge(ABSENT) + " : vous êtes déclaré·e absent·e à cette épreuve de groupe, la note de l'équipe ne vous est pas attribuée"
    else:
        state = _badge(copy.status) + (f" : {_esc(copy.reason)}" if copy.reason else "")
    return f"<h2>Sujet {_esc(copy.assignment)}{team}</h2><p>{state}</p>"


def _part_row(p: Part, criteria: dict[str, str]) -> str:
    if p.pending:
        points = f"correction en cours (sur {_pts(p.points)})"
    elif p.score is None:
        points = f"— / {_pts(p.points)}"
    else:
        points = f"{_pts(p.score)} / {_pts(p.points)}"
    title = _esc(p.title) + (f'<br><span class="note">{_esc(p.check)}</span>' if p.check else "")
    said = []
    if p.verdict:
        said.append(f'<span class="{"ok" if p.score == p.points else "ko"}">{_esc(p.verdict)}</span>')
    elif p.kind != AUTO and not p.pending and p.score is not None:
        said.append("Réponse rédigée, notée par le correcteur.")
    if p.comment:
        said.append(f'<div class="commentaire">Commentaire du correcteur : {_esc(p.comment)}</div>')
    return (f"<tr><td>{title}</td><td class=\"pts\">{points}</td><td class=\"crit\">{_codes(p.criteria, criteria)}</td>"
            f"<td>{''.join(said)}</td></tr>")


def _measure_points(rows: tuple[Measure, ...]) -> str:
    shown = []
    for m in rows:
        label = " (équipe)" if m.source == "équipe" and len(rows) > 1 else ""
        if m.level in (NOT_ASSESSED, ABSENT):
            shown.append("—" + label)
        elif m.level == PENDING:
            shown.append(f"correction en cours (sur {_pts(m.max_score)}){label}")
        else:
            shown.append(f"{_pts(m.score)} / {_pts(m.max_score)}{label}")
    return "<br>".join(shown)


def _levels_table(title: str, lines: tuple[LevelLine, ...]) -> str:
    rows = "".join(
        f"<tr><td><b>{_esc(_short(l.code))}</b></td><td>{_esc(l.text)}</td><td class=\"pts\">{_measure_points(l.measures)}</td>"
        f"<td>{_badge(l.level)}</td></tr>" for l in lines)
    return f"<h3>{title}</h3><table><tr><th>Code</th><th>Énoncé officiel</th><th>Points</th><th>Niveau</th></tr>{rows}</table>"


@functools.lru_cache(maxsize=1024)
def _relative(target: Path, start: Path) -> str:
    """``target`` relative to ``start`` with forward slashes (a link of the page); cached, pages share their links."""
    return Path(os.path.relpath(target, start)).as_posix()


def _revise_section(fb: StudentFeedback, courses_dir: Path, page_dir: Path) -> str:
    lines = [l for l in fb.criteria + fb.competencies if l.to_revise]
    if not lines:
        return "<h2>À retravailler</h2><p>Rien pour l'instant : aucun critère ni aucune compétence évalués ici n'est en dessous du niveau « acquis ».</p>"
    parts = ["<h2>À retravailler</h2><p>Pour chaque critère ou compétence pas encore acquis : les leçons de "
             "<code>courses/</code> qui le préparent et les questions de révision qui l'entraînent.</p>"]
    all_ids: list[str] = []
    for l in lines:
        links = ", ".join(
            f'<a class="lecon" href="{_esc(_relative(courses_dir / lesson.path, page_dir))}">'
            f"{_esc(lesson.title)}</a> (<code>courses/{_esc(lesson.path)}</code>)" for lesson in l.lessons) or "aucune leçon ne le prépare encore"
        ids = ", ".join(f'<code class="question">{_esc(q)}</code>' for q in l.questions) or "aucune question (il se montre dans vos livrables)"
        all_ids += [q for q in l.questions if q not in all_ids]
        parts.append(f'<div class="revoir"><h3>{_esc(_short(l.code))} — {_esc(l.text)} ({_badge(l.level)})</h3>'
                     f"<p>Leçons : {links}<br>Questions de révision : {ids}</p></div>")
    if all_ids:
        notebook = _relative(courses_dir / REVISION_NOTEBOOK, page_dir)
        parts.append(
            f'<p>Pour réviser ces questions : ouvrez <a class="revision" href="{_esc(notebook)}">le carnet de révision</a> '
            f"(<code>courses/{REVISION_NOTEBOOK.as_posix()}</code>), remplacez la ligne <code>quiz.reviser()</code> par la ligne "
            f'ci-dessous, puis exécutez toutes les cellules.</p><pre class="ligne">{_esc(revision_line(all_ids))}</pre>')
    return "".join(parts)


def render_page(fb: StudentFeedback, criteria_texts: dict[str, str], courses_dir: Path, page_dir: Path,
                acquired: float = 0.6) -> str:
    """The HTML page of one student (French, A4 print styles); links are relative to ``page_dir``.

    ``acquired`` is the course's threshold of « acquis » (share of the points), stated on the page."""
    name = fb.student.display_name
    body = [f"<h1>Retour de correction — {_esc(name)}</h1>",
            f'<p class="note">Identifiant : <code>{_esc(fb.student.id)}</code>. Les tests cachés ne sont jamais montrés : '
            "un contrôle non réussi donne la consigne à relire.</p>"]
    for copy in fb.copies:
        body.append(_copy_heading(copy))
        if copy.parts:
            body.append("<table><tr><th>Partie</th><th>Points</th><th>Critères</th><th>Retour</th></tr>")
            body += [_part_row(p, criteria_texts) for p in copy.parts]
            body.append("</table>" + _legend(copy.parts, criteria_texts))
    if fb.criteria or fb.competencies:
        body.append('<h2>Niveaux atteints</h2><p class="note">Une partie peut évaluer plusieurs critères : elle compte '
                    f"alors dans chacun. Un critère ou une compétence est acquis à partir de {fr_pourcent(acquired, 0)} de ses points.</p>")
        if fb.criteria:
            body.append(_levels_table("Critères d'évaluation", fb.criteria))
        if fb.competencies:
            body.append(_levels_table("Compétences", fb.competencies))
    body.append(_revise_section(fb, courses_dir, page_dir))
    page = (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Retour — {_esc(name)}</title>'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")
    return _typography(page)


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


def write_feedback(out_dir: str | Path, feedback: tuple[StudentFeedback, ...], courses_dir: Path, criteria_texts: dict[str, str],
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
            (tmp / name).write_text(render_page(fb, criteria_texts, courses_dir, out, acquired), encoding="utf-8")
            names.append(name)
        if pdf:
            from .pdf import print_pages

            print_pages([tmp / n for n in names])
    return [out / n for n in names]


def make_feedback(course, out_dir: str | Path, assignments: list[str] | None = None, pdf: bool = False) -> list[Path]:
    """``cpmc feedback``: collect, render and write the pages of every student of the course."""
    out = Path(out_dir)
    check_output_folder(out, course.root)  # before any slow work
    if pdf:
        from .pdf import require_printer

        require_printer()
    courses_dir = courses_folder(course.root)
    feedback = collect(course, assignments, courses_dir)
    texts = {c.qualified: c.text for c in load_referential().criteria}
    return write_feedback(out, feedback, courses_dir, texts, protected=course.root, pdf=pdf,
                          acquired=load_thresholds(course.config).acquired)
