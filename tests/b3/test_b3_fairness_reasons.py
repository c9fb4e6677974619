"""The bloc 3 fairness catalogue's wrong answers fail for the right reason (in-process, no nbgrader).

The batched autograde (``test_b3_epreuves_nbgrader.py``) proves each wrong answer
loses its cells' points; here the same packed copies run in-process (the answers of a
copy cannot influence each other's cells): each answer's own cell must run without error (a crash would lose the points for another reason than the
error it stands for) and each cell it targets must fail on an assertion with a French
message, not on a ``KeyError`` or a ``NameError``.
"""

from __future__ import annotations

import matplotlib
import nbformat
import pytest
from b3_fairness import (
    OFFRE,
    ORAL,
    ROOT,
    check_reasons,
    outcomes,
    replaced,
    wrong_groups,
)

matplotlib.use("Agg")

CASES = [(assignment, number) for assignment in (OFFRE, ORAL) for number in range(len(wrong_groups(assignment)))]


@pytest.mark.parametrize(("assignment", "number"), CASES, ids=[f"{a}_{n + 1}" for a, n in CASES])
def test_wrong_answers_fail_their_cells_on_a_french_assertion(assignment, number):
    folder = ROOT / "source" / assignment
    nb = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    group = wrong_groups(assignment)[number]
    found = outcomes(folder, replaced(nb, {region: wrong.code for _label, region, wrong in group}))
    check_reasons(found, group)
