"""The bloc 1 épreuve through real nbgrader, in one throwaway course graded in one call.

Submissions: the solution (source) must score every automatic point, the blank
release none, and for every solution code cell a copy of the solution whose only
change is that cell replaced by its release stub must lose automatic points (a
variant holds only the notebook it changes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from cpmc_course import pipeline
from cpmc_course.gradebook import db_url, read_grades
from builders import nbgrader_meta as _meta, stubbed as _stubbed
from fairness_catalogue import copies as fairness_copies, with_regions

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "b1_plan_marketing"
SOURCE = ROOT / "source" / ASSIGNMENT
NOTEBOOKS = sorted(p.stem for p in SOURCE.glob("*.ipynb"))
AUTO_POINTS = 23

pytestmark = pytest.mark.nbgrader


def _auto_cells(nb) -> dict[str, float]:
    return {_meta(c)["grade_id"]: _meta(c)["points"] for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(sources, variants, grades by (student, notebook, grade_id)) after one autograde call."""
    course = tmp_path_factory.mktemp("cours_b1")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOURCE, course / "source" / ASSIGNMENT)
    pipeline.release(course, [ASSIGNMENT])
    sources = {n: nbformat.read(SOURCE / f"{n}.ipynb", as_version=4) for n in NOTEBOOKS}
    releases = {n: nbformat.read(course / "release" / ASSIGNMENT / f"{n}.ipynb", as_version=4) for n in NOTEBOOKS}

    def submit(student: str, notebooks: dict) -> None:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / f"{name}.ipynb")

    submit("solution", sources)
    submit("vierge", releases)
    variants: dict[str, tuple[str, str]] = {}
    for name in NOTEBOOKS:
        for cell in sources[name].cells:
            meta = _meta(cell)
            if cell.cell_type == "code" and meta.get("solution"):
                student = "sans_" + meta["grade_id"].removeprefix("b1_").removesuffix("_reponse")
                variants[student] = (name, meta["grade_id"])
                submit(student, {name: _stubbed(sources[name], releases[name], meta["grade_id"])})
    # the fairness catalogue, in the same batch: answers written another way, plausible errors
    for student, notebooks in fairness_copies().items():
        submit(student, {name: with_regions(sources[name], lambda c: _meta(c).get("grade_id"), regions)
                         for name, (regions, _) in notebooks.items()})
    outcomes = pipeline.autograde(course, [ASSIGNMENT], jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [(o.student_id, o.reason) for o in outcomes if not o.ok]
    grades = {(g.student_id, g.notebook, g.grade_id): g for g in read_grades(db_url(course))}
    return sources, variants, grades


def _auto_score(grades, sources, student: str, notebooks=NOTEBOOKS) -> float:
    return sum(
        grades[(student, name, gid)].score or 0.0
        for name in notebooks
        for gid in _auto_cells(sources[name])
        if (student, name, gid) in grades
    )


def test_solution_scores_every_automatic_point(graded):
    sources, _, grades = graded
    total = sum(sum(_auto_cells(sources[n]).values()) for n in NOTEBOOKS)
    assert total == AUTO_POINTS
    assert _auto_score(grades, sources, "solution") == total
    for name in NOTEBOOKS:
        for cell in sources[name].cells:
            meta = _meta(cell)
            if meta.get("grade") and meta.get("solution"):
                assert grades[("solution", name, meta["grade_id"])].pending, f"{meta['grade_id']} waits for manual grading"


def test_blank_release_scores_zero(graded):
    sources, _, grades = graded
    assert _auto_score(grades, sources, "vierge") == 0


def test_every_solution_region_is_necessary(graded):
    sources, variants, grades = graded
    assert len(variants) == 17
    for student, (name, grade_id) in variants.items():
        full = sum(_auto_cells(sources[name]).values())
        scored = _auto_score(grades, sources, student, [name])
        assert scored < full, f"replacing {grade_id} by its stub still scores {scored}/{full}"


@pytest.mark.parametrize("student", sorted(fairness_copies()))
def test_fairness_catalogue(graded, student):
    """Correct answers written another way keep every point; each plausible error loses the points it targets."""
    sources, _, grades = graded
    for name, (_, verdicts) in fairness_copies()[student].items():
        for gid, points in _auto_cells(sources[name]).items():
            score = grades[(student, name, gid)].score or 0.0
            verdict = verdicts.get(gid, "plein" if student.startswith("juste") else None)
            if verdict == "plein":
                assert score == points, f"{student}, {gid}: {score}/{points} for a right answer"
            elif verdict == "perdu":
                assert score < points, f"{student}, {gid}: a wrong answer keeps {score}/{points}"
