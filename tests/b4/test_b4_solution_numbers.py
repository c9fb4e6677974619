"""Every number of the bloc 4 solutions recomputed by another route, rounding acceptance, plausible mistakes.

The source notebooks run in-process (``b4_notebooks.run``); the expected values
come from plain ``csv`` reading and the generator's planted constants, never
from the notebooks themselves. Each numeric test cell accepts the value
correctly rounded at the stated precision and rejects the next value.
"""

from __future__ import annotations

import csv
import importlib.util
import re

import pytest

from b4_notebooks import INDIVIDUAL, TEAM, ROOT, cell, passes, run
from cpmc_course.kit import parse_nombre

GEN_PATH = ROOT / "case_studies" / "b4_vallon" / "generate_data.py"


def _generator():
    spec = importlib.util.spec_from_file_location("b4_generate_data", GEN_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _rows(name: str) -> list[dict]:
    with open(TEAM / "data" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def p1():
    return run(TEAM / "1_cadrage_budget_risques.ipynb")


@pytest.fixture(scope="module")
def p2():
    return run(TEAM / "2_planning_suivi_problemes.ipynb")


@pytest.fixture(scope="module")
def indiv():
    return run(INDIVIDUAL / "1_contribution_individuelle.ipynb")


# --- expected values, by plain Python over the CSV files -------------------------------------
SKILLS = {r["membre"]: set(r["competences"].split(";")) for r in _rows("equipe.csv")}
COST = {r["membre"]: int(r["cout_jour"]) for r in _rows("equipe.csv")}
AVAILABLE = {r["membre"]: int(r["jours_disponibles"]) for r in _rows("equipe.csv")}
TASKS = {r["code"]: r for r in _rows("taches.csv")}
INTERNAL_SKILLS = set().union(*SKILLS.values())
EXTERNAL = sorted({t["competence"] for t in TASKS.values()} - INTERNAL_SKILLS)


def _cheapest() -> float:
    best: dict[str, int] = {}
    for r in _rows("devis.csv"):
        best[r["competence"]] = min(best.get(r["competence"], 10**9), int(r["montant_ht"]))
    return float(sum(best.values()))


OTHER_COSTS = sum(int(r["montant_ht"]) for r in _rows("autres_frais.csv"))


def test_external_skills_and_allocation(p1):
    ns, _ = p1
    assert ns["competences_externes"] == EXTERNAL == ["UX design", "développement connecteur caisse"]
    load: dict[str, int] = {}
    for code, member in ns["affectation"].items():
        assert TASKS[code]["competence"] in SKILLS[member]
        load[member] = load.get(member, 0) + int(TASKS[code]["charge_jours"])
    assert all(load[m] <= AVAILABLE[m] for m in load)
    assert set(ns["affectation"]) == {c for c, t in TASKS.items() if t["competence"] in INTERNAL_SKILLS}


def test_budget_numbers(p1):
    ns, _ = p1
    internal = sum(int(TASKS[c]["charge_jours"]) * COST[m] for c, m in ns["affectation"].items())
    assert ns["cout_interne"] == internal == 22_010
    assert ns["cout_externe"] == _cheapest() == 16_850
    total = internal + _cheapest() + OTHER_COSTS
    assert ns["budget_total"] == total == 43_160
    assert ns["ecart"] == GEN.ENVELOPPE_HT - total == -3_160
    assert ns["ecart_pct"] == round((GEN.ENVELOPPE_HT - total) / GEN.ENVELOPPE_HT * 100, 1) == -7.9


def test_budget_rounding_and_plausible_mistakes(p1):
    ns, nb = p1
    assert passes(nb, ns, "b4_budget_total", ecart_pct=-7.9)
    assert passes(nb, ns, "b4_budget_total", ecart_pct=-3160 / 40000 * 100)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=-7.8)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=-8.0)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=round(-3160 / 43160 * 100, 1)), "share of the budget, not of the envelope"
    all_quotes = sum(int(r["montant_ht"]) for r in _rows("devis.csv"))
    assert not passes(nb, ns, "b4_budget_total", cout_externe=all_quotes, budget_total=22010 + all_quotes + OTHER_COSTS)
    assert not passes(nb, ns, "b4_budget_total", ecart=3160), "sign: a negative gap is an overrun"
    assert passes(nb, ns, "b4_budget_interne", cout_interne=22010.4)
    assert not passes(nb, ns, "b4_budget_interne", cout_interne=22011)


def test_allocation_mistakes_are_caught(p1):
    ns, nb = p1
    overloaded = dict(ns["affectation"], D="Julien Morel")  # Julien has the skill but not the days
    assert passes(nb, ns, "b4_repartition_competences", affectation=overloaded)
    assert not passes(nb, ns, "b4_repartition_charge", affectation=overloaded)
    wrong_skill = dict(ns["affectation"], F="Sophie Arnaud")
    assert not passes(nb, ns, "b4_repartition_competences", affectation=wrong_skill)
    with_external = dict(ns["affectation"], C="Nadia Benali")
    assert not passes(nb, ns, "b4_repartition_competences", affectation=with_external)


def test_risk_criticality(p1):
    ns, nb = p1
    scores = {r["code"]: int(r["probabilite"]) * int(r["impact"]) for r in _rows("risques.csv")}
    assert list(ns["risques"]["criticite"]) == list(scores.values())
    assert sorted(ns["risques_prioritaires"]) == ["R1", "R2", "R6"]
    assert not passes(nb, ns, "b4_criticite_risques", risques_prioritaires=["R1", "R2", "R4"])
    summed = ns["risques"].assign(criticite=ns["risques"]["probabilite"] + ns["risques"]["impact"])
    assert not passes(nb, ns, "b4_criticite_risques", risques=summed)


def test_pert_numbers_and_mistakes(p2):
    ns, nb = p2
    assert ns["chemin_critique"] == list("ABCFJMN") and ns["duree_projet"] == 38
    assert dict(ns["dates"]["marge_totale"]) == {"A": 0, "B": 0, "C": 0, "D": 10, "E": 6, "F": 0, "G": 17, "H": 22, "I": 10, "J": 0, "K": 3, "L": 24, "M": 0, "N": 0}
    assert not passes(nb, ns, "b4_pert_chemin_critique", duree_projet=sum(int(t["duree"]) for t in TASKS.values()))
    assert not passes(nb, ns, "b4_pert_chemin_critique", chemin_critique=["Début", *"ABCFJMN", "Fin"])
    assert not passes(nb, ns, "b4_pert_chemin_critique", chemin_critique=list("ABDJMN"))
    free_floats = ns["dates"].assign(marge_totale=ns["dates"]["marge_totale"].where(ns["dates"].index != "G", 14))
    assert not passes(nb, ns, "b4_pert_marges", dates=free_floats), "free float instead of total float"


def test_tracking_grid(p2):
    ns, nb = p2
    planted = {c: u - a * p / 100 for c, p, u, a in GEN.SUIVI}
    assert dict(zip(ns["suivi"]["code"], ns["suivi"]["ecart_jours"].round(1))) == {c: round(v, 1) for c, v in planted.items()}
    assert ns["taches_en_derive"] == ["B", "E"]
    assert not passes(nb, ns, "b4_grille_suivi", taches_en_derive=["B", "D", "E"])
    assert passes(nb, ns, "b4_grille_suivi", suivi=ns["suivi"].assign(ecart_jours=ns["suivi"]["ecart_jours"].round(1)))


def test_pareto_numbers_rounding_and_mistakes(p2):
    ns, nb = p2
    counts = [n for _, n, _ in GEN.INCIDENTS]
    total = sum(counts)
    cumul = [100 * sum(counts[: i + 1]) / total for i in range(len(counts))]
    assert list(ns["pareto"]["nombre"]) == counts
    assert ns["pareto"]["part_cumulee"].tolist() == pytest.approx(cumul)
    rounded = ns["pareto"].assign(part_cumulee=ns["pareto"]["part_cumulee"].round(1))
    assert passes(nb, ns, "b4_pareto_incidents", pareto=rounded)
    next_value = rounded.assign(part_cumulee=rounded["part_cumulee"] + ([0.1] + [0] * (len(counts) - 1)))
    assert not passes(nb, ns, "b4_pareto_incidents", pareto=next_value)
    as_share = ns["pareto"].assign(part_cumulee=ns["pareto"]["part_cumulee"] / 100)
    assert not passes(nb, ns, "b4_pareto_incidents", pareto=as_share)
    first = [c for c, _, _ in GEN.INCIDENTS]
    assert ns["causes_80"] == first[:4] and cumul[2] < 80 <= cumul[3]
    assert not passes(nb, ns, "b4_pareto_causes_80", causes_80=first[:3]), "the cause crossing 80 % is kept"


MEMBER_CELLS = {"Camille Faure": "b4i_style_camille", "Julien Morel": "b4i_style_julien",
                "Nadia Benali": "b4i_style_nadia", "Thomas Roux": "b4i_style_thomas"}


def test_situational_styles_scored_per_member(indiv):
    """SLII, one point per member: the Hersey–Blanchard swap of the two low-skill rows loses exactly those two points."""
    ns, nb = indiv
    assert ns["styles"] == {"Camille Faure": "directif", "Julien Morel": "participatif", "Nadia Benali": "délégatif", "Thomas Roux": "persuasif"}
    swapped = dict(ns["styles"], **{"Camille Faure": "persuasif", "Thomas Roux": "directif"})
    assert {m: passes(nb, ns, cell, styles=swapped) for m, cell in MEMBER_CELLS.items()} == {
        "Camille Faure": False, "Julien Morel": True, "Nadia Benali": True, "Thomas Roux": False}
    partial = {m: v for m, v in ns["styles"].items() if m != "Nadia Benali"}  # a member forgotten: a French message, not a KeyError
    assert [passes(nb, ns, cell, styles=partial) for cell in MEMBER_CELLS.values()] == [True, True, False, True]
    assert not any(passes(nb, ns, cell, styles=list(ns["styles"].items())) for cell in MEMBER_CELLS.values())


def test_sets_compared_as_sets_and_tables_read_either_way(p1, p2):
    """Issue 25, item 4: any order of the external skills, a tuple path, cause as a column; a string path fails in French."""
    ns, nb = p1
    french_order = ["développement connecteur caisse", "UX design"]
    for variant in (french_order, tuple(EXTERNAL), set(EXTERNAL)):
        assert passes(nb, ns, "b4_competences_necessaires", competences_externes=variant), variant
    assert not passes(nb, ns, "b4_competences_necessaires", competences_externes=EXTERNAL[:1])
    assert not passes(nb, ns, "b4_competences_necessaires", competences_externes=[*EXTERNAL, "rédaction web"])
    assert not passes(nb, ns, "b4_competences_necessaires", competences_externes="UX design")
    ns, nb = p2
    assert passes(nb, ns, "b4_pert_chemin_critique", chemin_critique=tuple("ABCFJMN"))
    assert not passes(nb, ns, "b4_pert_chemin_critique", chemin_critique="ABCFJMN")
    as_column = ns["pareto"].rename_axis("cause").reset_index()
    assert passes(nb, ns, "b4_pareto_incidents", pareto=as_column)
    wrong = as_column.assign(cause=as_column["cause"][::-1].tolist())  # causes swapped against their counts
    assert not passes(nb, ns, "b4_pareto_incidents", pareto=wrong)


# --- figures quoted in the model answers (markdown) are the data's ---------------------------
QUOTED = [
    ("1_cadrage_budget_risques", "b4_analyse_budget", "budget total, 43 160 € HT", 43_160),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "de\n3 160 €", 3_160),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "soit 7,9 %", 7.9),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "représente 22 010 €", 22_010),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "(51 %)", 51),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "prestations\n16 850 €", 16_850),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "autres frais 4 300 €", 4_300),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "Nadia Benali (6 080 €)", 6_080),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "Sophie\nArnaud (5 880 €)", 5_880),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "Camille Faure, 840 €", 840),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "(995 €)", 995),
    ("1_cadrage_budget_risques", "b4_analyse_budget", "dépassement à 1 325 €", 1_325),
    ("1_cadrage_budget_risques", "b4_definition_projet", "38 jours ouvrés", 38),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "fiches produits (10 jours)", 10),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "les 12 jours disponibles", 12),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "photos (6 jours)", 6),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "compétence et 14 jours", 14),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "L'intégration (12 jours)", 12),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "les 8 jours de Marc", 8),
    ("1_cadrage_budget_risques", "b4_tableau_repartition", "14 jours sur 16", 14),
    ("2_planning_suivi_problemes", "b4_cahier_probleme", "direction (18 incidents)", 18),
    ("2_planning_suivi_problemes", "b4_cahier_probleme", "incomplètes (14 incidents)", 14),
    ("3_reunions_equipe_defense", "b4_lettre_de_mission", "Montant : 9 950 € HT", 9_950),
    ("3_reunions_equipe_defense", "b4_defense_projet", "planning de 38\njours ouvrés", 38),
    ("3_reunions_equipe_defense", "b4_defense_projet", "Budget : 43 160 € HT", 43_160),
]


def _expected_figures(p1ns) -> dict[str, float]:
    internal = p1ns["repartition"].groupby("membre")["cout"].sum()
    load = p1ns["repartition"].groupby("membre")["charge_jours"].sum()
    return {
        "budget": p1ns["budget_total"], "overrun": -p1ns["ecart"], "pct": -p1ns["ecart_pct"],
        "internal": p1ns["cout_interne"], "internal_share": round(p1ns["cout_interne"] / p1ns["budget_total"] * 100),
        "external": p1ns["cout_externe"], "other": OTHER_COSTS, "nadia": internal["Nadia Benali"],
        "sophie": internal["Sophie Arnaud"], "training": int(TASKS["L"]["charge_jours"]) * COST["Camille Faure"],
        "discount": 0.1 * 9_950, "left": -p1ns["ecart"] - int(TASKS["L"]["charge_jours"]) * COST["Camille Faure"] - 995,
        "sophie_load": load["Sophie Arnaud"], "julien_days": AVAILABLE["Julien Morel"], "camille_days": AVAILABLE["Camille Faure"],
        "marc_days": AVAILABLE["Marc Delorme"],
    }


def test_figures_quoted_in_model_answers_match_the_data(p1):
    ns, _ = p1
    f = _expected_figures(ns)
    computed = {
        "budget total, 43 160 € HT": f["budget"], "de\n3 160 €": f["overrun"], "soit 7,9 %": f["pct"],
        "représente 22 010 €": f["internal"], "(51 %)": f["internal_share"], "prestations\n16 850 €": f["external"],
        "autres frais 4 300 €": f["other"], "Nadia Benali (6 080 €)": f["nadia"], "Sophie\nArnaud (5 880 €)": f["sophie"],
        "Camille Faure, 840 €": f["training"], "(995 €)": f["discount"], "dépassement à 1 325 €": f["left"],
        "38 jours ouvrés": 38, "fiches produits (10 jours)": int(TASKS["D"]["charge_jours"]),
        "les 12 jours disponibles": f["julien_days"], "photos (6 jours)": int(TASKS["E"]["charge_jours"]),
        "compétence et 14 jours": f["camille_days"], "L'intégration (12 jours)": int(TASKS["F"]["charge_jours"]),
        "les 8 jours de Marc": f["marc_days"], "14 jours sur 16": f["sophie_load"],
        "direction (18 incidents)": GEN.INCIDENTS[0][1], "incomplètes (14 incidents)": GEN.INCIDENTS[1][1],
        "Montant : 9 950 € HT": _cheapest() - 6_900, "planning de 38\njours ouvrés": 38, "Budget : 43 160 € HT": f["budget"],
    }
    import nbformat

    for notebook, grade_id, snippet, value in QUOTED:
        nb = nbformat.read(TEAM / f"{notebook}.ipynb", as_version=4)
        text = " ".join(cell(nb, grade_id).source.replace("\u00a0", " ").split())
        assert " ".join(snippet.split()) in text, f"{grade_id}: « {snippet} » not found"
        number = re.findall(r"\d[\d ]*(?:,\d+)?", snippet.replace("\n", " "))[0].strip()
        assert parse_nombre(number) == value == computed[snippet], snippet
