"""What every fairness catalogue shares (CONTENT.md §9): answers put in a notebook's solution regions, packed and run.

A bloc's catalogue (``tests/b3/b3_fairness.py``, ``tests/b4/b4_fairness.py``) lists,
for each solution region, correct variants and plausible ``Wrong`` answers naming the
test cells they must fail and the later cells that must keep their points.
``replaced`` writes answers into a notebook; ``packed`` groups the wrong answers into
copies where no answer reaches another's cell or watched cells
(``tests/cell_dependencies.py``), so one autograde run grades them all as if alone;
``outcomes`` runs a copy's cells in one namespace and ``check_reasons`` asserts that
each wrong answer fails on a French assertion and is not penalised twice.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from cell_dependencies import independent_groups

REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.DOTALL)
"""A solution region of a source notebook."""

@dataclass(frozen=True)
class Wrong:
    """A plausible wrong answer: the cells it must fail, the later cells that must keep their points."""

    code: str
    fails: tuple[str, ...]
    keeps: tuple[str, ...] = ()


def replaced(nb, answers: dict[str, str]):
    """A copy of ``nb`` whose solution regions named in ``answers`` hold those answers instead."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        answer = answers.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if answer is not None:
            cell.source = REGION.sub(lambda _: answer.strip("\n"), cell.source)
    return nb

def packed(nb, wrongs: dict[str, tuple[Wrong, ...]], prefix: str) -> list[list[tuple[str, str, Wrong]]]:
    """The wrong answers (region grade_id → answers) of ``nb`` packed in copies that cannot influence each other.

    Each group is one copy, a list of (label, region, wrong answer); an answer's
    cell, failed and kept cells are reached by no other answer of its copy, so they
    grade as in a copy holding that answer alone.
    """
    code = [c for c in nb.cells if c.cell_type == "code"]
    index = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(code)}
    edits, answers = {}, {}
    for gid, region_wrongs in wrongs.items():
        for k, wrong in enumerate(region_wrongs, start=1):
            label = f"faux{k}_" + gid.removeprefix(prefix).removesuffix("_reponse")
            answers[label] = (gid, wrong)
            new_source = REGION.sub(lambda _, a=wrong.code: a.strip("\n"), code[index[gid]].source)
            new_source = _scratch_renamed(index[gid], nbformat.from_dict({**code[index[gid]], "source": new_source}))
            edits[label] = (index[gid], new_source, [index[t] for t in (*wrong.fails, *wrong.keeps)])
    groups = independent_groups([_scratch_renamed(i, c) for i, c in enumerate(code)], edits)
    return [[(label, *answers[label]) for label in group] for group in groups]


def _scratch_renamed(i: int, cell) -> str:
    """The cell's source for the dependency analysis, a test cell's scratch names made its own.

    The hidden tests bind their ``_…`` names before reading them (checked here) and
    comprehension variables are local to their comprehension, so one test cell's
    ``_n`` or ``n`` never reaches another's: suffixing them with the cell's index
    keeps the analysis from chaining every test cell to the next.
    """
    meta = cell.metadata.get("nbgrader", {})
    if not meta.get("grade") or meta.get("solution"):
        return cell.source
    tree = ast.parse(cell.source)
    first: dict[str, bool] = {}
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, (ast.Name, ast.alias))),
                       key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
        name = node.id if isinstance(node, ast.Name) else (node.asname or node.name)
        if name.startswith("_") and name not in first:
            first[name] = isinstance(node, ast.alias) or isinstance(node.ctx, ast.Store)
    assert all(first.values()), f"cellule de test {meta['grade_id']} : nom « _… » lu avant d'être défini"
    local = set(first) | {n.id for c in ast.walk(tree) if isinstance(c, ast.comprehension)
                          for n in ast.walk(c.target) if isinstance(n, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in local:
            node.id = f"{node.id}_cellule{i}"
        elif isinstance(node, ast.alias) and (node.asname or node.name) in local:
            node.asname = f"{node.asname or node.name}_cellule{i}"
    return ast.unparse(tree)


def outcomes(folder: Path, nb) -> dict[str, BaseException | None]:
    """grade_id → the exception each code cell raised (None when it ran), all cells in one namespace."""
    namespace: dict = {"__name__": "__main__"}
    found = {}
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in (c for c in nb.cells if c.cell_type == "code"):
                try:
                    exec(compile(cell.source, "cellule", "exec"), namespace)
                    found[cell.metadata["nbgrader"]["grade_id"]] = None
                except Exception as error:
                    found[cell.metadata["nbgrader"]["grade_id"]] = error
    finally:
        os.chdir(cwd)
        import matplotlib.pyplot as plt  # the notebooks' figures, closed with their run

        plt.close("all")
    return found


def check_reasons(found: dict[str, BaseException | None], group: list[tuple[str, str, Wrong]]) -> None:
    """Each answer's cell ran, its targets failed on a French assertion, its kept cells passed."""
    for label, region, wrong in group:
        assert found[region] is None, f"{label} plante : {found[region]!r}"
        for cell in wrong.fails:
            error = found[cell]
            assert isinstance(error, AssertionError) and str(error), f"{label}/{cell} : {error!r}"
        for cell in wrong.keeps:
            assert found[cell] is None, f"{label}/{cell} pénalisé deux fois : {found[cell]!r}"
