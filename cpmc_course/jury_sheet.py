"""The jury's sheet for one team of an oral (the bloc 3 oral, the bloc 4 defence): printed, filled in by hand in the room, two A4 pages at most.

:mod:`cpmc_course.grading_sheet` writes one page per assignment, kept beside the
formgrader. An oral needs one page per team, taken into the room: the team and
its members with a presence box (the roster's ``absent`` status already
ticked), the oral's conditions and timing (the jury notebook's first cell), then
for every criterion what to observe, the phase-2 questions with their expected
elements, the bands of the « Grille de correction » and a box for the points and
the observations. Everything is read from ``source/`` (the jury notebook) and
the roster; :func:`render_team_sheet` is pure, :func:`team_sheets` only reads.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .errors import CpmcError
from .grading_sheet import GradingSheet, SheetEntry, build_sheet, _MARKDOWN, _points, typography
from .mapping import read_mapping, source_notebooks
from .referential import Referential, load_referential
from .teams.roster import Roster, Team

_STYLE = """
@page { size: A4; margin: 9mm 10mm; }
body { font-family: system-ui, sans-serif; font-size: 8pt; line-height: 1.2; color: #222; margin: 0 auto; max-width: 52rem; }
h1 { font-size: 12.5pt; margin: 0 0 .15rem; } h2 { font-size: 10pt; margin: .5rem 0 .2rem; border-bottom: 1.5px solid #2c3e50; }
p, ul, ol { margin: .15rem 0; } ul, ol { padding-left: 1.2rem; } li { margin: 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .1rem .35rem; text-align: left; }
.meta { color: #444; } .case { display: inline-block; width: .8em; height: .8em; border: 1px solid #222; vertical-align: -1px; }
.membre { margin-right: 1rem; white-space: nowrap; }
.chrono span { display: inline-block; min-width: 8rem; border-bottom: 1px solid #222; margin-right: .6rem; }
section.critere { border: 1px solid #999; border-radius: 3px; padding: .1rem .5rem .3rem; margin: .35rem 0; break-inside: avoid; }
section.critere h3 { font-size: 9.4pt; margin: .1rem 0; }
.bareme { background: #fbfaf3; border-left: 3px solid #b7950b; padding: 0 .5rem; margin: .2rem 0; }
.note { display: flex; gap: 1rem; margin-top: .25rem; } .note div { border: 1px solid #222; padding: .1rem .4rem; }
.note .obs { flex: 1; min-height: 2.4rem; } .note .pts { white-space: nowrap; min-width: 7rem; }
.total { margin-top: .4rem; font-weight: bold; }
"""


PHASES = (30, 20)
"""Minutes of phase 1 and phase 2 when the jury notebook does not say (the bloc 3 oral)."""


def _jury_notebook(source_dir: Path, assignment: str) -> tuple[str, tuple[int, ...]]:
    """(preamble, phases) of the jury notebook.

    The preamble is the first markdown cell's Markdown, its title removed (conditions, timing, where notes go);
    the phases are the minutes of each phase, ``"phases_minutes"`` of the notebook's ``cpmc`` metadata
    (:data:`PHASES` when absent).
    """
    for _, path in (p for p in source_notebooks(source_dir) if p[0] == assignment):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CpmcError(f"{path} : notebook illisible ({exc}).") from None
        phases = nb.get("metadata", {}).get("cpmc", {}).get("phases_minutes", PHASES)
        if not isinstance(phases, list | tuple) or not phases or not all(isinstance(m, int) and m > 0 for m in phases):
            raise CpmcError(f'{path} : "phases_minutes" des métadonnées cpmc doit être une liste de durées en minutes, par exemple [15, 15].')
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                text = "".join(cell.get("source", ""))
                return "\n".join(line for line in text.splitlines() if not line.startswith("# ")).strip(), tuple(phases)
        return "", tuple(phases)
    return "", PHASES


def _criterion_html(entry: SheetEntry) -> str:
    esc = html.escape
    observe = "\n".join(line for line in entry.instructions.splitlines() if not line.startswith("Critère"))
    bands = re.sub(r"^\*\*Grille de correction[^\n]*\n?", "", entry.rubric).strip()
    codes = ", ".join([c.qualified for c in entry.criteria] + [c.code for c in entry.competencies])
    return (
        f"<section class=\"critere\"><h3>{esc(entry.part or entry.grade_id)} "
        f"<span class=\"meta\">({esc(codes)})</span></h3>{_MARKDOWN(observe)}"
        f"<div class=\"bareme\">{_MARKDOWN(bands)}</div>"
        f"<div class=\"note\"><div class=\"obs\">Observations (phase 1 / phase 2) :</div>"
        f"<div class=\"pts\">Note : ….. / {entry.points:g}</div></div></section>"
    )


def render_team_sheet(sheet: GradingSheet, team: Team, preamble: str, phases: tuple[int, ...] = PHASES) -> str:
    """The jury's printed sheet for one team, as a self-contained French HTML page (escaped, no script)."""
    esc = html.escape
    ends = " ".join(f"Fin de la phase {i} ({m} min) : <span></span>" for i, m in enumerate(phases, start=1))
    members = " ".join(
        f"<span class=\"membre\"><b>☒</b> {esc(m)} <b>absent·e</b> (liste des équipes)</span>" if m in team.absent
        else f"<span class=\"membre\"><span class=\"case\"></span> {esc(m)}</span>"
        for m in team.members
    )
    body = "".join(_criterion_html(e) for e in sheet.entries)
    return typography(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
        f"<title>Fiche du jury — {esc(sheet.assignment)} — {esc(team.name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Fiche du jury — équipe {esc(team.name)}</h1>"
        f"<p class=\"meta\">{esc(sheet.bloc)} · sujet <code>{esc(sheet.assignment)}</code> · copie <code>{esc(team.id)}</code> · "
        f"{_points(sheet.points)}</p>"
        "<p class=\"chrono\">Date : <span></span> Jury : <span></span> Début : <span></span></p>"
        f"<p class=\"chrono\">{ends}</p>"
        f"<p>Présents (cochez) : {members}</p>"
        f"<h2>Déroulé</h2>{_MARKDOWN(preamble)}<h2>Critères</h2>{body}"
        f"<p class=\"total\">Total : ….. / {sheet.points:g} — signature du jury :</p></body></html>\n"
    )


def team_sheets(source_dir: str | Path, roster: Roster, assignments: list[str] | None = None,
                ref: Referential | None = None) -> dict[str, str]:
    """Jury sheet of every team of every oral assignment (or of those named), keyed by the team's id.

    Raises :class:`CpmcError` when an assignment named is not an oral or has no team in the roster.
    """
    ref = ref or load_referential()
    source_dir = Path(source_dir)
    mapping = read_mapping(source_dir, ref)
    orals = sorted(a for a in mapping.team_assignments if mapping.is_oral(a))
    wanted = [a for a in (assignments or orals) if a in orals] if assignments else orals
    if assignments and not wanted:
        raise CpmcError(f"Aucun oral parmi {', '.join(assignments)} (oraux de {source_dir} : {', '.join(orals) or 'aucun'}).")
    pages = {}
    for assignment in wanted:
        teams = roster.for_assignment(assignment)
        if not teams:
            raise CpmcError(f"{roster.path} : aucune équipe pour l'oral {assignment} ; ajoutez ses équipes (colonnes sujet, equipe, etudiant, statut).")
        sheet = build_sheet(source_dir, assignment, mapping, ref)
        preamble, phases = _jury_notebook(source_dir, assignment)
        pages.update({t.id: render_team_sheet(sheet, t, preamble, phases) for t in teams})
    return pages
