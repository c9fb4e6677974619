"""Which cells of a notebook can an edited cell influence? Lets independent edits share one graded copy.

A fairness catalogue or a "every solution region is needed" check grades one
copy per edit (a wrong answer, a stub). Edits whose cells do not influence each
other can share a copy: in the shared copy, a cell that no OTHER edit of the copy
can reach computes exactly what it computes in the one-edit copy, so its grade
there is its grade in the one-edit copy (fewer copies, the same proof).

Reach is an over-approximation read from the code (``ast``), in cell order: an
edited cell is tainted; a cell that reads a tainted name is tainted; every name a
tainted cell writes becomes tainted for good. Writes are assignments, the base
name of ``x[...] = `` / ``x.a = `` / ``del x[...]``, and the base name of a
method call that may change its object (a call made as a statement such as
``ax.bar(...)``, a known mutator such as ``.append``, ``inplace=``) unless ``x``
is an imported module; the stateful modules (``plt``, ``random``,
``np.random``) are written by every call. A call whose result is used is taken
as pure (``x = df.groupby(...).sum()``). Calling a
function defined in the notebook reads and writes what its body does.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STATEFUL_MODULES = frozenset({"plt", "random", "matplotlib", "pyplot"})
"""Imported modules whose calls change state later cells see (current figure, random generator)."""
MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update", "sort", "reverse", "add",
                      "discard", "setdefault", "popitem", "__setitem__", "__delitem__"})
"""Methods that change their object even when their result is used (``x = items.pop()``)."""


@dataclass(frozen=True)
class Effects:
    """Names a code cell reads and writes (over-approximated)."""

    reads: frozenset[str]
    writes: frozenset[str]


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call, ast.Starred)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_random_call(func: ast.AST) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and func.value.attr == "random"


def _mutates(call: ast.Call, statement_calls: set[int]) -> bool:
    """A method call that may change its object: made for its effect (a bare statement), a known mutator, ``inplace=True``."""
    return (id(call) in statement_calls or call.func.attr in MUTATORS
            or any(k.arg == "inplace" for k in call.keywords))


def _effects(tree: ast.AST, modules: set[str], functions: Mapping[str, Effects]) -> Effects:
    reads, writes = set(), set()
    statement_calls = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (writes if isinstance(node.ctx, (ast.Store, ast.Del)) else reads).add(node.id)
            if node.id in functions:
                reads |= functions[node.id].reads
                writes |= functions[node.id].writes
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            if root := _root(node):
                writes.add(root)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            root = _root(node.func)
            if root and (root in STATEFUL_MODULES or _is_random_call(node.func)
                         or (root not in modules and _mutates(node, statement_calls))):
                writes.add(root)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            writes |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            writes.add(node.name)
    return Effects(frozenset(reads), frozenset(writes))


@functools.lru_cache(maxsize=4096)
def _parse(source: str) -> ast.Module:
    return ast.parse(source)  # cells are parsed again and again while edits are packed: parse each text once


def cell_effects(sources: Iterable[str]) -> list[Effects]:
    """Effects of each code cell source, in order (a cell that does not parse reads and writes everything seen)."""
    modules: set[str] = set()
    functions: dict[str, Effects] = {}
    seen: set[str] = set()
    found = []
    for source in sources:
        try:
            tree = _parse(source)
        except SyntaxError:
            everything = frozenset(seen | {"<unparsed>"})
            found.append(Effects(everything, everything))
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules |= {(a.asname or a.name).split(".")[0] for a in node.names}
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions[node.name] = _effects(node, modules, functions)
        effects = _effects(tree, modules, functions)
        seen |= effects.reads | effects.writes
        found.append(effects)
    return found


def reached(sources: list[str], edited: Iterable[int]) -> set[int]:
    """Indices of the cells (among ``sources``, code cells in order) the cells ``edited`` can influence, themselves included."""
    edited = set(edited)
    tainted_names: set[str] = set()
    tainted = set()
    for i, effects in enumerate(cell_effects(sources)):
        if i in edited or effects.reads & tainted_names or "<unparsed>" in effects.reads:
            tainted.add(i)
            tainted_names |= effects.writes
    return tainted


def reached_by_edit(sources: list[str], index: int, new_source: str) -> set[int]:
    """Cells that replacing code cell ``index`` by ``new_source`` can influence (names either version writes)."""
    return reached(_edited(sources, {index: new_source}), {index})


def _edited(sources: list[str], new: Mapping[int, str]) -> list[str]:
    """``sources`` with the cells of ``new`` replaced, for analysis only: the edited cell may stop writing a name
    the original wrote, so both versions are kept (their names read and written are the union)."""
    return [new[i] + "\n" + source if i in new else source for i, source in enumerate(sources)]


def independent_groups(sources: list[str], edits: Mapping[str, tuple[int, str, Iterable[int]]]) -> list[list[str]]:
    """Edits packed greedily into groups whose members cannot influence each other's cell or watched cells.

    ``sources``: the code cells of the unedited notebook, in order; ``edits``:
    name → (index of the edited cell, its new source, indices of the cells whose
    grade the edit is judged on). In each group, no edit reaches another edit's
    cell or watched cells, computed on the group's own edited notebook.
    """
    groups: list[list[str]] = []
    for name in edits:
        for group in groups:
            if _independent(sources, edits, [*group, name]):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def _independent(sources: list[str], edits, names: list[str]) -> bool:
    cells = {edits[n][0] for n in names}
    if len(cells) < len(names):
        return False
    edited = _edited(sources, {edits[n][0]: edits[n][1] for n in names})
    for n in names:
        others = reached(edited, {edits[m][0] for m in names if m != n})
        if others & {edits[n][0], *edits[n][2]}:
            return False
    return True
