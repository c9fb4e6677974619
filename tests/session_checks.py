"""Checks shared by the session tests of every bloc (``tests/test_sessions_b*.py``).

``stub_groups`` packs a notebook's stubbed solution regions into copies where no two
stubs can influence each other's test cells (``cell_dependencies``), so one autograde
run proves every region necessary; ``auto_score`` sums a copy's automatic points.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from builders import CODE_STUB, auto_cells, nbgrader_meta, solution_code_cells
from cell_dependencies import independent_groups, reached_by_edit


def stub_groups(source, release) -> list[list[tuple[str, list[str]]]]:
    """The notebook's solution code cells, stubbed, packed in groups that cannot influence each other (cell_dependencies).

    Each group is one copy; a stub's watched cells are the automatic test cells it
    can influence, and no other stub of its copy reaches them or its own cell, so they
    grade as in a copy holding that stub alone (where only they can lose points).
    Returns, per group, (stubbed grade_id, watched grade_ids).
    """
    code = [c for c in source.cells if c.cell_type == "code"]
    ids = [nbgrader_meta(c).get("grade_id") for c in code]
    stubs = {nbgrader_meta(c).get("grade_id"): c.source for c in release.cells}
    auto = set(auto_cells(source))
    edits = {}
    for grade_id in solution_code_cells(source):
        i = ids.index(grade_id)
        assert "### BEGIN SOLUTION" in code[i].source and CODE_STUB in stubs[grade_id]
        watched = [j for j in reached_by_edit([c.source for c in code], i, stubs[grade_id]) if ids[j] in auto]
        edits[grade_id] = (i, stubs[grade_id], watched)
    groups = independent_groups([c.source for c in code], edits)
    return [[(gid, [ids[j] for j in edits[gid][2]]) for gid in group] for group in groups]


def auto_score(grades, course: Path, student: str, assignment: str, name: str) -> tuple[float, float]:
    source = nbformat.read(course / "source" / assignment / name, as_version=4)
    scored = total = 0.0
    for grade_id in auto_cells(source):
        grade = grades[(student, assignment, name.removesuffix(".ipynb"), grade_id)]
        scored += grade.score or 0.0
        total += grade.max_score
    return scored, total
