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

import networkx as nx
import pandas as pd
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


QUOTES = {r["prestataire"]: (int(r["montant_ht"]), int(r["option_tests_ht"])) for r in _rows("devis.csv")}
COORDINATION = sum(float(r["jours_coordination"]) * int(r["cout_jour"]) for r in _rows("equipe.csv"))
OTHER_COSTS = sum(int(r["montant_ht"]) for r in _rows("autres_frais.csv"))


def _budget(internal: float, external: float, rate: float) -> float:
    return (internal + COORDINATION + external + OTHER_COSTS) * (1 + rate)


def test_external_skills_and_allocation(p1):
    ns, _ = p1
    assert ns["competences_externes"] == EXTERNAL == ["UX design", "développement connecteur caisse"]
    load: dict[str, int] = {}
    for code, member in ns["affectation"].items():
        assert TASKS[code]["competence"] in SKILLS[member]
        load[member] = load.get(member, 0) + int(TASKS[code]["charge_jours"])
    assert all(load[m] <= AVAILABLE[m] for m in load)
    assert set(ns["affectation"]) == {c for c, t in TASKS.items() if t["competence"] in INTERNAL_SKILLS}
    assert ns["affectation"]["O"] == "Marc Delorme", "the booking module: Nadia Benali has the skill, not the days"


def test_budget_numbers(p1):
    ns, _ = p1
    internal = sum(int(TASKS[c]["charge_jours"]) * COST[m] for c, m in ns["affectation"].items())
    assert ns["cout_interne"] == internal == 22_440
    assert ns["devis_retenus"] == {"UX design": "Atelier Maquette", "développement connecteur caisse": "CodeFactory"}
    assert ns["cout_externe"] == QUOTES["Atelier Maquette"][0] + QUOTES["CodeFactory"][0] == 11_100
    assert ns["cout_coordination"] == COORDINATION == 2_930
    total = _budget(internal, 11_100, 0.1)
    assert ns["provision"] == pytest.approx(total - total / 1.1) and ns["provision"] == pytest.approx(3_947)
    assert ns["budget_total"] == pytest.approx(total) and total == pytest.approx(43_417)
    assert ns["ecart"] == pytest.approx(GEN.ENVELOPPE_HT - total) and ns["ecart"] == pytest.approx(-3_417)
    assert ns["ecart_pct"] == round((GEN.ENVELOPPE_HT - total) / GEN.ENVELOPPE_HT * 100, 1) == -8.5


def test_the_ux_quotes_are_comparable_and_either_choice_is_accepted(p1):
    """At equivalent service (user tests) Atelier Maquette is cheaper; without them Studio Pixel Nord is."""
    ns, nb = p1
    pixel, option = QUOTES["Studio Pixel Nord"]
    assert pixel < QUOTES["Atelier Maquette"][0] < pixel + option
    for choice, options, rate in (("Studio Pixel Nord", {"Studio Pixel Nord"}, 0.05), ("Studio Pixel Nord", set(), 0.15)):
        external = QUOTES[choice][0] + (option if options else 0) + QUOTES["CodeFactory"][0]
        total = _budget(ns["cout_interne"], external, rate)
        values = dict(devis_retenus={"UX design": choice, "développement connecteur caisse": "CodeFactory"},
                      avec_option=options, cout_externe=external, taux_provision=rate,
                      provision=total - total / (1 + rate), budget_total=total, ecart=40000 - total,
                      ecart_pct=round((40000 - total) / 400, 1))
        assert passes(nb, ns, "b4_budget_total", **values), (choice, options, rate)


def test_budget_rounding_and_plausible_mistakes(p1):
    ns, nb = p1
    assert passes(nb, ns, "b4_budget_total", ecart_pct=-8.5)
    assert passes(nb, ns, "b4_budget_total", ecart_pct=-3417 / 40000 * 100)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=-8.4)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=-8.6)
    assert not passes(nb, ns, "b4_budget_total", ecart_pct=round(-3417 / 43417 * 100, 1)), "share of the budget, not of the envelope"
    assert not passes(nb, ns, "b4_budget_total", ecart=3417), "sign: a negative gap is an overrun"
    assert not passes(nb, ns, "b4_budget_total", taux_provision=0.2), "a contingency of 5 to 15 %"
    assert not passes(nb, ns, "b4_budget_total", budget_total=ns["budget_total"] - ns["provision"]), "the contingency is in"
    assert not passes(nb, ns, "b4_budget_total", cout_coordination=0), "coordination time is costed"
    assert not passes(nb, ns, "b4_budget_total", avec_option={"Studio Pixel Nord"}), "an option of a quote not retained"
    assert not passes(nb, ns, "b4_budget_total", devis_retenus={"UX design": "CodeFactory"}), "one quote per skill"
    assert passes(nb, ns, "b4_budget_interne", cout_interne=22440.4)
    assert not passes(nb, ns, "b4_budget_interne", cout_interne=22441)
    by_duration = sum(int(TASKS[c]["duree"]) * COST[m] for c, m in ns["affectation"].items())
    assert by_duration == 25_470 and not passes(nb, ns, "b4_budget_interne", cout_interne=by_duration), "duration × daily cost"


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
    assert sorted(ns["risques_prioritaires"]) == ["R1", "R2", "R4"]
    by_probability = ns["risques"].sort_values(["probabilite", "impact"], ascending=False)["code"].head(3).tolist()
    assert by_probability == ["R1", "R2", "R6"] and not passes(nb, ns, "b4_criticite_risques", risques_prioritaires=by_probability)
    summed = ns["risques"].assign(criticite=ns["risques"]["probabilite"] + ns["risques"]["impact"])
    assert not passes(nb, ns, "b4_criticite_risques", risques=summed)


def test_pert_numbers_and_mistakes(p2):
    ns, nb = p2
    assert ns["taches_critiques"] == set("ABCEFJMN") and ns["duree_projet"] == 38
    assert dict(ns["dates"]["marge_totale"]) == {"A": 0, "B": 0, "C": 0, "D": 6, "E": 0, "F": 0, "G": 14, "H": 22, "I": 6, "O": 6, "J": 0, "K": 3, "L": 24, "M": 0, "N": 0}
    assert not passes(nb, ns, "b4_pert_chemin_critique", duree_projet=sum(int(t["duree"]) for t in TASKS.values()))
    assert not passes(nb, ns, "b4_pert_chemin_critique", taches_critiques=["Début", *"ABCEFJMN", "Fin"])
    one_path = [t for t in nx.dag_longest_path(ns["reseau"], weight="duree") if t not in ("Début", "Fin")]
    assert len(one_path) < 8 and not passes(nb, ns, "b4_pert_chemin_critique", taches_critiques=one_path), "ties: one path only"
    free_floats = ns["dates"].assign(marge_totale=ns["dates"]["marge_totale"].where(ns["dates"].index != "G", 11))
    assert not passes(nb, ns, "b4_pert_marges", dates=free_floats), "free float instead of total float"
    assert dict(ns["dates"]["marge_libre"]) == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0, "F": 0, "G": 11, "H": 0, "I": 0, "O": 3, "J": 0, "K": 3, "L": 24, "M": 0, "N": 0}
    totals_as_free = ns["dates"].assign(marge_libre=ns["dates"]["marge_totale"])
    assert not passes(nb, ns, "b4_pert_marge_libre", dates=totals_as_free), "total float instead of free float"
    shifted = {c: v + 1 for c, v in ns["debut_tot"].items()}  # counting the first day as day 1
    assert not passes(nb, ns, "b4_pert_passe_avant", debut_tot=shifted)
    by_sum = {c: sum(int(TASKS[p]["duree"]) for p in ns["preds"][c]) for c in ns["debut_tot"]}  # adds instead of max
    assert not passes(nb, ns, "b4_pert_passe_avant", debut_tot=by_sum)
    assert not passes(nb, ns, "b4_pert_passe_arriere", fin_tard={c: ns["duree_projet"] for c in ns["fin_tard"]})


def test_go_live_date_and_reforecast(p2):
    """The go-live date on the calendar (any date type), the re-forecast from the week-4 grid; the classic slips fail."""
    import datetime as dt

    ns, nb = p2
    assert pd.Timestamp(ns["date_mise_en_ligne"]) == pd.Timestamp("2027-02-24")
    for variant in ("2027-02-24", dt.date(2027, 2, 24), dt.datetime(2027, 2, 24)):
        assert passes(nb, ns, "b4_date_mise_en_ligne", date_mise_en_ligne=variant), variant
    assert not passes(nb, ns, "b4_date_mise_en_ligne", date_mise_en_ligne=ns["jours_ouvres"][38]), "off by one working day"
    assert not passes(nb, ns, "b4_date_mise_en_ligne", date_mise_en_ligne=dt.date(2027, 1, 4) + dt.timedelta(days=38))
    assert ns["fin_projet_reprevue"] == 42 and pd.Timestamp(ns["date_reprevue"]) == pd.Timestamp("2027-03-02")
    planned = {c: ns["debut_tot"][c] + int(TASKS[c]["duree"]) for c in ns["debut_tot"]}
    assert not passes(nb, ns, "b4_reprevision", fin_reprevue=planned, fin_projet_reprevue=max(planned.values()))
    by_duration = dict(ns["fin_reprevue"], F=20 + int(TASKS["F"]["duree"]))  # the planned duration instead of the rest declared
    assert not passes(nb, ns, "b4_reprevision", fin_reprevue=by_duration)


def test_tracking_grid(p2):
    ns, nb = p2
    planted = {r["code"]: float(r["charge_consommee"]) - int(r["avancement_pct"]) * int(r["charge_prevue"]) / 100
               for r in _rows("suivi_semaine4.csv")}
    assert dict(zip(ns["suivi"]["code"], ns["suivi"]["ecart_jours"].round(1))) == {c: round(v, 1) for c, v in planted.items()}
    assert ns["taches_en_derive"] == ["B", "E", "F", "H"]
    assert not passes(nb, ns, "b4_grille_suivi", taches_en_derive=["B", "D", "E", "F", "H"])
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
    for variant in (tuple("ABCEFJMN"), list("NMJFECBA"), frozenset("ABCEFJMN")):
        assert passes(nb, ns, "b4_pert_chemin_critique", taches_critiques=variant), variant
    assert not passes(nb, ns, "b4_pert_chemin_critique", taches_critiques="ABCEFJMN")
    as_column = ns["pareto"].rename_axis("cause").reset_index()
    assert passes(nb, ns, "b4_pareto_incidents", pareto=as_column)
    wrong = as_column.assign(cause=as_column["cause"][::-1].tolist())  # causes swapped against their counts
    assert not passes(nb, ns, "b4_pareto_incidents", pareto=wrong)


# --- figures quoted in the model answers, rubrics and notes are the data's ---------------------
def test_every_figure_of_the_example_is_accounted_for():
    """Each number of the example's markdown and notes is its ``b4_figures`` computation on the example data, or fixed."""
    import nbformat

    from cpmc_course.sessions import b4_data, b4_sujet
    from cpmc_course.sessions.b4_figures import NOTES, TABLES
    from cpmc_course.sessions.figures import problems

    found = []
    with b4_data.bound_to(b4_data.TEAM / "data"):
        for epreuve, names in b4_sujet.NOTEBOOKS.items():
            for name in names:
                for index, c in enumerate(nbformat.read(ROOT / "source" / epreuve / name, as_version=4).cells):
                    if c.cell_type == "markdown":
                        found += problems(c.source, c.source, TABLES[name], f"{name}, cellule {index}")
        notes = (ROOT / "case_studies" / "b4_vallon" / NOTES).read_text(encoding="utf-8")
        found += problems(notes, notes, TABLES[NOTES], NOTES)
    assert found == []
