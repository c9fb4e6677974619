"""Reports from mastery records: CSV for machines, HTML pages with plots for people (French).

No nbgrader and no notebook parsing here: everything comes in as records.
"""

from __future__ import annotations

import base64
import csv
import html
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .records import Student
from .mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, StudentResult, Thresholds
from .records import SubmissionOutcome
from .referential import Referential

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
.acquis,.validé,.certifié{color:#2e7d32}.non-acquis,.non-validé,.non-certifié{color:#c62828}
.en-cours-d-acquisition{color:#b28704}.absent{color:#6a1b9a}.à-corriger,.en-attente-de-correction,.en-cours{color:#1565c0}.non-évalué{color:#757575}
.note{color:#555;font-size:.9rem}img{max-width:100%}
"""


def _cls(label: str) -> str:
    return label.replace(" ", "-").replace("'", "-")


def _badge(label: str) -> str:
    return f'<span class="lv {_cls(label)}">{html.escape(label)}</span>'


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def _rules(t: Thresholds) -> str:
    return (
        f'<p class="note">Règles : un critère est <b>acquis</b> à partir de {t.acquired:.0%} des points, '
        f"<b>en cours d'acquisition</b> à partir de {t.in_progress:.0%}, <b>non acquis</b> en dessous ; "
        "il reste <b>à corriger</b> tant qu'une de ses cellules attend une note manuelle. Sur une épreuve de groupe, "
        "chaque membre reçoit la note de la copie de son équipe ; un membre déclaré <b>absent</b> ne la reçoit pas. Un bloc est "
        "<b>validé</b> quand tous ses critères sont acquis ; la certification est obtenue quand les cinq blocs "
        "sont validés. Seuils réglables dans <code>autograder/cpmc.toml</code>.</p>"
    )


def _source(m) -> str:
    """« individuelle » or « d'équipe (Alpha) » for the HTML tables."""
    if m.source == "équipe":
        return "d'équipe" + (f" ({html.escape(m.team)})" if m.team else "")
    return "individuelle"


def _student_page(r: StudentResult, name: str, data: ReportInput) -> str:
    from . import plots  # matplotlib is loaded only when a report is drawn

    ref, t = data.referential, data.thresholds
    parts = [f"<h1>Bilan de compétences — {html.escape(name)}</h1>",
             f"<p>Identifiant : <code>{html.escape(r.student_id)}</code> — Certification CPMC : {_badge(r.certification)}</p>"]
    fails = [f for f in data.failures if f.student_id == r.student_id]
    if fails:
        parts.append("<p><b>Copies non corrigées :</b></p><ul>" + "".join(
            f"<li>{html.escape(f.assignment)} : {html.escape(f.reason)}</li>" for f in fails) + "</ul>")
    parts.append("<h2>Blocs de compétences</h2><table><tr><th>Bloc</th><th>Intitulé</th><th>Statut</th><th>Critères acquis</th></tr>")
    for b in r.blocs:
        parts.append(f"<tr><td>{b.bloc}</td><td>{html.escape(ref.bloc(b.bloc).title)}</td><td>{_badge(b.status)}</td><td>{b.acquired} / {b.total}</td></tr>")
    parts.append("</table>")
    assessed = [m for m in r.criteria if m.level not in (NOT_ASSESSED, ABSENT)]
    if assessed:
        parts.append("<h2>Critères évalués</h2>" + _img(plots.student_criteria(assessed, t), "Maîtrise par critère"))
    parts.append("<table><tr><th>Critère</th><th>Énoncé officiel</th><th>Note</th><th>Points</th><th>Niveau</th></tr>")
    for m in r.criteria:
        crit = ref.criterion(m.code)
        points = "—" if m.level in (NOT_ASSESSED, ABSENT) else f"{m.score:g} / {m.max_score:g}" + (f" (+{m.pending_points:g} à corriger)" if m.pending_points else "")
        parts.append(f"<tr><td>{m.code}</td><td>{html.escape(crit.text)}</td><td>{_source(m)}</td><td>{points}</td><td>{_badge(m.level)}</td></tr>")
    parts.append("</table><h2>Compétences</h2><table><tr><th>Compétence</th><th>Énoncé officiel</th><th>Note</th><th>Points</th><th>Niveau</th></tr>")
    for m in r.competencies:
        points = "—" if m.level in (NOT_ASSESSED, ABSENT) else f"{m.score:g} / {m.max_score:g}"
        parts.append(f"<tr><td>{m.code}</td><td>{html.escape(ref.competency(m.code).text)}</td><td>{_source(m)}</td><td>{points}</td><td>{_badge(m.level)}</td></tr>")
    parts.append("</table>" + _rules(t) + '<p><a href="../index.html">← Retour à la cohorte</a></p>')
    return _page(f"Bilan — {name}", "".join(parts))


def _cohort_page(data: ReportInput, names: dict[str, str]) -> str:
    from . import plots

    ref, results = data.referential, data.results
    parts = [f"<h1>Bilan de cohorte — {html.escape(ref.certification)}</h1>",
             f"<p>{len(results)} étudiant(s) ; référentiel version {html.escape(ref.version)}.</p>",
             "<h2>Statut par bloc</h2><table><tr><th>Étudiant</th>" + "".join(f"<th>{b.code}</th>" for b in ref.blocs) + "<th>Certification</th></tr>"]
    for r in results:
        cells = "".join(f"<td>{_badge(b.status)}</td>" for b in r.blocs)
        link = f'<a href="etudiants/{html.escape(r.student_id)}.html">{html.escape(names.get(r.student_id, r.student_id))}</a>'
        parts.append(f"<tr><td>{link}</td>{cells}<td>{_badge(r.certification)}</td></tr>")
    parts.append("</table>")
    assessed = [c.qualified for c in ref.criteria if any(m.code == c.qualified and m.level != NOT_ASSESSED for r in results for m in r.criteria)]
    if assessed:
        by = {(m.student_id, m.code): m for r in results for m in r.criteria}
        ratios = [[by[(r.student_id, c)].ratio for c in assessed] for r in results]
        parts.append("<h2>Carte des critères</h2>" + _img(plots.cohort_heatmap([names.get(r.student_id, r.student_id) for r in results], assessed, ratios), "Carte des critères"))
        levels = [ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, PENDING, ABSENT, NOT_ASSESSED]
        counts = {lv: [sum(by[(r.student_id, c)].level == lv for r in results) for c in assessed] for lv in levels}
        if not any(counts[ABSENT]):
            del counts[ABSENT]  # a cohort without team épreuves keeps its usual legend
        parts.append(_img(plots.cohort_levels(assessed, counts), "Niveaux par critère"))
    if data.failures:
        parts.append("<h2>Copies non corrigées</h2><ul>" + "".join(
            f"<li>{html.escape(f.student_id)} / {html.escape(f.assignment)} : {html.escape(f.reason)}</li>" for f in data.failures) + "</ul>")
    if data.team_copies:
        parts.append("<h2>Copies d'équipe</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in data.team_copies) + "</ul>")
    parts.append(_rules(data.thresholds))
    parts.append('<p class="note">Fichiers pour tableur : <a href="criteria.csv">criteria.csv</a>, '
                 '<a href="competencies.csv">competencies.csv</a>, <a href="blocs.csv">blocs.csv</a>.</p>')
    return _page("Bilan de cohorte CPMC", "".join(parts))


def check_output_folder(out: Path, protected: Path | None = None) -> None:
    """Refuse to replace a folder that is not a previous report (or that holds the course)."""
    out = out.resolve()
    if protected is not None:
        protected = protected.resolve()
        if out == protected or out in protected.parents:
            raise CpmcError(f"{out} contient le cours lui-même : choisissez un dossier de rapport à part (par exemple {protected / 'rapport'}).")
    if out.exists() and not out.is_dir():
        raise CpmcError(f"{out} est un fichier : choisissez un dossier pour le rapport.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise CpmcError(f"{out} n'est pas vide et ne contient pas un rapport CPMC : choisissez un dossier vide ou nouveau.")


def write_report(out_dir: str | Path, data: ReportInput, protected: Path | None = None) -> Path:
    """Write CSVs and HTML pages into ``out_dir``; returns the cohort page.

    Only an empty folder or a previous report (marked by ``.cpmc-rapport``) is
    replaced, never a folder holding ``protected`` (the course). Everything is
    written to a temporary folder first: a failure leaves the previous report
    untouched.
    """
    out = Path(out_dir).resolve()
    check_output_folder(out, protected)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".rapport-", dir=out.parent))
    try:
        (tmp / MARKER).write_text("Dossier écrit par « cpmc report » ; il est remplacé à chaque rapport.\n", encoding="utf-8")
        _write_csv(tmp / "criteria.csv", CRITERIA_COLUMNS, _measure_rows(data.results, "criteria"))
        _write_csv(tmp / "competencies.csv", COMPETENCY_COLUMNS, _measure_rows(data.results, "competencies"))
        _write_csv(tmp / "blocs.csv", BLOC_COLUMNS, [
            [b.student_id, b.bloc, b.status, str(b.acquired), str(b.total), r.certification] for r in data.results for b in r.blocs])
        names = {s.id: s.display_name for s in data.students}
        (tmp / "etudiants").mkdir()
        for r in data.results:
            (tmp / "etudiants" / f"{r.student_id}.html").write_text(_student_page(r, names.get(r.student_id, r.student_id), data), encoding="utf-8")
        (tmp / "index.html").write_text(_cohort_page(data, names), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out / "index.html"
