"""CONTENT.md §1–§2 for the bloc 1 épreuve: deliverables, points, tags as evidence, coverage.

The §2 check uses the package's own mapping and mastery functions: a solution whose
grades are full everywhere except the criterion's main deliverable (set to 0) must
stay below « acquis » on that criterion.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from cpmc_course.coverage import coverage
from cpmc_course.mapping import read_mapping
from cpmc_course.mastery import ACQUIRED, Thresholds, assess
from cpmc_course.records import CellGrade
from cpmc_course.referential import load_referential

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "b1_plan_marketing"
SOURCE = ROOT / "source" / ASSIGNMENT

MAIN_DELIVERABLE = {
    "B1.CE1": ("b1_methodologie",),
    "B1.CE2": ("b1_diagnostic",),
    "B1.CE3": ("b1_opportunites",),
    "B1.CE4": ("b1_veille_technologique",),
    "B1.CE5": ("b1_cibles",),
    "B1.CE6": ("b1_parcours_clients",),
    "B1.CE7": ("b1_plan_marketing", "b1_strategie_communication"),
}
"""Criterion → grade_ids of the deliverable that its text names."""

REFERENTIEL_DELIVERABLES = (
    # (words of the référentiel, grade_ids that answer it), in the order a candidate works
    ("La méthodologie mise en œuvre", ("b1_methodologie",)),
    ("diagnostic porté à partir des informations recueillies", (
        "b1_tcam_marche", "b1_tcam_segments", "b1_parts_de_marche", "b1_part_relative", "b1_potentiel_segments", "b1_diagnostic")),
    ("veille technologique", ("b1_outils_prioritaires", "b1_veille_technologique")),
    ("L'identification des acteurs et réseaux professionnels situés sur le même secteur", ("b1_acteurs_reseaux",)),
    ("Le positionnement de l'offre", ("b1_indice_prix", "b1_positionnement")),
    ("Les cibles à approcher", (
        "b1_intention_zone", "b1_segments_enquete", "b1_potentiel_cibles_taux", "b1_potentiel_cibles_budget",
        "b1_intentions_corrigees", "b1_cibles")),
    ("La synthèse des données", ("b1_synthese_donnees",)),
    ("opportunités de croissance et des besoins de nouveaux produits", ("b1_opportunites",)),
    ("parcours clients", ("b1_points_de_contact", "b1_criteres_achat", "b1_parcours_clients")),
    ("Les persona et ambassadeurs de la marque", ("b1_personas_ambassadeurs",)),
    ("Les préconisations stratégiques", ("b1_preconisations",)),
    ("La stratégie de communication", (
        "b1_cpm_cpc", "b1_conversion_cpa", "b1_marge_leviers", "b1_roi_leviers", "b1_seuil_rentabilite", "b1_strategie_communication")),
    ("Les supports et le budget des campagnes", ("b1_supports_campagnes",)),
    ("Le plan marketing", ("b1_plan_marketing",)),
)


@pytest.fixture(scope="module")
def mapping():
    return read_mapping(ROOT / "source")


@pytest.fixture(scope="module")
def ref():
    return load_referential()


def _b1_cells(mapping):
    return [c for c in mapping.cells if c.assignment == ASSIGNMENT]


def _notebooks():
    return {p.stem: nbformat.read(p, as_version=4) for p in sorted(SOURCE.glob("*.ipynb"))}


def test_points_sum_to_100_and_notebooks_name_bloc_1(mapping):
    cells = _b1_cells(mapping)
    assert sum(c.points for c in cells) == 100
    assert {c.bloc for c in cells} == {"B1"}
    assert all(c.grade_id.startswith("b1_") for c in cells)


def test_every_deliverable_of_the_referential_has_its_heading_and_cells_in_order():
    headings, grade_ids = [], []
    for nb in _notebooks().values():
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution"):
                headings += [line for line in cell.source.splitlines() if line.startswith("#")]
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.metadata.get("nbgrader", {}).get("grade"):
                grade_ids.append(gid)
    position = -1
    for words, ids in REFERENTIEL_DELIVERABLES:
        assert any(words.lower() in h.lower() for h in headings), f"no heading says « {words} »"
        for gid in ids:
            assert gid in grade_ids, gid
            assert grade_ids.index(gid) > position, f"{gid} is out of the candidate's order"
            position = grade_ids.index(gid)
    assert sorted(grade_ids) == sorted(g for _, ids in REFERENTIEL_DELIVERABLES for g in ids)


def test_manual_cells_carry_a_rubric_that_quotes_their_criteria(mapping):
    for nb in _notebooks().values():
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("solution"):
                text = cell.source
                assert "Grille de correction" in text and f"({meta['points']} points)" in text, meta["grade_id"]
                assert " pt" in text, meta["grade_id"]
                for tag in cell.metadata["tags"]:
                    if tag.startswith("CE"):
                        assert tag in text, f"{meta['grade_id']}: its rubric does not name {tag}"


def test_coverage_lists_every_b1_criterion_and_competency_as_assessed(mapping, ref):
    items = [i for i in coverage(mapping, ref) if i.bloc == "B1"]
    assert sorted(i.code for i in items if i.kind == "critère") == [f"B1.CE{n}" for n in range(1, 8)]
    assert sorted(i.code for i in items if i.kind == "compétence") == [f"C{n}" for n in range(1, 9)]
    not_assessed = [i.code for i in items if not i.assessed]
    assert not not_assessed, f"not assessed: {not_assessed}"


@pytest.mark.parametrize("criterion", sorted(MAIN_DELIVERABLE))
def test_main_deliverable_left_blank_keeps_the_criterion_below_acquired(criterion, mapping, ref):
    blank = set(MAIN_DELIVERABLE[criterion])
    cells = mapping.for_criterion(criterion)
    assert blank <= {c.grade_id for c in cells}, f"{criterion}: its main deliverable does not carry its tag"
    grades = [
        CellGrade("copie", c.assignment, c.notebook, c.grade_id, 0.0 if c.grade_id in blank else c.points, c.points)
        for c in _b1_cells(mapping)
    ]
    full = [CellGrade("pleine", g.assignment, g.notebook, g.grade_id, g.max_score, g.max_score) for g in grades]
    results = assess(["copie", "pleine"], mapping, grades + full, ref, Thresholds())
    levels = {r.student_id: {m.code: m.level for m in r.criteria} for r in results}
    assert levels["pleine"][criterion] == ACQUIRED
    assert levels["copie"][criterion] != ACQUIRED, f"{criterion} reaches « acquis » with {sorted(blank)} blank"
    share = sum(c.points for c in cells if c.grade_id in blank) / sum(c.points for c in cells)
    assert share > 0.4


NOT_EVIDENCE = {
    # criterion → cells a jury would not accept as evidence of its text (issue 22)
    "B1.CE7": ("b1_cpm_cpc", "b1_conversion_cpa", "b1_marge_leviers", "b1_roi_leviers", "b1_seuil_rentabilite"),
    "B1.CE2": ("b1_indice_prix", "b1_positionnement"),
    "B1.CE5": ("b1_intention_zone",),
}


@pytest.mark.parametrize("criterion", sorted(NOT_EVIDENCE))
def test_cells_that_are_not_evidence_of_a_criterion_do_not_carry_it(criterion, mapping):
    tagged = {c.grade_id for c in mapping.for_criterion(criterion)}
    assert not tagged & set(NOT_EVIDENCE[criterion]), sorted(tagged & set(NOT_EVIDENCE[criterion]))


def test_the_plan_is_the_headline_deliverable_and_persona_have_their_own_cell(mapping):
    points = {c.grade_id: c.points for c in _b1_cells(mapping)}
    assert points["b1_plan_marketing"] >= 12
    assert points["b1_plan_marketing"] == max(points.values())
    persona = next(c for c in _b1_cells(mapping) if c.grade_id == "b1_personas_ambassadeurs")
    assert "C4" in persona.competencies and "C7" in persona.competencies
    assert {"C8"} <= set(next(c for c in _b1_cells(mapping) if c.grade_id == "b1_supports_campagnes").competencies)
    assert "C3" in next(c for c in _b1_cells(mapping) if c.grade_id == "b1_opportunites").competencies


def test_rubrics_grade_the_supports_and_the_new_product_needs_with_their_competencies():
    text = {c.metadata["nbgrader"]["grade_id"]: c.source for nb in _notebooks().values() for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution")}
    assert "C8 « Mettre en œuvre les outils de promotion, les supports" in text["b1_supports_campagnes"].replace("\xa0", " ")
    assert "C3 « Analyser le marché et déterminer les besoins à la création de nouveaux produits/services »" in (
        text["b1_opportunites"].replace("\xa0", " "))
    assert "besoins de nouveaux produits" in text["b1_opportunites"].lower()


def test_the_eight_hours_are_split_four_and_four():
    for name, nb in _notebooks().items():
        head = nb.cells[0].source.replace("\xa0", " ")
        assert "**8 h** au total (partie 1 : **4 h**,\npartie 2 : **4 h**)" in head, name


def test_revision_questions_prepare_the_criterion_the_epreuve_grades(mapping):
    """Issue 22, item 6: persona with the deliverable that grades them; SMART objectives and CAC carry no criterion."""
    from cpmc_course.revision.questions import load_banks

    bank = {q.id: q for q in load_banks("B1")}
    persona_cell = next(c for c in _b1_cells(mapping) if c.grade_id == "b1_personas_ambassadeurs")
    assert bank["b1-c4-persona"].criterion in persona_cell.criteria
    assert (bank["b1-c5-objectifs-smart"].competency, bank["b1-c5-objectifs-smart"].criterion) == ("C5", None)
    assert (bank["b1-c7-cout-acquisition"].competency, bank["b1-c7-cout-acquisition"].criterion) == ("C8", None)
    assert bank["b1-c1-taux-influence-essai"].criterion == "B1.CE6"


def test_every_rubric_shares_out_exactly_the_points_of_its_cell():
    """The full-credit points of a rubric's lines add up to the cell's points (a reweighted cell keeps a true grid)."""
    import re

    for nb in _notebooks().values():
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not (meta.get("grade") and meta.get("solution")):
                continue
            grid = cell.source.split("**Grille de correction")[1].replace("\xa0", " ").replace("\u202f", " ")
            lines = grid.split("\n- ")[1:]
            full = [float(re.search(r": (\d+(?:,\d+)?) pts?\b", " ".join(line.split())).group(1).replace(",", "."))
                    for line in lines]
            assert abs(sum(full) - meta["points"]) < 1e-9, f"{meta['grade_id']}: {full} ≠ {meta['points']}"
