"""Every pandas/Python construct a model answer uses is taught in the primer or in the bloc's lessons.

CONTENT.md §4: a candidate who has done ``courses/00_prise_en_main/`` and the lessons of
a bloc can do every automatic cell of that bloc's épreuve. This test reads (with ``ast``)
the solution code of every notebook of every assignment under ``source/`` — the lines
between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` — and collects its constructs:

- method and attribute names (``groupby``, ``pivot_table``, ``str``, ``dt``, ``loc``…);
- functions called by name when they are Python builtins (``round``, ``sorted``…) or
  imported by the notebook (``ExponentialSmoothing``); functions the notebook defines
  itself are given to the candidate, not constructs to learn;
- syntax a spreadsheet user does not know: comprehensions, ``lambda``, f-strings,
  ``with``, ``for``, ``if``, ``def``, element-wise ``&``, ``|``, ``~``, slices.

Each must appear in the code of the primer or of ``courses/bN/`` (code cells, and the
```` ```python ```` blocks of the corrections shown under « Voir la correction ») (bloc read from the
notebook metadata ``cpmc.bloc``). It is generic over ``source/``: a new bloc's épreuve is
checked as soon as it lands, and a failure names the assignment, the cell, the construct
and where to teach it. Only trivial builtins are allowed without being taught.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
PRIMER = ROOT / "courses" / "00_prise_en_main"

TRIVIAL = frozenset({"print", "display", "len", "int", "float", "str", "bool", "list", "dict", "tuple", "set", "range", "abs"})
"""Builtins a model answer may use without a lesson showing them."""

_BEGIN, _END = "### BEGIN SOLUTION", "### END SOLUTION"
_SYNTAX = {
    ast.ListComp: "compréhension de liste [… for … in …]",
    ast.DictComp: "compréhension de dictionnaire {…: … for … in …}",
    ast.SetComp: "compréhension d'ensemble",
    ast.GeneratorExp: "expression génératrice (… for … in …)",
    ast.Lambda: "lambda",
    ast.JoinedStr: "f-string f\"…{…}\"",
    ast.With: "bloc with",
    ast.For: "boucle for",
    ast.If: "condition if",
    ast.IfExp: "expression … if … else …",
    ast.FunctionDef: "définition de fonction def",
    ast.Slice: "tranche [début:fin]",
}
_OPERATORS = {ast.BitAnd: "opérateur & (et, élément par élément)", ast.BitOr: "opérateur | (ou, élément par élément)",
              ast.Invert: "opérateur ~ (non, élément par élément)"}


def _python(source: str) -> str:
    """Cell source without IPython magics and shell escapes, so that ``ast`` can parse it."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _solution_lines(source: str) -> set[int]:
    """1-based line numbers strictly inside the solution regions of a cell."""
    lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == _BEGIN:
            inside = True
        elif line.strip() == _END:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def constructs(tree: ast.AST, imported: set[str], lines: set[int] | None = None) -> set[str]:
    """Constructs used by the nodes of ``tree`` (only those starting on ``lines`` when given)."""
    found = set()
    for node in ast.walk(tree):
        if lines is not None and getattr(node, "lineno", None) not in lines:
            continue
        if isinstance(node, ast.Attribute):
            found.add(f".{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if (name in dir(builtins) and name not in TRIVIAL) or name in imported:
                found.add(f"{name}()")
        elif isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _OPERATORS:
            found.add(_OPERATORS[type(node.op)])
        elif type(node) in _SYNTAX:
            found.add(_SYNTAX[type(node)])
    return found


def _parse(source: str, where: str) -> ast.AST:
    try:
        return ast.parse(_python(source))
    except SyntaxError as exc:
        raise AssertionError(f"{where} : code Python illisible ({exc.msg}, ligne {exc.lineno})") from None


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _parse_lesson(source: str) -> ast.AST:
    """A lesson cell; one that shows a SyntaxError on purpose teaches nothing to collect."""
    try:
        return ast.parse(_python(source))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


_FENCED = re.compile(r"```python\n(.*?)```", re.S)


def _shown_code(path: Path) -> list[str]:
    """Code cells, and the ```python blocks of markdown cells (the corrections under « Voir la correction »)."""
    sources = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            sources.append(cell.source)
        elif cell.cell_type == "markdown":
            sources.extend(_FENCED.findall(cell.source))
    return sources


def taught(notebooks: Iterable[Path]) -> set[str]:
    """Constructs shown in these notebooks' code and corrections (imports counted across the notebook)."""
    found: set[str] = set()
    for path in notebooks:
        trees = [_parse_lesson(source) for source in _shown_code(path)]
        imported = set().union(*(_imported_names(t) for t in trees)) if trees else set()
        for tree in trees:
            found |= constructs(tree, imported)
    return found


def solution_constructs(path: Path) -> dict[str, set[str]]:
    """For one source notebook: cell name (grade_id, else « cellule n ») → constructs of its solution code."""
    cells = _code_cells(path)
    trees = [_parse(c.source, f"{_shown(path)}, cellule {i + 1}") for i, c in enumerate(cells)]
    imported = set().union(*(_imported_names(t) for t in trees)) if trees else set()
    result = {}
    for i, (cell, tree) in enumerate(zip(cells, trees)):
        lines = _solution_lines(cell.source)
        if lines:
            name = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cellule {i + 1}"
            result[name] = constructs(tree, imported, lines)
    return result


def _lessons(bloc: str) -> list[Path]:
    return sorted((ROOT / "courses" / bloc.lower()).glob("*.ipynb"))


def _primer() -> list[Path]:
    return sorted(PRIMER.glob("*.ipynb"))


SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))


def missing_constructs(notebook: Path) -> list[str]:
    """French messages, one per construct of a model answer that neither the primer nor the bloc's lessons show."""
    bloc = nbformat.read(notebook, as_version=4).metadata.get("cpmc", {}).get("bloc")
    where = _shown(notebook)
    if not bloc:
        return [f"{where} : métadonnée « cpmc.bloc » absente, impossible de savoir quelles leçons consulter."]
    known = taught(_primer()) | taught(_lessons(bloc))
    problems = []
    for cell, used in solution_constructs(notebook).items():
        for construct in sorted(used - known):
            problems.append(
                f"{where}, cellule {cell} (bloc {bloc}) : « {construct} » n'apparaît ni dans courses/00_prise_en_main/ "
                f"ni dans courses/{bloc.lower()}/ — montrez-le dans une leçon du bloc (ou dans le primer s'il sert à plusieurs blocs)."
            )
    return problems


def test_there_is_something_to_check():
    assert SOURCES and _primer(), "ni épreuve dans source/ ni notebook dans courses/00_prise_en_main/"


@pytest.mark.parametrize("notebook", SOURCES, ids=[str(p.relative_to(ROOT / "source")) for p in SOURCES])
def test_every_construct_of_a_model_answer_is_taught(notebook):
    problems = missing_constructs(notebook)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the checker itself

def _notebook(tmp_path: Path, name: str, *cells: str, bloc: str | None = "B9") -> Path:
    nb = nbformat.v4.new_notebook()
    if bloc:
        nb.metadata["cpmc"] = {"bloc": bloc}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_only_solution_lines_count_and_syntax_is_seen(tmp_path):
    path = _notebook(
        tmp_path, "sujet.ipynb",
        "import pandas as pd\nfrom statsmodels.tsa.holtwinters import ExponentialSmoothing\ndef aide(x):\n    return x",
        "ventes = pd.read_csv('v.csv')\n### BEGIN SOLUTION\ntop = ventes.nlargest(3, 'ca')\n"
        "n = len([v for v in ventes['ca'] if v > 0])\nm = ExponentialSmoothing(ventes['ca']).fit()\n"
        "x = aide(round(ventes['ca'].mean(), 1))\nf = ventes[(ventes.a > 1) & ~ventes.b]\n### END SOLUTION\nventes.describe()",
    )
    (used,) = solution_constructs(path).values()
    assert {".nlargest", ".fit", ".mean", "round()", "ExponentialSmoothing()", "compréhension de liste [… for … in …]",
            "opérateur & (et, élément par élément)", "opérateur ~ (non, élément par élément)"} <= used
    assert not {".read_csv", ".describe", "len()", "aide()"} & used  # given code, trivial builtin, notebook's own helper


def test_a_construct_no_lesson_shows_is_reported_with_where_to_teach_it(tmp_path, monkeypatch):
    lessons = tmp_path / "courses" / "b9"
    lessons.mkdir(parents=True)
    _notebook(lessons, "01.ipynb", "import pandas as pd\nt = pd.read_csv('x.csv')\nt.groupby('canal')['ca'].sum()")
    sujet = _notebook(
        tmp_path, "sujet.ipynb",
        "### BEGIN SOLUTION\nr = t.groupby('canal')['ca'].sum().idxmax()\n### END SOLUTION",
    )
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__), "PRIMER", tmp_path / "courses" / "00_prise_en_main")
    (problem,) = missing_constructs(sujet)
    assert "sujet.ipynb, cellule cellule 1 (bloc B9)" in problem and "« .idxmax »" in problem
    assert "courses/b9/" in problem
    no_bloc = _notebook(tmp_path, "sans_bloc.ipynb", "x = 1", bloc=None)
    assert "cpmc.bloc" in missing_constructs(no_bloc)[0]
