"""The rubric folded under each answer in the formgrader (cpmc_course/formgrade_rubric.py), without a server.

The page itself is rendered with the formgrader's configuration in tests/french/test_french_nbgrader.py
and driven in chromium in tests/browser/test_hand_in_and_rubric_browser.py.
"""

from __future__ import annotations

import html
import os

import builders
import nbformat

from cpmc_course.formgrade_rubric import RubricFilter, rubric_html
from cpmc_course.referential import load_referential

RUBRIC = "Le canal e-mail convertit le mieux.\n\nGrille de correction : 5 points si le canal est justifié par son taux."


def _course(tmp_path):
    nb = builders.small_assignment()
    nb.cells[-1].source = RUBRIC
    return builders.make_course(tmp_path / "cours", "b5_test", nb)


def test_the_rubric_comes_from_source_folded_with_official_texts(tmp_path):
    source = _course(tmp_path) / "source"
    page = rubric_html(source, "b5_test", "exercice", "b5_synthese")
    assert page.startswith('<details class="cpmc-grille" data-grade-id="b5_synthese"><summary>')
    assert "<details class=\"cpmc-grille\" open" not in page  # folded by default
    assert html.escape(load_referential().criterion("B5.CE36").text) in page and "C36 (compétence)" in page
    assert "5 points si le canal est justifié par son taux" in page and "Réponse modèle du sujet" in page
    assert "critères (CE36, C36)" in page


def test_a_changed_source_is_read_again(tmp_path):
    source = _course(tmp_path) / "source"
    assert "justifié par son taux" in rubric_html(source, "b5_test", "exercice", "b5_synthese")
    path = source / "b5_test" / "exercice.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source = RUBRIC.replace("justifié par son taux", "chiffré")
    nbformat.write(nb, path)
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # a later modification time, whatever the clock
    assert "chiffré" in rubric_html(source, "b5_test", "exercice", "b5_synthese")


def test_a_cell_unknown_to_source_says_so_and_escapes_the_copy_grade_id(tmp_path):
    source = _course(tmp_path) / "source"
    page = rubric_html(source, "b5_test", "exercice", "<img src=x onerror=alert(1)>")
    assert "<img" not in page and "&lt;img" in page and "aucune grille à montrer" in page
    assert "Sujet inconnu" in rubric_html(source, "b5_absent", "exercice", "b5_synthese")  # the page still renders


def test_the_filter_reads_the_course_root_where_the_server_starts(tmp_path, monkeypatch):
    course = _course(tmp_path)
    monkeypatch.chdir(course)
    shown = RubricFilter()("b5_synthese", "b5_test", "exercice")
    assert "justifié par son taux" in shown and RubricFilter()("", "b5_test", "exercice") == ""
