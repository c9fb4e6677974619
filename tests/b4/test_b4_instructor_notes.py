"""The barème figures of the bloc 4 instructor notes are the mapping's (the data figures: ``b4_figures``, tested per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpmc_course.mapping import read_mapping

ROOT = Path(__file__).resolve().parents[2]
NOTES = " ".join((ROOT / "case_studies" / "b4_vallon" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8").split())


def _figures() -> list[tuple[str, str, float]]:
    every = read_mapping(ROOT / "source").cells
    cells = [c for c in every if c.assignment == "b4_projet_web_equipe"]
    mine = {code: sum(c.points for c in every if c.assignment == "b4_projet_web_individuel" and f"B4.{code}" in c.criteria)
            for code in ("CE30", "CE31")}
    whole = {code: sum(c.points for c in every if f"B4.{code}" in c.criteria) for code in ("CE30", "CE31")}
    return [
        ("28 points automatiques", "28", sum(c.points for c in cells if c.kind == "auto")),
        ("72 points notés à la main", "72", sum(c.points for c in cells if c.kind != "auto")),
        ("17 des 32 points de CE31", "17", mine["CE31"]),
        ("17 des 32 points de CE31", "32", whole["CE31"]),
        ("14 des 22 points de CE30", "14", mine["CE30"]),
        ("14 des 22 points de CE30", "22", whole["CE30"]),
        ("plafonne à 47 %", "47", round(100 * (whole["CE31"] - mine["CE31"]) / whole["CE31"])),
        ("et 36 % sur CE30", "36", round(100 * (whole["CE30"] - mine["CE30"]) / whole["CE30"])),
    ]


FIGURES = _figures()


@pytest.mark.parametrize("snippet, number, expected", FIGURES, ids=[f[0] for f in FIGURES])
def test_figure_in_notes_matches_the_data(snippet, number, expected):
    from cpmc_course.kit import parse_nombre

    assert snippet in NOTES, f"« {snippet} » not in NOTES_FORMATEUR.md"
    assert number in snippet
    assert parse_nombre(number) == pytest.approx(expected), snippet
