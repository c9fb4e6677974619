"""The notebook model: cells of ``source/`` read once, one heading rule, rubrics, visible tests, French errors."""

from __future__ import annotations

import pytest
from nbformat import v4

from builders import graded_test, manual, notebook, solution, task, write
from cpmc_course.errors import CpmcError
from cpmc_course.grading.notebook import AUTO, MANUAL, TASK, nbgrader_meta, read_source, read_source_notebook


def _model(tmp_path, cells):
    return read_source_notebook("b5_test", write(notebook(cells), tmp_path / "source" / "b5_test" / "exercice.ipynb"))


def test_graded_cells_with_kind_points_tags_and_the_heading_above_them(tmp_path):
    nb = _model(tmp_path, [
        v4.new_markdown_cell("## 1. Le taux de **conversion** (2 points)\n\nCalculez-le."),
        solution("b5_taux_calc", "taux = 12 / 48"),
        graded_test("b5_taux", "# Vérifie le taux\nassert taux == 0.25\n### BEGIN HIDDEN TESTS\nassert taux > 0\n### END HIDDEN TESTS", 2,
                    ["CE35", "C35"]),
        manual("b5_synthese", "## Un titre dans la réponse modèle\nRéponse.\n\nGrille de correction : 5 points.", 5, ["CE36", "C36"]),
        task("b5_tableau", "Construisez le tableau.", 3, ["CE36", "C36"]),
    ])
    graded = {c.grade_id: c for c in nb.cells if c.graded}
    assert [(c.kind, c.points) for c in graded.values()] == [(AUTO, 2.0), (MANUAL, 5.0), (TASK, 3.0)]
    assert graded["b5_taux"].tags == ("CE35", "C35")
    # one rule: the last heading of a markdown cell that is not a graded answer — the answer's own heading does not count
    assert {c.heading for c in graded.values()} == {"1. Le taux de **conversion** (2 points)"}
    assert graded["b5_tableau"].title == "1. Le taux de conversion"  # as a student reads it
    assert graded["b5_taux"].visible_test == "# Vérifie le taux\nassert taux == 0.25\n"
    assert graded["b5_taux"].check == "Vérifie le taux"
    assert graded["b5_synthese"].rubric == "Grille de correction : 5 points."
    assert graded["b5_synthese"].model_answer == "## Un titre dans la réponse modèle\nRéponse."


def test_a_rubric_printed_in_the_instructions_is_found_and_said_so(tmp_path):
    nb = _model(tmp_path, [v4.new_markdown_cell("Rédigez.\n\n**Grille de correction** : 4 points."),
                           manual("b5_plan", "Réponse modèle.", 4, ["CE33", "C34"])])
    cell = nb.cells[-1]
    assert cell.rubric == "**Grille de correction** : 4 points." and cell.rubric_in_instructions


def test_malformed_metadata_reads_as_no_nbgrader_metadata():
    assert nbgrader_meta({"metadata": {"nbgrader": "pas un dict"}}) == {}
    assert nbgrader_meta({"metadata": None}) == {} and nbgrader_meta({}) == {}


@pytest.mark.parametrize("text", ["{ pas du json", "[" * 100_000 + "]" * 100_000, "[]"])
def test_an_unreadable_notebook_names_its_file_in_french(tmp_path, text):
    path = tmp_path / "source" / "b5_test" / "casse.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CpmcError, match=r"casse\.ipynb : notebook illisible"):
        read_source(tmp_path / "source")
