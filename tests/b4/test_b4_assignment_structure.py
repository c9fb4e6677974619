"""Form of the bloc 4 épreuve: metadata (team / individual), grade_ids, tags, rubrics, deliverable headings."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "source" / "b4_projet_web_equipe"
INDIVIDUAL = ROOT / "source" / "b4_projet_web_individuel"
NOTEBOOKS = sorted(TEAM.glob("*.ipynb")) + sorted(INDIVIDUAL.glob("*.ipynb"))
POINTS = re.compile(r"\((\d+) points\)")

# the référentiel's deliverables (bloc 4 épreuve), in the candidate's working order, and the headings that answer them
DELIVERABLES = [
    ("1_cadrage_budget_risques", "Définir le projet"),
    ("1_cadrage_budget_risques", "compétences nécessaires"),
    ("1_cadrage_budget_risques", "tableau de répartition des tâches"),
    ("1_cadrage_budget_risques", "budget du projet"),
    ("1_cadrage_budget_risques", "tableau de gestion des risques"),
    ("2_planning_suivi_problemes", "diagramme de PERT"),
    ("2_planning_suivi_problemes", "grille de suivi d'activité"),
    ("2_planning_suivi_problemes", "diagramme de Pareto"),
    ("2_planning_suivi_problemes", "cahier à problème"),
    ("3_reunions_equipe_defense", "Animer différents types de réunions"),
    ("3_reunions_equipe_defense", "règles de fonctionnement"),
    ("3_reunions_equipe_defense", "coordination de l'équipe"),
    ("3_reunions_equipe_defense", "fiches de poste"),
    ("3_reunions_equipe_defense", "lettre de mission"),
    ("3_reunions_equipe_defense", "Défendre le projet"),
]


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _level(text: str) -> int:
    """Markdown heading level of a cell (0 when it does not start with a heading)."""
    return len(text) - len(text.lstrip("#")) if re.match(r"#+ ", text) else 0


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_team_notebooks_say_equipe_and_the_individual_part_does_not():
    for path in sorted(TEAM.glob("*.ipynb")):
        assert _read(path).metadata["cpmc"] == {"bloc": "B4", "equipe": True}, path.name
    assert [p.name for p in INDIVIDUAL.glob("*.ipynb")] == ["1_contribution_individuelle.ipynb"]
    assert _read(INDIVIDUAL / "1_contribution_individuelle.ipynb").metadata["cpmc"] == {"bloc": "B4"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_grade_ids_are_meaningful_and_graded_cells_tagged(path):
    prefix = "b4i_" if path.parent == INDIVIDUAL else "b4_"
    for cell in _read(path).cells:
        meta = _meta(cell)
        assert re.fullmatch(prefix + r"[a-z0-9_]+", meta["grade_id"]), meta["grade_id"]
        if meta.get("grade"):
            tags = cell.metadata.get("tags", [])
            soft_skill_only = bool(tags) and all(re.fullmatch(r"SC\d+", t) for t in tags)  # the defence note: SC4 alone
            assert soft_skill_only or any(t.startswith("CE") for t in tags) and any(re.fullmatch(r"S?C\d+", t) for t in tags), \
                meta["grade_id"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_manual_answer_follows_a_rubric_quoting_its_criteria(path):
    cells = _read(path).cells
    for i, cell in enumerate(cells):
        meta = _meta(cell)
        if meta.get("grade") and meta.get("solution"):
            consigne = cells[i - 1].source
            assert "Grille de correction" in consigne, meta["grade_id"]
            assert f"({meta['points']} points" in consigne, meta["grade_id"]
            for tag in cell.metadata["tags"]:
                if tag.startswith("CE"):
                    assert tag in consigne, f"{meta['grade_id']}: the rubric does not quote {tag}"
            assert re.search(r"\b0\b|absente?s?\s*:\s*0", consigne), f"{meta['grade_id']}: say what earns no credit"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_announced_points_match_the_cells(path):
    nb = _read(path)
    total = sum(_meta(c).get("points", 0) for c in nb.cells)
    header = nb.cells[0].source
    assert re.search(rf"\*\*{total} points\*\*", header), f"{path.name}: header should announce {total} points"
    for i, cell in enumerate(nb.cells):
        match = POINTS.search(cell.source) if cell.cell_type == "markdown" and cell.source.startswith("#") else None
        if match:
            # the points of a heading are those of the graded cells up to the next heading of the same level
            level = len(cell.source) - len(cell.source.lstrip("#"))
            j, points = i + 1, 0
            while j < len(nb.cells) and not (nb.cells[j].cell_type == "markdown" and 0 < _level(nb.cells[j].source) <= level):
                points += _meta(nb.cells[j]).get("points", 0)
                j += 1
            assert points == int(match.group(1)), f"{path.name}: « {cell.source.splitlines()[0]} »"


def test_every_deliverable_of_the_referentiel_has_its_heading_in_order():
    found = []
    for notebook, words in DELIVERABLES:
        nb = _read(TEAM / f"{notebook}.ipynb")
        headings = [c.source.splitlines()[0] for c in nb.cells[1:] if c.cell_type == "markdown" and c.source.startswith("#")]
        index = next((k for k, h in enumerate(headings) if words.lower() in h.lower()), None)
        assert index is not None, f"no heading with « {words} » in {notebook}"
        found.append((notebook, index))
    assert found == sorted(found)


def test_typography_of_the_student_text():
    for path in NOTEBOOKS:
        for cell in _read(path).cells:
            if cell.cell_type != "markdown":
                continue
            text = re.sub(r"`[^`]*`", "", cell.source)
            assert not re.search(r" [:;?!»%]", text), f"{path.name}: plain space before a French punctuation mark"
