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

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .grading_sheet import GradingSheet, SheetEntry, build_sheet, _MARKDOWN, _points, typography
from .mapping import read_mapping, source_notebooks
from .referential import Referential, load_referential
from .teams.roster import Roster, Team

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


@dataclass(frozen=True)
class JuryEntry:
    """One criterion of the jury's sheet: heading, codes, what to observe and the bands (Markdown), its points."""

    heading: str
    codes: str
    observe: str
    bands: str
    points: str


def _jury_entry(entry: SheetEntry) -> JuryEntry:
    observe = "\n".join(line for line in entry.instructions.splitlines() if not line.startswith("Critère"))
    bands = re.sub(r"^\*\*Grille de correction[^\n]*\n?", "", entry.rubric).strip()
    codes = ", ".join([c.qualified for c in entry.criteria] + [c.code for c in entry.competencies])
    return JuryEntry(entry.part or entry.grade_id, codes, observe, bands, f"{entry.points:g}")


def render_team_sheet(sheet: GradingSheet, team: Team, preamble: str, phases: tuple[int, ...] = PHASES) -> str:
    """The jury's printed sheet for one team (``views/templates/jury_sheet.html.j2``), a self-contained French
    HTML page (escaped, no script)."""
    from markupsafe import Markup

    from .views.templating import render

    return typography(render(
        "jury_sheet.html.j2", sheet=sheet, team=team, phases=phases, points=_points(sheet.points), total=f"{sheet.points:g}",
        entries=[_jury_entry(e) for e in sheet.entries], preamble=preamble,
        # mistune with escape=True: the source's raw HTML is escaped, the Markdown rendered.
        markdown=lambda text: Markup(_MARKDOWN(text))))


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
