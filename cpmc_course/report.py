"""Reports from mastery records: CSV for machines, HTML pages with inline SVG charts for people (French).

No nbgrader and no notebook parsing here: everything comes in as records.
"""

from __future__ import annotations

import csv
import functools
import html
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from . import charts
from .outputs import check_owned_folder, staged_folder
from .items import ITEM_COLUMNS, ItemStats, item_rows
from .kit.nombres import fr_nombre, fr_pourcent
from .mapping import GradedCell
from .mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure, StudentResult, Thresholds
from .records import CellGrade, Student, SubmissionOutcome
from .referential import Referential

_SEP = "\u00a0; "
"""French list separator (no-break space before the semicolon)."""

MARKER = ".cpmc-rapport"
"""File that marks a folder as written by ``cpmc report``: only such a folder is ever replaced."""

CRITERIA_COLUMNS = ["student_id", "bloc", "criterion", "score", "max_score", "ratio", "level", "pending_points", "source", "equipe"]
COMPETENCY_COLUMNS = ["student_id", "bloc", "competency", "score", "max_score", "ratio", "level", "pending_points", "source", "equipe"]
BLOC_COLUMNS = ["student_id", "bloc", "status", "criteria_acquired", "criteria_total", "certification"]


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
    copies: tuple[tuple[str, ...], ...] = ()
    """Per student and assignment: (student, first name, last name, assignment, total, points, status, reason,
    hand-in time of the graded copy, lateness), as in the spreadsheet export."""
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
    sessions: dict[str, str] = field(default_factory=dict)
    """The session of each assignment generated for one (``cpmc session creer``), named beside the copy."""


@functools.lru_cache(maxsize=8192)
def _pts(value: float) -> str:
    """Points as a French reader reads them on the pages (``4,5``); the CSV files keep a machine format.

    Cached: a thousand student pages write the same few hundred values some 700 000 times."""
    return fr_nombre(value, 2, zeros=False)


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{round(value, digits):g}"


def _measure_rows(results, attr: str) -> list[list[str]]:
    return [
        [m.student_id, m.bloc, m.code, _num(m.score, 2), _num(m.max_score, 2), _num(m.ratio, 4), m.level, _num(m.pending_points, 2),
         m.source, m.team]
        for r in results
        for m in getattr(r, attr)
    ]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#f5f5f5}.lv{font-weight:600;white-space:nowrap}
.acquis,.validé,.certifié{color:#2e7d32}.non-acquis,.non-validé,.non-certifié,.non-rendu,.non-corrigé{color:#c62828}.corrigé{color:#2e7d32}
.en-cours-d-acquisition{color:#b28704}.absent{color:#6a1b9a}.à-corriger,.en-attente-de-correction,.en-cours{color:#1565c0}.non-évalué{color:#757575}
.note{color:#555;font-size:.9rem}svg.barres{max-width:100%;height:auto}\n.grille{overflow:auto;max-height:40rem}table.carte td{text-align:center;font-size:.8rem;padding:.15rem .3rem}
"""


def _cls(label: str) -> str:
    return label.replace(" ", "-").replace("'", "-")


def _badge(label: str) -> str:
    return f'<span class="lv {_cls(label)}">{html.escape(label)}</span>'


def _page(title: str, body: str, extra_style: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}{extra_style}</style></head><body>{body}</body></html>\n"
    )


def _rules(t: Thresholds) -> str:
    return (
        f'<p class="note">Règles\u00a0: un critère est <b>acquis</b> à partir de {fr_pourcent(t.acquired, 0)} des points, '
        f"<b>en cours d'acquisition</b> à partir de {fr_pourcent(t.in_progress, 0)}, <b>non acquis</b> en dessous\u00a0; "
        "il reste <b>à corriger</b> tant qu'une de ses cellules attend une note manuelle. Sur une épreuve de groupe, "
        "chaque membre reçoit la note de la copie de son équipe\u00a0; un membre déclaré <b>absent</b> ne la reçoit pas. Un bloc est "
        "<b>validé</b> quand tous ses critères sont acquis\u00a0; la certification est obtenue quand les cinq blocs "
        "sont validés. Un critère évalué par plusieurs sujets (rattrapage, examen blanc, deux épreuves) est "
        f"calculé selon la méthode\u00a0: <b>{html.escape(t.method_label)}</b>. Seuils et méthode réglables dans "
        "<code>autograder/cpmc.toml</code>.</p>"
    )


def _source(m) -> str:
    """« individuelle » or « d'équipe (Alpha) » for the HTML tables."""
    if m.source == "équipe":
        return "d'équipe" + (f" ({html.escape(m.team)})" if m.team else "")
    return "individuelle"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class _Texts:
    """What every student page repeats, computed once: official texts, failures, copies, cohort medians, cells."""

    blocs: dict[str, str]
    criteria: dict[str, str]
    competencies: dict[str, str]
    failures: dict[str, list[SubmissionOutcome]]
    copies: dict[str, list[tuple[str, ...]]]
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
    def of(cls, data: ReportInput) -> "_Texts":
        ref = data.referential
        failures: dict[str, list[SubmissionOutcome]] = {}
        for f in data.failures:
            failures.setdefault(f.student_id, []).append(f)
        copies: dict[str, list[tuple[str, ...]]] = {}
        totals: dict[str, list[float]] = {}
        for row in data.copies:
            copies.setdefault(row[0], []).append(row)
            if row[6] == "corrigé" and row[4]:
                totals.setdefault(row[3], []).append(float(row[4]))
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
                rows.setdefault((code, c.assignment in data.team_assignments), []).append((c, label, f"<td>{others}</td>", _pts(c.points)))
        return cls(
            {b.code: html.escape(b.title) for b in ref.blocs},
            {c.qualified: html.escape(c.text) for c in ref.criteria},
            {c.code: html.escape(c.text) for c in ref.competencies},
            failures,
            copies,
            {k: _median(v) for k, v in scores.items()},
            {k: _median(v) for k, v in totals.items()},
            cells,
            grades,
            titles,
            rows,
        )


PAGE_STYLE = """
.resume,.comp{display:grid;grid-template-columns:6rem 1fr 7.5rem 5.5rem 11rem;gap:.1rem .5rem;align-items:baseline;padding:.25rem .3rem;font-size:.92rem}
.comp{grid-template-columns:6rem 1fr 8rem 6rem 5.5rem 11rem;border-bottom:1px solid #eee}
details.critere{border-bottom:1px solid #eee}details.critere>summary{cursor:pointer;list-style:none}details.critere>summary::-webkit-details-marker{display:none}
details.critere>summary .code::before{content:"▸ ";color:#888}details.critere[open]>summary .code::before{content:"▾ "}
.entete{font-weight:600;background:#f5f5f5}.med{color:#555;white-space:nowrap}.pts{white-space:nowrap}
details.critere table{margin:.2rem 0 .5rem 6rem;width:calc(100% - 6rem)}details.plie>summary{cursor:pointer;color:#555;margin:1rem 0}
.graphe{margin:.5rem 0}.nb-attente{display:none}
@page{size:A4;margin:9mm}
@media print{body{margin:0;max-width:none;font-size:7.5pt;padding:0;line-height:1.25}h1{font-size:12pt;margin:0 0 .1rem}
h2{font-size:9.5pt;margin:.35rem 0 .1rem}h3{font-size:8pt;margin:.25rem 0 .05rem}th,td{padding:.05rem .25rem;font-size:7pt}
table{margin:.1rem 0 .2rem}.resume{font-size:7pt;padding:.02rem .2rem;grid-template-columns:4.3rem 1fr 6.5rem 4.2rem 7.5rem;line-height:1.2}
.competences{columns:2;column-gap:1rem}.comp{font-size:6.5pt;padding:0 .1rem;grid-template-columns:2.2rem 4.4rem 5.8rem 3.2rem 1fr;gap:0 .3rem;break-inside:avoid}.attente{display:none}.nb-attente{display:inline}
.comp .enonce{display:none}.comp.entete{display:none}details.critere>summary .code::before{content:""}
.graphe,.retour,details.plie,.ecran{display:none}.note{font-size:6.5pt;margin:.1rem 0}p{margin:.1rem 0}tr,.resume{break-inside:avoid}
h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}}
"""


def _median_text(value: float | None, max_score: float) -> str:
    return "—" if value is None else f"{_pts(value)} / {_pts(max_score)}"


def _points(m: Measure) -> str:
    if m.level in (NOT_ASSESSED, ABSENT):
        return "—"
    pending = f" (+{_pts(m.pending_points)} à corriger)" if m.pending_points else ""
    return f"{_pts(m.score)} / {_pts(m.max_score)}{pending}"


def _cell_rows(r: StudentResult, m: Measure, texts: _Texts, data: ReportInput) -> str:
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
            points = f"{_pts(min(g.score, c.points))} / {max_text}"
        comment = comments.get((r.student_id, *c.key), "") if comments else ""
        rows.append(f"<tr>{label}<td class=\"pts\">{points}</td>{others}<td>{html.escape(comment)}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>Sujet — partie</th><th>Points</th><th>Compte aussi pour</th><th>Commentaire du correcteur</th></tr>"
            + "".join(rows) + "</table>")


def _criterion(r: StudentResult, m: Measure, texts: _Texts, data: ReportInput) -> str:
    code = m.code + (" (équipe)" if m.source == "équipe" else "")
    summary = (f'<span class="code">{code}</span><span>{texts.criteria[m.code]}</span><span class="pts">{_points(m)}</span>'
               f'<span class="med">{_median_text(texts.medians.get((m.code, m.source)), m.max_score)}</span><span>{_badge(m.level)}</span>')
    if m.level in (NOT_ASSESSED,):
        return f'<div class="resume" data-code="{m.code}">{summary}</div>'
    return f'<details class="critere"><summary class="resume" data-code="{m.code}">{summary}</summary>{_cell_rows(r, m, texts, data)}</details>'


def _bloc_taken(r: StudentResult, bloc: str) -> bool:
    return any(m.level != NOT_ASSESSED for m in r.criteria if m.bloc == bloc)


def _competency_rows(r: StudentResult, blocs: list[str], texts: _Texts) -> str:
    return "".join(
        f'<div class="comp"><span>{m.code}</span><span class="enonce">{texts.competencies[m.code]}</span><span>{_source(m)}</span>'
        f'<span class="pts">{_points(m)}</span><span class="med">{_median_text(texts.medians.get((m.code, m.source)), m.max_score)}</span>'
        f"<span>{_badge(m.level)}</span></div>"
        for m in r.competencies if m.bloc in blocs)


_COMPETENCY_HEAD = ('<div class="comp entete"><span>Compétence</span><span class="enonce">Énoncé officiel</span><span>Note</span>'
                    "<span>Points</span><span>Médiane cohorte</span><span>Niveau</span></div>")
_CRITERIA_HEAD = ('<div class="resume entete"><span>Critère</span><span>Énoncé officiel<span class="ecran"> (cliquer pour voir les parties notées)</span></span>'
                  "<span>Points</span><span>Médiane cohorte</span><span>Niveau</span></div>")


def _copies_section(r: StudentResult, texts: _Texts, sessions: dict[str, str]) -> str:
    own = texts.copies.get(r.student_id, [])
    if not own:
        return ""
    pending: dict[str, list[str]] = {}
    for key, g in texts.grades.get(r.student_id, {}).items():
        if g.pending:
            pending.setdefault(key[0], []).append(texts.titles.get(key) or html.escape(key[2]))
    parts = ["<h2>Sujets</h2><table><tr><th>Sujet</th><th>Total</th><th>Médiane de la cohorte</th><th>Statut</th><th>Copie corrigée</th></tr>"]
    for _sid, _first, _last, assignment, total, points, status, reason, handed_in, late in own:
        shown = f"{_pts(float(total))} / {_pts(float(points))}" if total else f"— / {_pts(float(points))}"
        median = texts.totals.get(assignment)
        why = f" — {html.escape(reason)}" if reason else ""
        copy = (f"rendue le {html.escape(handed_in)}" if handed_in else "—") + (f" — <b>{html.escape(late)}</b>" if late else "")
        waiting = list(dict.fromkeys(pending.get(assignment, []))) if status == "à corriger" else []
        if waiting:
            why += (f'<span class="attente">\u00a0: {_SEP.join(waiting)}</span>'
                    f'<span class="nb-attente">\u00a0: {len(waiting)} partie(s) à noter</span>')
        session = f" (session {html.escape(sessions[assignment])})" if assignment in sessions else ""
        parts.append(f"<tr><td>{html.escape(assignment)}{session}</td><td class=\"pts\">{shown}</td>"
                     f"<td class=\"pts\">{'—' if median is None else _pts(median) + ' / ' + _pts(float(points))}</td>"
                     f"<td>{_badge(status)}{why}</td><td>{copy}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def _student_page(r: StudentResult, name: str, data: ReportInput, texts: _Texts) -> str:
    t = data.thresholds
    parts = [f"<h1>Bilan de compétences — {html.escape(name)}</h1>",
             f"<p>Identifiant\u00a0: <code>{html.escape(r.student_id)}</code> — Certification CPMC\u00a0: {_badge(r.certification)}</p>"]
    fails = texts.failures.get(r.student_id, [])
    if fails:
        parts.append("<p><b>Copies non corrigées :</b></p><ul>" + "".join(
            f"<li>{html.escape(f.assignment)}\u00a0: {html.escape(f.reason)}</li>" for f in fails) + "</ul>")
    parts.append(_copies_section(r, texts, data.sessions))
    parts.append("<h2>Blocs de compétences</h2><table><tr><th>Bloc</th><th>Intitulé</th><th>Statut</th><th>Critères acquis</th></tr>")
    for b in r.blocs:
        parts.append(f"<tr><td>{b.bloc}</td><td>{texts.blocs[b.bloc]}</td><td>{_badge(b.status)}</td><td>{b.acquired} / {b.total}</td></tr>")
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
        parts.append(f'<h2>Compétences</h2>{_COMPETENCY_HEAD}<div class="competences">{_competency_rows(r, taken, texts)}</div>')
    if later:
        inner = []
        for bloc in later:
            inner.append(f"<h3>{bloc} — {texts.blocs[bloc]}</h3>{_CRITERIA_HEAD}")
            inner += [_criterion(r, m, texts, data) for m in r.criteria if m.bloc == bloc]
            inner.append(f"{_COMPETENCY_HEAD}{_competency_rows(r, [bloc], texts)}")
        parts.append(f'<details class="plie"><summary>Blocs pas encore évalués\u00a0: {", ".join(later)} '
                     "(critères et compétences «\u00a0non évalué\u00a0»)</summary>" + "".join(inner) + "</details>")
    parts.append(_rules(t) + '<p class="retour"><a href="../index.html">← Retour à la cohorte</a></p>')
    return _page(f"Bilan — {name}", "".join(parts), PAGE_STYLE)


def _student_link(student_id: str, names: dict[str, str]) -> str:
    return f'<a href="etudiants/{html.escape(student_id)}.html">{html.escape(names.get(student_id, student_id))}</a>'


def _grid(rows: list[tuple[str, str, list[float | None]]], criteria: list[str]) -> str:
    """Students × criteria grid of the share of points, coloured red to green; grey when pending or not assessed."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in criteria)
    body = []
    for link, _name, ratios in rows:
        cells = "".join(
            f'<td style="background:{charts.ratio_colour(v)}">{"" if v is None else html.escape(fr_pourcent(v, 0))}</td>'
            for v in ratios
        )
        body.append(f"<tr><td>{link}</td>{cells}</tr>")
    return (
        '<p class="note">Part des points par étudiant et par critère (gris\u00a0: à corriger ou non évalué).</p>'
        f'<div class="grille"><table class="carte"><tr><th>Étudiant</th>{head}</tr>{"".join(body)}</table></div>'
    )


def _items_section(items: tuple[ItemStats, ...]) -> str:
    """Cells and criteria the instructor should look at, with their indices."""
    flagged = [s for s in items if s.flags]
    if not items:
        return ""
    intro = (
        "<h2>Analyse des items</h2><p class=\"note\">Indice de réussite\u00a0: part moyenne des points obtenus\u00a0; "
        "discrimination\u00a0: corrélation entre la réussite de l'item et le score sur le reste du sujet (copies "
        "entièrement corrigées)\u00a0; écart haut − bas\u00a0: réussite des 27\u00a0% meilleures copies moins celle des 27\u00a0% plus "
        "faibles. Un item réussi par tous ou par personne, ou qui ne sépare pas les copies fortes des faibles, "
        "mérite une relecture. Détail complet dans <a href=\"items.csv\">items.csv</a>.</p>"
    )
    if not flagged:
        return intro + "<p>Aucun item signalé.</p>"

    def num(value: float | None, pct: bool = False) -> str:
        if value is None:
            return "—"
        return fr_pourcent(value, 0) if pct else f"{value:.2f}".replace(".", ",").replace("-", "−")

    rows = "".join(
        f"<tr><td>{html.escape(s.assignment)}</td><td>{html.escape(s.item)}</td><td>{s.n}</td>"
        f"<td>{num(s.difficulty, True)}</td><td>{num(s.discrimination)}</td><td>{num(s.upper_lower)}</td>"
        f"<td>{html.escape(_SEP.join(s.flags))}</td></tr>"
        for s in flagged
    )
    return (intro + "<table><tr><th>Sujet</th><th>Item</th><th>Copies</th><th>Réussite</th><th>Discrimination</th>"
            f"<th>Écart haut − bas</th><th>Signalement</th></tr>{rows}</table>")


def _cohort_page(data: ReportInput, names: dict[str, str]) -> str:
    ref, results = data.referential, data.results
    parts = [f"<h1>Bilan de cohorte — {html.escape(ref.certification)}</h1>",
             f"<p>{len(results)} étudiant(s)\u00a0; référentiel version {html.escape(ref.version)}.</p>",
             "<h2>Statut par bloc</h2><table><tr><th>Étudiant</th>" + "".join(f"<th>{b.code}</th>" for b in ref.blocs) + "<th>Certification</th></tr>"]
    for r in results:
        cells = "".join(f"<td>{_badge(b.status)}</td>" for b in r.blocs)
        link = _student_link(r.student_id, names)
        parts.append(f"<tr><td>{link}</td>{cells}<td>{_badge(r.certification)}</td></tr>")
    parts.append("</table>")
    seen = {m.code for r in results for m in r.criteria if m.level != NOT_ASSESSED}
    assessed = [c.qualified for c in ref.criteria if c.qualified in seen]
    if assessed:
        by = {(m.student_id, m.code): m for r in results for m in r.criteria}
        rows = [(_student_link(r.student_id, names), names.get(r.student_id, r.student_id), [by[(r.student_id, c)].ratio for c in assessed]) for r in results]
        parts.append("<h2>Carte des critères</h2>" + _grid(rows, assessed))
        levels = [ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, PENDING, ABSENT, NOT_ASSESSED]
        counts = {lv: [0] * len(assessed) for lv in levels}
        for r in results:
            for i, c in enumerate(assessed):
                counts[by[(r.student_id, c)].level][i] += 1
        if not any(counts[ABSENT]):
            del counts[ABSENT]  # a cohort without team épreuves keeps its usual legend
        parts.append("<h2>Niveaux atteints par critère</h2>" + charts.levels_stacked(assessed, counts))
    if data.failures:
        parts.append("<h2>Copies non corrigées</h2><ul>" + "".join(
            f"<li>{html.escape(f.student_id)} / {html.escape(f.assignment)}\u00a0: {html.escape(f.reason)}</li>" for f in data.failures) + "</ul>")
    if data.team_copies:
        parts.append("<h2>Copies d'équipe</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in data.team_copies) + "</ul>")
    parts.append(_items_section(data.items))
    parts.append(_rules(data.thresholds))
    parts.append('<p class="note">Fichiers pour tableur\u00a0: <a href="criteria.csv">criteria.csv</a>, '
                 '<a href="competencies.csv">competencies.csv</a>, <a href="blocs.csv">blocs.csv</a>, '
                 '<a href="items.csv">items.csv</a> (analyse des items).</p>')
    return _page("Bilan de cohorte CPMC", "".join(parts))


def check_output_folder(out: Path, protected: Path | None = None) -> None:
    """Refuse to replace a folder that is not a previous report (or that holds the course)."""
    check_owned_folder(out, MARKER, protected, place="dossier de rapport", example="rapport", content="le rapport",
                       foreign="n'est pas vide et ne contient pas un rapport CPMC")


def write_report(out_dir: str | Path, data: ReportInput, protected: Path | None = None) -> Path:
    """Write CSVs and HTML pages into ``out_dir``; returns the cohort page.

    Only an empty folder or a previous report (marked by ``.cpmc-rapport``) is
    replaced, never a folder holding ``protected`` (the course). Everything is
    written to a temporary folder first: a failure leaves the previous report
    untouched.
    """
    out = Path(out_dir).resolve()
    check_output_folder(out, protected)
    with staged_folder(out, MARKER, "Dossier écrit par « cpmc report » ; il est remplacé à chaque rapport.\n") as tmp:
        _write_csv(tmp / "criteria.csv", CRITERIA_COLUMNS, _measure_rows(data.results, "criteria"))
        _write_csv(tmp / "competencies.csv", COMPETENCY_COLUMNS, _measure_rows(data.results, "competencies"))
        _write_csv(tmp / "blocs.csv", BLOC_COLUMNS, [
            [b.student_id, b.bloc, b.status, str(b.acquired), str(b.total), r.certification] for r in data.results for b in r.blocs])
        _write_csv(tmp / "items.csv", ITEM_COLUMNS, item_rows(data.items))
        names = {s.id: s.display_name for s in data.students}
        (tmp / "etudiants").mkdir()
        texts = _Texts.of(data)
        for r in data.results:
            page = _student_page(r, names.get(r.student_id, r.student_id), data, texts)
            (tmp / "etudiants" / f"{r.student_id}.html").write_text(page, encoding="utf-8")
        (tmp / "index.html").write_text(_cohort_page(data, names), encoding="utf-8")
    return out / "index.html"
