"""The feedback page of one student (French, A4 print styles): the records it shows and its HTML.

Records: :class:`StudentFeedback` (copies, then levels on criteria and
competencies, then what to revise). :func:`render_page` only formats them; they
are collected by :func:`cpmc_course.feedback_pages.collect`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..grading.copies import CopyStatus
from ..grading.notebook import AUTO
from ..kit.nombres import fr_nombre, fr_pourcent
from ..mastery import ABSENT, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure
from ..records import Student
from ..revise import REVISION_NOTEBOOK, Lesson, revision_line
from .links import LabLinks


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


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:1000px;color:#222;padding:0 1rem;font-size:.95rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:.8rem 0 .2rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem}th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.pts{white-space:nowrap;text-align:right}.note{color:#555;font-size:.88rem}.crit{font-size:.85rem;color:#444}
.lv{font-weight:600;white-space:nowrap}.acquis,.corrigé{color:#2e7d32}.non-acquis,.non-rendu,.non-corrigé{color:#c62828}
.en-cours-d-acquisition{color:#8a6200}.absent{color:#6a1b9a}.à-corriger,.correction-en-cours{color:#1565c0}.non-évalué,.pas-encore-évalué,.autre-session{color:#757575}
.ok{color:#2e7d32}.ko{color:#c62828}.commentaire{background:#f7f7f2;border-left:3px solid #999;padding:.2rem .4rem;margin-top:.2rem}
details.plie>summary{cursor:pointer;margin:.8rem 0}
pre.ligne{background:#f5f5f5;padding:.4rem;white-space:pre-wrap;word-break:break-all}
@page{size:A4;margin:10mm}
@media print{body{margin:0;max-width:none;font-size:8.5pt;padding:0;line-height:1.25}h1{font-size:13pt;margin:0 0 .2rem}
h2{font-size:11pt;margin:.6rem 0 .2rem;break-after:avoid}h3{font-size:9pt;margin:.3rem 0 .1rem;break-after:avoid}
p{margin:.15rem 0}th,td{padding:.1rem .3rem}table{margin:.15rem 0 .3rem}.note,.crit{font-size:8pt}ul.crit{margin:.1rem 0}
thead{display:table-header-group}tr,.revoir{break-inside:avoid}a{color:inherit}.revoir .questions{display:none}}
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
    if copy.status == CopyStatus.NOT_YET_HELD:
        return (f'<details class="plie"><summary>Sujet {_esc(copy.assignment)} : {_badge(copy.status)}</summary>'
                '<p class="note">Personne n\'a encore rendu ce sujet : il n\'a ni note ni niveau pour l\'instant.</p></details>')
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
    return f"<h3>{title}</h3><table><thead><tr><th>Code</th><th>Énoncé officiel</th><th>Points</th><th>Niveau</th></tr></thead>{rows}</table>"


def _notebook(title: str, relative: Path | str, links: LabLinks, student_id: str, css: str) -> str:
    """A notebook of ``courses/``: a JupyterLab link when a server is known, always its path as text."""
    href = links.href(relative, student_id)
    path = f"<code>{_esc(links.path(relative))}</code>"
    if not href:
        return f'<span class="{css}">{_esc(title)}</span> ({path})'
    return f'<a class="{css}" href="{_esc(href)}">{_esc(title)}</a> ({path})'


def _revise_section(fb: StudentFeedback, links: LabLinks) -> str:
    lines = [l for l in fb.criteria + fb.competencies if l.to_revise]
    if not lines:
        return "<h2>À retravailler</h2><p>Rien pour l'instant : aucun critère ni aucune compétence évalués ici n'est en dessous du niveau « acquis ».</p>"
    parts = ["<h2>À retravailler</h2><p>Pour chaque critère ou compétence pas encore acquis : les leçons de "
             "<code>courses/</code> qui le préparent et les questions de révision qui l'entraînent.</p>"]
    all_ids: list[str] = []
    for l in lines:
        lessons = ", ".join(_notebook(lesson.title, lesson.path, links, fb.student.id, "lecon")
                            for lesson in l.lessons) or "aucune leçon ne le prépare encore"
        ids = ", ".join(f'<code class="question">{_esc(q)}</code>' for q in l.questions) or "aucune question (il se montre dans vos livrables)"
        all_ids += [q for q in l.questions if q not in all_ids]
        parts.append(f'<div class="revoir"><h3>{_esc(_short(l.code))} — {_esc(l.text)} ({_badge(l.level)})</h3>'
                     f'<p>Leçons : {lessons}<span class="questions"><br>Questions de révision : {ids}</span></p></div>')
    if all_ids:
        notebook = _notebook("le carnet de révision", REVISION_NOTEBOOK, links, fb.student.id, "revision")
        parts.append(
            f"<p>Pour réviser ces questions : ouvrez {notebook} dans JupyterLab, remplacez la ligne <code>quiz.reviser()</code> par la ligne "
            f'ci-dessous, puis exécutez toutes les cellules.</p><pre class="ligne">{_esc(revision_line(all_ids))}</pre>')
    return "".join(parts)


def render_page(fb: StudentFeedback, criteria_texts: dict[str, str], links: LabLinks = LabLinks(),
                acquired: float = 0.6) -> str:
    """The HTML page of one student (French, A4 print styles); notebooks of ``courses/`` open as ``links`` say.

    ``acquired`` is the course's threshold of « acquis » (share of the points), stated on the page."""
    name = fb.student.display_name
    body = [f"<h1>Retour de correction — {_esc(name)}</h1>",
            f'<p class="note">Identifiant : <code>{_esc(fb.student.id)}</code>. Les tests cachés ne sont jamais montrés : '
            "un contrôle non réussi donne la consigne à relire.</p>"]
    for copy in fb.copies:
        body.append(_copy_heading(copy))
        if copy.parts:
            body.append("<table><thead><tr><th>Partie</th><th>Points</th><th>Critères</th><th>Retour</th></tr></thead>")
            body += [_part_row(p, criteria_texts) for p in copy.parts]
            body.append("</table>" + _legend(copy.parts, criteria_texts))
    if fb.criteria or fb.competencies:
        body.append('<h2>Niveaux atteints</h2><p class="note">Une partie peut évaluer plusieurs critères : elle compte '
                    f"alors dans chacun. Un critère ou une compétence est acquis à partir de {fr_pourcent(acquired, 0)} de ses points.</p>")
        if fb.criteria:
            body.append(_levels_table("Critères d'évaluation", fb.criteria))
        if fb.competencies:
            body.append(_levels_table("Compétences", fb.competencies))
    body.append(_revise_section(fb, links))
    page = (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Retour — {_esc(name)}</title>'
            f"<style>{STYLE}</style></head><body><main>{''.join(body)}</main></body></html>\n")
    return _typography(page)
