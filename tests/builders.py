"""Throwaway notebooks and courses built in code for the tests (nbformat v4 helpers)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
from nbformat import v4

from cpmc_course.grading.notebook import nbgrader_meta  # the tests read cell metadata as the package does

ROOT = Path(__file__).resolve().parent.parent
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
CODE_STUB = 'raise NotImplementedError("Complétez cette cellule'
"""How the French stub of a solution code cell starts (``ClearSolutions.code_stub`` in nbgrader_config.py)."""


def _nbg(**kw) -> dict:
    base = {"solution": False, "grade": False, "locked": False, "task": False, "schema_version": 3}
    base.update(kw)
    return base


def solution(grade_id: str, body: str, question: str = "# Votre calcul") -> nbformat.NotebookNode:
    """A code cell the student fills in."""
    cell = v4.new_code_cell(f"{question}\n### BEGIN SOLUTION\n{body}\n### END SOLUTION")
    cell.metadata["nbgrader"] = _nbg(solution=True, grade_id=grade_id)
    return cell


def graded_test(grade_id: str, body: str, points: float, tags: list[str]) -> nbformat.NotebookNode:
    """An autograded test cell."""
    cell = v4.new_code_cell(body)
    cell.metadata["nbgrader"] = _nbg(grade=True, locked=True, points=points, grade_id=grade_id)
    cell.metadata["tags"] = list(tags)
    return cell


def manual(grade_id: str, text: str, points: float, tags: list[str]) -> nbformat.NotebookNode:
    """A written answer graded by hand."""
    cell = v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = _nbg(solution=True, grade=True, points=points, grade_id=grade_id)
    cell.metadata["tags"] = list(tags)
    return cell


def task(grade_id: str, text: str, points: float, tags: list[str]) -> nbformat.NotebookNode:
    """A manually graded task cell."""
    cell = v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = _nbg(task=True, locked=True, points=points, grade_id=grade_id)
    cell.metadata["tags"] = list(tags)
    return cell


def notebook(cells, bloc: str | None = "B5") -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNEL)
    if bloc is not None:
        nb.metadata["cpmc"] = {"bloc": bloc}
    nb.cells = [v4.new_markdown_cell("# Exercice")] + list(cells)
    return nb


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def small_assignment() -> nbformat.NotebookNode:
    """Bloc 5 assignment: two autograded questions (2 + 3 points) and one written answer (5 points).

    Criteria: CE35 ← taux (2) + leads (3) ; CE36 ← synthese (5) ; CE33 ← leads (3).
    """
    return notebook([
        solution("b5_taux_calc", "taux = 12 / 48"),
        graded_test("b5_taux_conversion", "# Vérifie le taux de conversion\nassert abs(taux - 0.25) < 1e-9, \"Le taux attendu est 12 / 48.\"", 2, ["CE35", "C35"]),
        solution("b5_leads_calc", "leads = [3, 5, 4]\ntotal_leads = sum(leads)"),
        graded_test("b5_total_leads", "# Vérifie le total des leads\nassert total_leads == 12, \"Additionnez les leads de chaque canal.\"", 3, ["CE35", "CE33", "C34"]),
        manual("b5_synthese", "Le canal e-mail convertit le mieux.\n\nGrille de correction : 5 points.", 5, ["CE36", "C36"]),
    ])


def make_course(root: Path, assignment: str = "b5_test", nb=None) -> Path:
    """A course root with the project's nbgrader configuration and one source assignment."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    write(nb if nb is not None else small_assignment(), root / "source" / assignment / "exercice.ipynb")
    return root


SMALL_CELLS = (("b5_taux_conversion", 2, "code"), ("b5_total_leads", 3, "code"), ("b5_synthese", 5, "markdown"))
"""Graded cells of :func:`small_assignment` as nbgrader registers them (grade_id, points, cell type)."""


def graded_course(root: Path, students: list[str], grades: dict, submitted: list[str] | None = None) -> Path:
    """:func:`make_course` with a gradebook filled through nbgrader's API.

    ``grades`` maps (student, grade_id) to (auto_score, manual_score,
    needs_manual_grade) on the cells of :func:`small_assignment`; ``submitted``
    (default: every student named in ``grades``) hand in a copy.
    """
    from nbgrader.api import Gradebook
    from cpmc_course.gradebook import db_url

    make_course(root)
    gb = Gradebook(db_url(root))
    gb.add_assignment("b5_test")
    gb.add_notebook("exercice", "b5_test")
    for grade_id, points, cell_type in SMALL_CELLS:
        gb.add_grade_cell(grade_id, "exercice", "b5_test", max_score=points, cell_type=cell_type)
    for student in students:
        gb.add_student(student, first_name=student.upper(), last_name="Test")
    for student in submitted if submitted is not None else sorted({s for s, _ in grades}):
        gb.add_submission("b5_test", student)
    for (student, grade_id), (auto, manual, needs) in grades.items():
        g = gb.find_grade(grade_id, "exercice", "b5_test", student)
        g.auto_score, g.manual_score, g.needs_manual_grade = auto, manual, needs
    gb.db.commit()
    gb.close()
    return root


def solution_code_cells(nb) -> list[str]:
    """grade_ids of the code cells a student fills in."""
    return [nbgrader_meta(c)["grade_id"] for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]


def auto_cells(nb) -> list[str]:
    """grade_ids of the automatically graded test cells (graded, not a solution)."""
    return [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")]


def submit(course: Path, student: str, assignment: str, notebooks: dict) -> None:
    """Hand in ``notebooks`` (file name or stem → notebook) as ``student``'s copy of ``assignment``."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / (name if name.endswith(".ipynb") else f"{name}.ipynb"))


def stubbed(source_nb, release_nb, grade_id: str):
    """The solution notebook with one solution code cell replaced by its release stub (a mutant copy)."""
    stub = next(c for c in release_nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)
    variant = copy.deepcopy(source_nb)
    cell = next(c for c in variant.cells if nbgrader_meta(c).get("grade_id") == grade_id)
    assert "### BEGIN SOLUTION" in cell.source and CODE_STUB in stub.source
    cell.source = stub.source
    return variant


def run_source_notebook(path: Path) -> tuple[dict, nbformat.NotebookNode]:
    """Execute every code cell of a source notebook (solutions and hidden tests) in one namespace, in its folder.

    Prints are swallowed and figures drawn off-screen, then closed. Returns the namespace and the notebook.
    """
    import contextlib
    import io
    import os

    import matplotlib

    matplotlib.use("Agg")
    nb = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for c in nb.cells:
                if c.cell_type == "code":
                    exec(compile(c.source, f"{path.name}:{c.metadata['nbgrader']['grade_id']}", "exec"), namespace)
    finally:
        os.chdir(cwd)
        import matplotlib.pyplot as plt

        plt.close("all")
    return namespace, nb


def formgrader_page(course: Path, assignment: str, student: str, notebook: str = "exercice") -> str:
    """The formgrader's page of one autograded notebook, rendered with the configuration the extension loads (raw HTML)."""
    import os

    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension

    previous = os.getcwd()
    os.chdir(course)  # JupyterLab is started from the course root
    try:
        extension = FormgradeExtension()
        extension.initialize([])  # nbgrader's own configuration path: its defaults, then nbgrader_config.py
        exporter = HTMLExporter(config=extension.config)
        resources = {"assignment_id": assignment, "notebook_id": notebook, "submission_id": "x", "index": 0, "total": 3,
                     "base_url": "", "student": student, "last_name": "", "first_name": "", "notebook_path": "x"}
        page, _ = exporter.from_filename(str(course / "autograded" / student / assignment / f"{notebook}.ipynb"),
                                         resources=resources)  # in the course root, as the formgrader renders
    finally:
        os.chdir(previous)
        FormgradeExtension.clear_instance()
    return page
