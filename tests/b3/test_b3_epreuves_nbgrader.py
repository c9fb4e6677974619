"""The three bloc 3 assignments through real nbgrader, in ONE throwaway course and ONE autograde call.

Submissions: the solution and the blank release of each assignment and the
fairness catalogue's copies. The solution must score every automatic point, the
blank release none, and the jury's grid (all manual) must wait for the jury on
every cell. That every solution region is needed is checked on a generated
session (``tests/test_sessions_b3.py``, seed 12345: same notebooks, other data),
not again here.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
import pytest

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
FULL, ZERO = "tous les points", "aucun point"
PARETO_ROUNDED = """pareto = pd.DataFrame({"nombre": reclamations["categorie"].value_counts()})
pareto["part"] = (pareto["nombre"] / len(reclamations) * 100).round(1)
pareto["part_cumulee"] = pareto["part"].cumsum()
"""
FAIRNESS = {
    # student: (assignment, {solution cell: another answer}, {graded cell: expected outcome})
    # correct variants: the rounding the question allows, the candidate's own earlier value, a float for an integer
    "juste_pareto_parts_arrondies": (ORAL, {"b3_pareto_reponse": PARETO_ROUNDED},
                                     {"b3_pareto": FULL, "b3_pareto_part": FULL, "b3_pareto_part_cumulee": FULL}),
    "juste_pareto_cumul_arrondi": (ORAL, {"b3_pareto_reponse": PARETO_ROUNDED.replace(
        'pareto["part"].cumsum()', '(pareto["nombre"].cumsum() / len(reclamations) * 100).round(1)')},
        {"b3_pareto": FULL, "b3_pareto_part": FULL, "b3_pareto_part_cumulee": FULL, "b3_causes_principales": FULL}),
    # one copy can carry several variants when their cells do not depend on each other (fewer copies, faster batch)
    "juste_sans_frais_generaux_et_semaines_flottantes": (OFFRE, {
        "b3_cout_de_revient_reponse": 'cout_de_revient = couts.loc[couts["categorie"] != "frais généraux", "montant_ht"].sum()',
        "b3_planning_reponse": "duree_totale_semaines = float(planning['duree_semaines'].sum())\nmarge_semaines = 21.0 - duree_totale_semaines"},
        {"b3_cout_de_revient": ZERO, "b3_prix_de_vente": FULL, "b3_taux_de_marge": FULL, "b3_prix_plancher": FULL,
         "b3_seuil_rentabilite": FULL, "b3_planning": FULL}),
    # plausible wrong answers: the classic traps the case plants
    "faux_marge_3_9_et_seuil_arrondi": (OFFRE, {
        "b3_planning_reponse": "duree_totale_semaines = planning['duree_semaines'].sum()\nmarge_semaines = 3.9",
        "b3_seuil_rentabilite_reponse": "seuil_commandes = round(prix_de_vente_ht / (890 * 0.42))"},
        {"b3_planning": ZERO, "b3_seuil_rentabilite": ZERO, "b3_prix_de_vente": FULL}),
    "faux_prix_taux_de_marge": (OFFRE, {"b3_prix_de_vente_reponse": "prix_de_vente_ht = round(cout_de_revient * 1.25)"},
                                {"b3_prix_de_vente": ZERO}),
    "faux_pareto_proportions": (ORAL, {"b3_pareto_reponse": PARETO_ROUNDED.replace(" * 100).round(1)", ")")},
                                {"b3_pareto": FULL, "b3_pareto_part": ZERO}),
}
"""The fairness catalogue of bloc 3 (CONTENT.md §9), graded in the same autograde batch as the other copies."""


def _with_answer(source: str, code: str) -> str:
    """The solution cell with its solution region replaced by ``code``."""
    begin, end = source.index("### BEGIN SOLUTION"), source.index("### END SOLUTION")
    return source[:begin] + "### BEGIN SOLUTION\n" + code.strip() + "\n" + source[end:]


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
    for student, (assignment, answers, _) in FAIRNESS.items():
        variant = copy.deepcopy(sources[assignment])
        for cell in variant.cells:
            if _meta(cell).get("grade_id") in answers:
                cell.source = _with_answer(cell.source, answers[_meta(cell)["grade_id"]])
        assert sum(_meta(c).get("grade_id") in answers for c in variant.cells) == len(answers), student
        submit(student, assignment, variant)
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


def test_fairness_catalogue(graded):
    """Correct variants keep every point of the cells they touch; plausible mistakes lose them (CONTENT.md §9)."""
    _, _, grades = graded
    wrong = []
    for student, (assignment, _, expected) in FAIRNESS.items():
        mine = {g.grade_id: g for g in grades if g.student_id == student and g.assignment == assignment}
        for grade_id, outcome in expected.items():
            g = mine[grade_id]
            ok = g.score == g.max_score > 0 if outcome == FULL else g.score == 0
            if not ok:
                wrong.append(f"{student}/{grade_id}: {g.score}/{g.max_score}, attendu {outcome}")
    assert not wrong, wrong
    assert sum(o == FULL for _, _, e in FAIRNESS.values() for o in e.values()) >= 2
    assert sum(o == ZERO for _, _, e in FAIRNESS.values() for o in e.values()) >= 2
