"""The three bloc 3 assignments through real nbgrader, in ONE throwaway course and ONE autograde call.

Submissions: the solution and the blank release of each assignment and the
fairness catalogue's copies. The solution must score every automatic point, the
blank release none, and the jury's grid (all manual) must wait for the jury on
every cell. That every solution region is needed is checked on a generated
session (``tests/test_sessions_b3.py``, seed 12345: same notebooks, other data),
not again here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from b3_fairness import CATALOGUE, correct_answers, replaced, wrong_groups

from cpmc_course import pipeline
from cpmc_course.gradebook import db_url, read_grades

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = {
    "b3_offre_relation_client": "offre_relation_client",
    "b3_oral_resolution_probleme": "preparation_groupe",
    "b3_oral_grille_jury": "grille_jury",
}
AUTO_POINTS = {"b3_offre_relation_client": 27, "b3_oral_resolution_probleme": 17, "b3_oral_grille_jury": 0}
TOTAL_POINTS = {"b3_offre_relation_client": 100, "b3_oral_resolution_probleme": 40, "b3_oral_grille_jury": 100}

pytestmark = pytest.mark.nbgrader

OFFRE, ORAL = "b3_offre_relation_client", "b3_oral_resolution_probleme"
GRADED = (OFFRE, ORAL)


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _is_auto(cell) -> bool:
    return bool(_meta(cell).get("grade")) and not _meta(cell).get("solution")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("cours_b3")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    for assignment in ASSIGNMENTS:
        shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    pipeline.release(course, list(ASSIGNMENTS))

    def submit(student: str, assignment: str, nb) -> None:
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENTS[assignment]}.ipynb")
        for extra in ("data", "cahier_des_charges.md"):
            src = course / "release" / assignment / extra
            if src.is_dir():
                shutil.copytree(src, folder / extra)

    sources = {}
    for assignment, name in ASSIGNMENTS.items():
        source = nbformat.read(ROOT / "source" / assignment / f"{name}.ipynb", as_version=4)
        release = nbformat.read(course / "release" / assignment / f"{name}.ipynb", as_version=4)
        sources[assignment] = source
        submit("solution", assignment, source)
        submit("vierge", assignment, release)
    for assignment in GRADED:  # the fairness catalogue (b3_fairness): two correct copies, the wrong answers packed
        for which in ("a", "b"):
            submit(f"juste_{which}", assignment, replaced(sources[assignment], correct_answers(assignment, which)))
        for number, group in enumerate(wrong_groups(assignment), start=1):
            answers = {gid: wrong.code for _label, gid, wrong in group}
            submit(f"faux_{number}", assignment, replaced(sources[assignment], answers))
    outcomes = pipeline.autograde(course, jobs=2, progress=False)
    failed = [(o.student_id, o.assignment, o.reason) for o in outcomes if not o.ok]
    assert not failed, failed
    grades = read_grades(db_url(course))
    yield sources, None, grades


def _auto(grades, sources, student: str, assignment: str) -> tuple[float, float]:
    auto_ids = {_meta(c)["grade_id"] for c in sources[assignment].cells if _is_auto(c)}
    mine = [g for g in grades if g.student_id == student and g.assignment == assignment and g.grade_id in auto_ids]
    assert len(mine) == len(auto_ids), f"{student}/{assignment}: missing grades"
    return sum(g.score for g in mine), sum(g.max_score for g in mine)


def test_points_of_each_assignment(graded):
    sources, _, _ = graded
    for assignment, nb in sources.items():
        points = [float(_meta(c).get("points", 0)) for c in nb.cells if _meta(c).get("grade")]
        auto = [float(_meta(c)["points"]) for c in nb.cells if _is_auto(c)]
        assert sum(points) == TOTAL_POINTS[assignment] and sum(auto) == AUTO_POINTS[assignment], assignment


def test_solution_scores_every_automatic_point_and_waits_for_manual_grading(graded):
    sources, _, grades = graded
    for assignment in ("b3_offre_relation_client", "b3_oral_resolution_probleme"):
        scored, total = _auto(grades, sources, "solution", assignment)
        assert scored == total == AUTO_POINTS[assignment], f"{assignment}: {scored}/{total}"
    manual = [g for g in grades if g.student_id == "solution" and g.grade_id not in
              {_meta(c)["grade_id"] for nb in sources.values() for c in nb.cells if _is_auto(c)}]
    assert manual and all(g.pending for g in manual)
    grid = [g for g in grades if g.student_id == "solution" and g.assignment == "b3_oral_grille_jury"]
    assert len(grid) == 5 and all(g.pending for g in grid), "the jury grades every cell of its grid"


def test_blank_release_scores_zero(graded):
    sources, _, grades = graded
    for assignment in ("b3_offre_relation_client", "b3_oral_resolution_probleme"):
        scored, total = _auto(grades, sources, "vierge", assignment)
        assert total > 0 and scored == 0, f"{assignment}: blank scores {scored}/{total}"


def test_the_catalogue_covers_every_automatic_cell():
    for assignment in GRADED:
        nb = nbformat.read(ROOT / "source" / assignment / f"{ASSIGNMENTS[assignment]}.ipynb", as_version=4)
        regions = {_meta(c)["grade_id"] for c in nb.cells if c.cell_type == "code" and _meta(c).get("solution")}
        assert regions == {gid for gid, r in CATALOGUE.items() if r.assignment == assignment}, assignment
        for cell in (_meta(c)["grade_id"] for c in nb.cells if _is_auto(c)):
            wrong = [w for r in CATALOGUE.values() for w in r.wrong if cell in w.fails]
            assert len(wrong) >= 2, f"{cell} : {len(wrong)} mauvaises réponses"


@pytest.mark.parametrize("student", ["juste_a", "juste_b"])
def test_correct_variants_get_every_automatic_point(graded, student):
    sources, _, grades = graded
    for assignment in GRADED:
        scored, total = _auto(grades, sources, student, assignment)
        lost = [g.grade_id for g in grades if g.student_id == student and g.assignment == assignment
                and g.max_score and not g.pending and g.score < g.max_score]
        assert scored == total == AUTO_POINTS[assignment], f"{student}/{assignment} perd des points : {lost}"


def test_every_wrong_answer_loses_its_cells_and_only_them(graded):
    """A wrong answer loses the points of the cells it targets; the later cells it names keep theirs (no double penalty)."""
    _, _, grades = graded
    score = {(g.student_id, g.assignment, g.grade_id): g for g in grades}
    wrong = []
    for assignment in GRADED:
        for number, group in enumerate(wrong_groups(assignment), start=1):
            for label, _gid, answer in group:
                for cell in answer.fails:
                    if score[(f"faux_{number}", assignment, cell)].score:
                        wrong.append(f"{label}/{cell} : des points pour une réponse fausse")
                for cell in answer.keeps:
                    g = score[(f"faux_{number}", assignment, cell)]
                    if g.score < g.max_score:
                        wrong.append(f"{label}/{cell} : pénalisé deux fois")
    assert not wrong, wrong
    assert sum(len(g) for a in GRADED for g in wrong_groups(a)) == sum(len(r.wrong) for r in CATALOGUE.values())
    assert sum(len(wrong_groups(a)) for a in GRADED) < 20, "independent wrong answers share copies"
