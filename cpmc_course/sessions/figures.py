"""Numbers quoted in a sujet's markdown, each tied to one computation on the session's data.

A sujet's documents (model answers, rubrics, instructions, instructor notes) are
written once, for the public example session. Every number they quote is looked
up in a table (``b5_figures`` for bloc 5): a ``Data`` entry recomputes it from the
case data, a ``Fixed`` entry says why it is not a data figure (points of the
barème, a rule of the brief, a rounding example…). ``render`` rewrites a document
for another session: each ``Data`` figure is recomputed on that session's data and
written at the precision and in the unit the example quotes, nothing else moves.
``problems`` checks a document against its table (every number accounted for, every
data figure equal to its computation at the quoted precision).

A figure's entry is found by the figure's text and, when the same text has several
meanings, by a few words of context; ``render`` and ``problems`` on a rendered
document resolve entries on the example's text, then follow the figures in order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

import nbformat
from nbformat import NotebookNode

from cpmc_course.errors import CpmcError
from cpmc_course.kit.nombres import NNBSP, fr_nombre

SPACES = "\u202f\u00a0 "
NUMBER = re.compile(rf"(?<![\w.,/×-])\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?![\w])|(?<![\w.,/-])\d+(?:,\d+)?(?![\w.,]\d|[\w])")
UNIT = re.compile(rf"^[{SPACES}]?(%|€|k€|M€|points?\b)")
IGNORED = [
    # (pattern on the text, reason): spans whose numbers are not figures
    (re.compile(r"`[^`\n]*`"), "code: names, literal arguments of a hint"),
    (re.compile(r"\b\d+(?:\.\d+)+\b"), "section, question or rule number (1.3, 5.2)"),
    (re.compile(r"(?m)^\s*(?:#+\s*)?(?:[-*>]\s*)?\d+\.\s"), "list marker"),
    (re.compile(r"\b\d+(?:re|er|e|ème)\b"), "ordinal (2e page, 4e trimestre)"),
    (re.compile(r"\b(?:19|20)\d\d\b"), "a year"),
    (re.compile(r"\bCE\d+|\bC\d+"), "a criterion or competency of the référentiel"),
    (re.compile(rf"\d+(?:,\d+)?[{SPACES}]pts?\b"), "points of the barème (« 1,5 pt »)"),
    (re.compile(rf"\((?:\d+[{SPACES}]points?[{SPACES}]?(?:automatiques?)?[{SPACES}]?\+?[{SPACES}]?)+(?:à la main)?\)"),
     "points of the barème in a title (« (3 points) »)"),
    (re.compile(rf"\*\*\d+[{SPACES}]points\*\*"), "points of the barème in the header (« **32 points** »)"),
]


@dataclass(frozen=True)
class Data:
    """A data figure recomputed from the case data (a proportion for a « % »).

    ``bound`` is ``=`` (equal at the quoted precision), ``>`` or ``<`` (« plus de », « moins de »)
    or ``~`` (a round order of magnitude, « environ 7 000 »: within 5 %).
    """

    value: Callable[[], float]
    bound: str = "="
    unit: str = ""  # "%" when the unit is written after a range (« 7 à 27 % »)


@dataclass(frozen=True)
class Fixed:
    """A number that is not computed from the data, with the reason."""

    reason: str


Entry = Union[Data, Fixed]
Table = dict[str, list[tuple[str, Entry]]]


MINUS = "\u2212"
"""The sign written before a figure that a session makes negative (« de −12 % à 183 % »)."""


@dataclass(frozen=True)
class Quoted:
    """One number quoted in a text: where it is, its text with the unit, the words around it, its sign."""

    start: int
    end: int
    figure: str
    around: str
    negative: bool = False
    offset: int = 0
    """Where the number starts in ``around``."""


def merge(fixed: dict, data: dict) -> Table:
    """One table: the data entries, with their contexts first, then the fixed entries as fallback."""
    table: Table = {}
    for part in (data, fixed):
        for figure, entry in part.items():
            entries = entry if isinstance(entry, list) else [("", entry)]
            table.setdefault(figure, []).extend(entries)
    return table


def quoted(text: str) -> list[Quoted]:
    """Every number quoted in ``text`` (unit attached, spaces normalised), left out the ``IGNORED`` spans."""
    for pattern, _reason in IGNORED:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    plain = re.sub(f"[{SPACES}]", " ", text)
    found = []
    for match in NUMBER.finditer(plain):
        unit = UNIT.match(plain[match.end():])
        figure = match.group() + (" " + unit.group(1) if unit else "")
        negative = plain[match.start() - 1: match.start()] == MINUS
        first = max(0, match.start() - 40)
        found.append(Quoted(match.start(), match.end(), figure, plain[first: match.end() + 40], negative, match.start() - first))
    return found


def _fits(context: str, figure: Quoted) -> bool:
    """Whether ``context`` is around ``figure``: at the figure's place when it quotes the figure, anywhere otherwise."""
    number = figure.around[figure.offset: figure.offset + figure.end - figure.start]
    at = context.find(number)
    if at < 0:
        return context in figure.around
    start = figure.offset - at
    return start >= 0 and figure.around[start: start + len(context)] == context


def entry_of(table: Table, figure: Quoted) -> Entry | None:
    """The entry of ``figure`` in ``table``: the first whose context is around it (at its place if it quotes it)."""
    return next((e for context, e in table.get(figure.figure, []) if _fits(context, figure)), None)


def _scale(figure: str, entry: Data) -> float:
    value = float(entry.value())
    if figure.endswith("%") or entry.unit == "%":
        return value * 100
    if figure.endswith("k€"):
        return value / 1000
    if figure.endswith("M€"):
        return value / 1e6
    return value


def _number(figure: str) -> tuple[float, int]:
    number = re.match(r"[\d ]*\d(?:,\d+)?", figure).group()
    return float(number.replace(" ", "").replace(",", ".")), len(number.partition(",")[2])


def agrees(figure: str, entry: Data, negative: bool = False) -> bool:
    """Whether the quoted ``figure`` (after a minus sign if ``negative``) says what ``entry`` computes, at its precision."""
    quoted_value, decimals = _number(figure)
    quoted_value = -quoted_value if negative else quoted_value
    value = _scale(figure, entry)
    if entry.bound == ">":
        return value > quoted_value
    if entry.bound == "<":
        return value < quoted_value
    if entry.bound == "~":
        return abs(value - quoted_value) <= 0.05 * abs(quoted_value)
    return round(value, decimals) == quoted_value or abs(value - quoted_value) <= 0.5 * 10 ** -decimals + 1e-9


def _rewritten(original: str, figure: str, entry: Data, negative: bool = False) -> str:
    """The number part of ``original`` (after a minus sign if ``negative``) rewritten with ``entry``'s value, same
    decimals and same spaces; the sign is written with the number."""
    if agrees(figure, entry, negative):
        return (MINUS if negative else "") + original
    quoted_value, decimals = _number(figure)
    value = _scale(figure, entry)
    if entry.bound != "=":  # a round bound: the same number of significant digits, on the safe side
        step = 10 ** max(0, len(str(int(quoted_value))) - len(str(int(quoted_value)).rstrip("0")))
        rounding = {">": math.floor, "<": math.ceil, "~": round}[entry.bound]
        value, decimals = rounding(value / step) * step, 0
    separator = next((c for c in original if c in SPACES), NNBSP)
    text = fr_nombre(abs(value), decimals).replace(NNBSP, separator)
    return MINUS + text if value < 0 and text.strip("0,") else text


def render(template: str, table: Table, where: str) -> str:
    """``template`` (the example's text) with every data figure recomputed by its entry of ``table``."""
    out, last = [], 0
    for figure in quoted(template):
        entry = entry_of(table, figure)
        if entry is None:
            raise CpmcError(f"{where} : le chiffre « {figure.figure} » n'est dans aucune table ({figure.around!r}).")
        if isinstance(entry, Data):
            start = figure.start - 1 if figure.negative else figure.start  # the minus sign is rewritten with the number
            out += [template[last:start], _rewritten(template[figure.start:figure.end], figure.figure, entry, figure.negative)]
            last = figure.end
    return "".join(out) + template[last:]


def problems(template: str, text: str, table: Table, where: str) -> list[str]:
    """Every number of ``text`` (rendered from ``template``) that its entry does not account for, in French."""
    expected, found = quoted(template), quoted(text)
    if len(expected) != len(found):
        return [f"{where} : {len(found)} chiffres au lieu des {len(expected)} du modèle"]
    out = []
    for model, figure in zip(expected, found):
        entry = entry_of(table, model)
        if entry is None:
            out.append(f"{where} : « {model.figure} » n'est pas dans la table ({model.around!r})")
        elif isinstance(entry, Fixed) and figure.figure != model.figure:
            out.append(f"{where} : « {figure.figure} » remplace le nombre fixe « {model.figure} »")
        elif isinstance(entry, Data) and not agrees(figure.figure, entry, figure.negative):
            out.append(f"{where} : « {figure.figure} » ne correspond pas aux données ({entry.value()!r} ; {figure.around!r})")
    return out


def render_notebook_file(path: Path, table: Table, epreuve: str, session: str | None, label: str) -> NotebookNode:
    """The example's notebook at ``path`` with its markdown figures recomputed on the bound data.

    ``session`` (None for the example itself) is written into the notebook's
    metadata with the épreuve: ``"cpmc": {"bloc": …, "session": …, "epreuve": …}``;
    ``label`` names the notebook in error messages (« label, cellule 4 »).
    """
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            cell.source = render(cell.source, table, f"{label}, cellule {index}")
    if session is not None:
        nb.metadata["cpmc"] = {**nb.metadata.get("cpmc", {}), "session": session, "epreuve": epreuve}
    return nb
