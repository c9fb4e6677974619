"""The bloc 5 assignment through real nbgrader, in a throwaway course directory.

One ``pipeline.release`` and one ``pipeline.autograde(course, jobs=2)`` call grade
every submission at once (grades read back with ``cpmc_course.gradebook.read_grades``): the solution (source) must score every automatic point, the blank release
must score none, and for every solution code cell, a copy of the solution whose
only change is that cell replaced by its release stub must lose points.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from builders import nbgrader_meta as _meta, solution_code_cells as _solution_code_cells, stubbed as _stubbed

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "b5_donnees_marketing"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT
NOTEBOOKS = sorted(p.stem for p in SOURCE.glob("*.ipynb"))

pytestmark = pytest.mark.nbgrader


def _auto_cells(nb) -> list[str]:
    return [_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]


def _variant_id(grade_id: str) -> str:
    return "sans_" + grade_id.removeprefix("b5_").removesuffix("_reponse")


class _Grades:
    """Grades read once from the gradebook through cpmc_course.gradebook, looked up like nbgrader's."""

    def __init__(self, course: Path):
        from cpmc_course.gradebook import db_url, read_grades

        self._by_key = {(g.student_id, g.notebook, g.grade_id): g for g in read_grades(db_url(course))}

    def find_grade(self, grade_id: str, notebook: str, assignment: str, student: str):
        assert assignment == ASSIGNMENT
        return self._by_key[(student, notebook, grade_id)]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Throwaway course after one release and one batched autograde; yields (course, grades, sources, variants).

    Submissions: the solution, the blank release, and one copy per solution code
    cell holding only the notebook it changes (the solution with that cell
    replaced by its stub), all graded by one call of ``pipeline.autograde``.
    """
    from cpmc_course import pipeline

    course = tmp_path_factory.mktemp("cours_b5")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOURCE, course / "source" / ASSIGNMENT)
    pipeline.release(course, [ASSIGNMENT])

    def submit(student: str, notebooks: dict[str, nbformat.NotebookNode]) -> None:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / f"{name}.ipynb")

    sources = {n: nbformat.read(SOURCE / f"{n}.ipynb", as_version=4) for n in NOTEBOOKS}
    releases = {n: nbformat.read(course / "release" / ASSIGNMENT / f"{n}.ipynb", as_version=4) for n in NOTEBOOKS}
    submit("solution", sources)
    submit("vierge", releases)
    variants: dict[str, tuple[str, str]] = {}
    for name in NOTEBOOKS:
        for grade_id in _solution_code_cells(sources[name]):
            student = _variant_id(grade_id)
            variants[student] = (name, grade_id)
            submit(student, {name: _stubbed(sources[name], releases[name], grade_id)})
    outcomes = pipeline.autograde(course, [ASSIGNMENT], jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok]
    yield course, _Grades(course), sources, variants


def _auto_score(gradebook, source_nb, name: str, student: str) -> tuple[float, float]:
    scored = total = 0.0
    for grade_id in _auto_cells(source_nb):
        grade = gradebook.find_grade(grade_id, name, ASSIGNMENT, student)
        scored += grade.score or 0.0
        total += grade.max_score
    return scored, total


def test_release_in_temp_dir_matches_committed_release(graded):
    course, _, _, _ = graded
    for name in NOTEBOOKS:
        fresh = nbformat.read(course / "release" / ASSIGNMENT / f"{name}.ipynb", as_version=4)
        committed = nbformat.read(RELEASE / f"{name}.ipynb", as_version=4)
        assert fresh.metadata == committed.metadata
        assert len(fresh.cells) == len(committed.cells), name
        for new, old in zip(fresh.cells, committed.cells):
            assert (new.cell_type, new.source, new.metadata) == (old.cell_type, old.source, old.metadata), (
                f"{name}: release/ is stale, run `nbgrader generate_assignment {ASSIGNMENT} --force`"
            )
    committed_files = sorted(p.relative_to(RELEASE).as_posix() for p in RELEASE.rglob("*") if p.is_file())
    fresh_root = course / "release" / ASSIGNMENT
    fresh_files = sorted(p.relative_to(fresh_root).as_posix() for p in fresh_root.rglob("*") if p.is_file())
    assert committed_files == fresh_files


def test_solution_scores_every_automatic_point(graded):
    _, gradebook, sources, _ = graded
    total_auto = 0.0
    for name in NOTEBOOKS:
        scored, total = _auto_score(gradebook, sources[name], name, "solution")
        assert scored == total > 0, f"{name}: the solution scores {scored}/{total}"
        total_auto += total
        for cell in sources[name].cells:
            meta = _meta(cell)
            if meta.get("grade") and meta.get("solution"):
                grade = gradebook.find_grade(meta["grade_id"], name, ASSIGNMENT, "solution")
                assert grade.pending, f"{meta['grade_id']} should wait for manual grading"
    assert total_auto == 43


def test_blank_release_scores_zero(graded):
    _, gradebook, sources, _ = graded
    for name in NOTEBOOKS:
        scored, total = _auto_score(gradebook, sources[name], name, "vierge")
        assert total > 0 and scored == 0, f"{name}: the blank release scores {scored}/{total}"


def test_every_solution_cell_is_needed(graded):
    _, gradebook, sources, variants = graded
    expected = sum(len(_solution_code_cells(nb)) for nb in sources.values())
    assert len(variants) == expected >= 20
    kept = []
    for student, (name, grade_id) in sorted(variants.items()):
        scored, total = _auto_score(gradebook, sources[name], name, student)
        if scored >= total:
            kept.append(grade_id)
    assert not kept, f"replacing these solution cells by the stub costs no point: {kept}"
