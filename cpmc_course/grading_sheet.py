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
    instructions: str = ""
    """Markdown of the instructions just above the cell, heading removed (on a jury grid: what to observe, questions)."""


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
            instructions=cell.instructions,
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


def typography(page: str) -> str:
    """French spacing in the text of a page: no-break space before « : ; ? ! % » and after « (code and tags untouched)."""
    parts = _UNTOUCHED.split(page)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r" ([:;?!%»])", "\u00a0\\1", parts[i]).replace("« ", "«\u00a0")
    return "".join(parts)


def _codes(items) -> str:
    return ", ".join(c.code for c in items)


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


def _template_helpers() -> dict:
    """What the sheet's templates call: points, codes, Markdown rendered as markup."""
    from markupsafe import Markup

    # mistune with escape=True: the source's raw HTML is escaped, the Markdown rendered.
    return {"task": TASK, "points": _points, "codes": _codes, "markdown": lambda text: Markup(_MARKDOWN(text))}


def entry_html(number: int, e: SheetEntry, oral: bool = False) -> str:
    """One cell of the sheet (``views/templates/grading_entry.html.j2``): criteria and competencies with their
    official texts, on a jury grid what to observe, the rubric and the folded model answer."""
    from .views.templating import render

    return render("grading_entry.html.j2", number=number, e=e, oral=oral, **_template_helpers())


def render_sheet(sheet: GradingSheet) -> str:
    """The sheet as a self-contained French HTML page (escaped text, no script), from ``views/templates/grading_sheet.html.j2``."""
    from markupsafe import Markup

    from .views.templating import render

    facts = [f"{_points(sheet.points)} notés à la main sur {_points(sheet.total_points)} au total"]
    if sheet.bloc:
        facts.insert(0, sheet.bloc)
    if sheet.form:
        facts.append(sheet.form)
    # _INTRO is the package's own HTML text.
    page = render("grading_sheet.html.j2", sheet=sheet, facts=facts, intro=Markup(_INTRO),
                  notebooks=sheet.by_notebook(), total=lambda entries: sum(e.points for e in entries), **_template_helpers())
    return typography(page)


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
