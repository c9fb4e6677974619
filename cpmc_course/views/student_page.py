"""The page of one student in the report: copies, blocs, criteria (with the cells behind them), competencies."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import charts
from ..exports import french_timestamp, lateness
from ..grading.copies import CopyState, CopyStatus
from ..mapping import GradedCell
from ..mastery import ABSENT, NOT_ASSESSED, Measure, StudentResult
from ..records import CellGrade, SubmissionOutcome
from .contributions_html import member_contribution
from .report_html import SEP, badge, median, page, pts, rules, source_label

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
    rows: dict[tuple[str, bool], list[tuple[GradedCell, str, str, str]]] = field(default_factory=dict)
    """By (criterion, team cells or not): each cell with its escaped label, other criteria and points, written once."""

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
        titles = {k: html.escape(v) for k, v in data.titles.items()}
        rows: dict[tuple[str, bool], list[tuple[GradedCell, str, str, str]]] = {}
        for code, tagged in cells.items():
            for c in tagged:
                label = (f"<td>{html.escape(c.assignment)} — {titles.get(c.key) or html.escape(c.grade_id)}<br>"
                         f"<code>{html.escape(c.grade_id)}</code></td>")
                others = ", ".join(x.split(".")[-1] for x in c.criteria if x != code) or "—"
                rows.setdefault((code, c.assignment in data.team_assignments), []).append((c, label, f"<td>{others}</td>", pts(c.points)))
        return cls(
            {b.code: html.escape(b.title) for b in ref.blocs},
            {c.qualified: html.escape(c.text) for c in ref.criteria},
            {c.code: html.escape(c.text) for c in ref.competencies},
            failures,
            copies,
            {k: median(v) for k, v in scores.items()},
            {k: median(v) for k, v in totals.items()},
            cells,
            grades,
            titles,
            rows,
        )


PAGE_STYLE = """
.resume,.comp{display:grid;grid-template-columns:6rem 1fr 7.5rem 5.5rem 11rem;gap:.1rem .5rem;align-items:baseline;padding:.25rem .3rem;font-size:.92rem}
.comp{grid-template-columns:6rem 1fr 8rem 6rem 5.5rem 11rem;border-bottom:1px solid #eee}
details.critere{border-bottom:1px solid #eee}details.critere>summary{cursor:pointer;list-style:none}details.critere>summary::-webkit-details-marker{display:none}
details.critere>summary .code::before{content:"▸ ";color:#666}details.critere[open]>summary .code::before{content:"▾ "}
.entete{font-weight:600;background:#f5f5f5}.med{color:#555;white-space:nowrap}.pts{white-space:nowrap}
details.critere table{margin:.2rem 0 .5rem 6rem;width:calc(100% - 6rem)}details.plie>summary{cursor:pointer;color:#555;margin:1rem 0}
.graphe{margin:.5rem 0}.nb-attente{display:none}
.entetes-comp{display:none}
@page{size:A4;margin:7mm}
@media print{body{margin:0;max-width:none;font-size:8pt;padding:0;line-height:1.2}h1{font-size:12pt;margin:0 0 .1rem}
h2{font-size:10pt;margin:.25rem 0 .05rem}h3{font-size:9pt;margin:.15rem 0 0}th,td{padding:0 .25rem;font-size:8pt}
thead{display:table-header-group}table{margin:.1rem 0 .2rem}.resume{font-size:8pt;padding:0 .2rem;grid-template-columns:3.4rem 1fr 5rem 4rem 8.6rem;gap:0 .3rem;line-height:1.1}
.competences{columns:2;column-gap:.8rem}.comp{font-size:8pt;padding:0 .1rem;grid-template-columns:2.2rem 1fr 1.15fr 3.4rem 5.3rem;gap:0 .25rem;break-inside:avoid;line-height:1.1}.comp .pts,.comp .lv,.comp .med{white-space:normal}
.attente{display:none}.nb-attente{display:inline}.comp .enonce{display:none}.comp.entete{display:none}
.entetes-comp{display:grid;grid-template-columns:1fr 1fr;column-gap:.8rem}.entetes-comp .comp.entete{display:grid}
details.critere>summary .code::before{content:""}
.graphe,.retour,details.plie,.ecran{display:none}.note{font-size:8pt;margin:.05rem 0;line-height:1.15}p{margin:.1rem 0}tr,.resume{break-inside:avoid}
h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}}
"""


def _median_text(value: float | None, max_score: float) -> str:
    return "—" if value is None else f"{pts(value)} / {pts(max_score)}"


def _points(m: Measure) -> str:
    if m.level in (NOT_ASSESSED, ABSENT):
        return "—"
    pending = f' (+{pts(m.pending_points)}<span class="ecran"> à corriger</span>)' if m.pending_points else ""
    return f"{pts(m.score)} / {pts(m.max_score)}{pending}"


def _cell_rows(r: StudentResult, m: Measure, texts: ReportTexts, data: ReportInput) -> str:
    """The graded cells behind one criterion row of one student: question, points, other criteria, comment."""
    own = texts.grades.get(r.student_id, {})
    comments = data.comments
    rows = []
    for c, label, others, max_text in texts.rows.get((m.code, m.source == "équipe"), ()):
        g = own.get(c.key)
        if g is None:
            points = f"non noté / {max_text}"
        elif g.pending:
            points = f'<span class="lv à-corriger">à corriger</span> / {max_text}'
        else:
            points = f"{pts(min(g.score, c.points))} / {max_text}"
        comment = comments.get((r.student_id, *c.key), "") if comments else ""
        rows.append(f"<tr>{label}<td class=\"pts\">{points}</td>{others}<td>{html.escape(comment)}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>Sujet — partie</th><th>Points</th><th>Compte aussi pour</th><th>Commentaire du correcteur</th></tr>"
            + "".join(rows) + "</table>")


def _criterion(r: StudentResult, m: Measure, texts: ReportTexts, data: ReportInput) -> str:
    code = m.code + (" (équipe)" if m.source == "équipe" else "")
    summary = (f'<span class="code">{code}</span><span>{texts.criteria[m.code]}</span><span class="pts">{_points(m)}</span>'
               f'<span class="med">{_median_text(texts.medians.get((m.code, m.source)), m.max_score)}</span><span>{badge(m.level)}</span>')
    if m.level in (NOT_ASSESSED,):
        return f'<div class="resume" data-code="{m.code}">{summary}</div>'
    return f'<details class="critere"><summary class="resume" data-code="{m.code}">{summary}</summary>{_cell_rows(r, m, texts, data)}</details>'


def _bloc_taken(r: StudentResult, bloc: str) -> bool:
    return any(m.level != NOT_ASSESSED for m in r.criteria if m.bloc == bloc)


def _competency_rows(r: StudentResult, blocs: list[str], texts: ReportTexts) -> str:
    return "".join(
        f'<div class="comp"><span>{m.code}</span><span class="enonce">{texts.competencies[m.code]}</span><span>{source_label(m)}</span>'
        f'<span class="pts">{_points(m)}</span><span class="med">{_median_text(texts.medians.get((m.code, m.source)), m.max_score)}</span>'
        f"<span>{badge(m.level)}</span></div>"
        for m in r.competencies if m.bloc in blocs)


_COMPETENCY_HEAD = ('<div class="comp entete"><span>Code</span><span class="enonce">Énoncé officiel</span><span>Note</span>'
                    "<span>Points</span><span>Médiane cohorte</span><span>Niveau</span></div>")
_CRITERIA_HEAD = ('<div class="resume entete"><span>Critère</span><span>Énoncé officiel<span class="ecran"> (cliquer pour voir les parties notées)</span></span>'
                  "<span>Points</span><span>Médiane cohorte</span><span>Niveau</span></div>")


def _copy_row(state: CopyState, texts: ReportTexts) -> str:
    total = "—" if state.points is None else pts(state.points)
    median = texts.totals.get(state.assignment)
    why = f" — {html.escape(state.reason)}" if state.reason else ""
    handed_in, late = french_timestamp(state.handed_in_at), lateness(state.submission)
    copy = (f"rendue le {html.escape(handed_in)}" if handed_in else "—") + (f" — <b>{html.escape(late)}</b>" if late else "")
    waiting = list(dict.fromkeys(texts.titles.get(key) or html.escape(key[2]) for key in state.pending))
    if waiting:
        why += (f'<span class="attente">\u00a0: {SEP.join(waiting)}</span>'
                f'<span class="nb-attente">\u00a0: {len(waiting)} partie(s) à noter</span>')
    session = f" (session {html.escape(state.session)})" if state.session else ""
    return (f"<tr><td>{html.escape(state.assignment)}{session}</td><td class=\"pts\">{total} / {pts(state.max_points)}</td>"
            f"<td class=\"pts\">{'—' if median is None else pts(median) + ' / ' + pts(state.max_points)}</td>"
            f"<td>{badge(state.status)}{why}</td><td>{copy}</td></tr>")


def _copies_section(r: StudentResult, texts: ReportTexts) -> str:
    """The copies of the épreuves held, then the épreuves nobody has sat yet, folded and grey (never « non rendu »)."""
    own = texts.copies.get(r.student_id, [])
    held = [state for state in own if state.status is not CopyStatus.NOT_YET_HELD]
    later = [html.escape(state.assignment) for state in own if state.status is CopyStatus.NOT_YET_HELD]
    parts = ["<h2>Sujets</h2>"] if own else []
    if held:
        parts.append("<table><tr><th>Sujet</th><th>Total</th><th>Médiane de la cohorte</th><th>Statut</th>"
                     "<th>Copie corrigée</th></tr>" + "".join(_copy_row(state, texts) for state in held) + "</table>")
    if later:
        parts.append(f'<details class="plie sujets-plus-tard"><summary>Sujets {badge(CopyStatus.NOT_YET_HELD)} '
                     f"(personne ne les a encore rendus)\u00a0: {len(later)}</summary><p>{SEP.join(later)}</p></details>")
    return "".join(parts)


def student_page(r: StudentResult, name: str, data: ReportInput, texts: ReportTexts) -> str:
    t = data.thresholds
    parts = [f"<h1>Bilan de compétences — {html.escape(name)}</h1>",
             f"<p>Identifiant\u00a0: <code>{html.escape(r.student_id)}</code> — Certification CPMC\u00a0: {badge(r.certification)}</p>"]
    fails = texts.failures.get(r.student_id, [])
    if fails:
        parts.append("<p><b>Copies non corrigées :</b></p><ul>" + "".join(
            f"<li>{html.escape(f.assignment)}\u00a0: {html.escape(f.reason)}</li>" for f in fails) + "</ul>")
    parts.append(_copies_section(r, texts))
    parts.append(member_contribution(r.student_id, data.contributions, data.moderation))
    parts.append("<h2>Blocs de compétences</h2><table><tr><th>Bloc</th><th>Intitulé</th><th>Statut</th><th>Critères acquis</th></tr>")
    for b in r.blocs:
        parts.append(f"<tr><td>{b.bloc}</td><td>{texts.blocs[b.bloc]}</td><td>{badge(b.status)}</td><td>{b.acquired} / {b.total}</td></tr>")
    parts.append("</table>")
    assessed = [m for m in r.criteria if m.level not in (NOT_ASSESSED, ABSENT)]
    if assessed:
        parts.append('<div class="graphe">' + charts.criteria_bars(assessed, t) + "</div>")
    taken = [b.bloc for b in r.blocs if _bloc_taken(r, b.bloc)]
    later = [b.bloc for b in r.blocs if b.bloc not in taken]
    parts.append(
        "<h2>Critères d'évaluation</h2><p class=\"note\">Une même partie notée peut évaluer plusieurs critères\u00a0: ses points "
        "comptent alors dans chacun d'eux. C'est pourquoi la somme des barèmes des critères peut dépasser les points d'un "
        "sujet. La médiane de la cohorte est la note du milieu parmi les étudiants évalués.</p>")
    for bloc in taken:
        parts.append(f"<h3>{bloc} — {texts.blocs[bloc]}</h3>{_CRITERIA_HEAD}")
        parts += [_criterion(r, m, texts, data) for m in r.criteria if m.bloc == bloc]
    if taken:
        parts.append(f'<h2>Compétences</h2>{_COMPETENCY_HEAD}<div class="entetes-comp" aria-hidden="true">{_COMPETENCY_HEAD * 2}</div>'
                     f'<div class="competences">{_competency_rows(r, taken, texts)}</div>')
    if later:
        inner = []
        for bloc in later:
            inner.append(f"<h3>{bloc} — {texts.blocs[bloc]}</h3>{_CRITERIA_HEAD}")
            inner += [_criterion(r, m, texts, data) for m in r.criteria if m.bloc == bloc]
            inner.append(f"{_COMPETENCY_HEAD}{_competency_rows(r, [bloc], texts)}")
        parts.append(f'<details class="plie"><summary>Blocs pas encore évalués\u00a0: {", ".join(later)} '
                     "(critères et compétences «\u00a0non évalué\u00a0»)</summary>" + "".join(inner) + "</details>")
    parts.append(rules(t) + '<nav class="retour" aria-label="Navigation"><a href="../index.html">← Retour à la cohorte</a></nav>')
    return page(f"Bilan — {name}", "".join(parts), PAGE_STYLE)
