"""Form of the bloc 3 assignments: metadata (bloc, group, oral), grade_ids, référentiel headings, rubrics, no leak."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = {
    "b3_offre_relation_client/offre_relation_client.ipynb": {"bloc": "B3"},
    "b3_oral_resolution_probleme/preparation_groupe.ipynb": {"bloc": "B3", "equipe": True},
    "b3_oral_grille_jury/grille_jury.ipynb": {"bloc": "B3", "equipe": True, "oral": True},
}
NBGRADER_KEYS = {"solution", "grade", "locked", "task", "points", "grade_id", "schema_version", "cell_type", "checksum"}
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
CRITERION_TEXT = {
    "B3.CE16": "Pertinence de l'analyse de la demande",
    "CE17": "Compréhension de la culture de l'entreprise",
    "CE18": "positionnement de l'entreprise sur son marché",
    "CE19": "Faisabilité de la mise en œuvre",
    "CE20": "Pertinence de la solution proposée",
    "CE21": "Indicateurs de mesure de la satisfaction",
    "CE22": "diminuer le nombre de",
    "CE23": "gérer la crise et de la résoudre",
    "CE24": "social listening",
    "CE25": "ton et les éléments de langage",
}


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("folder", ["source", "release"])
@pytest.mark.parametrize("relative, cpmc", NOTEBOOKS.items())
def test_clean_notebooks_with_their_metadata(folder, relative, cpmc):
    nb = nbformat.read(ROOT / folder / relative, as_version=4)
    assert nb.metadata["kernelspec"] == KERNEL and nb.metadata["cpmc"] == cpmc
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        assert set(_meta(cell)) <= NBGRADER_KEYS


def test_grade_ids_are_meaningful_and_unique():
    seen = []
    for relative in NOTEBOOKS:
        for cell in nbformat.read(ROOT / "source" / relative, as_version=4).cells:
            if _meta(cell):
                assert re.fullmatch(r"b3_[a-z0-9_]+", _meta(cell)["grade_id"])
                seen.append(_meta(cell)["grade_id"])
    assert len(seen) == len(set(seen))


def _headings(relative: str) -> list[str]:
    nb = nbformat.read(ROOT / "source" / relative, as_version=4)
    return [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("## ")]


def test_epreuve1_deliverables_in_the_referentiel_order_and_words():
    headings = _headings("b3_offre_relation_client/offre_relation_client.ipynb")
    expected = [
        "La demande initiale", "Les besoins analysés", "Le choix d'une solution", "Le coût de celle-ci",
        "L'argumentation de la solution proposée", "L'intégration de la solution dans l'entreprise",
        "La fidélisation des clients", "Les modalités de lancement de la solution", "l'offre de relation client",
    ]
    positions = [next(i for i, h in enumerate(headings) if words in h) for words in expected]
    assert positions == sorted(positions)


def test_epreuve2_phases_in_the_referentiel_words():
    headings = " ".join(_headings("b3_oral_resolution_probleme/preparation_groupe.ipynb"))
    for words in ("La méthodologie utilisée", "L'identification des causes", "La recherche de solutions et le choix d'une solution",
                  "gestion de crise", "ton et éléments de langage", "écoute sociale"):
        assert words in headings
    grid = _headings("b3_oral_grille_jury/grille_jury.ipynb")
    assert [h.split(" — ")[0].removeprefix("## ") for h in grid[:5]] == ["CE22", "CE23", "CE24", "CE25", "SC1"]
    nb = nbformat.read(ROOT / "source/b3_oral_grille_jury/grille_jury.ipynb", as_version=4)
    answers = [c for c in nb.cells if _meta(c).get("grade")]
    assert all("commentaire du formgrader" in c.source for c in answers), "the jury cannot write in the group's cell"


def test_jury_grid_usable_in_the_room():
    """Four bands without gaps per criterion, what to observe, phase-2 questions, timing, group size, presence."""
    nb = nbformat.read(ROOT / "source/b3_oral_grille_jury/grille_jury.ipynb", as_version=4)
    text = {_meta(c).get("grade_id"): c.source.replace("\u00a0", " ") for c in nb.cells}
    intro = text["b3_jury_consignes"]
    for words in ("30 minutes", "20 minutes", "3 à 5 candidats", "Préparation", "3 heures", "equipes.csv",
                  "commentaire", "29 %", "140 points"):
        assert words in intro, words
    assert round(40 / 140 * 100) == 29
    for key in ("ce22", "ce23", "ce24", "ce25", "sc1"):
        points = _meta(next(c for c in nb.cells if _meta(c).get("grade_id") == f"b3_jury_{key}"))["points"]
        bands = sorted((int(lo), int(hi)) for lo, hi in re.findall(r"\*\*(\d+) à (\d+)\*\*", text[f"b3_jury_{key}"]))
        assert len(bands) == 4 and bands[0][0] == 0 and bands[-1][1] == points, (key, bands)
        assert all(hi + 1 == lo for (_, hi), (lo, _) in zip(bands, bands[1:])), f"{key}: gap or overlap in {bands}"
        consigne = text[f"b3_jury_{key}_consigne"]
        assert "À observer" in consigne and "Phase 1" in consigne and "Phase 2" in consigne
        if key != "sc1":
            assert "Questions de phase 2 et éléments attendus" in consigne and len(re.findall(r"\n\d\. .*→", consigne)) == 3
    assert "Information nouvelle" in text["b3_jury_sc1_consigne"]
    assert not _meta(next(c for c in nb.cells if _meta(c).get("grade_id") == "b3_jury_sc1")).get("task")
    sc1 = next(c for c in nb.cells if _meta(c).get("grade_id") == "b3_jury_sc1")
    assert sc1.metadata["tags"] == ["SC1"], "SC1 is observed on its own cell, not added to CE23's points"


def test_every_manual_cell_has_a_rubric_quoting_its_criteria():
    for relative in NOTEBOOKS:
        for cell in nbformat.read(ROOT / "source" / relative, as_version=4).cells:
            meta = _meta(cell)
            if meta.get("grade") and meta.get("solution"):
                assert "Grille de correction" in cell.source, meta["grade_id"]
                rubric = " ".join(cell.source.split("Grille de correction", 1)[1].split())
                for tag in cell.metadata["tags"]:
                    if tag in CRITERION_TEXT:
                        assert CRITERION_TEXT[tag] in rubric, (meta["grade_id"], tag)
                points = f"({meta['points']:g} points)"
                assert points in rubric, meta["grade_id"]


def test_release_leaks_no_solution_hidden_test_or_rubric():
    for relative in NOTEBOOKS:
        text = (ROOT / "release" / relative).read_text(encoding="utf-8")
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "Grille de correction", "Réponse modèle"):
            assert secret not in text, (relative, secret)


def _prose(markdown: str) -> str:
    """Markdown without code blocks and inline code (where Python keeps its own spacing)."""
    return re.sub(r"`[^`]*`", "", re.sub(r"```.*?```", "", markdown, flags=re.S))


def test_french_typography_in_every_text_a_reader_sees():
    texts = [(str(p), c.source) for p in [ROOT / "source" / r for r in NOTEBOOKS] + sorted((ROOT / "courses" / "b3").glob("*.ipynb"))
             for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown"]
    texts += [(str(p), p.read_text(encoding="utf-8")) for p in (ROOT / "case_studies" / "b3_lunea").glob("*.md")]
    for where, text in texts:
        prose = _prose(text)
        bad = re.search(r".{0,30}(?: [:;?!%»]|« )", prose)
        assert not bad, f"{where}: no-break space expected before « : ; ? ! % » and after « ({bad.group(0)!r})"
        assert not re.search(r"\w[;?!]", prose), f"{where}: space missing before ; ? !"
