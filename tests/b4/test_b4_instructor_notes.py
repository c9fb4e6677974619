"""Every figure of the bloc 4 instructor notes is the data's (a regenerated case cannot leave a false sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from b4_notebooks import REFERENCE_ALLOCATION
from cpmc_course.lessons import b4
from cpmc_course.mapping import read_mapping

ROOT = Path(__file__).resolve().parents[2]
NOTES = " ".join((ROOT / "case_studies" / "b4_vallon" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8").split())
GOOD = REFERENCE_ALLOCATION


def _figures() -> list[tuple[str, str, float]]:
    t, e, d = b4.vallon("taches"), b4.vallon("equipe"), b4.vallon("devis")
    other = float(b4.vallon("autres_frais")["montant_ht"].sum())
    internal = b4.cout_interne(GOOD, t, e)
    external = b4.cout_externe(d)
    total = internal + external + other
    load = b4.charge_par_membre(GOOD, t)
    avail = dict(zip(e["membre"], e["jours_disponibles"]))
    charge = dict(zip(t["code"], t["charge_jours"]))
    cheapest = d.groupby("competence")["montant_ht"].min()
    plan = b4.planifier(t)
    floats = plan.dates["marge_totale"]
    pareto = b4.tableau_pareto(b4.vallon("incidents")["cause"].value_counts())
    gaps = b4.ecarts_suivi(b4.vallon("suivi_semaine4"))
    every = read_mapping(ROOT / "source").cells
    cells = [c for c in every if c.assignment == "b4_projet_web_equipe"]
    mine = {code: sum(c.points for c in every if c.assignment == "b4_projet_web_individuel" and f"B4.{code}" in c.criteria)
            for code in ("CE30", "CE31")}
    whole = {code: sum(c.points for c in every if f"B4.{code}" in c.criteria) for code in ("CE30", "CE31")}
    return [
        ("Studio Pixel Nord (6 900 €)", "6 900", cheapest["UX design"]),
        ("CodeFactory (9 950 €)", "9 950", cheapest["développement connecteur caisse"]),
        ("soit **16 850 €** de prestations", "16 850", external),
        ("12 jours disponibles : les photos", "12", avail["Julien Morel"]),
        ("photos (6 jours)", "6", charge["E"]),
        ("fiches produits (10 jours)", "10", charge["D"]),
        ("font 16 jours", "16", charge["D"] + charge["E"]),
        ("(13 jours sur 14", "13", load["Camille Faure"]),
        ("(13 jours sur 14", "14", avail["Camille Faure"]),
        ("L'intégration (12 jours)", "12", charge["F"]),
        ("dans les 8 jours de Marc", "8", avail["Marc Delorme"]),
        ("(16 jours sur 18", "16", load["Nadia Benali"]),
        ("(16 jours sur 18", "18", avail["Nadia Benali"]),
        ("porte 14 jours sur 16", "14", load["Sophie Arnaud"]),
        ("porte 14 jours sur 16", "16", avail["Sophie Arnaud"]),
        ("travail interne **22 010 €**", "22 010", internal),
        ("autres frais 4 300 €", "4 300", other),
        ("total **43 160 €**", "43 160", total),
        ("pour 40 000 €", "40 000", 40_000),
        ("dépassement de **3 160 €**", "3 160", total - 40_000),
        ("soit **7,9 %**", "7,9", round((total - 40_000) / 40_000 * 100, 1)),
        ("piège : 7,3 %", "7,3", round((total - 40_000) / total * 100, 1)),
        ("**38 jours ouvrés** pour 40", "38", plan.duree),
        ("Marges totales : D 10", "10", floats["D"]),
        ("E 6,", "6", floats["E"]),
        ("G 17", "17", floats["G"]),
        ("H 22,", "22", floats["H"]),
        ("I 10,", "10", floats["I"]),
        ("K 3,", "3", floats["K"]),
        ("L 24.", "24", floats["L"]),
        ("14 jours de marge libre pour G", "14", plan.dates.loc["G", "marge_libre"]),
        ("B (+1 jour)", "1", gaps["B"]),
        ("E (+0,8 jour)", "0,8", gaps["E"]),
        ("en avance (−1 jour)", "1", -gaps["D"]),
        ("**Pareto** : 56 incidents", "56", pareto["nombre"].sum()),
        ("direction (18)", "18", pareto["nombre"].iloc[0]),
        ("fiches incomplètes (14)", "14", pareto["nombre"].iloc[1]),
        ("font 57 % des incidents", "57", round(pareto["part_cumulee"].iloc[1])),
        ("franchir 80 % (83,9 %)", "83,9", round(pareto["part_cumulee"].iloc[3], 1)),
        ("trois causes (73,2 %)", "73,2", round(pareto["part_cumulee"].iloc[2], 1)),
        ("28 points automatiques", "28", sum(c.points for c in cells if c.kind == "auto")),
        ("72 points notés à la main", "72", sum(c.points for c in cells if c.kind != "auto")),
        ("17 des 37 points de CE31", "17", mine["CE31"]),
        ("17 des 37 points de CE31", "37", whole["CE31"]),
        ("14 des 22 points de CE30", "14", mine["CE30"]),
        ("14 des 22 points de CE30", "22", whole["CE30"]),
        ("plafonne à 54 %", "54", round(100 * (whole["CE31"] - mine["CE31"]) / whole["CE31"])),
        ("et 36 % sur CE30", "36", round(100 * (whole["CE30"] - mine["CE30"]) / whole["CE30"])),
    ]


FIGURES = _figures()


@pytest.mark.parametrize("snippet, number, expected", FIGURES, ids=[f[0] for f in FIGURES])
def test_figure_in_notes_matches_the_data(snippet, number, expected):
    from cpmc_course.kit import parse_nombre

    assert snippet in NOTES, f"« {snippet} » not in NOTES_FORMATEUR.md"
    assert number in snippet
    assert parse_nombre(number) == pytest.approx(expected), snippet
