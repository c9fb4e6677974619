"""The bloc 3 fairness catalogue's wrong answers fail for the right reason (in-process, no nbgrader).

The batched autograde (``test_b3_epreuves_nbgrader.py``) proves each wrong answer
loses its cells' points; here each wrong answer runs alone, in-process: its own cell
must run without error (a crash would lose the points for another reason than the
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
from b3_fairness import CATALOGUE, ROOT, replaced

matplotlib.use("Agg")

CASES = [(gid, k, wrong) for gid, region in CATALOGUE.items() for k, wrong in enumerate(region.wrong, start=1)]


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


@pytest.mark.parametrize(("region", "number", "wrong"), CASES, ids=[f"{g}_{k}" for g, k, _ in CASES])
def test_wrong_answer_fails_its_cells_on_a_french_assertion(region, number, wrong):
    folder = ROOT / "source" / CATALOGUE[region].assignment
    nb = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    found = _outcomes(folder, replaced(nb, {region: wrong.code}))
    assert found[region] is None, f"la mauvaise réponse {number} plante : {found[region]!r}"
    for cell in wrong.fails:
        error = found[cell]
        assert isinstance(error, AssertionError) and str(error), f"{cell} : {error!r}"
    for cell in wrong.keeps:
        assert found[cell] is None, f"{cell} pénalisé deux fois : {found[cell]!r}"
