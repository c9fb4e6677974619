"""The grading sheet (`cpmc grille`): manual cells with their criteria, competencies and rubric."""

from __future__ import annotations

import html
import json

import pytest
from builders import ROOT, make_course, manual, notebook, small_assignment, task, write
from nbformat import v4

from cpmc_course.cli import main
from cpmc_course.errors import CpmcError
from cpmc_course.grading_sheet import MARKER, build_sheet, grading_sheets, render_sheet, rubric_of, split_cell, write_sheets
from cpmc_course.mapping import AUTO, read_mapping
from cpmc_course.referential import load_referential


def _code_manual(grade_id: str, body: str, points: float, tags: list[str]):
    cell = v4.new_code_cell(body)
    cell.metadata["nbgrader"] = {"solution": True, "grade": True, "locked": False, "task": False,
                                 "points": points, "grade_id": grade_id, "schema_version": 3}
    cell.metadata["tags"] = tags
    return cell


def _assignment():
    """small_assignment plus a rubric in the instructions, a task, a code answer and hostile markdown."""
    nb = small_assignment()
    nb.cells += [
        v4.new_markdown_cell("## 2. Le plan de relance (4 points)\n\nRédigez le plan.\n\n"
                             "**Grille de correction (4 points)**\n- plan daté : 2 pts\n- budget : 2 pts"),
        manual("b5_plan_relance", "**Réponse modèle** : relance à J+3.", 4, ["CE33", "C34"]),
        v4.new_markdown_cell("## 3. Tâche : le tableau de bord"),
        task("b5_tableau_de_bord", "Construisez le tableau de bord.\n\nGrille de correction : <script>alert(1)</script> "
             "[lien](javascript:alert(2))\nligne 2", 3, ["CE36", "C36"]),
        v4.new_markdown_cell("### 4. La figure"),
        _code_manual("b5_figure", "# Figure\n### BEGIN SOLUTION\n# Grille de correction (2 points) :\n# - titre : 1 pt\n"
                     "# - axes : 1 pt\nfig = None  # code modèle\n### END SOLUTION", 2, ["CE36", "C36"]),
    ]
    return nb


@pytest.fixture()
def course(tmp_path):
    return make_course(tmp_path / "cours", nb=_assignment())


def _plain(page: str) -> str:
    """The page with its French no-break spaces read as spaces, to look for source text in it."""
    return page.replace("\u00a0", " ")


def _sheet(course):
    ref = load_referential()
    return build_sheet(course / "source", "b5_test", read_mapping(course / "source", ref), ref)


def test_manual_cells_in_notebook_order_with_part_points_and_codes(course):
    sheet = _sheet(course)
    assert [(e.grade_id, e.points, e.part) for e in sheet.entries] == [
        ("b5_synthese", 5, "Exercice"),
        ("b5_plan_relance", 4, "2. Le plan de relance (4 points)"),
        ("b5_tableau_de_bord", 3, "3. Tâche : le tableau de bord"),
        ("b5_figure", 2, "4. La figure"),
    ]
    assert sheet.points == 14
    first = sheet.entries[0]
    assert [c.qualified for c in first.criteria] == ["B5.CE36"] and [c.code for c in first.competencies] == ["C36"]
    assert sheet.entries[2].kind == "tâche"


def test_rubric_from_the_cell_from_the_instructions_and_from_code_comments(course):
    by_id = {e.grade_id: e for e in _sheet(course).entries}
    assert by_id["b5_synthese"].rubric == "Grille de correction : 5 points." and not by_id["b5_synthese"].rubric_in_instructions
    assert by_id["b5_plan_relance"].rubric.startswith("**Grille de correction (4 points)**")
    assert "budget : 2 pts" in by_id["b5_plan_relance"].rubric and by_id["b5_plan_relance"].rubric_in_instructions
    assert by_id["b5_figure"].rubric == "Grille de correction (2 points) :\n- titre : 1 pt\n- axes : 1 pt"


def test_rubric_of_keeps_from_the_marked_line_and_drops_solution_markers():
    assert rubric_of("Réponse\n### BEGIN SOLUTION\nmodèle\n---\n**Grille de correction** : a\nb\n### END SOLUTION") == \
        "**Grille de correction** : a\nb"
    assert rubric_of("Réponse sans grille") == ""
    assert rubric_of("x = 1\n# GRILLE DE CORRECTION : 1 pt\ny = 2\n# commentaire du modèle", "code") == "GRILLE DE CORRECTION : 1 pt"


def test_model_answer_is_the_rest_of_the_cell():
    assert split_cell("**Réponse modèle** : x\n\n---\n**Grille de correction** : a") == ("**Réponse modèle** : x", "**Grille de correction** : a")
    assert split_cell("# Figure\n### BEGIN SOLUTION\n# Grille de correction : 2 pts\n# - titre\nfig = 1\n### END SOLUTION", "code") == \
        ("# Figure\nfig = 1", "Grille de correction : 2 pts\n- titre")
    assert split_cell("Sans grille") == ("Sans grille", "")


def test_page_shows_the_model_answer_folded_except_on_a_jury_grid(course):
    page = _plain(render_sheet(_sheet(course)))
    assert "<summary>Réponse modèle du sujet</summary><p><strong>Réponse modèle</strong> : relance à J+3.</p>" in page
    assert "<pre><code># Figure\nfig = None  # code modèle</code></pre>" in page
    assert "<summary>Énoncé de la tâche dans le sujet</summary>" in page
    ref = load_referential()
    source = ROOT / "source"
    oral = build_sheet(source, "b3_oral_grille_jury", read_mapping(source, ref), ref)
    assert oral.oral and "Réponse modèle du sujet" not in render_sheet(oral)


def test_page_quotes_official_texts_and_escapes_the_rubric(course):
    ref = load_referential()
    raw = render_sheet(_sheet(course))
    assert "«\u00a0Réponse de l'étudiant·e\u00a0»" in html.unescape(raw) and " :" not in html.unescape(raw).split("<pre>")[0]
    page = _plain(raw)
    assert '<html lang="fr">' in page and "formgrader" in page
    for code in ("CE36", "CE33", "C34", "C36"):
        text = ref.criterion(code, "B5").text if code.startswith("CE") else ref.competency(code).text
        assert html.escape(text) in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "javascript:" not in page
    assert "Grille de correction : &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<br />\nligne 2" in page  # line breaks of the rubric kept
    assert "<li>plan daté : 2 pts</li>" in page  # markdown rendered
    assert "Total noté à la main" in page and "14 pts notés à la main sur 19 pts au total" in page
    assert html.escape(f"B5 — {ref.bloc('B5').title}") in page
    assert page.count("<h2 id=\"notebook-") == 1 and "4 cellule(s)" in page
    assert "taux = 12 / 48" not in page  # autograded parts are not on the sheet


def test_sheet_of_an_assignment_without_manual_cells(tmp_path):
    nb = small_assignment()
    nb.cells = nb.cells[:-1]
    root = make_course(tmp_path / "cours", nb=nb)
    page = grading_sheets(root / "source")["b5_test"]
    assert "aucune cellule notée à la main" in page


def test_unknown_assignment_is_refused(course):
    with pytest.raises(CpmcError, match="Sujet\\(s\\) inconnu\\(s\\).*b9_absent"):
        grading_sheets(course / "source", ["b9_absent"])


def test_real_source_every_manual_cell_with_its_rubric_and_official_texts():
    ref = load_referential()
    source = ROOT / "source"
    mapping = read_mapping(source, ref)
    pages = {a: _plain(page) for a, page in grading_sheets(source, ref=ref).items()}
    manual_cells = [c for c in mapping.cells if c.kind != AUTO]
    assert len(manual_cells) >= 60
    for a in mapping.assignments:
        sheet = build_sheet(source, a, mapping, ref)
        expected = [c.key for c in manual_cells if c.assignment == a]
        assert sorted((a, e.notebook, e.grade_id) for e in sheet.entries) == sorted(expected), a
        for e in sheet.entries:
            assert "grille de correction" in e.rubric.lower() and e.part, (a, e.grade_id)
        page = pages[a]
        assert "HIDDEN TESTS" not in page and "BEGIN SOLUTION" not in page
        for c in (c for c in manual_cells if c.assignment == a):
            assert f"<code>{c.grade_id}</code>" in page
            for code in c.criteria:
                assert html.escape(ref.criterion(code).text) in page, (c.label, code)
            for code in c.competencies:
                assert html.escape(ref.competency(code).text) in page, (c.label, code)
    assert "oral de groupe" in pages["b3_oral_grille_jury"] and html.escape("sujet d'équipe") in pages["b4_projet_web_equipe"]
    assert "équipe" not in build_sheet(source, "b5_donnees_marketing", mapping, ref).form


def test_cli_writes_the_sheets_and_replaces_only_its_own_folder(course, capsys):
    assert main(["--course-dir", str(course), "grille"]) == 0
    out = course / "grilles"
    assert (out / MARKER).exists() and (out / "b5_test.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Grille de correction écrite" in capsys.readouterr().out
    assert main(["--course-dir", str(course), "grille", "b5_test"]) == 0  # its own folder: replaced
    foreign = course / "autre"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["--course-dir", str(course), "grille", "--out", str(foreign)]) == 2
    assert "n'a pas été écrit par « cpmc grille »" in capsys.readouterr().err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert main(["--course-dir", str(course), "grille", "--out", str(course)]) == 2
    assert "contient le cours" in capsys.readouterr().err
    (course / "fichier.html").write_text("x", encoding="utf-8")
    assert main(["--course-dir", str(course), "grille", "--out", str(course / "fichier.html")]) == 2
    assert "est un fichier" in capsys.readouterr().err


def test_write_keeps_the_sheets_of_other_assignments(tmp_path):
    out = tmp_path / "grilles"
    write_sheets({"a": "<p>a</p>", "b": "<p>b</p>"}, out)
    write_sheets({"b": "<p>b2</p>"}, out)
    assert (out / "a.html").read_text(encoding="utf-8") == "<p>a</p>"
    assert (out / "b.html").read_text(encoding="utf-8") == "<p>b2</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["grilles"]  # no temporary folder left


def test_cli_bad_input_exits_2_in_french(course, capsys):
    assert main(["--course-dir", str(course), "grille", "b9_absent"]) == 2
    assert "Sujet(s) inconnu(s)" in capsys.readouterr().err
    path = course / "source" / "b5_test" / "exercice.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][-1]["metadata"]["tags"] = ["CE99"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert main(["--course-dir", str(course), "grille"]) == 2
    assert "CE99" in capsys.readouterr().err
    assert not (course / "grilles").exists()
    write(notebook([]), course / "source" / "b5_test" / "exercice.ipynb")
    path.write_text("{ pas du json", encoding="utf-8")
    assert main(["--course-dir", str(course), "grille"]) == 2
    assert "illisible" in capsys.readouterr().err


def test_cli_warns_about_a_manual_cell_without_rubric(tmp_path, capsys):
    nb = small_assignment()
    nb.cells[-1].source = "Le canal e-mail convertit le mieux."
    root = make_course(tmp_path / "cours", nb=nb)
    assert main(["--course-dir", str(root), "grille"]) == 0
    assert "b5_test/exercice, cellule 'b5_synthese' : aucune « Grille de correction »" in capsys.readouterr().err
    assert "Aucune « Grille de correction » dans la cellule source" in _plain((root / "grilles" / "b5_test.html").read_text(encoding="utf-8"))
