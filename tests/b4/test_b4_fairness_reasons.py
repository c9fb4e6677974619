"""The bloc 4 fairness catalogue in-process (no nbgrader): right copies pass every cell, wrong ones fail for the right reason.

The batched autograde (``test_b4_assignment_nbgrader.py``) proves the points; here the
same copies run in-process: every test cell of a correct copy passes, each wrong
answer's own cell runs without error (a crash would lose the points for another reason
than the error it stands for) and each cell it targets fails on an assertion with a
French message, never on a ``KeyError`` or a ``NameError``.
"""

from __future__ import annotations

import matplotlib
import pytest
from b4_fairness import (
    ROOT,
    check_reasons,
    correct_answers,
    notebooks,
    outcomes,
    replaced,
    source,
    wrong_groups,
)

matplotlib.use("Agg")

CASES = [(a, n, k) for a, n in notebooks() for k in range(len(wrong_groups(a, n)))]


@pytest.mark.parametrize(("assignment", "notebook"), notebooks())
@pytest.mark.parametrize("which", ["a", "b"])
def test_correct_variants_pass_every_cell(assignment, notebook, which):
    nb = replaced(source(assignment, notebook), correct_answers(assignment, notebook, which))
    found = outcomes(ROOT / "source" / assignment, nb)
    assert not {g: e for g, e in found.items() if e is not None}


@pytest.mark.parametrize(("assignment", "notebook", "number"), CASES, ids=[f"{n}_{k + 1}" for _a, n, k in CASES])
def test_wrong_answers_fail_their_cells_on_a_french_assertion(assignment, notebook, number):
    group = wrong_groups(assignment, notebook)[number]
    nb = replaced(source(assignment, notebook), {region: wrong.code for _label, region, wrong in group})
    found = outcomes(ROOT / "source" / assignment, nb)
    check_reasons(found, group)
