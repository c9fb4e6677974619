"""Lesson/exam separation: lessons train on their own company and never show the exam's data or answers.

Issue 21, item 1, for every bloc. One call per bloc::

    leaks = find_leaks(
        exam_data=[ROOT / "case_studies" / "b5_calyce" / "data", ...],   # folders or files of the exam's data
        exam_names=["Calyce", "calyce("],                                 # the exam company, its loaders
        exam_figures=exam_figures_from_notebooks([...]),                  # every figure of the exam's solution
        lessons=[ROOT / "courses" / "b5", ROOT / "cpmc_course" / "lessons" / "b5", ...],
    )
    assert not leaks, "\\n".join(leaks)

A leak is a lesson file (notebook cells and outputs, Python helper, revision
bank, Markdown) that names an exam data file or folder, names the exam company
or one of its loaders, copies a row of an exam table, or writes a figure of
the exam's solution with three or more significant digits (``44 742``,
``0,204``, ``20,4 %`` for a rate of 0.2043, ``44742.37``, or any of them rounded
to three significant digits or more). Numbers are compared as decimals, French
or Python spelling alike; years and dates are not figures.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

LESSON_SUFFIXES = (".ipynb", ".py", ".json", ".md", ".txt", ".csv")
"""Files of a lesson folder that are read (text of cells, code, banks, briefs)."""

_SPACE = "[ \u00a0\u202f]"
NUMBER = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d{{1,3}}(?:_\d{{3}})+|\d+)(?:[.,]\d+)?(?![\w])"
)
"""A number as French or Python writes it: ``44 742,37``, ``44_742``, ``0.204``, ``20,4``."""
PERCENT = re.compile(NUMBER.pattern + rf"(?={_SPACE}?%)")
"""A number followed by « % » in a model answer: the rate it stands for is a figure too."""
DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@dataclass(frozen=True)
class Text:
    """One piece of lesson text to search, with where it comes from (for the message)."""

    where: str
    """File, and cell number for a notebook (``courses/b5/02_funnel_kpi.ipynb, cellule 4``)."""
    text: str


def _files(paths: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> list[Path]:
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            found.append(path)
    return [p for p in found if suffixes is None or p.suffix in suffixes]


def lesson_texts(lessons: Iterable[Path]) -> list[Text]:
    """Every text a learner can see or run in the lesson folders: notebook cells (with any output), code, banks."""
    texts = []
    for path in _files(lessons, LESSON_SUFFIXES):
        if path.suffix != ".ipynb":
            texts.append(Text(str(path), path.read_text(encoding="utf-8", errors="replace")))
            continue
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            body = "".join(cell.get("source", ""))
            for output in cell.get("outputs", []):
                body += "\n" + "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            texts.append(Text(f"{path}, cellule {i}", body))
    return texts


def numbers_in(text: str) -> list[str]:
    """The numbers written in ``text`` (dates left out), as they are written."""
    return NUMBER.findall(DATE.sub(" ", text))


def to_decimal(written: str) -> Decimal | None:
    """``"44 742,37"``, ``"44_742"``, ``"0.204"`` → a normalised Decimal (trailing zeros dropped)."""
    compact = re.sub(_SPACE + "|_", "", written).replace(",", ".")
    try:
        return Decimal(compact).normalize()
    except InvalidOperation:
        return None


def significant_digits(value: Decimal) -> int:
    """Significant digits of a normalised decimal: 44742.37 → 7, 0.204 → 3, 25000 → 2."""
    return len(value.as_tuple().digits) if value else 0


def _is_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2100


def variants(figure: float | Decimal | str, min_digits: int = 3) -> set[Decimal]:
    """The spellings of an exam figure a lesson could show: itself, in percent if it may be a rate, rounded.

    Rounding only drops decimals (44 742,37 → 44 742,4 → 44 742; 0,20431 →
    0,204), never integer digits (1 252 is not 1 250). Only variants with
    ``min_digits`` significant digits or more are kept: a two-digit figure
    (``25 %``, ``12``) is too common to be evidence of a leak.
    """
    if isinstance(figure, str):
        base = to_decimal(figure)
    else:
        base = figure if isinstance(figure, Decimal) else Decimal(repr(float(figure)))
    if base is None or not base.is_finite():
        return set()
    base = abs(base).normalize()
    kept = set()
    is_rate = base != base.to_integral_value() and base < 100  # 0,204 or an ROI of 1,637: also shown in %
    for scaled in (base, base * 100) if is_rate else (base,):
        scaled = scaled.normalize()
        decimals = max(-scaled.as_tuple().exponent, 0)
        for places in range(min(decimals, 12), -1, -1):
            rounded = scaled.quantize(Decimal(1).scaleb(-places)).normalize()
            if significant_digits(rounded) >= min_digits and not _is_year(rounded):
                kept.add(rounded)
    return kept


def _distinctive(fields: list[str]) -> bool:
    """A row worth looking for: five fields or more, or three with a number of three significant digits."""
    if len(fields) >= 5:
        return True
    numbers = [to_decimal(f) for f in fields if re.fullmatch(r"-?\d+(?:\.\d+)?", f)]
    return len(fields) >= 3 and any(n is not None and significant_digits(n) >= 3 for n in numbers)


def _table_rows(files: list[Path]) -> dict[str, Path]:
    """Each distinctive data row of the exam's CSV files, normalised as ``a b c``, with its file."""
    rows = {}
    for path in files:
        if path.suffix != ".csv":
            continue
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            lines = list(csv.reader(handle))[1:]
        for fields in lines:
            fields = [f.strip() for f in fields]
            if _distinctive(fields):
                rows[_normalise_row(" ".join(fields))] = path
    return rows


def _normalise_row(text: str) -> str:
    return re.sub(r"[\s|,;\"]+", " ", text).strip()


def _copied_rows(text: str, rows: dict[str, Path]) -> list[tuple[str, Path]]:
    """Rows of an exam table written on a line of ``text`` (alone, or after a printed index)."""
    found = []
    for line in text.splitlines():
        flat = _normalise_row(line)
        for candidate in (flat, flat.partition(" ")[2]):
            if candidate in rows:
                found.append((candidate, rows[candidate]))
                break
    return found


def _forbidden_names(exam_data: Iterable[Path], data_files: list[Path]) -> set[str]:
    """File names of the exam's data, and the folders that hold them (``b5_calyce``, not a bare ``data``)."""
    names = {p.name for p in data_files}
    for folder in {Path(p) for p in exam_data if Path(p).is_dir()}:
        names.add(folder.parent.name if folder.name == "data" else folder.name)
    return names


def find_leaks(
    *,
    exam_data: Iterable[Path],
    exam_names: Iterable[str],
    exam_figures: Iterable[float | Decimal | str],
    lessons: Iterable[Path],
    min_digits: int = 3,
    allowed: Iterable[float | str] = (),
) -> list[str]:
    """Every leak of the exam into the lessons, one French sentence each (empty when the lessons are clean).

    ``exam_data``: folders or files of the exam's data (their file names, their
    folder names and their rows must not appear); ``exam_names``: the exam
    company and the loaders that read its data (matched without case);
    ``exam_figures``: the numbers of the exam's solution; ``allowed``: numbers
    a lesson may write although an exam answer has them too (a legal constant
    such as 365 days), to be justified where the call is made.
    """
    exam_data = [Path(p) for p in exam_data]
    data_files = _files(exam_data)
    forbidden = _forbidden_names(exam_data, data_files)
    names = [n.lower() for n in exam_names]
    rows = _table_rows(data_files)
    spared = {to_decimal(str(a)) for a in allowed}
    figures: dict[Decimal, str] = {}
    for figure in exam_figures:
        for variant in variants(figure, min_digits) - spared:
            figures.setdefault(variant, str(figure))
    leaks = []
    for item in lesson_texts(lessons):
        lowered = item.text.lower()
        leaks += [f"{item.where} : nomme le fichier ou dossier de l'épreuve « {f} »." for f in sorted(forbidden) if f.lower() in lowered]
        leaks += [f"{item.where} : nomme l'entreprise ou le chargeur de l'épreuve « {n} »." for n in names if n in lowered]
        leaks += [f"{item.where} : recopie une ligne de {path.name} (« {row[:60]} »)." for row, path in _copied_rows(item.text, rows)]
        for written in numbers_in(item.text):
            value = to_decimal(written)
            if value is not None and value in figures:
                leaks.append(f"{item.where} : écrit « {written} », un chiffre du corrigé de l'épreuve ({figures[value]}).")
    return leaks


_DUMP = '''
import json as _json, numbers as _numbers
def _cpmc_numbers(value, depth=0):
    if depth > 4 or isinstance(value, (bool, str, bytes, type)) or callable(value):
        return []
    if isinstance(value, _numbers.Number):
        return [float(value)]
    if hasattr(value, "select_dtypes"):
        return [float(v) for v in value.select_dtypes("number").to_numpy().ravel().tolist()]
    if hasattr(value, "dtype") and hasattr(value, "to_numpy") and getattr(value.dtype, "kind", "") in "iuf":
        return [float(v) for v in value.to_numpy().ravel().tolist()]
    if hasattr(value, "dtype") and hasattr(value, "ravel") and getattr(value.dtype, "kind", "") in "iuf":
        return [float(v) for v in value.ravel().tolist()]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _cpmc_numbers(v, depth + 1)]
    if isinstance(value, (list, tuple, set)):
        return [n for v in value for n in _cpmc_numbers(v, depth + 1)]
    return []
_cpmc = {name: _cpmc_numbers(globals()[name]) for name in NAMES if name in globals()}
_cpmc = {name: values for name, values in _cpmc.items() if len(values) <= MAX_VALUES}
with open(PATH, "w") as _handle:
    _json.dump(_cpmc, _handle)
'''


def _assigned_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def exam_figures_from_notebooks(
    notebooks: Iterable[Path], workdir: Path, *, timeout: int = 300, max_values: int = 200
) -> list[float | str]:
    """Every figure of the exam's solution: executes each instructor notebook in its own folder (nbclient).

    Collected: the numbers held by every variable a solution cell assigns, the
    numbers printed by solution cells, and the numbers written in solution
    Markdown cells (model answers). A variable holding more than ``max_values``
    numbers is a per-row table (one line per customer…), not a figure a lesson
    could quote: it is left out. The notebooks are read, never modified.
    """
    import nbformat
    from nbclient import NotebookClient

    figures: list[float | str] = []
    for k, path in enumerate(map(Path, notebooks)):
        nb = nbformat.read(path, as_version=4)
        dump = Path(workdir) / f"figures_{k}.json"
        nb.cells.append(figure_dump_cell(nb, dump, max_values))
        NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        figures += figures_of_executed(nb, dump)
    return figures


def written_figures(text: str) -> list[str | Decimal]:
    """The figures a model answer or an instructor note writes: its numbers, and the rates its percentages stand for."""
    return numbers_in(text) + [to_decimal(p) / 100 for p in PERCENT.findall(DATE.sub(" ", text))]


def figure_dump_cell(nb, dump: Path, max_values: int = 200):
    """The code cell to append to an instructor notebook: it writes into ``dump`` the numbers its solution variables hold."""
    import nbformat

    names = sorted(set().union(*(_assigned_names(c.source) for c in _solution_cells(nb) if c.cell_type == "code")))
    return nbformat.v4.new_code_cell(f"NAMES = {names!r}\nPATH = {str(dump)!r}\nMAX_VALUES = {max_values}\n{_DUMP}")


def _solution_cells(nb) -> list:
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def figures_of_executed(nb, dump: Path) -> list[float | str]:
    """The figures of an instructor notebook executed with ``figure_dump_cell``: its variables, printed and written numbers."""
    figures: list[float | str] = [n for values in json.loads(Path(dump).read_text()).values() for n in values]
    figures += written_figures("\n".join(c.source for c in _solution_cells(nb) if c.cell_type == "markdown"))
    for cell in _solution_cells(nb):
        for output in cell.get("outputs", []):
            figures += numbers_in(output.get("text", "") + output.get("data", {}).get("text/plain", ""))
    return figures


def solution_regions(notebooks: Iterable[Path], min_lines: int = 2) -> list[str]:
    """The solution regions of the notebooks' code cells with ``min_lines`` lines or more, whitespace normalised."""
    import nbformat

    regions = []
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            for region in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.DOTALL):
                lines = [" ".join(line.split()) for line in region.strip().splitlines() if line.strip()]
                if len(lines) >= min_lines:
                    regions.append("\n".join(lines))
    return regions


def copied_solutions(lessons: Iterable[Path], regions: list[str]) -> list[str]:
    """Every lesson text that holds one of ``regions`` verbatim (whitespace aside), one French sentence each."""
    leaks = []
    for item in lesson_texts(lessons):
        plain = "\n".join(" ".join(line.split()) for line in item.text.splitlines() if line.strip())
        leaks += [f"{item.where} : recopie la solution de l'épreuve « {r.splitlines()[0][:60]} »." for r in regions if r in plain]
    return leaks


def plant_cells(notebook: Path, planted: list[tuple[str, str]]) -> int:
    """Append ``(kind, source)`` cells to a copy of a lesson notebook; returns the index of the first planted cell."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    first = len(nb["cells"])
    for kind, source in planted:
        cell = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        nb["cells"].append(cell)
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    return first
