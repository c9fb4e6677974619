"""Form of the bloc 5 assignment: clean notebooks, nbgrader metadata, tags, points, durations."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from builders import CODE_STUB
from cpmc_course.referential import load_referential

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "b5_donnees_marketing"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT
NOTEBOOKS = sorted(SOURCE.glob("*.ipynb"))
NBGRADER_KEYS = {"solution", "grade", "locked", "task", "points", "grade_id", "schema_version", "cell_type", "checksum"}
POINTS = re.compile(r"(\d+) points?")


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _graded(nb) -> list:
    return [c for c in nb.cells if _meta(c).get("grade") or _meta(c).get("task")]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_three_notebooks_in_working_order():
    assert [p.name for p in NOTEBOOKS] == [
        "1_collecte_et_tracking.ipynb",
        "2_segmentation_et_scores.ipynb",
        "3_campagnes_previsions_synthese.ipynb",
    ]
    assert sorted(p.name for p in RELEASE.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("folder", [SOURCE, RELEASE], ids=["source", "release"])
def test_notebooks_are_clean_and_name_their_bloc(folder):
    for path in sorted(folder.glob("*.ipynb")):
        nb = _read(path)
        assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}
        assert nb.metadata["cpmc"] == {"bloc": "B5"}
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs left"
            assert set(_meta(cell)) <= NBGRADER_KEYS, f"{path.name}: extra key in metadata.nbgrader"


def test_grade_ids_are_meaningful_and_unique_across_the_assignment():
    seen = []
    for path in NOTEBOOKS:
        for cell in _read(path).cells:
            if _meta(cell):
                grade_id = _meta(cell)["grade_id"]
                assert re.fullmatch(r"b5_[a-z0-9_]+", grade_id), grade_id
                assert _meta(cell)["schema_version"] == 3
                seen.append(grade_id)
    assert len(seen) == len(set(seen))


def test_every_graded_cell_has_valid_criterion_and_competency_tags():
    ref = load_referential()
    auto_tags, all_tags = set(), set()
    for path in NOTEBOOKS:
        for cell in _graded(_read(path)):
            tags = cell.metadata.get("tags", [])
            criteria = [t for t in tags if t.startswith("CE")]
            competencies = [t for t in tags if re.fullmatch(r"C\d+", t)]
            assert criteria and competencies, f"{_meta(cell)['grade_id']} needs a CE tag and a C tag"
            for tag in criteria:
                assert ref.criterion(tag, bloc="B5").bloc == "B5"
            for tag in competencies:
                assert ref.competency(tag).bloc == "B5"
            all_tags.update(tags)
            if not _meta(cell).get("solution"):
                auto_tags.update(tags)
    wanted = {"CE33", "CE34", "CE35", "CE36", "C34", "C35", "C36", "C37"}
    assert wanted <= auto_tags, f"not assessed automatically: {wanted - auto_tags}"
    assert all_tags <= wanted


def test_points_total_100_and_are_visible_in_each_prompt():
    total = 0
    for path in NOTEBOOKS:
        nb = _read(path)
        title = nb.cells[0].source
        nb_points = sum(_meta(c).get("points", 0) for c in _graded(nb))
        assert f"**{nb_points} points**" in title, f"{path.name}: the title must announce {nb_points} points"
        total += nb_points
        # each "## x.y" section announces the points of the graded cells that follow it
        section, announced, counted = None, 0, 0
        for cell in [*nb.cells, nbformat.v4.new_markdown_cell("## fin")]:
            if cell.cell_type == "markdown" and cell.source.startswith("## "):
                if section is not None and counted:
                    assert announced == counted, f"{path.name} « {section} » : {announced} annoncés, {counted} notés"
                section = cell.source.splitlines()[0]
                announced = sum(int(n) for n in POINTS.findall(section))
                counted = 0
            counted += _meta(cell).get("points", 0) if (_meta(cell).get("grade")) else 0
    assert total == 100


def test_indicative_durations_fit_one_day():
    minutes = 0
    for path in NOTEBOOKS:
        match = re.search(r"durée indicative : \*\*(\d+) h(?: (\d+))?\*\*", _read(path).cells[0].source)
        assert match, f"{path.name}: state the indicative duration"
        minutes += int(match.group(1)) * 60 + int(match.group(2) or 0)
    assert minutes == 8 * 60


def test_test_cells_follow_the_conventions():
    for path in NOTEBOOKS:
        for cell in _read(path).cells:
            meta = _meta(cell)
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                lines = cell.source.strip().splitlines()
                assert lines[0].startswith("# Vérifie"), f"{meta['grade_id']}: first line says what it checks"
                assert "### BEGIN HIDDEN TESTS" in cell.source and "### END HIDDEN TESTS" in cell.source
                assert lines[-1].startswith(("print(", "assert ")), f"{meta['grade_id']} must not end on an expression"
                assert "warnings" not in cell.source, "silence warnings in solution cells, not in tests"
            if cell.cell_type == "code" and meta.get("solution"):
                assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source


def test_manual_answers_carry_a_rubric_worth_their_points():
    for path in NOTEBOOKS:
        for cell in _read(path).cells:
            meta = _meta(cell)
            if meta.get("grade") and meta.get("solution"):
                assert "Grille de correction" in cell.source, meta["grade_id"]
                rubric = cell.source.split("Grille de correction", 1)[1]
                assert int(POINTS.search(rubric).group(1)) == meta["points"], meta["grade_id"]
                bullets = [line for line in rubric.splitlines() if line.lstrip("# ").startswith("- ")]
                first = [re.search(r"(\d+(?:,\d+)?) pts?\b", line) for line in bullets]
                assert all(first), f"{meta['grade_id']}: every rubric line gives its points"
                worth = sum(float(m.group(1).replace(",", ".")) for m in first)
                assert worth == meta["points"], f"{meta['grade_id']}: rubric worth {worth}, cell worth {meta['points']}"


def test_release_hides_solutions_and_rubrics():
    for path in sorted(RELEASE.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "Grille de correction", "Réponse modèle"):
            assert secret not in text, f"{path.name} shows {secret}"
        assert "VOTRE RÉPONSE ICI" in text and CODE_STUB.replace('"', '\\"') in text  # as JSON writes it
