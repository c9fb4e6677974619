"""Run a source notebook's code in-process (solution state) to check its test cells against chosen answers."""

from __future__ import annotations

from pathlib import Path

from builders import run_source_notebook


def grade_cells(nb) -> dict[str, str]:
    """grade_id → source of every autograded test cell."""
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    }


def run_solution(path: Path) -> dict:
    """Namespace after executing every code cell of the solution notebook, in its folder."""
    return run_source_notebook(path)[0]


def passes(test_source: str, namespace: dict, **answers) -> bool:
    """True when the test cell passes with these answers put in (a copy of) the namespace."""
    ns = dict(namespace)
    ns.update(answers)
    try:
        exec(compile(test_source, "test", "exec"), ns)
    except AssertionError:
        return False
    return True
