"""The demo's simulated copies read like students' copies: no solution markers, no « Réponse modèle », no rubric.

The copies are built from the repository's committed ``release/`` and
``source/`` by the demo's own hand-in step (no nbgrader needed); the demo on
the repository course (tests/test_demo.py) grades such copies for real.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from cpmc_course.demo import MANUAL_QUALITY, PROFILES, _submit, student_text
from cpmc_course.pipeline import assignments_in
from cpmc_course.records import Student

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("### BEGIN SOLUTION", "### END SOLUTION", "BEGIN HIDDEN TESTS", "Réponse modèle")
"""Never in a copy (the release holds none of them)."""
RUBRIC = ("Grille de correction", "GRILLE DE CORRECTION")
"""Never in an answer cell (bloc 4's task statements show students their grading grid, on purpose)."""
MODEL = """**Réponse modèle (extrait)** — le canal e-mail convertit le mieux.

- Coût par client : 6,49 € par e-mail contre 59,62 € en SEA.
- Le SEA générique perd de l'argent : le réduire.
- TikTok apporte du volume mais peu de leads qualifiés.

| canal | coût par client |
|---|---|
| e-mail | 6,49 € |

Conclusion : déplacer le budget vers l'e-mail et le SEO.

---
**Grille de correction (5 points)** — CE36 : 5 points si…"""


def _written_cells(nb: dict) -> dict[str, str]:
    return {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
            if c["cell_type"] == "markdown" and (c["metadata"].get("nbgrader") or {}).get("solution")}


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo-copies")
    for folder in ("source", "release"):
        shutil.copytree(ROOT / folder, out / folder, ignore=shutil.ignore_patterns("data"))
    students = [Student(f"etu{i:02d}", "Prénom", f"Nom{i}") for i in range(1, 5)]
    profiles = {s.id: PROFILES[i] for i, s in enumerate(students)}  # excellent, bon, moyen, partiel
    _submit(out, students, profiles, seed=2026)
    return out / "submitted"


def test_no_copy_holds_a_solution_marker_a_model_answer_heading_or_a_rubric(copies):
    files = sorted(copies.rglob("*.ipynb"))
    assert len(files) == 4 * sum(len(list((ROOT / "release" / a).glob("*.ipynb"))) for a in assignments_in(ROOT / "release"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for secret in SECRETS:
            assert secret not in text, f"{path.relative_to(copies)} : « {secret} »"
        nb = json.loads(text)
        for cell in nb["cells"]:
            if (cell["metadata"].get("nbgrader") or {}).get("solution"):
                assert not any(r in "".join(cell["source"]) for r in RUBRIC), f"{path.relative_to(copies)} : grille"


def test_written_answers_vary_with_the_student(copies):
    nb_path = Path("b5_donnees_marketing") / "3_campagnes_previsions_synthese.ipynb"
    answers = {s: _written_cells(json.loads((copies / s / nb_path).read_text(encoding="utf-8"))) for s in ("etu01", "etu04")}
    stub = _written_cells(json.loads((ROOT / "release" / nb_path).read_text(encoding="utf-8")))
    strong = [g for g, text in answers["etu01"].items() if text != stub[g]]
    assert strong, "la copie excellente n'a rédigé aucune réponse"
    assert any(answers["etu04"][g] != answers["etu01"][g] for g in strong)


def test_student_text_keeps_a_share_of_the_model_in_order_without_heading_or_rubric():
    strong = student_text(MODEL, MANUAL_QUALITY["excellent"], random.Random("a"))
    weak = student_text(MODEL, MANUAL_QUALITY["partiel"], random.Random("a"))
    for text in (strong, weak):
        assert "Réponse modèle" not in text and "Grille" not in text and "**" not in text.split("\n")[0][:2]
    assert strong.startswith("Le canal e-mail convertit le mieux.") or "le canal e-mail convertit le mieux." in strong
    assert "| e-mail | 6,49 € |" in strong and "|---|---|" in strong  # a table is kept whole
    assert len(weak) < len(strong)
    kept = [line for line in MODEL.split("\n") if line and line in weak.split("\n")]
    assert kept == sorted(kept, key=MODEL.index)  # in the model's order


def test_student_text_is_deterministic_by_seed_and_varies_across_seeds():
    quality = MANUAL_QUALITY["moyen"]
    assert student_text(MODEL, quality, random.Random(7)) == student_text(MODEL, quality, random.Random(7))
    assert len({student_text(MODEL, quality, random.Random(seed)) for seed in range(12)}) > 3
