"""The grader's sheet: every manually graded cell of an assignment with its criteria and rubric.

nbgrader's formgrader shows a student's answer and a points box, but neither the
criteria the answer evidences nor the « Grille de correction » written in the
source cell. :func:`build_sheet` reads them from ``source/`` (through the
validated :class:`~cpmc_course.mapping.Mapping` and the référentiel) and
:func:`render_sheet` turns them into one French, print-ready HTML page per
assignment, to keep open beside the formgrader. Both are pure; only
:func:`write_sheets` touches the disk.

The rubric of a cell is the part of its source from the line holding
« Grille de correction » on (solution markers removed; in a code cell, the
comment block that starts there). Some subjects print the rubric in the
instructions just above the answer cell: it is then taken from the nearest such
cell since the previous graded cell, and the sheet says so. The rest of the
source cell (the model answer) folds out under the rubric, except on a jury grid.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import mistune

from .errors import CpmcError
from .outputs import check_owned_folder, staged_folder
from .grading.notebook import RUBRIC_MARK, rubric_of, split_cell  # noqa: F401  (public names of the sheet, kept)
from .grading.notebook import AUTO, MANUAL, TASK, SourceNotebook, read_source, source_notebooks
from .mapping import Mapping, read_mapping
from .referential import Competency, Criterion, Referential, load_referential

MARKER = ".cpmc-grilles"
"""File that marks a folder as written by ``cpmc grille``: only such a folder is ever replaced."""

_MARKDOWN = mistune.create_markdown(escape=True, hard_wrap=True, plugins=["table", "strikethrough"])
"""Markdown to HTML with raw HTML escaped, line breaks kept and harmful links (``javascript:``) neutralised."""


@dataclass(frozen=True)
class SheetEntry:
    """One manually graded cell as the grader needs to see it."""

    notebook: str
    """Notebook name without ``.ipynb``."""
    part: str
    """Nearest markdown heading above the cell (``""`` when there is none)."""
    grade_id: str
    points: float
    kind: str
    """``manuel`` (answer graded by hand) or ``tâche``."""
    criteria: tuple[Criterion, ...]
    competencies: tuple[Competency, ...]
    rubric: str
    """Markdown of the « Grille de correction » (``""`` when the source has none)."""
    rubric_in_instructions: bool = False
    """True when the rubric was found in the instructions above the cell, not in the cell itself."""
    model: str = ""
    """The rest of the source cell: the model answer (markdown, or code when ``model_is_code``)."""
    model_is_code: bool = False


@dataclass(frozen=True)
class GradingSheet:
    """The grading sheet of one assignment, cells in notebook order."""

    assignment: str
    entries: tuple[SheetEntry, ...]
    bloc: str = ""
    """``B4 — Title of the bloc`` (``""`` when the assignment has no graded cell)."""
    total_points: float = 0.0
    """Points of every graded cell of the assignment, automatic ones included."""
    form: str = ""
    """How copies are graded when not one per student (team copy, jury grid), in French."""
    oral: bool = False
    """A jury grid: its cells hold an observation template, not a model answer."""

    @property
    def points(self) -> float:
        """Points graded by hand in the assignment."""
        return sum(e.points for e in self.entries)

    def by_notebook(self) -> list[tuple[str, tuple[SheetEntry, ...]]]:
        """Entries grouped by notebook, in notebook order (the formgrader grades one notebook at a time)."""
        groups: dict[str, list[SheetEntry]] = {}
        for e in self.entries:
            groups.setdefault(e.notebook, []).append(e)
        return [(nb, tuple(entries)) for nb, entries in groups.items()]


def _entries(nb: SourceNotebook, mapping: Mapping, ref: Referential) -> list[SheetEntry]:
    entries: list[SheetEntry] = []
    for cell in nb.cells:
        if cell.kind not in (MANUAL, TASK):
            continue
        graded = mapping.cell(nb.assignment, nb.name, cell.grade_id)
        if graded is None or graded.kind == AUTO:
            raise CpmcError(f"{nb.path}, cellule n° {cell.index} ({cell.grade_id or 'sans grade_id'}) : "
                            "cellule notée à la main absente du mapping de source/.")
        entries.append(SheetEntry(
            notebook=nb.name,
            part=cell.heading,
            grade_id=cell.grade_id,
            points=graded.points,
            kind=graded.kind,
            criteria=tuple(ref.criterion(code) for code in graded.criteria),
            competencies=tuple(ref.competency(code) for code in graded.competencies),
            rubric=cell.rubric,
            rubric_in_instructions=cell.rubric_in_instructions,
            model=cell.model_answer,
            model_is_code=cell.cell_type == "code",
        ))
    return entries


def _notebooks(mapping: Mapping, source_dir: str | Path) -> tuple[SourceNotebook, ...]:
    """The notebooks the mapping was read from (or read now, for a mapping built by hand)."""
    return mapping.source.notebooks or read_source(source_dir).notebooks


def build_sheet(source_dir: str | Path, assignment: str, mapping: Mapping, ref: Referential) -> GradingSheet:
    """The grading sheet of one assignment of ``source_dir`` (notebooks in name order)."""
    notebooks = [nb for nb in _notebooks(mapping, source_dir) if nb.assignment == assignment]
    if not notebooks:
        raise CpmcError(f"Sujet inconnu : {assignment} (aucun notebook dans {Path(source_dir) / assignment}).")
    entries = tuple(e for nb in notebooks for e in _entries(nb, mapping, ref))
    cells = [c for c in mapping.cells if c.assignment == assignment]
    blocs = sorted({c.bloc for c in cells if c.bloc})
    bloc = " ; ".join(f"{b} — {ref.bloc(b).title}" for b in blocs)
    form = ""
    if mapping.is_oral(assignment):
        form = "oral de groupe : une grille par équipe, remplie par le jury ; la note revient à chaque membre présent"
    elif mapping.is_team(assignment):
        form = "sujet d'équipe : une copie corrigée par équipe ; la note revient à chacun de ses membres"
    return GradingSheet(assignment, entries, bloc, sum(c.points for c in cells), form, mapping.is_oral(assignment))


def _points(value: float) -> str:
    text = f"{value:g}".replace(".", ",")
    return f"{text}\u00a0pt" if value < 2 else f"{text}\u00a0pts"  # French: singular below 2


_UNTOUCHED = re.compile(r"(<pre>.*?</pre>|<style>.*?</style>|<[^>]+>)", re.S)


def _typography(page: str) -> str:
    """French spacing in the text of a page: no-break space before « : ; ? ! % » and after « (code and tags untouched)."""
    parts = _UNTOUCHED.split(page)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r" ([:;?!%»])", "\u00a0\\1", parts[i]).replace("« ", "«\u00a0")
    return "".join(parts)


def _codes(items) -> str:
    return ", ".join(c.code for c in items)


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #2c3e50; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f5; } td.num, th.num { text-align: right; white-space: nowrap; }
section.cellule { border: 1px solid #bbb; border-radius: 4px; padding: .5rem 1rem; margin: 1rem 0; break-inside: avoid; }
section.cellule h3 { margin: .2rem 0; font-size: 1.05rem; }
.meta { color: #555; font-size: .9rem; } .codes dt { font-weight: bold; } .codes dd { margin: 0 0 .3rem 1.5rem; }
.grille { background: #fbfaf3; border-left: 4px solid #b7950b; padding: .2rem .8rem; }
.absente { color: #a93226; font-weight: bold; }
details.modele { margin: .5rem 0; } details.modele summary { cursor: pointer; color: #2c3e50; font-weight: bold; }
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } h2 { break-before: page; } h2.premier { break-before: auto; } }
"""

_INTRO = (
    "<p>Cette fiche se garde ouverte à côté du formgrader de nbgrader (ou s'imprime). Le formgrader ouvre chaque "
    "copie notebook par notebook et présente les cellules à noter dans l'ordre du sujet, sous l'intitulé "
    "« Réponse de l'étudiant·e » (ou « Tâche de l'étudiant·e ») avec une case « / points » ; il n'affiche ni les critères ni la "
    "grille de correction. La fiche reprend ces cellules dans le même ordre, numérotées notebook par notebook : "
    "pour chacune, la partie du sujet, les points, les critères d'évaluation et les compétences du référentiel "
    "(codes et textes officiels) que la réponse doit démontrer, puis la « Grille de correction » du sujet, qui dit "
    "ce qui vaut la totalité, une partie ou aucun des points ; la réponse modèle du sujet se déplie sous la grille.</p>"
    "<p>Notez chaque cellule en suivant sa grille, puis justifiez la note dans le commentaire du formgrader en "
    "citant le critère concerné : c'est ce commentaire que l'étudiant lira.</p>"
)


def _model_html(e: SheetEntry, oral: bool) -> str:
    if not e.model or oral:
        return ""
    label = "Énoncé de la tâche dans le sujet" if e.kind == TASK else "Réponse modèle du sujet"
    body = f"<pre><code>{html.escape(e.model)}</code></pre>" if e.model_is_code else _MARKDOWN(e.model)
    return f"<details class=\"modele\"><summary>{label}</summary>{body}</details>"


def _entry_html(number: int, e: SheetEntry, oral: bool = False) -> str:
    esc = html.escape
    kind = "tâche notée à la main (« Tâche de l'étudiant·e »)" if e.kind == TASK else "réponse notée à la main (« Réponse de l'étudiant·e »)"
    codes = "".join(
        f"<dt>{esc(c.qualified)} (critère)</dt><dd>« {esc(c.text)} »</dd>" for c in e.criteria
    ) + "".join(f"<dt>{esc(c.code)} (compétence)</dt><dd>« {esc(c.text)} »</dd>" for c in e.competencies)
    if e.rubric:
        origin = ("<p class=\"meta\">Grille reprise de la consigne qui précède la cellule de réponse.</p>"
                  if e.rubric_in_instructions else "")
        rubric = f"{origin}<div class=\"grille\">{_MARKDOWN(e.rubric)}</div>"
    else:
        rubric = "<p class=\"absente\">Aucune « Grille de correction » dans la cellule source : à compléter dans source/.</p>"
    return (
        f"<section class=\"cellule\" id=\"{esc(e.notebook)}-{esc(e.grade_id)}\">"
        f"<h3>{number}. {esc(e.part or e.grade_id)} — {_points(e.points)}</h3>"
        f"<p class=\"meta\">Cellule <code>{esc(e.grade_id)}</code> · {kind}</p>"
        f"<dl class=\"codes\">{codes}</dl>{rubric}{_model_html(e, oral)}</section>"
    )


def _summary(sheet: GradingSheet) -> str:
    esc = html.escape
    if not sheet.entries:
        return "<p>Ce sujet ne contient aucune cellule notée à la main : tout est corrigé automatiquement.</p>"
    rows = "".join(
        f"<tr><td>{esc(nb)}</td><td class=\"num\">{n}</td>"
        f"<td><a href=\"#{esc(e.notebook)}-{esc(e.grade_id)}\">{esc(e.part or e.grade_id)}</a></td>"
        f"<td class=\"num\">{_points(e.points)}</td><td>{esc(_codes(e.criteria))}</td><td>{esc(_codes(e.competencies))}</td></tr>"
        for nb, entries in sheet.by_notebook() for n, e in enumerate(entries, start=1)
    )
    return (
        "<table><thead><tr><th>Notebook</th><th class=\"num\">N°</th><th>Partie</th><th class=\"num\">Points</th>"
        f"<th>Critères</th><th>Compétences</th></tr></thead><tbody>{rows}</tbody>"
        f"<tfoot><tr><th colspan=\"3\">Total noté à la main</th><th class=\"num\">{_points(sheet.points)}</th>"
        "<td colspan=\"2\"></td></tr></tfoot></table>"
    )


def render_sheet(sheet: GradingSheet) -> str:
    """The sheet as a self-contained French HTML page (escaped text, no script)."""
    esc = html.escape
    facts = [f"{_points(sheet.points)} notés à la main sur {_points(sheet.total_points)} au total"]
    if sheet.bloc:
        facts.insert(0, esc(sheet.bloc))
    if sheet.form:
        facts.append(esc(sheet.form))
    body = "".join(
        f"<h2 id=\"notebook-{esc(nb)}\">Notebook <code>{esc(nb)}</code> — {len(entries)} cellule(s), "
        f"{_points(sum(e.points for e in entries))}</h2>" + "".join(_entry_html(n, e, sheet.oral) for n, e in enumerate(entries, start=1))
        for nb, entries in sheet.by_notebook()
    )
    return _typography(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
        f"<title>Grille de correction — {esc(sheet.assignment)}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>Grille de correction — {esc(sheet.assignment)}</h1><p class=\"meta\">{' · '.join(facts)}</p>{_INTRO}"
        f"<h2 class=\"premier\">Récapitulatif</h2>{_summary(sheet)}{body}</main></body></html>\n"
    )


def build_sheets(source_dir: str | Path, assignments: list[str] | None = None,
                 ref: Referential | None = None) -> list[GradingSheet]:
    """Sheets of every assignment of ``source_dir`` (or of those named), in name order.

    Raises :class:`MappingError` when the tags do not resolve, :class:`CpmcError`
    for an unknown assignment or an unreadable notebook.
    """
    ref = ref or load_referential()
    mapping = read_mapping(source_dir, ref)
    known = sorted({a for a, _ in source_notebooks(Path(source_dir))})
    unknown = [a for a in assignments or [] if a not in known]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) dans {source_dir} : {', '.join(unknown)} (sujets : {', '.join(known)}).")
    wanted = sorted(set(assignments)) if assignments else known
    return [build_sheet(source_dir, a, mapping, ref) for a in wanted]


def grading_sheets(source_dir: str | Path, assignments: list[str] | None = None,
                   ref: Referential | None = None) -> dict[str, str]:
    """HTML page of every assignment (or of those named), keyed by assignment, in name order."""
    return {s.assignment: render_sheet(s) for s in build_sheets(source_dir, assignments, ref)}


def missing_rubrics(sheets: list[GradingSheet]) -> list[str]:
    """French notes naming each manually graded cell whose source has no « Grille de correction »."""
    return [
        f"{s.assignment}/{e.notebook}, cellule {e.grade_id!r} : aucune « Grille de correction » dans source/."
        for s in sheets for e in s.entries if not e.rubric
    ]


def write_sheets(pages: dict[str, str], out_dir: str | Path, protected: Path | None = None) -> list[Path]:
    """Write ``<assignment>.html`` pages into ``out_dir``, replacing only a folder this function wrote.

    Pages of other assignments written earlier are kept. Everything is written to a
    temporary folder first: a failure leaves the previous sheets untouched.
    """
    out = Path(out_dir).resolve()
    check_owned_folder(out, MARKER, protected, place="dossier", example="grilles", content="les grilles de correction",
                       foreign="n'est pas vide et n'a pas été écrit par « cpmc grille »")
    with staged_folder(out, MARKER, "Dossier écrit par « cpmc grille » ; il est remplacé à chaque appel.\n") as tmp:
        if out.is_dir():
            for old in out.glob("*.html"):
                shutil.copy2(old, tmp / old.name)
        for assignment, page in pages.items():
            (tmp / f"{assignment}.html").write_text(page, encoding="utf-8")
    return [out / f"{a}.html" for a in pages]
