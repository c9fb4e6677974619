"""The bloc 1 lesson package: calculations against independent computations, checks, widgets."""

from __future__ import annotations

import math

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.kit import EMPTY, RIGHT, WRONG
from cpmc_course.lessons import b1


def test_loader_reads_every_table_and_rejects_an_unknown_one():
    assert len(b1.ardene("enquete_chauffage")) == 360
    assert list(b1.ardene("campagnes_2025").columns) == ["levier", "objectif", "budget_eur", "impressions", "clics", "ventes"]
    with pytest.raises(CpmcError, match="Table inconnue"):
        b1.ardene("plan_media")


def test_kpi_of_a_lever_by_hand():
    k = b1.kpi_levier(budget=42_000, impressions=980_000, clics=35_000, ventes=84, marge_unitaire=768)
    assert k.cpc == pytest.approx(1.2)
    assert k.cpm == pytest.approx(42_000 / 980)
    assert k.taux_conversion == pytest.approx(0.24)
    assert k.cpa == pytest.approx(500)
    assert k.marge == 64_512
    assert k.roi == pytest.approx(53.6)
    assert k.seuil_ventes == 55  # 54 ventes × 768 € = 41 472 € < 42 000 € ≤ 55 × 768 €
    assert b1.kpi_levier(768 * 10, 1, 1, 0, 768).seuil_ventes == 10


def test_profitability_simulation_matches_the_kpis():
    r = b1.simuler_rentabilite(budget=42_000, cpc=1.2, taux_conversion=0.0024, panier_moyen_ht=2_400, taux_mcv=0.32)
    assert r.clics == pytest.approx(35_000)
    assert r.ventes == pytest.approx(84)
    assert r.roi == pytest.approx(0.536)
    assert r.seuil_ventes == 55
    assert math.isinf(b1.simuler_rentabilite(1000, 1, 0, 2400, 0.32).cpa)


def test_margin_of_error_by_hand():
    assert b1.marge_erreur_points(78.9, 95) == pytest.approx(1.96 * math.sqrt(0.789 * 0.211 / 95) * 100)


@pytest.mark.parametrize(
    "answer,status",
    [(None, EMPTY), (10.2, RIGHT), (10.186, RIGHT), (11.85, WRONG), (47.4, WRONG), (0.102, WRONG), ("10", WRONG)],
)
def test_tcam_check(answer, status):
    assert b1.verifier_tcam(answer, 334_108, 492_479, 4).status == status


def test_checks_name_the_plausible_mistake():
    assert "volume" in b1.verifier_part_de_marche(5.1, 6_000, 100_000, 5_100, 100_000).message
    assert "Autres marques" in b1.verifier_part_relative(6_000 / 57_000, 6_000, 17_000, 57_000).message
    assert "chiffre d'affaires" in b1.verifier_roi_levier(380, 42_000, 84, 2_400, 0.32).message
    assert b1.verifier_roi_levier(54, 42_000, 84, 2_400, 0.32).right
    assert "supérieur" in b1.verifier_seuil_ventes(54, 42_000, 768).message
    assert b1.verifier_seuil_ventes(55, 42_000, 768).right
    assert "coût par clic" in b1.verifier_cpa(1.2, 42_000, 35_000, 84).message
    assert b1.verifier_marge_erreur(8.2, 78.9, 95).right


def test_widgets_build_and_recompute(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    sim = b1.RentabiliteSimulator()
    assert sim.result.seuil_ventes == math.ceil(42_000 / (2_150 * 0.38)) == 52  # Ardène's basket and rate
    sim.sliders["budget"].value = 84_000
    assert sim.result.ventes == pytest.approx(168)
    assert sim.bars["Budget"] == 84_000
    benchmark = b1.ardene("benchmark_poeles")
    mixed = benchmark[benchmark["gamme"] == "Poêle mixte et hydro"].set_index("marque")
    carte = b1.CartePerceptuelle(mixed.reset_index())
    assert carte.points().loc["Ardène", "x"] == pytest.approx(100 * mixed.loc["Ardène", "prix_ttc"] / mixed["prix_ttc"].mean())
    carte.prix.value = 1_500
    assert carte.points().loc["Ardène", "x"] < 100
    carte.axe_x.value = "Rendement (%)"
    assert carte.points().loc["Ardène", "x"] == mixed.loc["Ardène", "rendement_pct"] == 88


def test_figures_quoted_in_the_lessons_match_the_data():
    import csv
    from pathlib import Path

    import nbformat

    from cpmc_course.kit.formulas import marge_d_erreur

    root = Path(__file__).resolve().parents[2]

    def text(name: str) -> str:
        nb = nbformat.read(root / "courses" / "b1" / name, as_version=4)
        return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").replace("\u00a0", " ")

    lesson1 = text("01_etudes_de_marche.ipynb")
    assert f"±{marge_d_erreur(360, 50):.1f}".replace(".", ",") + " points" in lesson1
    assert f"±{marge_d_erreur(48, 50):.0f} points" in lesson1
    data = root / "case_studies" / "b1_ardene" / "data"
    with open(data / "campagnes_2025.csv", newline="", encoding="utf-8") as f:
        sales = {r["levier"]: int(r["ventes"]) for r in csv.DictReader(f)}
    assert f"{sales['Créateurs de contenus']} ou {sales['Vidéo sociale']} ventes" in text("04_acquisition_fidelisation_rentabilite.ipynb")
    with open(data / "enquete_chauffage.csv", newline="", encoding="utf-8") as f:
        survey = list(csv.DictReader(f))
    heavy = [int(r["intention_achat"]) >= 4 for r in survey if r["facture_elevee"] == "oui"]
    young = [r for r in survey if r["facture_elevee"] == "non" and int(r["enfants_moins_12_ans"]) == 0 and int(r["age"]) < 35]
    assert f"sont {len(heavy)}, dont {100 * sum(heavy) / len(heavy):.1f}".replace(".", ",") in lesson1.replace("\u202f", " ")
    assert len(young) == 48  # the small segment whose margin of error lesson 1 quotes


def test_media_plan_by_hand():
    # 45 % of 2 000 000 people touched 3.2 times: 900 000 people, 2 880 000 contacts, 144 GRP
    assert b1.grp(45, 3.2) == pytest.approx(144)
    assert b1.contacts(2_000_000, 45, 3.2) == pytest.approx(2_880_000)
    assert b1.cout_pour_mille(60_000, 2_880_000) == pytest.approx(60_000 / 2_880)
    assert b1.verifier_grp(144, 45, 3.2).status == RIGHT
    assert "produit" in b1.verifier_grp(48.2, 45, 3.2).message
    assert "pourcentage" in b1.verifier_grp(1.44, 45, 3.2).message
    assert b1.verifier_grp(None, 45, 3.2).status == EMPTY
    assert b1.verifier_cout_pour_mille(20.83, 60_000, 2_000_000, 45, 3.2).status == RIGHT
    assert "1\u202f000" in b1.verifier_cout_pour_mille(0.0208, 60_000, 2_000_000, 45, 3.2).message
    assert "contacts" in b1.verifier_cout_pour_mille(66.67, 60_000, 2_000_000, 45, 3.2).message


def test_budget_share_of_turnover_by_hand():
    assert b1.verifier_budget_pourcentage_ca(742_960, 37_148_000, 2).status == RIGHT
    assert "100" in b1.verifier_budget_pourcentage_ca(74_296_000, 37_148_000, 2).message
    assert b1.verifier_budget_pourcentage_ca(150_000, 37_148_000, 2).status == WRONG


def test_case_figures_quoted_by_the_lessons_and_the_brief_come_from_the_generator():
    """The stove maker's basket, margin rate, prices, yields and market story, as the generator writes them."""
    import importlib.util
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("ardene_gen", root / "case_studies" / "b1_ardene" / "generate_data.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)

    def flat(text: str) -> str:
        return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())

    def lesson(name: str) -> str:
        cells = json.loads((root / "courses" / "b1" / name).read_text(encoding="utf-8"))["cells"]
        return flat("\n".join("".join(c["source"]) for c in cells))

    def euros(value: int) -> str:
        return f"{value:,}".replace(",", " ") + " €"

    basket, rate = gen.PANIER_MOYEN_HT, round(gen.TAUX_MCV * 100)
    brief = flat((root / "case_studies" / "b1_ardene" / "README.md").read_text(encoding="utf-8"))
    lesson4 = lesson("04_acquisition_fidelisation_rentabilite.ipynb")
    for text in (brief, lesson4):
        assert f"{euros(basket)} HT" in text and f"{rate} %" in text
    assert f"MARGE_UNITAIRE = {basket} * {gen.TAUX_MCV}" in lesson4 and f", {basket}, {gen.TAUX_MCV})" in lesson4
    bench = {row[1]: row for row in gen.BENCHMARK}
    duo = bench["Ardène Duo"]
    lesson6 = lesson("06_communication_media_et_droit.ipynb")
    assert f"« Votre poêle Duo en 10 fois, {duo[3] // 10} € par mois »" in lesson6 and duo[3] % 10 == 0
    assert f"rendement mesuré de {duo[8]} %" in lesson6 and f"garanti {duo[7]} ans" in lesson6
    assert f"descend à {euros(bench['Granulo Connect'][3])}" in lesson("03_segmentation_ciblage_positionnement.ipynb")
    assert all(1_500 <= row[3] <= 6_000 for row in gen.BENCHMARK)  # realistic stove prices, € TTC
    sales = gen.sales_table()
    mixed = sales[sales["gamme"] == "Poêle mixte et hydro"].groupby("annee")["ca_keur"].sum()
    assert f"(+{round(((mixed[2025] / mixed[2021]) ** 0.25 - 1) * 100)} % par an en valeur)" in brief
    survey = gen.survey(__import__("numpy").random.default_rng(gen.SEED))
    assert f"{round((survey['intention_achat'] >= 4).mean() * 100)} % d'intentionnistes" in brief
    year = sales[sales["annee"] == 2025]
    share = year.loc[year["marque"] == "Ardène", "ca_keur"].sum() / year["ca_keur"].sum()
    assert 0.03 < 150_000 / 4_900_000 < share < 0.06  # lesson 6: a share of voice (about 3 %) a little below the market share
