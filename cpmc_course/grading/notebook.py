"""The notebook model: every cell of ``source/`` read once into frozen records.

This is the one module that reads nbgrader's cell metadata
(:func:`nbgrader_meta`) and the one rule for a question's heading: the last
markdown heading, in a markdown cell that is not itself a graded answer, above
the cell. Mapping, coverage, grading sheets, feedback pages, the demo and the
tests read :class:`SourceCell` records instead of notebook JSON.

The rubric of a manually graded cell is the part of its source from the line
holding « Grille de correction » on (solution markers removed; in a code cell,
the comment block that starts there); when the cell has none, the nearest rubric
printed in the instructions since the previous graded cell. The rest of the cell
is its model answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CpmcError

AUTO, MANUAL, TASK = "auto", "manuel", "tâche"
"""Kinds of graded cell: autograded test, answer graded by hand, task."""

RUBRIC_MARK = "grille de correction"
"""Where a rubric starts (compared case-insensitively)."""

_SOLUTION_LINE = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_POINTS_SUFFIX = re.compile(r"\s*\(\s*[\d,.]+\s*points?\s*\)\s*$", re.I)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)


def nbgrader_meta(cell: dict) -> dict:
    """nbgrader's metadata of a notebook cell (a JSON dict), ``{}`` when none or malformed."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    found = meta.get("nbgrader") if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def kind_of(nbg: dict) -> str | None:
    """``auto``, ``manuel`` or ``tâche`` for a graded cell's nbgrader metadata; ``None`` for any other cell."""
    if nbg.get("task"):
        return TASK
    if nbg.get("grade"):
        return MANUAL if nbg.get("solution") else AUTO
    return None


def cell_source(cell: dict) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def visible_source(source: str) -> str:
    """A test cell's source without its hidden-test regions: what the student's copy shows."""
    return _HIDDEN.sub("", source)


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


def last_heading(source: str) -> str | None:
    """The last markdown heading of a cell's source, without its ``#`` signs."""
    found = None
    for line in source.splitlines():
        match = _HEADING.match(line)
        if match:
            found = match.group(1).strip()
    return found


def _first_comment(source: str) -> str:
    for line in source.splitlines():
        if line.strip().startswith("#") and "BEGIN" not in line:
            return line.strip().lstrip("#").strip()
        if line.strip():
            return ""
    return ""


@dataclass(frozen=True)
class SourceCell:
    """One cell of a source notebook, with what nbgrader and the tags say of it."""

    assignment: str
    notebook: str
    """Notebook name without ``.ipynb``, as nbgrader names it."""
    index: int
    """Position in the notebook, from 1 (for messages about a cell without grade_id)."""
    cell_type: str
    source: str
    grade_id: str
    """nbgrader's ``grade_id``; empty when the cell has none."""
    kind: str | None
    """``auto``, ``manuel``, ``tâche``, or ``None`` for a cell that is not graded."""
    points: float
    solution: bool
    tags: tuple[str, ...]
    heading: str
    """The question's heading: the last markdown heading above the cell outside graded answers (``""`` if none)."""
    rubric: str = ""
    """« Grille de correction » of a manually graded cell (markdown), from the cell or the instructions above it."""
    rubric_in_instructions: bool = False
    model_answer: str = ""
    """The rest of a manually graded cell's source (markdown, or code in a code cell)."""
    instructions: str = ""
    """Markdown of the instructions just above the cell, headings removed (on a jury grid: what to observe, questions)."""

    @property
    def key(self) -> tuple[str, str, str]:
        """(assignment, notebook, grade_id): how grades are matched to this cell."""
        return (self.assignment, self.notebook, self.grade_id)

    @property
    def graded(self) -> bool:
        return self.kind is not None

    @property
    def title(self) -> str:
        """The heading as a student reads it: without ``*`` and « (n points) »; the grade_id when there is none."""
        return _POINTS_SUFFIX.sub("", self.heading.replace("*", "")) or self.grade_id

    @property
    def visible_test(self) -> str:
        """An automatic test's source without its hidden tests; empty for other cells."""
        return visible_source(self.source) if self.kind == AUTO and self.cell_type == "code" else ""

    @property
    def check(self) -> str:
        """What an automatic test checks: the first comment line of its visible source."""
        return _first_comment(self.visible_test)


@dataclass(frozen=True)
class SourceNotebook:
    """One notebook of ``source/<assignment>/``."""

    assignment: str
    path: Path
    cpmc: object
    """The notebook's ``cpmc`` metadata as written (validated by the mapping: bloc, equipe, oral)."""
    cells: tuple[SourceCell, ...]

    @property
    def name(self) -> str:
        return self.path.stem


def read_notebook(path: Path) -> dict:
    """A notebook file as JSON; a French :class:`CpmcError` naming the file when it cannot be read."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CpmcError(f"{path} : notebook illisible ({exc}).") from None
    if not isinstance(nb, dict):
        raise CpmcError(f"{path} : notebook illisible (un objet JSON est attendu).")
    return nb


def _without_heading(markdown: str) -> str:
    return "\n".join(line for line in markdown.splitlines() if not _HEADING.match(line)).strip()


def _rubric(cell: dict, source: str, kind: str | None, instructions: list[str]) -> tuple[str, bool, str]:
    if kind not in (MANUAL, TASK):
        return "", False, ""
    model, rubric = split_cell(source, cell.get("cell_type", "markdown"))
    if rubric:
        return rubric, False, model
    above = next((r for r in map(rubric_of, reversed(instructions)) if r), "")
    return above, bool(above), model


def notebook_cells(nb: dict, assignment: str, name: str) -> tuple[SourceCell, ...]:
    """The cells of one notebook's JSON as records, headings and rubrics resolved."""
    cells, heading, instructions = [], "", []
    raw = nb.get("cells", [])
    for index, cell in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(cell, dict):
            continue
        nbg = nbgrader_meta(cell)
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        tags = meta.get("tags", [])
        source, kind = cell_source(cell), kind_of(nbg)
        answer = kind is not None or bool(nbg.get("solution"))
        rubric, in_instructions, model = _rubric(cell, source, kind, instructions)
        cells.append(SourceCell(assignment, name, index, str(cell.get("cell_type", "")), source, str(nbg.get("grade_id") or ""),
                                kind, float(nbg.get("points", 0) or 0), bool(nbg.get("solution")),
                                tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
                                heading, rubric, in_instructions, model,
                                _without_heading(instructions[-1]) if instructions else ""))
        if cell.get("cell_type") == "markdown" and not answer:
            heading = last_heading(source) or heading
            instructions.append(source)
        if kind is not None:
            instructions = []
    return tuple(cells)


def source_notebooks(source_dir: Path) -> list[tuple[str, Path]]:
    """(assignment, notebook path) for every notebook of ``source/``, sorted."""
    if not source_dir.is_dir():
        raise CpmcError(f"Dossier des sujets introuvable : {source_dir} (lancez la commande depuis la racine du cours ou passez --course-dir).")
    found = []
    for assignment in sorted(p for p in source_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for nb in sorted(assignment.glob("*.ipynb")):
            found.append((assignment.name, nb))
    return found


def read_source_notebook(assignment: str, path: Path) -> SourceNotebook:
    """One source notebook as records (raises :class:`CpmcError` when unreadable)."""
    nb = read_notebook(path)
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    return SourceNotebook(assignment, path, meta.get("cpmc") or {}, notebook_cells(nb, assignment, path.stem))


@dataclass(frozen=True)
class SourceTree:
    """Every notebook of ``source/``, read once."""

    notebooks: tuple[SourceNotebook, ...]

    def graded_cells(self) -> tuple[SourceCell, ...]:
        """Graded cells of every notebook, in assignment and notebook order."""
        return tuple(c for nb in self.notebooks for c in nb.cells if c.graded)

    def headings(self) -> dict[tuple[str, str, str], str]:
        """(assignment, notebook, grade_id) → the question title of each graded cell."""
        return {c.key: c.title for c in self.graded_cells() if c.grade_id}

    def by_key(self) -> dict[tuple[str, str, str], SourceCell]:
        return {c.key: c for c in self.graded_cells() if c.grade_id}


def read_source(source_dir: str | Path) -> SourceTree:
    """Every notebook of ``source_dir`` as records (raises :class:`CpmcError` on the first unreadable one)."""
    return SourceTree(tuple(read_source_notebook(a, p) for a, p in source_notebooks(Path(source_dir))))
