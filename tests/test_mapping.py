"""Tags of source notebooks resolved against the référentiel; every error names file, grade_id and tag."""

import pytest

from builders import graded_test, manual, notebook, small_assignment, solution, task, write
from cpmc_course.coverage import coverage, missing
from cpmc_course.errors import MappingError
from cpmc_course.mapping import read_mapping
from cpmc_course.referential import load_referential


def _source(tmp_path, nb, assignment="b5_test", name="exercice"):
    write(nb, tmp_path / "source" / assignment / f"{name}.ipynb")
    return tmp_path / "source"


def _problems(tmp_path, nb):
    with pytest.raises(MappingError) as info:
        read_mapping(_source(tmp_path, nb))
    return info.value.problems


def test_valid_mapping(tmp_path):
    mapping = read_mapping(_source(tmp_path, small_assignment()))
    cells = {c.grade_id: c for c in mapping.cells}
    assert set(cells) == {"b5_taux_conversion", "b5_total_leads", "b5_synthese"}
    assert cells["b5_total_leads"].criteria == ("B5.CE35", "B5.CE33")
    assert cells["b5_total_leads"].competencies == ("C34",)
    assert (cells["b5_total_leads"].kind, cells["b5_total_leads"].points) == ("auto", 3.0)
    assert (cells["b5_synthese"].kind, cells["b5_synthese"].points) == ("manuel", 5.0)
    assert cells["b5_synthese"].key == ("b5_test", "exercice", "b5_synthese")
    assert [c.grade_id for c in mapping.for_criterion("B5.CE35")] == ["b5_taux_conversion", "b5_total_leads"]


def test_task_cells_are_graded_cells(tmp_path):
    nb = notebook([task("b4_pert_tache", "Tracez le PERT.", 4, ["CE26", "C29"])], bloc="B4")
    (cell,) = read_mapping(_source(tmp_path, nb)).cells
    assert (cell.kind, cell.criteria, cell.competencies) == ("tâche", ("B4.CE26",), ("C29",))


def test_bare_ce16_resolves_in_the_notebook_bloc(tmp_path):
    nb2 = notebook([manual("b2_forces", "…", 2, ["CE16", "C15"])], bloc="B2")
    nb3 = notebook([manual("b3_demande", "…", 2, ["CE16", "C17"])], bloc="B3")
    write(nb2, tmp_path / "source" / "b2" / "plan.ipynb")
    write(nb3, tmp_path / "source" / "b3" / "offre.ipynb")
    cells = {c.grade_id: c for c in read_mapping(tmp_path / "source").cells}
    assert cells["b2_forces"].criteria == ("B2.CE16",)
    assert cells["b3_demande"].criteria == ("B3.CE16",)


def test_qualified_code_is_valid_anywhere(tmp_path):
    nb = notebook([manual("b5_analyse_demande", "…", 2, ["B3.CE16", "CE35", "C35"])], bloc="B5")
    (cell,) = read_mapping(_source(tmp_path, nb)).cells
    assert cell.criteria == ("B3.CE16", "B5.CE35")


def test_unknown_code(tmp_path):
    nb = notebook([graded_test("b5_total", "assert True", 1, ["CE99", "C35", "CE35"])])
    (problem,) = _problems(tmp_path, nb)
    assert "exercice.ipynb" in problem and "'b5_total'" in problem and "'CE99'" in problem
    assert "n'existe pas" in problem


def test_unknown_competency_and_wrong_bloc(tmp_path):
    nb = notebook([graded_test("b5_total", "assert True", 1, ["CE35", "C40", "B1.C35", "B1.CE35"])])
    problems = _problems(tmp_path, nb)
    assert len(problems) == 3
    assert any("'C40'" in p for p in problems)
    assert any("'B1.C35'" in p and "appartient au bloc B5" in p for p in problems)
    assert any("'B1.CE35'" in p and "n'a pas de critère CE35" in p for p in problems)


def test_ambiguous_code(tmp_path):
    nb = notebook([manual("b5_demande", "…", 2, ["CE16", "C35"])], bloc="B5")
    (problem,) = _problems(tmp_path, nb)
    assert "'b5_demande'" in problem and "'CE16'" in problem
    assert "ambigu" in problem and "B2.CE16 ou B3.CE16" in problem


def test_graded_cell_without_criterion(tmp_path):
    nb = notebook([graded_test("b5_sans_critere", "assert True", 1, ["C35"])])
    (problem,) = _problems(tmp_path, nb)
    assert "'b5_sans_critere'" in problem and "sans aucun critère" in problem


def test_graded_cell_without_competency(tmp_path):
    nb = notebook([graded_test("b5_sans_competence", "assert True", 1, ["CE35"])])
    (problem,) = _problems(tmp_path, nb)
    assert "'b5_sans_competence'" in problem and "sans aucune compétence" in problem


def test_tag_on_a_non_graded_cell(tmp_path):
    cell = solution("b5_calcul", "x = 1")
    cell.metadata["tags"] = ["CE35"]
    nb = notebook([cell, graded_test("b5_x", "assert x == 1", 1, ["CE35", "C35"])])
    (problem,) = _problems(tmp_path, nb)
    assert "'b5_calcul'" in problem and "'CE35'" in problem and "non notée" in problem


def test_other_tags_are_left_alone(tmp_path):
    nb = notebook([graded_test("b5_x", "assert True", 1, ["CE35", "C35", "raises-exception", "hide-input"])])
    assert read_mapping(_source(tmp_path, nb)).cells[0].criteria == ("B5.CE35",)


def test_notebook_without_bloc(tmp_path):
    nb = notebook([graded_test("b5_x", "assert True", 1, ["CE35", "C35"])], bloc=None)
    problems = _problems(tmp_path, nb)
    assert any("doivent nommer son bloc" in p and "exercice.ipynb" in p for p in problems)


def test_duplicate_grade_id(tmp_path):
    nb = notebook([graded_test("b5_x", "assert True", 1, ["CE35", "C35"]), graded_test("b5_x", "assert True", 1, ["CE35", "C35"])])
    (problem,) = _problems(tmp_path, nb)
    assert "'b5_x'" in problem and "en double" in problem


def test_unreadable_notebook_names_the_file(tmp_path):
    path = tmp_path / "source" / "b5_test" / "casse.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(MappingError) as info:
        read_mapping(tmp_path / "source")
    assert "casse.ipynb" in info.value.problems[0] and "illisible" in info.value.problems[0]


def test_all_problems_are_reported_at_once(tmp_path):
    nb = notebook([
        graded_test("b5_a", "assert True", 1, ["CE99", "C35"]),
        graded_test("b5_b", "assert True", 1, ["C35"]),
    ])
    assert len(_problems(tmp_path, nb)) == 2


def test_coverage_lists_assessed_and_missing(tmp_path):
    ref = load_referential()
    items = coverage(read_mapping(_source(tmp_path, small_assignment())), ref)
    assert len(items) == 37 + 41
    by_code = {i.code: i for i in items}
    assert by_code["B5.CE35"].assessed and by_code["B5.CE35"].points == 5
    assert by_code["B5.CE36"].assessed and not by_code["B5.CE36"].auto_assessed
    assert not by_code["B5.CE34"].assessed
    gaps = {i.code for i in missing(items)}
    assert "B5.CE34" in gaps and "B2.CE16" in gaps and "B3.CE16" in gaps and "C37" in gaps
    assert "B5.CE33" not in gaps and "C36" not in gaps


def test_bare_code_of_another_bloc_is_refused_with_the_qualified_form(tmp_path):
    """A typo such as CE3 for CE33 must not credit bloc 1 silently."""
    nb = notebook([graded_test("b5_x", "assert True", 1, ["CE3", "C3", "CE35", "C35"])], bloc="B5")
    problems = _problems(tmp_path, nb)
    assert len(problems) == 2
    assert any("'CE3'" in p and "n'appartient pas au bloc B5" in p and "B1.CE3" in p for p in problems)
    assert any("'C3'" in p and "B1.C3" in p for p in problems)


def test_qualified_codes_of_another_bloc_are_accepted(tmp_path):
    nb = notebook([graded_test("b5_x", "assert True", 1, ["B1.CE3", "B1.C3", "CE35", "C35"])], bloc="B5")
    (cell,) = read_mapping(_source(tmp_path, nb)).cells
    assert cell.criteria == ("B1.CE3", "B5.CE35") and cell.competencies == ("C3", "C35")
