"""What the session tests of every bloc share (``tests/test_sessions_b*.py``).

A bloc's session test builds one ``cpmc init`` course holding its sessions
(``session_course``), hands in for each session the solution, the blank release
and — for the mutated session — the solution with its regions replaced by their
stubs (``session_copies``: stubs that cannot influence each other's test cells
share a copy, ``cell_dependencies``), grades everything in ONE autograde run
(``grade_all``; ``grade_sessions`` does all three) and checks that the solution scores every automatic point, the
blank release none (``auto_score``) and that every region removed costs points
(``free_removals``).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from builders import CODE_STUB, auto_cells, nbgrader_meta, solution_code_cells, stubbed
from cell_dependencies import independent_groups, reached_by_edit

from cpmc_course.cli import main

Copies = dict[str, dict[str, nbformat.NotebookNode]]
"""student → notebook file name → the notebook handed in."""


@dataclass(frozen=True)
class Removal:
    """A solution region replaced by its stub: the copy holding it and the automatic cells it can influence."""

    student: str
    notebook: str
    watched: tuple[str, ...]


def session_course(tmp_path_factory, bloc: str, seeds: dict[str, int]) -> Path:
    """A fresh ``cpmc init`` course holding one session per seed of ``bloc``, created through the CLI."""
    root = tmp_path_factory.mktemp(f"sessions_{bloc.lower()}") / "cours"
    assert main(["init", str(root)]) == 0
    for name, seed in seeds.items():
        assert main(["--course-dir", str(root), "session", "creer", name, "--graine", str(seed), "--blocs", bloc]) == 0
    return root


def read(course: Path, kind: str, assignment: str, name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` of ``assignment`` in the course's ``source`` or ``release`` folder."""
    return nbformat.read(course / kind / assignment / name, as_version=4)


def session_copies(course: Path, assignment: str, names, mutated: bool) -> tuple[Copies, dict[tuple[str, str], Removal]]:
    """The solution and blank copies of ``assignment``, and if ``mutated`` its packed stub copies and their removals."""
    sources = {n: read(course, "source", assignment, n) for n in names}
    releases = {n: read(course, "release", assignment, n) for n in names}
    copies: Copies = {"solution": sources, "vierge": releases}
    removals: dict[tuple[str, str], Removal] = {}
    for name in names if mutated else ():
        for k, group in enumerate(stub_groups(sources[name], releases[name]), start=1):
            notebook = sources[name]
            for grade_id, watched in group:
                notebook = stubbed(notebook, releases[name], grade_id)
                removals[(grade_id, assignment)] = Removal(f"sans_{k}", name, tuple(watched))
            copies.setdefault(f"sans_{k}", {})[name] = notebook
    return copies, removals


def hand_in(course: Path, student: str, assignment: str, notebooks: dict) -> None:
    """Hand in ``notebooks`` with the release's folders beside them (``data/``…), as a student's folder holds them."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / name)
    for extra in (course / "release" / assignment).iterdir():
        if extra.is_dir():
            shutil.copytree(extra, folder / extra.name)


def grade_all(course: Path, copies: dict[str, Copies]) -> dict:
    """Hand in every copy (assignment → copies) and grade them in one autograde run.

    Returns the grades by (student, assignment, notebook stem, grade_id).
    """
    from cpmc_course import pipeline
    from cpmc_course.gradebook import db_url, read_grades

    for assignment, by_student in copies.items():
        for student, notebooks in by_student.items():
            hand_in(course, student, assignment, notebooks)
    outcomes = pipeline.autograde(course, list(copies), jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok]
    return {(g.student_id, g.assignment, g.notebook, g.grade_id): g for g in read_grades(db_url(course))}


def grade_sessions(course: Path, notebooks: dict[str, list[str]], mutated: set[str],
                   extra: dict[str, Copies] | None = None) -> tuple[dict, dict[tuple[str, str], Removal]]:
    """Every assignment's solution and blank copies (assignment → its notebook names), the stubbed copies of the
    ``mutated`` assignments and any ``extra`` copies, graded in one run: (grades, removals)."""
    copies: dict[str, Copies] = {}
    removals: dict[tuple[str, str], Removal] = {}
    for assignment, names in notebooks.items():
        copies[assignment], found = session_copies(course, assignment, names, assignment in mutated)
        copies[assignment] |= (extra or {}).get(assignment, {})
        removals |= found
    return grade_all(course, copies), removals


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
    """The automatic points ``student``'s copy of notebook ``name`` scored, and the notebook's automatic total."""
    scored = total = 0.0
    for grade_id in auto_cells(read(course, "source", assignment, name)):
        grade = grades[(student, assignment, name.removesuffix(".ipynb"), grade_id)]
        scored += grade.score or 0.0
        total += grade.max_score
    return scored, total


def free_removals(grades, removals: dict[tuple[str, str], Removal], assignment: str) -> list[str]:
    """The regions of ``assignment`` whose replacement by the stub costs no point on the cells it can influence."""
    free = []
    for (grade_id, owner), removal in removals.items():
        if owner != assignment:
            continue
        cells = [grades[(removal.student, assignment, removal.notebook.removesuffix(".ipynb"), w)] for w in removal.watched]
        if sum(g.score or 0.0 for g in cells) >= sum(g.max_score for g in cells):
            free.append(grade_id)
    return free
