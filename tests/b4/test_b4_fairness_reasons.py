"""The bloc 4 fairness catalogue in-process (no nbgrader): right copies pass every cell, wrong ones fail for the right reason.

The batched autograde (``test_b4_assignment_nbgrader.py``) proves the points; here the
same copies run in-process: every test cell of a correct copy passes, each wrong
answer's own cell runs without error (a crash would lose the points for another reason
than the error it stands for) and each cell it targets fails on an assertion with a
French message, never on a ``KeyError`` or a ``NameError``.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest
from b4_fairness import ROOT, correct_answers, notebooks, replaced, source, wrong_groups

matplotlib.use("Agg")

CASES = [(a, n, k) for a, n in notebooks() for k in range(len(wrong_groups(a, n)))]


def _outcomes(folder: Path, nb) -> dict[str, BaseException | None]:
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
                except Exception as error:  # noqa: BLE001 - the outcome is what is checked
                    found[cell.metadata["nbgrader"]["grade_id"]] = error
    finally:
        os.chdir(cwd)
        plt.close("all")
    return found


@pytest.mark.parametrize(("assignment", "notebook"), notebooks())
@pytest.mark.parametrize("which", ["a", "b"])
def test_correct_variants_pass_every_cell(assignment, notebook, which):
    nb = replaced(source(assignment, notebook), correct_answers(assignment, notebook, which))
    found = _outcomes(ROOT / "source" / assignment, nb)
    assert not {g: e for g, e in found.items() if e is not None}


@pytest.mark.parametrize(("assignment", "notebook", "number"), CASES, ids=[f"{n}_{k + 1}" for _a, n, k in CASES])
def test_wrong_answers_fail_their_cells_on_a_french_assertion(assignment, notebook, number):
    group = wrong_groups(assignment, notebook)[number]
    nb = replaced(source(assignment, notebook), {region: wrong.code for _label, region, wrong in group})
    found = _outcomes(ROOT / "source" / assignment, nb)
    for label, region, wrong in group:
        assert found[region] is None, f"{label} plante : {found[region]!r}"
        for cell in wrong.fails:
            error = found[cell]
            assert isinstance(error, AssertionError) and str(error), f"{label}/{cell} : {error!r}"
        for cell in wrong.keeps:
            assert found[cell] is None, f"{label}/{cell} pénalisé deux fois : {found[cell]!r}"
