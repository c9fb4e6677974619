"""The bloc 2 épreuve through real nbgrader, in one throwaway course graded in one call.

Submissions: the solution (source) must score every automatic point, the blank
release none, and for every solution code cell a copy of the solution whose only
change is that cell replaced by its release stub must lose the points of that
cell's tests and of no other (no double penalty: a blank ABC answer costs only the
ABC points, a blank 5.1 answer only its 2 points). The fairness catalogue (``b2_fairness.VARIANTS``: correct variants keep
every point, plausible wrong answers lose exactly the cells they name) is graded in
the same batch. All of them are graded by one ``cpmc_course.pipeline.autograde(course,
jobs=2)`` call.
"""

from __future__ import annotations

import copy
import shutil

import nbformat
import pytest

from b2_fairness import OWN_TESTS, REGION_TESTS, VARIANTS, packed_copies
from b2_paths import ASSIGNMENT, NOTEBOOK, REPO, SOURCE
from builders import CODE_STUB
from cpmc_course import pipeline
from cpmc_course.gradebook import db_url, read_grades

pytestmark = pytest.mark.nbgrader


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _solution_code_cells(nb) -> list[str]:
    return [_meta(c)["grade_id"] for c in nb.cells if c.cell_type == "code" and _meta(c).get("solution")]


def _auto_cells(nb) -> dict[str, float]:
    return {_meta(c)["grade_id"]: _meta(c)["points"] for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("cours_b2")
    shutil.copy2(REPO / "nbgrader_config.py", course)
    shutil.copytree(SOURCE, course / "source" / ASSIGNMENT)
    pipeline.release(course, [ASSIGNMENT])
    source = nbformat.read(SOURCE / f"{NOTEBOOK}.ipynb", as_version=4)
    blank = nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)

    def submit(student: str, nb) -> None:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")

    submit("solution", source)
    submit("vierge", blank)
    variants = {}
    for grade_id in _solution_code_cells(source):
        stub = next(c for c in blank.cells if _meta(c).get("grade_id") == grade_id)
        variant = copy.deepcopy(source)
        cell = next(c for c in variant.cells if _meta(c).get("grade_id") == grade_id)
        assert "### BEGIN SOLUTION" in cell.source and CODE_STUB in stub.source
        cell.source = stub.source
        student = "sans_" + grade_id.removeprefix("b2_").removesuffix("_reponse")
        variants[student] = grade_id
        submit(student, variant)
    for number, packed in enumerate(packed_copies(), start=1):
        variant = copy.deepcopy(source)
        for entry in packed.values():
            cell = next(c for c in variant.cells if _meta(c).get("grade_id") == entry.region)
            start, end = cell.source.index("### BEGIN SOLUTION"), cell.source.index("### END SOLUTION")
            cell.source = cell.source[:start] + entry.code + cell.source[end + len("### END SOLUTION"):]
        submit(f"catalogue_{number}", variant)
    outcomes = pipeline.autograde(course, [ASSIGNMENT], jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [(o.student_id, o.reason) for o in outcomes if not o.ok]
    grades = read_grades(db_url(course))
    yield source, variants, grades


def _auto_score(grades, source, student: str) -> tuple[float, float]:
    auto = _auto_cells(source)
    mine = [g for g in grades if g.student_id == student and g.grade_id in auto]
    assert len(mine) == len(auto), f"{student}: {len(mine)} automatic grades for {len(auto)} cells"
    return sum(g.score for g in mine), sum(g.max_score for g in mine)


def test_solution_scores_every_automatic_point(graded):
    source, _, grades = graded
    scored, total = _auto_score(grades, source, "solution")
    assert scored == total == 35
    manual = [g for g in grades if g.student_id == "solution" and g.grade_id not in _auto_cells(source)]
    assert len(manual) == 15 and all(g.pending for g in manual), "written answers wait for the instructor"
    assert sum(g.max_score for g in grades if g.student_id == "solution") == 100


def test_blank_release_scores_zero(graded):
    source, _, grades = graded
    scored, total = _auto_score(grades, source, "vierge")
    assert total == 35 and scored == 0


def test_every_solution_cell_is_needed(graded):
    source, variants, grades = graded
    assert len(variants) == len(_solution_code_cells(source)) == 13
    kept = [grade_id for student, grade_id in variants.items() if _auto_score(grades, source, student)[0] >= 35]
    assert not kept, f"replacing these solution cells by the stub costs no point: {kept}"


def _lost(grades, source, student: str) -> set[str]:
    auto = _auto_cells(source)
    mine = {g.grade_id: g for g in grades if g.student_id == student and g.grade_id in auto}
    assert len(mine) == len(auto), f"{student}: {len(mine)} automatic grades for {len(auto)} cells"
    return {grade_id for grade_id, g in mine.items() if g.score < g.max_score}


def test_a_blank_region_costs_only_its_own_cells(graded):
    source, variants, grades = graded
    assert set(variants.values()) == set(REGION_TESTS)
    for student, region in variants.items():
        assert _lost(grades, source, student) == REGION_TESTS[region], student
    assert _auto_score(grades, source, "sans_classes_abc")[0] == 35 - 3, "a blank ABC answer costs its 3 points only"
    assert _auto_score(grades, source, "sans_taille_force_vente")[0] == 35 - 2, "a blank 5.1 answer costs its 2 points only"
    assert _auto_score(grades, source, "sans_planning")[0] == 35 - 3, "blank early dates cost their 3 points only"


def test_fairness_catalogue_covers_every_automatic_cell():
    source = nbformat.read(SOURCE / f"{NOTEBOOK}.ipynb", as_version=4)
    for cell in _auto_cells(source):
        right = [v for v in VARIANTS if not v.fails and cell in OWN_TESTS[v.region]]
        wrong = [v for v in VARIANTS if cell in v.fails]
        assert len(right) >= 2 and len(wrong) >= 2, f"{cell}: {len(right)} correct, {len(wrong)} wrong variants"
    assert len({v.student for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.student)
def test_fairness_variant_scores_as_expected(graded, variant):
    source, _, grades = graded
    copies = packed_copies()
    number = next(n for n, packed in enumerate(copies, start=1) if packed.get(variant.region) == variant)
    lost = _lost(grades, source, f"catalogue_{number}")
    assert lost <= set().union(*(REGION_TESTS[region] for region in copies[number - 1])), "a point lost elsewhere"
    assert lost & OWN_TESTS[variant.region] == set(variant.fails)
