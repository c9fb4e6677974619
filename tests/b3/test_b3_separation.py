"""Bloc 3: the lessons train on Mitonelle and never show the exam company (Lunéa), its data or its answers.

Nor do they warm candidates up on another bloc's exam sector: bloc 1's exam company
(Rouline) makes electric bikes, so no bloc 3 lesson, helper or training-case file
says « vélo », « VAE » or « assistance électrique » (the test plants them too).

Checked with the shared ``tests/separation.py``: no lesson names Lunéa, its people,
its competitors or its loader, names or copies a row of its data files, or writes
a figure of the épreuves' model answers and instructor notes (three significant
digits, rates in both spellings); and no lesson holds a solution region of the
épreuves' notebooks (two lines or more, verbatim). The test can fail: a planted
figure, row, name and solution are all reported.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from separation import find_leaks, lesson_texts, plant_cells, written_figures

ROOT = Path(__file__).resolve().parents[2]
LESSONS = [ROOT / "courses" / "b3"]
EXAMS = {
    "b3_offre_relation_client": "offre_relation_client.ipynb",
    "b3_oral_resolution_probleme": "preparation_groupe.ipynb",
}
EXAM_DATA = [ROOT / "case_studies" / "b3_lunea" / "data", *(ROOT / "source" / e / "data" for e in EXAMS)]
EXAM_NAMES = ["Lunéa", "lunea(", "Relais & Sens", "Antoine Lebrun", "Claire Morvan", "Julie Perrin", "Karim Benali",
              "Morphéa", "Nuit Claire", "matelas"]
TRAINING = [ROOT / "cpmc_course" / "lessons" / "b3", ROOT / "case_studies" / "b3_mitonelle"]
SECTOR_WORDS = ("vélo", "assistance électrique")
"""Bloc 1's exam sector (Rouline, electric bikes), matched in any case; « VAE » is matched as a capitalised word."""
ALLOWED = [365]
"""Numbers a lesson may write although an épreuve's answer has them too: days in a year."""


def exam_figures() -> list:
    """The figures the épreuves' model answers, rubrics and instructor notes write."""
    texts = [(ROOT / "case_studies" / "b3_lunea" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")]
    for epreuve, name in EXAMS.items():
        cells = nbformat.read(ROOT / "source" / epreuve / name, as_version=4).cells
        texts += [c.source for c in cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    return [f for text in texts for f in written_figures(text)]


def solution_regions() -> list[str]:
    """The solution regions of the épreuves' code cells with two lines or more, whitespace normalised."""
    regions = []
    for epreuve, name in EXAMS.items():
        for cell in nbformat.read(ROOT / "source" / epreuve / name, as_version=4).cells:
            for region in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.DOTALL):
                lines = [" ".join(line.split()) for line in region.strip().splitlines() if line.strip()]
                if len(lines) >= 2:
                    regions.append("\n".join(lines))
    return regions


def leaks_in(lessons: list[Path]) -> list[str]:
    leaks = find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures(), lessons=lessons,
                       allowed=ALLOWED)
    regions = solution_regions()
    for item in lesson_texts(lessons):
        plain = "\n".join(" ".join(line.split()) for line in item.text.splitlines() if line.strip())
        leaks += [f"{item.where} : recopie la solution de l'épreuve « {r.splitlines()[0][:60]} »." for r in regions if r in plain]
    return leaks


def sector_words_in(paths) -> list[str]:
    """Every place where a lesson text (cells, code, case files) uses a word of bloc 1's exam sector."""
    found = []
    for item in lesson_texts(paths):
        found += [f"{item.where} : « {w} »" for w in SECTOR_WORDS if w in item.text.lower()]
        found += [f"{item.where} : « VAE »"] if re.search(r"\bVAE\b", item.text) else []
    return found


def test_the_exam_figures_and_solutions_are_collected():
    figures = exam_figures()
    assert len(figures) > 100 and len(solution_regions()) >= 5


def test_no_lesson_shows_the_exam():
    leaks = leaks_in(LESSONS)
    assert not leaks, "\n".join(leaks)


def test_a_planted_exam_figure_row_name_or_solution_is_caught(tmp_path):
    copy = tmp_path / "b3"
    shutil.copytree(LESSONS[0], copy)
    lesson = copy / "02_cout_de_revient_prix_marges.ipynb"
    row = (ROOT / "case_studies" / "b3_lunea" / "data" / "couts_solution.csv").read_text(encoding="utf-8").splitlines()[3]
    planted = [
        ("markdown", "Le prix visé est de 200 440 € HT."),
        ("markdown", "| poste | catégorie |\n|---|---|\n| " + row.replace(",", " | ") + " |"),
        ("code", 'couts = lunea("couts_solution")'),
        ("code", solution_regions()[0]),
    ]
    plant_cells(lesson, planted)
    text = "\n".join(leaks_in([copy]))
    for expected in ("« 200 440 »", "recopie une ligne de couts_solution.csv", "« lunea( »", "recopie la solution de l'épreuve"):
        assert expected in text, text


def test_no_lesson_trains_on_the_e_bike_sector(tmp_path):
    found = sector_words_in([*LESSONS, *TRAINING])
    assert not found, "\n".join(found)
    copy = tmp_path / "b3"
    shutil.copytree(LESSONS[0], copy)
    plant_cells(copy / "04_satisfaction_reclamations_crise.ipynb", [("markdown", "Un Vélo livré mal réglé, une VAE sans batterie.")])
    (copy / "helper.py").write_text('"""Loads the survey of the assistance électrique buyers."""\n', encoding="utf-8")
    text = "\n".join(sector_words_in([copy]))
    for expected in ("« vélo »", "« VAE »", "helper.py : « assistance électrique »"):
        assert expected in text, text
