"""Bloc 3: the lessons train on Cyclette and never show the exam company (Lunéa), its data or its answers.

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
