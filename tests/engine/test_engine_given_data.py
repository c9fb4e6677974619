"""The hidden tests read the sujet's data, not the copy's rewrite of it (``cpmc_course.engine.given``).

A tiny sujet loads a sales table in its given cell; the tests recompute the
expected answers from that table, as the épreuves' hidden tests do. Copies that
change the table (a column set to 0, rows dropped, the table replaced) and
answer consistently with their own data lose the points and are flagged « données
de l'énoncé modifiées »; honest copies that add a column, sort the table or
convert a column to dates keep every point and are not flagged. One course, one
autograde run.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from builders import graded_test, make_course, notebook, solution
from cpmc_course.gradebook import db_url, read_grades
from cpmc_course.pipeline import autograde, release

pytestmark = pytest.mark.nbgrader

A = "b5_donnees_sujet"
CSV = "mois,montant\n2027-01-15,10\n2027-02-15,20\n2027-03-15,30\n"


def _assignment():
    given = nbformat.v4.new_code_cell('import pandas as pd\n\nventes = pd.read_csv("data/ventes.csv")\nventes.head()')
    return notebook([
        given,
        solution("b5_total_calc", 'total = ventes["montant"].sum()'),
        graded_test("b5_total_ventes", '# Vérifie le total\nassert abs(total - ventes["montant"].sum()) < 1e-9, "Additionnez les montants."',
                    2, ["CE35", "C35"]),
        solution("b5_marge_calc", 'ventes["marge"] = ventes["montant"] * 0.3'),
        graded_test("b5_marge_ventes", '# Vérifie la marge\nassert (ventes["marge"] - ventes["montant"] * 0.3).abs().max() < 1e-9, "Marge à 30 %."',
                    1, ["CE35", "C35"]),
        solution("b5_dates_calc", 'ventes["mois"] = pd.to_datetime(ventes["mois"])'),
        graded_test("b5_dates_ventes", '# Vérifie les dates\nassert sorted(ventes["mois"].dt.month.tolist()) == [1, 2, 3], "Convertissez en dates."',
                    1, ["CE35", "C35"]),
    ])


COPIES = {
    # student: (total cell, expected automatic points, flagged)
    "propre": (None, 4, False),
    "tri": ('ventes.sort_values("montant", ascending=False, inplace=True)\ntotal = ventes["montant"].sum()', 4, False),
    "colonne_a_zero": ('ventes["montant"] = 0\ntotal = 0', 1, True),
    "lignes_en_moins": ('ventes = ventes.iloc[:1]\ntotal = ventes["montant"].sum()', 1, True),
    "table_remplacee": ('ventes = pd.DataFrame({"mois": ["2027-01-15"], "montant": [5]})\ntotal = 5', 0, True),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("donnees") / "cours", A, _assignment())
    (root / "source" / A / "data").mkdir()
    (root / "source" / A / "data" / "ventes.csv").write_text(CSV, encoding="utf-8")
    release(root)
    src = json.loads((root / "source" / A / "exercice.ipynb").read_text(encoding="utf-8"))
    for student, (total, _, _) in COPIES.items():
        nb = json.loads(json.dumps(src))
        for cell in nb["cells"]:
            if total is not None and cell["metadata"].get("nbgrader", {}).get("grade_id") == "b5_total_calc":
                cell["source"] = total
        folder = root / "submitted" / student / A
        (folder / "data").mkdir(parents=True)
        (folder / "exercice.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        (folder / "data" / "ventes.csv").write_text(CSV, encoding="utf-8")
    outcomes = {o.student_id: o for o in autograde(root, jobs=2, progress=False)}
    scores: dict[str, float] = {}
    for g in read_grades(db_url(root)):
        if g.grade_id in ("b5_total_ventes", "b5_marge_ventes", "b5_dates_ventes"):
            scores[g.student_id] = scores.get(g.student_id, 0) + (g.score or 0)
    return outcomes, scores


@pytest.mark.parametrize("student", sorted(COPIES))
def test_tests_read_the_sujets_data_and_flag_the_copies_that_change_it(graded, student):
    outcomes, scores = graded
    _, points, flagged = COPIES[student]
    assert outcomes[student].ok, outcomes[student].reason
    assert scores[student] == points, (student, scores[student])
    changed = [t for t in outcomes[student].tampering if "données de l'énoncé modifiées" in t]
    assert bool(changed) == flagged, outcomes[student].tampering
    if flagged:
        assert "ventes" in changed[0]
        assert any("les tests ont lu les données du sujet" in n for n in outcomes[student].notes)
