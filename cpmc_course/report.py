"""Reports from mastery records: CSV for machines, HTML pages with inline SVG charts for people (French).

No nbgrader and no notebook parsing here: everything comes in as records.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from . import charts
from .grading.copies import CopyState
from .items import ItemStats
from .kit.nombres import fr_pourcent
from .mapping import GradedCell
from .mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, StudentResult, Thresholds
from .outputs import check_owned_folder, staged_folder
from .records import CellGrade, Student, SubmissionOutcome
from .referential import Referential
from .views.report_csv import BLOC_COLUMNS, COMPETENCY_COLUMNS, CRITERIA_COLUMNS, write_report_csvs  # noqa: F401 (public)
from .teams.contributions import Moderation, TeamContributions
from .views.contributions_html import contributions_section
from .views.report_html import SEP, badge, page, rules
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


def _student_link(student_id: str, names: dict[str, str]) -> str:
    return f'<a href="etudiants/{html.escape(student_id)}.html">{html.escape(names.get(student_id, student_id))}</a>'


def _grid(rows: list[tuple[str, str, list[float | None]]], criteria: list[str]) -> str:
    """Students × criteria grid of the share of points, coloured red to green; grey when pending or not assessed."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in criteria)
    body = []
    for link, _name, ratios in rows:
        cells = "".join(
            f'<td style="background:{bg};color:{fg}">{"" if v is None else html.escape(fr_pourcent(v, 0))}</td>'
            for v in ratios for bg, fg in [charts.ratio_colours(v)]
        )
        body.append(f"<tr><td>{link}</td>{cells}</tr>")
    return (
        '<p class="note">Part des points par étudiant et par critère (gris\u00a0: à corriger ou non évalué).</p>'
        f'<div class="grille"><table class="carte"><tr><th>Étudiant</th>{head}</tr>{"".join(body)}</table></div>'
    )


def _item_number(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "—"
    return fr_pourcent(value, 0) if pct else f"{value:.2f}".replace(".", ",").replace("-", "−")


def _item_table(flagged: list[ItemStats]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(s.item)}</td><td>{s.n}</td><td>{_item_number(s.difficulty, True)}</td>"
        f"<td>{_item_number(s.discrimination)}</td><td>{_item_number(s.upper_lower)}</td>"
        f"<td>{html.escape(SEP.join(s.flags))}</td></tr>"
        for s in flagged
    )
    return ('<table class="items"><thead><tr><th>Item</th><th>Copies</th><th>Réussite</th><th>Discrimination</th>'
            f"<th>Écart haut − bas</th><th>Signalement</th></tr></thead>{rows}</table>")


def _items_section(items: tuple[ItemStats, ...]) -> str:
    """Cells and criteria the instructor should look at, folded by assignment; assignments without copies are left out."""
    if not items:
        return ""
    by_assignment: dict[str, list[ItemStats]] = {}
    for s in items:
        by_assignment.setdefault(s.assignment, []).append(s)
    held = {a: stats for a, stats in by_assignment.items() if any(s.n for s in stats)}
    parts = [
        "<h2>Analyse des items</h2><p class=\"note\">Indice de réussite\u00a0: part moyenne des points obtenus\u00a0; "
        "discrimination\u00a0: corrélation entre la réussite de l'item et le score sur le reste du sujet (copies "
        "entièrement corrigées)\u00a0; écart haut − bas\u00a0: réussite des 27\u00a0% meilleures copies moins celle des 27\u00a0% plus "
        "faibles. Un item réussi par tous ou par personne, ou qui ne sépare pas les copies fortes des faibles, "
        "mérite une relecture. Détail complet dans <a href=\"items.csv\">items.csv</a>.</p>"
    ]
    flagged_any = False
    for assignment, stats in held.items():
        flagged = [s for s in stats if s.flags]
        flagged_any = flagged_any or bool(flagged)
        if flagged:
            copies = max(s.n for s in stats)
            parts.append(f'<details class="items"><summary>{html.escape(assignment)}\u00a0: {len(flagged)} item(s) signalé(s) '
                         f"sur {len(stats)} ({copies} copie(s) entièrement corrigée(s))</summary>{_item_table(flagged)}</details>")
    if not flagged_any:
        parts.append("<p>Aucun item signalé.</p>")
    hidden = [a for a in by_assignment if a not in held]
    if hidden:
        parts.append(f'<p class="note">Sujets sans copie entièrement corrigée, non analysés\u00a0: {html.escape(", ".join(hidden))}.</p>')
    return "".join(parts)


def _cohort_page(data: ReportInput, names: dict[str, str]) -> str:
    ref, results = data.referential, data.results
    parts = [f"<h1>Bilan de cohorte — {html.escape(ref.certification)}</h1>",
             f"<p>{len(results)} étudiant(s)\u00a0; référentiel version {html.escape(ref.version)}.</p>",
             "<h2>Statut par bloc</h2><table><tr><th>Étudiant</th>" + "".join(f"<th>{b.code}</th>" for b in ref.blocs) + "<th>Certification</th></tr>"]
    for r in results:
        cells = "".join(f"<td>{badge(b.status)}</td>" for b in r.blocs)
        link = _student_link(r.student_id, names)
        parts.append(f"<tr><td>{link}</td>{cells}<td>{badge(r.certification)}</td></tr>")
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
    parts.append(contributions_section(data.contributions, data.moderation, names))
    parts.append(_items_section(data.items))
    parts.append(rules(data.thresholds))
    parts.append('<p class="note">Fichiers pour tableur\u00a0: <a href="criteria.csv">criteria.csv</a>, '
                 '<a href="competencies.csv">competencies.csv</a>, <a href="blocs.csv">blocs.csv</a>, '
                 '<a href="items.csv">items.csv</a> (analyse des items).</p>')
    return page("Bilan de cohorte CPMC", "".join(parts))


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
        (tmp / "index.html").write_text(_cohort_page(data, names), encoding="utf-8")
    return out / "index.html"
