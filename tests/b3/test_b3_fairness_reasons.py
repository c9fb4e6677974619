"""The bloc 3 fairness catalogue's wrong answers fail for the right reason (in-process, no nbgrader).

The batched autograde (``test_b3_epreuves_nbgrader.py``) proves each wrong answer
loses its cells' points; here the same packed copies run in-process (the answers of a
copy cannot influence each other's cells): each answer's own cell must run without error (a crash would lose the points for another reason than the
error it stands for) and each cell it targets must fail on an assertion with a French
message, not on a ``KeyError`` or a ``NameError``.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import matplotlib
import nbformat
import pytest
from b3_fairness import CATALOGUE, OFFRE, ORAL, ROOT, replaced, wrong_groups

matplotlib.use("Agg")

CASES = [(assignment, number) for assignment in (OFFRE, ORAL) for number in range(len(wrong_groups(assignment)))]


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
    return found


@pytest.mark.parametrize(("assignment", "number"), CASES, ids=[f"{a}_{n + 1}" for a, n in CASES])
def test_wrong_answers_fail_their_cells_on_a_french_assertion(assignment, number):
    folder = ROOT / "source" / assignment
    nb = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    group = wrong_groups(assignment)[number]
    found = _outcomes(folder, replaced(nb, {region: wrong.code for _label, region, wrong in group}))
    for label, region, wrong in group:
        assert found[region] is None, f"{label} plante : {found[region]!r}"
        for cell in wrong.fails:
            error = found[cell]
            assert isinstance(error, AssertionError) and str(error), f"{label}/{cell} : {error!r}"
        for cell in wrong.keeps:
            assert found[cell] is None, f"{label}/{cell} pénalisé deux fois : {found[cell]!r}"
