"""Run the bloc 4 source notebooks in-process (solutions and hidden tests) for the number tests."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat

from builders import run_source_notebook

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "source" / "b4_projet_web_equipe"
INDIVIDUAL = ROOT / "source" / "b4_projet_web_individuel"
REFERENCE_ALLOCATION = {
    "A": "Sophie Arnaud", "B": "Sophie Arnaud", "M": "Sophie Arnaud", "N": "Sophie Arnaud", "D": "Camille Faure",
    "L": "Camille Faure", "E": "Julien Morel", "F": "Nadia Benali", "J": "Nadia Benali", "H": "Thomas Roux",
    "I": "Léa Perrin", "K": "Marc Delorme",
}
"""The allocation of the model answer (the one that fits skills and availabilities)."""


def cell(nb, grade_id: str):
    """The cell with this grade_id."""
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def run(path: Path) -> tuple[dict, nbformat.NotebookNode]:
    """Execute every code cell of a source notebook (solutions, hidden tests) in one namespace."""
    return run_source_notebook(path)


def passes(nb, namespace: dict, grade_id: str, **changes) -> bool:
    """Whether the test cell ``grade_id`` (hidden tests included) passes with some variables changed."""
    trial = dict(namespace)
    trial.update(changes)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cell(nb, grade_id).source, grade_id, "exec"), trial)
    except AssertionError:
        return False
    return True
