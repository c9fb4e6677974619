"""Paths and notebook helpers shared by the bloc 2 tests."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "case_studies" / "b2_nettalpe"
ASSIGNMENT = "b2_plan_actions_commerciales"
SOURCE = REPO / "source" / ASSIGNMENT
RELEASE = REPO / "release" / ASSIGNMENT
NOTEBOOK = "plan_actions_commerciales"
GENERATOR = CASE / "generate_data.py"


def source_notebook() -> nbformat.NotebookNode:
    return nbformat.read(SOURCE / f"{NOTEBOOK}.ipynb", as_version=4)


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def cell_source(grade: str) -> str:
    """The source of the cell with this grade_id in the solution notebook."""
    return next(c.source for c in source_notebook().cells if grade_id(c) == grade)


def run_solution() -> dict:
    """Execute the solution's code cells in-process (hidden tests included); return the namespace."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    namespace: dict = {"display": lambda *args, **kwargs: None}
    previous = Path.cwd()
    os.chdir(SOURCE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cell in source_notebook().cells:
                if cell.cell_type == "code":
                    exec(compile(cell.source, grade_id(cell), "exec"), namespace)
    finally:
        os.chdir(previous)
    return namespace
