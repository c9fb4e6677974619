"""The Rouline case data: byte-for-byte regeneration, consistency, size and planted stories."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "case_studies" / "b1_rouline"
ASSIGNMENT = ROOT / "source" / "b1_plan_marketing"
RELEASE = ROOT / "release" / "b1_plan_marketing"
FILES = (
    "ventes_marques.csv",
    "marche_segments.csv",
    "enquete_consommateurs.csv",
    "benchmark_concurrents.csv",
    "parcours_client.csv",
    "veille_outils.csv",
    "plan_media.csv",
)


def _rows(name: str) -> list[dict]:
    with open(CASE / "data" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_regenerated_data_is_identical_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(CASE / "generate_data.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (CASE / "data" / name).read_bytes(), f"{name} differs from the committed case data"
        assert fresh == (ASSIGNMENT / "data" / name).read_bytes(), f"{name} differs from the assignment's copy"
        assert fresh == (RELEASE / "data" / name).read_bytes(), f"{name} differs from the release's copy"


def test_assignment_hands_out_the_current_brief():
    assert (ASSIGNMENT / "cahier_des_charges.md").read_bytes() == (CASE / "README.md").read_bytes()


def test_the_whole_bloc_data_stays_small():
    assert sum((CASE / "data" / n).stat().st_size for n in FILES) < 2_000_000 / 3  # case + source + release < 2 MB


def test_market_is_the_sum_of_the_brands():
    brands = defaultdict(lambda: [0, 0])
    for r in _rows("ventes_marques.csv"):
        brands[(r["annee"], r["segment"])][0] += int(r["unites"])
        brands[(r["annee"], r["segment"])][1] += int(r["ca_keur"])
    market = {(r["annee"], r["segment"]): [int(r["unites"]), int(r["ca_keur"])] for r in _rows("marche_segments.csv")}
    assert market == dict(brands)
    assert len(market) == 5 * 4


def test_survey_shape_and_ranges():
    survey = _rows("enquete_consommateurs.csv")
    assert len(survey) == 420
    assert len({r["repondant_id"] for r in survey}) == 420
    assert all(1 <= int(r["intention_achat"]) <= 5 for r in survey)
    assert all(18 <= int(r["age"]) <= 75 for r in survey)
    assert all(r["distance_travail_km"] == "0" for r in survey if r["situation"] != "actif")


def test_brief_figures_match_the_data():
    rouline = [r for r in _rows("ventes_marques.csv") if r["marque"] == "Rouline" and r["annee"] == "2025"]
    ca = sum(int(r["ca_keur"]) for r in rouline) / 1000
    units = sum(int(r["unites"]) for r in rouline)
    brief = " ".join((CASE / "README.md").read_text(encoding="utf-8").replace("\u202f", " ").replace("\u00a0", " ").split())
    assert f"{units // 1000} {units % 1000:03d} vélos vendus en 2025, soit " + f"{ca:.1f}".replace(".", ",") + " M€ HT au prix public" in brief
    own = ca * (2 / 3 * 0.70 + 1 / 4 + 1 / 12 * 0.85)  # dealers keep 30 % of the consumer price, companies get 15 % off
    assert f"{own:.1f}".replace(".", ",") + " M€ HT de chiffre d'affaires pour Rouline" in brief
    assert f"encaisse en moyenne {round(own * 1e6 / units) // 1000} {round(own * 1e6 / units) % 1000:03d} € HT par vélo" in brief
    bench = {r["marque"]: r for r in _rows("benchmark_concurrents.csv")}
    assert bench["Rouline"]["prix_ttc"] == "3290" and "3 290 € TTC" in brief
    city = [r for r in rouline if r["segment"] == "Urbain"]
    city_price = 1.2 * 1000 * sum(int(r["ca_keur"]) for r in city) / sum(int(r["unites"]) for r in city)  # € TTC
    assert abs(int(bench["Rouline"]["prix_ttc"]) / city_price - 1) < 0.05  # the flagship is priced like Rouline's city range
    assert bench["Décavélo"]["points_de_vente"] == "320" and "320 points de vente" in brief
    assert bench["Rouline"]["points_de_vente"] == "140" and "140 revendeurs" in brief
    assert "768 € de marge sur coût variable" in brief and 2400 * 0.32 == 768
    budget = sum(int(r["budget_eur"]) for r in _rows("plan_media.csv"))
    assert budget <= 200_000 and "200 000 € HT par an" in brief


def test_market_has_the_shape_of_the_published_french_market():
    """Union Sport & Cycle: sales peak in 2022 then fall (−16 % in 2024), « tout chemin » first, cargo the only one growing
    (+5 % in 2024), about 2 045 € TTC a bike; the case's four segments follow that shape."""
    units, value, seg = defaultdict(int), defaultdict(int), defaultdict(int)
    for r in _rows("marche_segments.csv"):
        units[int(r["annee"])] += int(r["unites"])
        value[int(r["annee"])] += int(r["ca_keur"])
        seg[(r["segment"], int(r["annee"]))] += int(r["unites"])
    assert max(units, key=units.get) == 2022 and units[2022] > units[2023] > units[2024] > units[2025]
    assert -0.20 < units[2024] / units[2023] - 1 < -0.12
    assert sorted({s for s, _ in seg}, key=lambda s: -seg[(s, 2024)]) == ["Loisir et randonnée", "Urbain", "VTT électrique", "Cargo"]
    assert 0 < seg[("Cargo", 2024)] / seg[("Cargo", 2023)] - 1 < 0.10
    assert all(seg[(s, 2025)] < seg[(s, 2021)] for s in ("Urbain", "VTT électrique", "Loisir et randonnée"))
    assert 1_850 < 1.2 * 1000 * value[2024] / units[2024] < 2_250  # € TTC, the published average is about 2 045 €
