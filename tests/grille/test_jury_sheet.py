"""The jury's sheet per team of an oral (`cpmc grille --equipes`): conditions, presence, what to observe, questions, bands."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from builders import ROOT

from cpmc_course.cli import main
from cpmc_course.pdf import chromium_path, pdf_page_count, print_pages
from cpmc_course.referential import load_referential
from cpmc_course.mapping import read_mapping
from cpmc_course.grading.notebook import read_source

ORAL = "b3_oral_grille_jury"
MEMBERS = ("adam.martin", "lea.bernard", "noah.petit", "chloe.durand")


def _oral_course(root, oral, team):
    """A course holding one jury grid of this repository, one team of four with noah.petit marked absent."""
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / oral, root / "source" / oral)
    (root / "autograder").mkdir()
    lines = ["sujet;equipe;etudiant;statut"] + [f"{oral};{team};{m};{'absent' if m == 'noah.petit' else ''}" for m in MEMBERS]
    (root / "autograder" / "equipes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for member in MEMBERS:
        (root / "submitted" / member).mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course holding the bloc 3 jury grid, one team of four with one member marked absent in the roster."""
    return _oral_course(tmp_path_factory.mktemp("cours_oral"), ORAL, "Alpha")


@pytest.fixture(scope="module")
def page(course):
    assert main(["--course-dir", str(course), "grille", ORAL, "--equipes"]) == 0
    return course / "grilles" / "equipe--b3_oral_grille_jury--alpha.html"


def test_sheet_per_team_with_presence_timing_and_every_criterion(page):
    text = page.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Fiche du jury — équipe Alpha" in text and "(cochez)" in text
    for member in MEMBERS:
        assert member in text
    assert "noah.petit <b>absent·e</b> (liste des équipes)" in text, "the roster's absence is already ticked"
    for words in ("Fin de la phase 1 (30 min)", "Fin de la phase 2 (20 min)", "3 à 5 candidats", "3 heures",
                  "commentaire", "Total : ….. / 100"):
        assert words in text, words
    assert text.count("À observer") == 5 and text.count("Questions de phase 2 et éléments attendus") == 4
    assert text.count("Note : ….. /") == 5 and "Information nouvelle" in text
    for band in ("21 à 25", "0 à 6", "16 à 20", "0 à 5", "12 à 15", "0 à 3"):
        assert f"<strong>{band}</strong>" in text, band
    assert "<script" not in text


def test_assignment_sheet_prints_what_to_observe_on_a_jury_grid(course, page):
    text = (course / "grilles" / f"{ORAL}.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert text.count("class=\"observer\"") == 5 and "Questions de phase 2" in text


@pytest.mark.skipif(chromium_path() is None, reason="Chromium absent")
def test_printed_sheet_fits_two_a4_pages(page):
    pytest.importorskip("playwright")
    pdf = print_pages([page])[0]
    assert 1 <= pdf_page_count(pdf) <= 2


def test_no_team_for_the_oral_is_a_french_error(course, capsys):
    roster = course / "autograder" / "equipes.csv"
    saved = roster.read_text(encoding="utf-8")
    roster.write_text("sujet;equipe;etudiant;statut\n", encoding="utf-8")
    try:
        assert main(["--course-dir", str(course), "grille", ORAL, "--equipes", "--out", str(course / "fiches")]) == 2
    finally:
        roster.write_text(saved, encoding="utf-8")
    assert "aucune équipe" in capsys.readouterr().err
    assert not (course / "fiches").exists()


def test_a_savoir_socioprofessionnel_alone_is_a_valid_tag():
    """SC1 has no criterion in the référentiel: its jury cell carries SC1 alone and counts for no criterion."""
    mapping = read_mapping(ROOT / "source", load_referential())
    cell = mapping.cell(ORAL, "grille_jury", "b3_jury_sc1")
    assert cell.criteria == () and cell.competencies == ("SC1",)


DEFENCE = "b4_soutenance_grille_jury"
BAND = re.compile(r"^- \*\*(\d+)(?: à (\d+))?\*\*", re.MULTILINE)


@pytest.mark.parametrize("oral", [ORAL, DEFENCE])
def test_jury_bands_cover_every_mark_without_gap_or_overlap(oral):
    """Each band of a jury grid is « a à b » or a single mark; together they cover 0 … points exactly once."""
    cells = [c for c in read_source(ROOT / "source").graded_cells() if c.assignment == oral]
    assert cells
    for cell in cells:
        marks = sorted(m for a, b in BAND.findall(cell.source) for m in range(int(a), int(b or a) + 1))
        assert marks == list(range(int(cell.points) + 1)), (cell.grade_id, marks)


@pytest.fixture(scope="module")
def defence_page(tmp_path_factory):
    """The bloc 4 defence: one team of four, one member absent in the roster."""
    root = _oral_course(tmp_path_factory.mktemp("cours_soutenance"), DEFENCE, "Vallon 1")
    assert main(["--course-dir", str(root), "grille", DEFENCE, "--equipes"]) == 0
    return root / "grilles" / "equipe--b4_soutenance_grille_jury--vallon-1.html"


def test_defence_sheet_has_its_own_timing_presence_questions_and_bands(defence_page):
    text = defence_page.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Fiche du jury — équipe Vallon 1" in text and "noah.petit <b>absent·e</b>" in text
    assert "Fin de la phase 1 (15 min)" in text and "Fin de la phase 2 (15 min)" in text and "(30 min)" not in text
    assert text.count("À observer") == 3 and text.count("Questions de phase 2 et éléments attendus") == 3
    assert "trop cher" in text and "trop tard pour le printemps" in text and "Total : ….. / 20" in text
    assert text.count("Note : ….. /") == 3 and "<script" not in text


@pytest.mark.skipif(chromium_path() is None, reason="Chromium absent")
def test_printed_defence_sheet_fits_two_a4_pages(defence_page):
    pytest.importorskip("playwright")
    assert 1 <= pdf_page_count(print_pages([defence_page])[0]) <= 2


def test_bad_phases_metadata_is_a_french_error(tmp_path):
    from cpmc_course.errors import CpmcError
    from cpmc_course.jury_sheet import _jury_notebook

    shutil.copytree(ROOT / "source" / DEFENCE, tmp_path / "source" / DEFENCE)
    path = tmp_path / "source" / DEFENCE / "grille_soutenance.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["cpmc"]["phases_minutes"] = "15"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(CpmcError, match="phases_minutes"):
        _jury_notebook(tmp_path / "source", DEFENCE)
