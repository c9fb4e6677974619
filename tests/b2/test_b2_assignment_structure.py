"""The bloc 2 épreuve has the référentiel's shape: every deliverable its own part, in order, with rubrics."""

from __future__ import annotations

import re

import pytest

from b2_paths import grade_id, source_notebook

NB = source_notebook()
DELIVERABLES = [
    "Les études de référence",
    "Le choix de la stratégie",
    "La sélection des actions",
    "L'argumentation des choix effectués au niveau de la stratégie et des actions",
    "Les personnes en interface clients : évaluation, suivi, outils, zones commerciales",
    "Les actions choisies",
    "Les moyens alloués",
    "Le planning de réalisation",
    "Les modalités de suivi",
    "Les limites et faiblesses du plan d'actions",
    "Le plan d'actions commerciales présenté à la direction",
]


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def test_notebook_metadata_names_bloc2():
    assert NB.metadata["cpmc"] == {"bloc": "B2"}
    assert NB.metadata["kernelspec"]["name"] == "python3"


def test_parts_follow_the_referential_in_order():
    headings = [
        re.sub(r"\s+", " ", line[3:]).replace("\u00a0", " ")
        for c in NB.cells if c.cell_type == "markdown"
        for line in c.source.splitlines() if line.startswith("## ")
    ]
    assert len(headings) == len(DELIVERABLES)
    for number, (heading, deliverable) in enumerate(zip(headings, DELIVERABLES), start=1):
        assert heading.startswith(f"{number}. {deliverable}"), heading


def test_points_add_up_and_match_the_headings():
    graded = [c for c in NB.cells if _meta(c).get("grade")]
    assert sum(_meta(c)["points"] for c in graded) == 100
    assert sum(_meta(c)["points"] for c in graded if not _meta(c).get("solution")) == 35
    headings = [c.source for c in NB.cells if c.cell_type == "markdown" and not _meta(c).get("grade")]
    stated = [int(m) for text in headings for m in re.findall(r"^#{2,3} .*\((\d+) points?\)", text, re.M)]
    parts = [int(m) for text in headings for m in re.findall(r"^## .*\((\d+) points?\)", text, re.M)]
    assert sum(parts) == 100 and sum(stated) > 100


def test_grade_ids_are_meaningful_and_unique():
    ids = [grade_id(c) for c in NB.cells]
    assert all(i.startswith("b2_") for i in ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("cell", [c for c in NB.cells if _meta(c).get("grade") and _meta(c).get("solution")], ids=grade_id)
def test_manual_answers_carry_a_rubric_quoting_their_criteria(cell):
    text = cell.source.replace("\u00a0", " ")
    points = _meta(cell)["points"]
    assert f"**Grille de correction ({points} point{'s' if points > 1 else ''})**" in text
    assert "Critère(s) évalué(s)" in text and "«" in text
    assert "0 point" in text, "the rubric says what earns no credit"
    for tag in cell.metadata["tags"]:
        if tag.startswith("CE"):
            assert f"- {tag} :" in text, f"{grade_id(cell)} does not quote {tag}"


@pytest.mark.parametrize("cell", [c for c in NB.cells if _meta(c).get("grade") and not _meta(c).get("solution")], ids=grade_id)
def test_test_cells_start_with_a_french_comment_and_never_end_on_an_expression(cell):
    lines = [line for line in cell.source.splitlines() if line.strip()]
    assert lines[0].startswith("# Vérifie")
    last = lines[-1]
    assert last.startswith(("assert", "###", "    ", "_")) or "=" in last, last


def test_numeric_instructions_state_unit_and_rounding():
    text = "\n".join(c.source for c in NB.cells if c.cell_type == "markdown").replace("\u00a0", " ")
    for phrase in ["en %, arrondi au dixième", "en €, arrondi à l'unité", "arrondi au centième", "arrondi à l'entier\n  supérieur"]:
        assert phrase in text, phrase


def test_instructions_quote_the_written_share_and_the_table_of_parts():
    intro = NB.cells[0].source.replace("\u00a0", " ")
    manual = sum(_meta(c)["points"] for c in NB.cells if _meta(c).get("grade") and _meta(c).get("solution"))
    assert f"({manual} points sur 100)" in intro and "**5 heures**" in intro and "*note individuelle*" in intro
    table = [int(m) for m in re.findall(r"^\| \d+ \| .* \| (\d+) \|$", intro, re.M)]
    headings = [int(m) for c in NB.cells for m in re.findall(r"^## .*\((\d+) points?\)", c.source, re.M)]
    assert table == headings
