"""The Nettalpe case data: reproducible byte for byte, small, consistent, and the brief's figures true."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys

import pytest

from b2_paths import CASE, GENERATOR, SOURCE

_spec = importlib.util.spec_from_file_location("b2_generate_data", GENERATOR)
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

FILES = gen.FILES


def _rows(name: str) -> list[dict]:
    with open(CASE / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_regenerated_data_is_identical_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (CASE / "data" / name).read_bytes(), f"{name} differs from the committed case data"
        assert fresh == (SOURCE / "data" / name).read_bytes(), f"{name} differs from the assignment's copy"


def test_assignment_hands_out_the_current_brief():
    assert (SOURCE / "cahier_des_charges.md").read_bytes() == (CASE / "README.md").read_bytes()


def test_case_data_stays_small():
    assert sum((CASE / "data" / name).stat().st_size for name in FILES) < 500_000


def test_sales_team_totals_match_the_portfolio():
    comptes = _rows("comptes.csv")
    for rep in _rows("commerciaux.csv"):
        mine = [r for r in comptes if r["commercial"] == rep["commercial"]]
        assert sum(int(r["ca_2026"]) for r in mine) == int(rep["ca_2026"])
        assert sum(int(r["visites_2026"]) for r in mine) == int(rep["visites_2026"])
        assert {r["zone"] for r in mine} == {rep["zone"]}
    staffed = {z["zone"]: int(z["commerciaux_actuels"]) for z in _rows("zones.csv")}
    for zone, count in staffed.items():
        assert sum(1 for r in _rows("commerciaux.csv") if r["zone"] == zone) == count


def test_prospects_have_no_revenue_and_clients_some():
    for row in _rows("comptes.csv"):
        if row["statut"] == "prospect":
            assert int(row["ca_2026"]) == 0 == int(row["marge_brute_2026"])
        else:
            assert 0 < int(row["ca_2026"]) <= int(row["potentiel_annuel"])


def test_no_revenue_tie_straddles_an_abc_boundary():
    """Any sort order of equal revenues gives the same ABC classes."""
    revenue = sorted((int(r["ca_2026"]) for r in _rows("comptes.csv") if r["statut"] == "client"), reverse=True)
    total, cumul = sum(revenue), 0
    classes = []
    for value in revenue:
        cumul += value
        share = cumul / total
        classes.append("A" if share <= gen.SEUIL_A else "B" if share <= gen.SEUIL_B else "C")
    for i in range(1, len(revenue)):
        if revenue[i] == revenue[i - 1]:
            assert classes[i] == classes[i - 1], f"tie at {revenue[i]} across a class boundary"


def test_support_operations_cost_what_the_plan_budgets():
    plan = {r["action"]: int(r["cout_fixe"]) + int(r["cout_unitaire"]) * int(r["quantite"]) for r in _rows("plan_actions_2027.csv")}
    for op in _rows("operations_soutien.csv"):
        assert plan[op["operation"]] == int(op["cout"])


def test_the_planning_gives_no_date_and_the_solution_computes_the_earliest_starts():
    """``planning_2027.csv`` gives durations and predecessors only: the candidate computes the dates (8.1)."""
    import contextlib
    import io

    from b2_paths import run_solution

    tasks = _rows("planning_2027.csv")
    assert set(tasks[0]) == {"tache", "service", "duree_jours", "predecesseurs"}
    with contextlib.redirect_stdout(io.StringIO()):
        planning = run_solution()["planning"].set_index("tache")
    starts = gen.earliest_starts()
    for task in tasks:
        assert planning.loc[task["tache"], "debut"].date() == starts[task["tache"]], task["tache"]


@pytest.mark.parametrize(
    "text",
    ["3,8\u00a0M€", "7 commerciaux", "150\u00a0000\u00a0€ HT", "840 visites par an", "**12** pour un client A",
     "**terminé le 30 avril 2027**", "**lundi 11 janvier 2027**"],
)
def test_brief_quotes_the_generator_figures(text):
    brief = (CASE / "README.md").read_text(encoding="utf-8")
    assert text.replace("\u00a0", " ") in brief.replace("\u00a0", " ").replace("\u202f", " ")


def test_brief_figures_match_the_data():
    revenue = sum(int(r["ca_2026"]) for r in _rows("comptes.csv"))
    assert round(revenue / 1e6, 1) == 3.8
    assert len(_rows("commerciaux.csv")) == 7
    assert gen.ENVELOPPE == 150_000 and gen.CAPACITE == 840
    assert gen.FREQUENCES == {"A": 12, "B": 6, "C": 2, "prospect": 2}
    assert gen.DATE_LIMITE.isoformat() == "2027-04-30" and gen.DEBUT_PLAN.isoformat() == "2027-01-11"


def test_every_account_has_its_own_name_and_cities_match_their_departements():
    accounts = _rows("comptes.csv")
    names = [r["raison_sociale"] for r in accounts]
    assert len(set(names)) == len(names), "two accounts share a name"
    assert not any(n.startswith("Mairie ") for n in names), "a town hall is named after its town, not a street"
    isere = {r["ville"] for r in accounts if r["zone"] == "Ain et Nord-Isère"}
    assert "Grenoble" in isere, "département 38 is listed: its prefecture is served"
