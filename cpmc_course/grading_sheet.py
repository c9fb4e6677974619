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
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import mistune

from .errors import CpmcError
from .outputs import check_owned_folder, staged_folder
from .mapping import AUTO, TASK, Mapping, read_mapping, source_notebooks
from .referential import Competency, Criterion, Referential, load_referential

RUBRIC_MARK = "grille de correction"
"""Where a rubric starts (compared case-insensitively)."""

MARKER = ".cpmc-grilles"
"""File that marks a folder as written by ``cpmc grille``: only such a folder is ever replaced."""

_SOLUTION_LINE = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
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


def split_cell(source: str, cell_type: str = "markdown") -> tuple[str, str]:
    """(model answer, rubric) of a manually graded cell's source; the rubric is ``""`` when absent.

    The rubric runs from the line holding « Grille de correction » to the end
    (markdown) or over the comment block that starts on that line, comment signs
    removed (code). The model answer is the rest. Solution markers are dropped.
    """
    lines = [line for line in source.splitlines() if not _SOLUTION_LINE.match(line)]
    start = next((i for i, line in enumerate(lines) if RUBRIC_MARK in line.lower()), None)
    if start is None:
        return "\n".join(lines).strip(), ""
    end = len(lines)
    if cell_type == "code":
        end = next((i for i in range(start, len(lines)) if not lines[i].lstrip().startswith("#")), len(lines))
        rubric = [re.sub(r"^\s*#+ ?", "", line) for line in lines[start:end]]
    else:
        rubric = lines[start:]
    answer = "\n".join(lines[:start] + lines[end:]).strip()
    return re.sub(r"(\n\s*(---+|\*\*\*+)\s*)+$", "", answer).strip(), "\n".join(rubric).strip()


def rubric_of(source: str, cell_type: str = "markdown") -> str:
    """The « Grille de correction » part of a cell's source, or ``""`` (see :func:`split_cell`)."""
    return split_cell(source, cell_type)[1]


def _heading(source: str) -> str | None:
    """The last markdown heading of a cell's source, without its ``#`` signs."""
    found = None
    for line in source.splitlines():
        match = _HEADING.match(line)
        if match:
            found = match.group(1).strip()
    return found


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _is_manual(nbg: dict) -> bool:
    return bool(nbg.get("task") or (nbg.get("grade") and nbg.get("solution")))


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CpmcError(f"{path} : notebook illisible ({exc}).") from None


def _notebook_entries(path: Path, assignment: str, mapping: Mapping, ref: Referential) -> list[SheetEntry]:
    entries: list[SheetEntry] = []
    part = ""
    since_graded: list[str] = []  # markdown sources since the previous graded cell (instructions)
    for index, cell in enumerate(_read(path).get("cells", []), start=1):
        nbg = (cell.get("metadata") or {}).get("nbgrader") or {}
        text = _source(cell)
        if not _is_manual(nbg):
            if cell.get("cell_type") == "markdown":
                part = _heading(text) or part
                since_graded.append(text)
            if nbg.get("grade"):
                since_graded = []
            continue
        grade_id = nbg.get("grade_id") or ""
        graded = mapping.cell(assignment, path.stem, grade_id)
        if graded is None or graded.kind == AUTO:
            raise CpmcError(f"{path}, cellule n° {index} ({grade_id or 'sans grade_id'}) : cellule notée à la main absente du mapping de source/.")
        cell_type = cell.get("cell_type", "markdown")
        answer, rubric = split_cell(text, cell_type)
        in_instructions = False
        if not rubric:
            rubric = next((r for r in map(rubric_of, reversed(since_graded)) if r), "")
            in_instructions = bool(rubric)
        entries.append(SheetEntry(
            notebook=path.stem,
            part=part,
            grade_id=grade_id,
            points=graded.points,
            kind=graded.kind,
            criteria=tuple(ref.criterion(code) for code in graded.criteria),
            competencies=tuple(ref.competency(code) for code in graded.competencies),
            rubric=rubric,
            rubric_in_instructions=in_instructions,
            model=answer,
            model_is_code=cell_type == "code",
        ))
        if cell.get("cell_type") == "markdown":
            part = _heading(text) or part
        since_graded = []
    return entries


def build_sheet(source_dir: str | Path, assignment: str, mapping: Mapping, ref: Referential) -> GradingSheet:
    """The grading sheet of one assignment of ``source_dir`` (notebooks in name order)."""
    paths = [p for a, p in source_notebooks(Path(source_dir)) if a == assignment]
    if not paths:
        raise CpmcError(f"Sujet inconnu : {assignment} (aucun notebook dans {Path(source_dir) / assignment}).")
    entries = tuple(e for p in paths for e in _notebook_entries(p, assignment, mapping, ref))
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


def typography(page: str) -> str:
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


def entry_html(number: int, e: SheetEntry, oral: bool = False) -> str:
    """One cell of the sheet: criteria and competencies with their official texts, rubric, folded model answer."""
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
        "<th colspan=\"2\"></th></tr></tfoot></table>"
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
        f"{_points(sum(e.points for e in entries))}</h2>" + "".join(entry_html(n, e, sheet.oral) for n, e in enumerate(entries, start=1))
        for nb, entries in sheet.by_notebook()
    )
    return typography(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
        f"<title>Grille de correction — {esc(sheet.assignment)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Grille de correction — {esc(sheet.assignment)}</h1><p class=\"meta\">{' · '.join(facts)}</p>{_INTRO}"
        f"<h2 class=\"premier\">Récapitulatif</h2>{_summary(sheet)}{body}</body></html>\n"
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
