"""Every figure quoted in the instructor notes and the model answers, recomputed from the CSV files.

Plain Python (csv, math) computes each figure; the kit's French formatter writes it
as a reader sees it; the test checks the text says exactly that, so a regenerated
dataset cannot leave a false sentence behind.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from cpmc_course.kit import fr_euros, fr_nombre, fr_pourcent

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "case_studies" / "b1_rouline" / "data"
NOTES = (ROOT / "case_studies" / "b1_rouline" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
NNBSP, NBSP = "\u202f", "\u00a0"


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _answers() -> str:
    text = []
    for path in sorted((ROOT / "source" / "b1_plan_marketing").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text += [c.source for c in nb.cells if c.cell_type == "markdown"]
    return "\n".join(text)


ANSWERS = _answers()


def _plain(text: str) -> str:
    """Text with no-break spaces read as plain spaces and the minus sign as a hyphen (typography is not checked here)."""
    return text.replace(NBSP, " ").replace(NNBSP, " ").replace("\u2212", "-")


def _signed(p: float) -> str:
    return ("+" if p > 0 else "") + fr_pourcent(p)


def figures() -> dict[str, str]:
    f = {}
    year, seg = defaultdict(int), defaultdict(int)
    for r in _rows("marche_segments.csv"):
        year[r["annee"]] += int(r["ca_keur"])
        seg[(r["segment"], r["annee"])] += int(r["ca_keur"])
    f["marché 2021"] = fr_nombre(year["2021"] / 1000, 0) + NNBSP + "M€"
    f["marché 2025"] = fr_nombre(year["2025"] / 1000, 0) + NNBSP + "M€"
    f["TCAM marché"] = fr_pourcent((year["2025"] / year["2021"]) ** 0.25 - 1)
    for s in ("Urbain", "Cargo", "VTT électrique", "Loisir et randonnée"):
        f[f"TCAM {s}"] = _signed((seg[(s, "2025")] / seg[(s, "2021")]) ** 0.25 - 1)
    ca = defaultdict(dict)
    units = defaultdict(dict)
    for r in _rows("ventes_marques.csv"):
        if r["annee"] == "2025":
            ca[r["segment"]][r["marque"]] = int(r["ca_keur"])
            units[r["segment"]][r["marque"]] = int(r["unites"])
    for s in ("Urbain", "Cargo", "Loisir et randonnée"):
        f[f"part {s}"] = fr_pourcent(ca[s]["Rouline"] / sum(ca[s].values()))
    f["part relative urbain"] = fr_nombre(ca["Urbain"]["Rouline"] / ca["Urbain"]["Décavélo"], 2)
    f["part relative cargo"] = fr_nombre(ca["Cargo"]["Rouline"] / ca["Cargo"]["Cargolux"], 2)
    f["part en unités urbain"] = fr_pourcent(units["Urbain"]["Rouline"] / sum(units["Urbain"].values()))
    survey = _rows("enquete_consommateurs.csv")
    groups = defaultdict(list)
    for r in survey:
        if int(r["enfants_moins_12_ans"]) >= 1 and r["zone"] != "Rural":
            g = "Parents urbains"
        elif r["situation"] == "actif" and 5 <= int(r["distance_travail_km"]) <= 25:
            g = "Navetteurs"
        elif r["pratique_sportive"] == "oui":
            g = "Sportifs nature"
        else:
            g = "Balade et loisirs"
        groups[g].append((int(r["intention_achat"]) >= 4, int(r["budget_max_eur"])))
    for g in ("Parents urbains", "Navetteurs"):
        rows = groups[g]
        budgets = [b for i, b in rows if i]
        p = len(budgets) / len(rows)
        f[f"taux {g}"] = fr_pourcent(p)
        f[f"budget {g}"] = fr_euros(sum(budgets) / len(budgets))
        f[f"marge d'erreur {g}"] = fr_nombre(196 * math.sqrt(p * (1 - p) / len(rows)), 0) + " points"
    f["potentiel parents urbains"] = fr_euros(sum(b for i, b in groups["Parents urbains"] if i))
    f["taux sportifs nature"] = fr_pourcent(sum(i for i, _ in groups["Sportifs nature"]) / len(groups["Sportifs nature"]))
    journey = {r["point_de_contact"]: int(r["acheteurs_influences"]) / int(r["acheteurs_exposes"]) for r in _rows("parcours_client.csv")}
    f["influence essai revendeur"] = fr_pourcent(journey["Essai chez un revendeur"])
    f["influence avis"] = fr_pourcent(journey["Avis clients en ligne"])
    f["influence publicité sociale"] = fr_pourcent(journey["Publicité sur les réseaux sociaux"])
    margin = 2400 * 0.32
    media = {r["levier"]: (int(r["budget_eur"]), int(r["ventes"])) for r in _rows("plan_media.csv")}
    for lever in ("E-mailing", "SEO", "SEA", "Display (régie publicitaire)", "Influenceurs", "Affiliation"):
        budget, sales = media[lever]
        f[f"ROI {lever}"] = fr_pourcent((sales * margin - budget) / budget, 0)
    budget = sum(b for b, _ in media.values())
    sales = sum(v for _, v in media.values())
    f["budget total"] = fr_euros(budget)
    f["marge totale"] = fr_euros(sales * margin)
    f["ROI global"] = fr_pourcent((sales * margin - budget) / budget, 0)
    f["seuil display"] = f"seuil de {math.ceil(media['Display (régie publicitaire)'][0] / margin)}"
    tools = [r for r in _rows("veille_outils.csv") if int(r["impact_estime"]) >= 4 and int(r["cout_mensuel_eur"]) <= 300]
    f["coût des outils"] = fr_euros(sum(int(r["cout_mensuel_eur"]) for r in tools))
    bench = _rows("benchmark_concurrents.csv")
    city = {r["marque"]: int(r["prix_ttc"]) for r in bench if r["segment"] == "Urbain"}
    everyone = [int(r["prix_ttc"]) for r in bench]
    f["indice Rouline"] = f"Indice de prix Rouline {round(100 * city['Rouline'] / (sum(city.values()) / len(city)))}"
    for brand in ("Décavélo", "Velaris", "Moustik"):
        f[f"indice {brand}"] = f"indice {round(100 * city[brand] / (sum(city.values()) / len(city)))}"
    f["indice tous segments (piège)"] = f"donne {round(100 * city['Rouline'] / (sum(everyone) / len(everyone)))}"
    f |= _volume_price() | _sizes(groups) | _on_turnover(media)
    units = sum(int(r["unites"]) for r in _rows("marche_segments.csv") if r["annee"] == "2025")
    value = sum(int(r["ca_keur"]) for r in _rows("marche_segments.csv") if r["annee"] == "2025")
    f["unités 2025"] = f"{fr_nombre(units, 0)} vélos en 2025"
    f["prix moyen 2025"] = f"({fr_euros(1000 * value / units)} HT en 2025)"
    f["intentionnistes"] = fr_pourcent(sum(int(r["intention_achat"]) >= 4 for r in survey) / len(survey)) + " des 420 répondants"
    return f


def _volume_price() -> dict[str, str]:
    """Volume, average price and constant-mix price growth 2021-2025 (price/volume effect)."""
    units, value = defaultdict(int), defaultdict(int)
    seg_units, seg_value = defaultdict(int), defaultdict(int)
    for r in _rows("marche_segments.csv"):
        units[r["annee"]] += int(r["unites"])
        value[r["annee"]] += int(r["ca_keur"])
        seg_units[(r["segment"], r["annee"])] += int(r["unites"])
        seg_value[(r["segment"], r["annee"])] += int(r["ca_keur"])
    price = {y: value[y] / units[y] for y in ("2021", "2024", "2025")}
    segs = {s for s, _ in seg_units}
    laspeyres = sum(seg_value[(s, "2025")] / seg_units[(s, "2025")] * seg_units[(s, "2021")] for s in segs) / value["2021"]
    return {
        "volumes": "volumes baissent de " + fr_pourcent(1 - (units["2025"] / units["2021"]) ** 0.25),
        "baisse 2024": fr_pourcent(units["2024"] / units["2023"] - 1) + " en 2024",
        "prix moyen": "prix moyen progresse de " + fr_pourcent((price["2025"] / price["2021"]) ** 0.25 - 1),
        "prix à mix constant": fr_pourcent(laspeyres ** 0.25 - 1) + " par an de hausse des prix à segment égal",
        "prix moyen TTC 2024": "prix moyen 2024 du cas " + fr_euros(1.2 * 1000 * price["2024"]) + " TTC",
    }


def _sizes(groups) -> dict[str, str]:
    return {f"effectif {g}": f"{len(groups[g])} répondants" for g in ("Navetteurs", "Parents urbains")}


def _on_turnover(media) -> dict[str, str]:
    """The trap of ROI on turnover: what it shows for three levers."""
    roi = {lever: fr_pourcent((sales * 2400 - budget) / budget, 0) for lever, (budget, sales) in media.items()}
    return {"ROI CA publicité sociale": roi["Réseaux sociaux (publicité)"], "ROI CA influenceurs": roi["Influenceurs"],
            "ROI CA display": "display reste à " + roi["Display (régie publicitaire)"]}


FIGURES = figures()
NOTES_ONLY = ("part en unités urbain", "indice Rouline", "seuil display", "taux sportifs nature", "indice tous segments (piège)",
              "prix à mix constant", "prix moyen TTC 2024", "ROI CA publicité sociale", "unités 2025", "prix moyen 2025", "intentionnistes", "ROI CA influenceurs", "ROI CA display")
IN_ANSWERS = [k for k in FIGURES if k not in NOTES_ONLY]


@pytest.mark.parametrize("key", sorted(FIGURES))
def test_instructor_notes_quote_the_data(key):
    figure = FIGURES[key]
    assert _plain(figure) in _plain(NOTES), f"{key}: the notes should say {figure!r}"


@pytest.mark.parametrize("key", sorted(IN_ANSWERS))
def test_model_answers_quote_the_data(key):
    figure = FIGURES[key]
    assert _plain(figure) in _plain(ANSWERS), f"{key}: the model answers should say {figure!r}"


def _cells() -> dict[str, str]:
    """Source of every cell of the épreuve, by grade_id."""
    cells = {}
    for path in sorted((ROOT / "source" / "b1_plan_marketing").glob("*.ipynb")):
        for c in nbformat.read(path, as_version=4).cells:
            cells[c.metadata.get("nbgrader", {}).get("grade_id")] = c.source
    return cells


def _euros_in(text: str) -> list[int]:
    return [int(m.replace(" ", "")) for m in re.findall(r"\| (\d{1,3}(?: \d{3})*) € \|", _plain(text))]


def test_supports_break_even_and_budgets_add_up():
    """The break-even sales quoted for each campaign's supports, and the communication budget = the plan's budget."""
    margin = 2400 * 0.32
    cells = _cells()
    supports = _plain(cells["b1_supports_campagnes"])
    quoted = re.findall(r"(\d[\d ]*) € \+ (\d[\d ]*) € \| .*?seuil : (\d+) ventes pour (\d[\d ]*) €", supports)
    assert len(quoted) == 3
    for creation, diffusion, sales, budget in quoted:
        creation, diffusion, budget = (int(x.replace(" ", "")) for x in (creation, diffusion, budget))
        assert creation + diffusion == budget and int(sales) == math.ceil(budget / margin)
    strategy = sum(_euros_in(cells["b1_strategie_communication"]))
    plan = sum(_euros_in(cells["b1_plan_marketing"]))
    assert strategy == plan == 190_000
    assert f"Budget total : {fr_euros(plan)}" .replace(NNBSP, " ").replace(NBSP, " ") in _plain(cells["b1_plan_marketing"])


LAW = {
    # deliverable → what the model answer must state, with its article
    "b1_strategie_communication": (
        "« Attention ! Un crédit coûte de l'argent et doit être remboursé ! »",  # since 20 November 2026 (ordonnance n° 2025-880)
        "article L312-5", "article L34-5", "loi n° 2023-451"),
    "b1_personas_ambassadeurs": ("« Publicité » ou « Collaboration commerciale »", "loi n° 2023-451"),
}


@pytest.mark.parametrize("grade_id", sorted(LAW))
def test_law_is_stated_with_its_article(grade_id):
    answer = " ".join(_plain(_cells()[grade_id]).split())
    for words in LAW[grade_id]:
        assert _plain(words) in answer, f"{grade_id}: {words}"
    assert "anonymat" not in _plain(ANSWERS).lower()
    lessons = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "courses" / "b1").glob("*.ipynb"))
    assert "données minimales, anonymat" not in lessons.replace("\\u00a0", " ")


PUBLISHED = ("738 000", "671 696", "565 225", "-16 %", "221 443", "34 643", "+5 %", "2 045 €", "décembre 2024",
             "Union Sport & Cycle", "Observatoire du Cycle")


@pytest.mark.parametrize("text", ["README", "NOTES"])
def test_published_market_facts_are_cited_with_their_source(text):
    content = NOTES if text == "NOTES" else (ROOT / "case_studies" / "b1_rouline" / "README.md").read_text(encoding="utf-8")
    for fact in PUBLISHED:
        assert _plain(fact) in " ".join(_plain(content).split()), fact
    assert abs(565_225 / 671_696 - 1 + 0.16) < 0.005  # the -16 % quoted is 2024 against 2023


def test_the_targets_instruction_leaves_the_segment_sizes_to_the_candidate():
    counts = [re.search(r"\d+", FIGURES[k]).group() for k in ("effectif Navetteurs", "effectif Parents urbains")]
    instruction = _plain(_cells()["b1_cibles_consigne"])
    assert not [n for n in counts if re.search(rf"\b{n}\b", instruction)], instruction
