"""Every number of the bloc 2 solution, recomputed by another route, and the rounding each test accepts.

The solution notebook runs in-process (its hidden tests included). Its answers are
recomputed here from the CSV files with the ``csv`` module and plain arithmetic, the
critical path with networkx, the intervals with scipy; then, for every numeric test
cell, the correctly rounded answer at the stated precision passes and the next value
at that precision fails, as do plausible wrong answers (wrong denominator, ratio
instead of %, floor instead of ceiling).
"""

from __future__ import annotations

import csv
import datetime as dt
import math

import networkx as nx
import pandas as pd
import pytest

from b2_paths import CASE, cell_source, run_solution


def _rows(name: str) -> list[dict]:
    with open(CASE / "data" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def ns():
    return run_solution()


def _passes(ns: dict, grade: str, **changes) -> bool:
    """Run the test cell ``grade`` in a copy of the namespace with some answers replaced."""
    scope = {k: (v.copy() if isinstance(v, pd.DataFrame) else v) for k, v in ns.items()}
    for key, change in changes.items():
        scope[key] = change(scope[key]) if callable(change) else change
    try:
        exec(compile(cell_source(grade), grade, "exec"), scope)
    except AssertionError:
        return False
    return True


def _set(column: str, values, row: int | None = None, shift: float = 0.0):
    """A change that writes ``values`` into ``column`` (and shifts one row)."""
    def change(frame):
        frame[column] = list(values)
        if row is not None:
            frame.iloc[row, frame.columns.get_loc(column)] += shift
        return frame
    return change


# ------------------------------------------------------------ recomputation

def _abc() -> dict[str, str]:
    clients = sorted(((int(r["ca_2026"]), r["compte_id"]) for r in _rows("comptes.csv") if r["statut"] == "client"), reverse=True)
    total, cumul, classes = sum(c for c, _ in clients), 0, {}
    for value, ident in clients:
        cumul += value
        classes[ident] = "A" if cumul <= 0.8 * total else "B" if cumul <= 0.95 * total else "C"
    return classes


def test_abc_classes(ns):
    expected = _abc()
    assert dict(zip(ns["portefeuille"]["compte_id"], ns["portefeuille"]["classe"])) == expected
    counts = {k: list(expected.values()).count(k) for k in "ABC"}
    assert counts == {"A": 259, "B": 282, "C": 384}


def test_workload_sizing_by_plain_arithmetic(ns):
    classes = _abc()
    frequency = {"A": 12, "B": 6, "C": 2}
    load = sum(frequency[c] for c in classes.values()) + 2 * sum(1 for r in _rows("comptes.csv") if r["statut"] == "prospect")
    assert ns["charge_visites"] == load == 6148
    assert ns["nb_commerciaux"] == math.ceil(load / (210 * 4)) == 8


def test_zone_potential_and_zone_to_strengthen(ns):
    pot, ca, load = {}, {}, {}
    classes = _abc()
    frequency = {"A": 12, "B": 6, "C": 2}
    for r in _rows("comptes.csv"):
        z = r["zone"]
        pot[z] = pot.get(z, 0) + int(r["potentiel_annuel"])
        ca[z] = ca.get(z, 0) + int(r["ca_2026"])
        load[z] = load.get(z, 0) + (frequency[classes[r["compte_id"]]] if r["statut"] == "client" else 2)
    staff = {r["zone"]: int(r["commerciaux_actuels"]) for r in _rows("zones.csv")}
    gaps = {z: load[z] / 840 - staff[z] for z in load}
    assert ns["zone_a_renforcer"] == max(gaps, key=gaps.get) == "Savoie et Haute-Savoie"
    deficit = sorted((z for z in gaps if gaps[z] > 0), key=gaps.get, reverse=True)
    assert ns["zones_en_deficit"] == deficit == ["Savoie et Haute-Savoie", "Ain et Nord-Isère", "Lyon Métropole"]
    lowest_rates = sorted(pot, key=lambda z: ca[z] / pot[z])[:3]
    assert lowest_rates != deficit, "the lowest penetration must not pass for the zones in deficit"
    rate = {z: 100 * ca[z] / pot[z] for z in pot}
    assert min(rate, key=rate.get) == "Savoie et Haute-Savoie"
    for z in pot:
        assert ns["potentiel_zones"].loc[z, "taux_penetration"] == round(rate[z], 1)
        assert ns["charge_zones"].loc[z, "charge_visites"] == load[z]


def test_last_year_actions_kpis(ns):
    for r, (_, got) in zip(_rows("actions_2026.csv"), ns["actions"].iterrows()):
        cost, margin = int(r["cout"]), int(r["marge_brute_generee"])
        assert got["roi"] == round(100 * (margin - cost) / cost, 1)
        assert got["taux_transformation"] == round(100 * int(r["commandes"]) / int(r["leads"]), 1)
        assert got["cout_par_lead"] == round(cost / int(r["leads"]))
    roi = dict(zip(ns["actions"]["action"], ns["actions"]["roi"]))
    assert roi["Catalogue papier annuel"] == -22.0
    assert roi["Salon Hygiène Pro (Eurexpo)"] < 0 and roi["Annonces moteur de recherche"] < 0
    assert min(roi[a] for a in ("Emailing promotions trimestrielles", "Webinaires protocoles EHPAD", "Démonstrations sur site")) > 200


def test_wilson_intervals_match_scipy(ns):
    from scipy.stats import binomtest

    for _, row in ns["actions"].iterrows():
        low, high = binomtest(int(row["commandes"]), int(row["leads"])).proportion_ci(0.95, method="wilson")
        assert abs(row["transformation_min_%"] - round(100 * low, 1)) < 0.051
        assert abs(row["transformation_max_%"] - round(100 * high, 1)) < 0.051


def test_support_operations_roi(ns):
    expected = {}
    for r in _rows("operations_soutien.csv"):
        margin = int(r["ca_supplementaire_attendu"]) * float(r["taux_de_marque"])
        expected[r["operation"]] = (round(margin), round(100 * (margin - int(r["cout"])) / int(r["cout"]), 1))
    got = {r.operation: (r.marge_attendue, r.roi_attendu) for r in ns["operations"].itertuples()}
    assert got == expected
    assert sorted(v[1] for v in expected.values()) == [150.4, 225.7]
    training = next(r for r in _rows("plan_actions_2027.csv") if r["action"].startswith("Formation"))
    assert int(training["quantite"]) == len(_rows("commerciaux.csv")) == 7, "February training: the team in post"
    cost = int(training["cout_fixe"]) + int(training["cout_unitaire"]) * int(training["quantite"])
    assert cost == 11_500 == int(next(r for r in _rows("operations_soutien.csv") if r["operation"].startswith("Formation"))["cout"])


def test_budget_and_envelope(ns):
    costs = {r["action"]: int(r["cout_fixe"]) + int(r["cout_unitaire"]) * int(r["quantite"]) for r in _rows("plan_actions_2027.csv")}
    assert ns["budget_total"] == sum(costs.values()) == 172_525
    assert ns["ecart_enveloppe"] == 150_000 - 172_525 == -22_525
    assert sum(costs.values()) - costs["Catalogue papier annuel"] == 148_725
    assert 150_000 - 148_725 == 1_275  # the reserve quoted by the model answer


def test_recruitment_is_costed_from_the_hire_date(ns):
    """The hire starts when the recruitment task ends (15 March): 9.5 months to 31 December, in fortnights."""
    start = ns["planning"].set_index("tache").loc["Intégration et formation du nouveau commercial", "debut"].date()
    assert start == dt.date(2027, 3, 15)
    months = (12 - start.month) + (31 - start.day + 1) / 31
    plan = {r["action"].split(" (")[0]: r for r in _rows("plan_actions_2027.csv")}
    hire = plan["Recrutement d'un commercial Savoie et Haute-Savoie"]
    assert hire["unite"] == "quinzaine" and int(hire["quantite"]) == round(2 * months) == 19
    assert int(hire["cout_fixe"]) + int(hire["cout_unitaire"]) * 19 == 55_400
    car = plan["Véhicule de service et frais de déplacement du commercial Alpes"]
    assert int(car["quantite"]) == 19 and int(car["cout_unitaire"]) * 19 == 7_125


def test_critical_path_with_networkx(ns):
    tasks = _rows("planning_2027.csv")
    graph = nx.DiGraph()
    for t in tasks:
        graph.add_node(t["tache"], duree=int(t["duree_jours"]))
        for p in filter(None, t["predecesseurs"].split(";")):
            graph.add_edge(p, t["tache"])
    # longest path on node weights: weight of an edge = duration of its source, plus the last task's duration
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = graph.nodes[u]["duree"]
    path = nx.dag_longest_path(graph)
    length = nx.dag_longest_path_length(graph) + graph.nodes[path[-1]]["duree"]
    assert path == ["Validation du plan par la direction", "Recrutement du commercial Alpes",
                    "Intégration et formation du nouveau commercial", "Tournée de démonstrations Alpes"]
    end = dt.date(2027, 1, 11) + dt.timedelta(days=length)
    assert end == dt.date(2027, 4, 19) == ns["date_fin_lancement"].date()
    assert ns["marge_jours"] == (dt.date(2027, 4, 30) - end).days == 11


def test_sales_team_figures_quoted_in_model_answers(ns):
    team = ns["commerciaux"].set_index("commercial")
    assert team.loc["Julien Bertrand", "taux_transformation"] < 20  # « moins d'un sur cinq »
    assert team["taux_transformation"].idxmin() == "Julien Bertrand"
    comptes = _rows("comptes.csv")
    margin_rate = sum(int(r["marge_brute_2026"]) for r in comptes) / sum(int(r["ca_2026"]) for r in comptes)
    assert round(100 * margin_rate) == 35 and round((55_400 + 7_125) / margin_rate, -3) == 178_000


# ------------------------------------------------------------ model answers quote the data

MODEL_FIGURES = {
    "b2_synthese_etudes": ["7 %", "21 %", "80 %", "ROI négatif"],
    "b2_argumentation_choix": ["7 %", "62 525 €", "178 000 €", "35 %", "349,7 %", "230,4 %", "4,50 €", "3,30 €",
                               "364,0 %", "−9,1 %", "21 €", "130 €"],
    "b2_organisation_force_vente": ["6 148 visites", "8 commerciaux pour 7", "384 comptes C", "5 380 visites", "6,40",
                                    "3 243 visites", "55 %", "5 880", "5,7 visites", "3,9 en Savoie", "Savoie et",
                                    "Haute-Savoie", "(7 %)", "69 min", "25 min", "9 h"],
    "b2_operations_soutien": ["120 000 €", "45 600 €", "225,7 %", "3,26 €", "72 000 €", "28 800 €", "11 500 €", "150,4 %",
                              "7 commerciaux"],
    "b2_appreciation_moyens": ["172 525 €", "150 000 €", "22 525 €", "23 800 €", "−22 %", "148 725 €", "1 275 €", "14 000 €",
                               "−9,1 %", "55 400 €", "9,5 mois", "7 125 €", "70 min", "11 500 €", "19 avril", "11 jours"],
    "b2_planning_services": ["19 avril", "30 avril", "11 jours"],
    "b2_limites_faiblesses": ["11 jours"],
    "b2_plan_synthese": ["148 725 €", "150 000 €"],
}


@pytest.mark.parametrize("grade", sorted(MODEL_FIGURES))
def test_model_answers_quote_checked_figures(grade, ns):
    text = cell_source(grade).replace("\u00a0", " ").replace("\u202f", " ")
    for figure in MODEL_FIGURES[grade]:
        assert figure in text, f"{grade}: {figure!r} not found"
    zones = ns["potentiel_zones"]
    assert round(zones.loc["Savoie et Haute-Savoie", "taux_penetration"]) == 7
    assert round(zones.loc["Savoie et Haute-Savoie", "part_potentiel"]) == 21
    assert zones.loc["Savoie et Haute-Savoie", "taux_penetration"] < zones.loc["Lyon Métropole", "taux_penetration"] / 2
    assert int(ns["zones"].loc["Savoie et Haute-Savoie", "trajet_moyen_min"]) == 70
    roi = ns["actions"].set_index("action")
    assert roi.loc["Salon Hygiène Pro (Eurexpo)", "roi"] == -9.1 and roi.loc["Emailing promotions trimestrielles", "roi"] == 364.0
    assert round(1 + roi.loc["Webinaires protocoles EHPAD", "roi"] / 100, 2) == 4.50
    assert round(1 + roi.loc["Démonstrations sur site", "roi"] / 100, 2) == 3.30
    assert roi.loc["Emailing promotions trimestrielles", "cout_par_lead"] == 21 and roi.loc["Webinaires protocoles EHPAD", "cout_par_lead"] == 130
    plan = ns["plan"].set_index("action")
    assert plan.loc["Salon Santé Autonomie (stand)", "cout_total"] == 14_000
    ops = dict(zip(ns["operations"]["operation"], ns["operations"]["roi_attendu"]))
    assert round(1 + ops["Challenge commercial « Cap Santé »"] / 100, 2) == 3.26


# ------------------------------------------------------------ rounding acceptance

def _exact(ns, frame: str, formula):
    return [formula(row) for _, row in ns[frame].iterrows()]


ROUNDED_COLUMNS = [
    # (test cell, table, column, exact value, decimals)
    ("b2_taux_penetration_zones", "potentiel_zones", "taux_penetration", lambda r: 100 * r["ca"] / r["potentiel"], 1),
    ("b2_part_potentiel_zones", "potentiel_zones", "part_potentiel", lambda r: None, 1),
    ("b2_kpi_actions_n1", "actions", "cout_par_lead", lambda r: r["cout"] / r["leads"], 0),
    ("b2_transformation_leads_n1", "actions", "taux_transformation", lambda r: 100 * r["commandes"] / r["leads"], 1),
    ("b2_roi_actions_n1", "actions", "roi", lambda r: 100 * (r["marge_brute_generee"] - r["cout"]) / r["cout"], 1),
    ("b2_realisation_objectifs", "commerciaux", "taux_realisation", lambda r: 100 * r["ca_2026"] / r["objectif_ca_2026"], 1),
    ("b2_transformation_devis", "commerciaux", "taux_transformation", lambda r: 100 * r["commandes_2026"] / r["devis_2026"], 1),
    ("b2_ca_par_visite", "commerciaux", "ca_par_visite", lambda r: r["ca_2026"] / r["visites_2026"], 0),
    ("b2_ecart_zones", "charge_zones", "commerciaux_necessaires", lambda r: r["charge_visites"] / 840, 2),
    ("b2_marge_operations_soutien", "operations", "marge_attendue", lambda r: r["ca_supplementaire_attendu"] * r["taux_de_marque"], 0),
]


@pytest.mark.parametrize("grade, frame, column, formula, decimals", ROUNDED_COLUMNS, ids=lambda v: v if isinstance(v, str) else "")
def test_rounded_answer_passes_and_next_value_fails(ns, grade, frame, column, formula, decimals):
    if column == "part_potentiel":
        total = ns[frame]["potentiel"].sum()
        exact = [100 * p / total for p in ns[frame]["potentiel"]]
    else:
        exact = _exact(ns, frame, formula)
    rounded = [round(v, decimals) for v in exact]
    step = 10 ** -decimals
    assert _passes(ns, grade, **{frame: _set(column, exact)}), "the unrounded value must pass"
    assert _passes(ns, grade, **{frame: _set(column, rounded)}), "the correctly rounded value must pass"
    for row in range(len(exact)):
        for shift in (step, -step):
            assert not _passes(ns, grade, **{frame: _set(column, rounded, row, shift)}), (
                f"{column}: row {row} shifted by {shift} must fail"
            )


def test_support_operation_roi_rounding(ns):
    ops = ns["operations"]
    exact = [100 * (m - c) / c for m, c in zip(ops["ca_supplementaire_attendu"] * ops["taux_de_marque"], ops["cout"])]
    rounded = [round(v, 1) for v in exact]
    assert _passes(ns, "b2_roi_operations_soutien", operations=_set("roi_attendu", rounded))
    for row in range(len(exact)):
        for shift in (0.1, -0.1):
            assert not _passes(ns, "b2_roi_operations_soutien", operations=_set("roi_attendu", rounded, row, shift))


def test_zone_gap_rounding(ns):
    staff = ns["zones"]["commerciaux_actuels"]
    exact = [ns["charge_zones"].loc[z, "charge_visites"] / 840 - staff[z] for z in ns["charge_zones"].index]
    rounded = [round(v, 2) for v in exact]
    assert _passes(ns, "b2_ecart_zones", charge_zones=_set("ecart", rounded))
    for row in range(len(exact)):
        for shift in (0.01, -0.01):
            assert not _passes(ns, "b2_ecart_zones", charge_zones=_set("ecart", rounded, row, shift))


@pytest.mark.parametrize(
    "grade, changes",
    [
        ("b2_taille_force_vente", {"nb_commerciaux": 7}),  # floor instead of ceiling
        ("b2_taille_force_vente", {"charge_visites": 6148 - 2 * 290}),  # prospects forgotten
        ("b2_marge_jours", {"marge_jours": 12}),
        ("b2_marge_jours", {"marge_jours": 10}),
        ("b2_ecart_enveloppe", {"ecart_enveloppe": 8_900}),  # sign reversed
        ("b2_zone_a_renforcer", {"zone_a_renforcer": "Lyon Métropole"}),
    ],
)
def test_plausible_wrong_scalars_fail(ns, grade, changes):
    assert not _passes(ns, grade, **changes)


@pytest.mark.parametrize(
    "grade, frame, column, formula",
    [
        ("b2_roi_actions_n1", "actions", "roi", lambda r: round(100 * (r["ca_genere"] - r["cout"]) / r["cout"], 1)),
        ("b2_roi_actions_n1", "actions", "roi", lambda r: round((r["marge_brute_generee"] - r["cout"]) / r["cout"], 3)),
        ("b2_transformation_leads_n1", "actions", "taux_transformation", lambda r: round(100 * r["commandes"] / r["contacts"], 1)),
        ("b2_transformation_devis", "commerciaux", "taux_transformation", lambda r: round(100 * r["commandes_2026"] / r["visites_2026"], 1)),
        ("b2_taux_penetration_zones", "potentiel_zones", "taux_penetration", lambda r: round(r["ca"] / r["potentiel"], 3)),
        ("b2_roi_operations_soutien", "operations", "roi_attendu",
         lambda r: round(100 * (r["ca_supplementaire_attendu"] - r["cout"]) / r["cout"], 1)),
    ],
)
def test_plausible_wrong_columns_fail(ns, grade, frame, column, formula):
    assert not _passes(ns, grade, **{frame: _set(column, _exact(ns, frame, formula))})


def test_solution_passes_every_test_cell(ns):
    from b2_paths import source_notebook

    cells = [c for c in source_notebook().cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert len(cells) == 32
    for cell in cells:
        assert _passes(ns, cell.metadata["nbgrader"]["grade_id"]), cell.metadata["nbgrader"]["grade_id"]


def test_sales_force_story_by_plain_arithmetic():
    """The figures of the sales-force story (C accounts served at a distance, productivity, travel time)."""
    classes, accounts = _abc(), _rows("comptes.csv")
    load = sum({"A": 12, "B": 6, "C": 2}[classes[r["compte_id"]]] if r["statut"] == "client" else 2 for r in accounts)
    c_accounts = sum(1 for v in classes.values() if v == "C")
    assert (load, c_accounts, load - 2 * c_accounts) == (6148, 384, 5380)
    assert f"{(load - 2 * c_accounts) / 840:.2f}" == "6.40" and math.ceil((load - 2 * c_accounts) / 840) == 7
    visits = sum(int(r["visites_2026"]) for r in _rows("commerciaux.csv"))
    assert visits == 3243 and 7 * 840 == 5880 and round(100 * visits / 5880) == 55
    a_visits = [int(r["visites_2026"]) for r in accounts if classes.get(r["compte_id"]) == "A"]
    assert round(sum(a_visits) / len(a_visits), 1) == 5.7
    alps = [int(r["visites_2026"]) for r in accounts if classes.get(r["compte_id"]) == "A" and r["zone"] == "Savoie et Haute-Savoie"]
    assert round(sum(alps) / len(alps), 1) == 3.9
    def travel(zone):
        times = [int(r["trajet_min"]) for r in accounts if r["zone"] == zone]
        return sum(times) / len(times)
    assert round(travel("Savoie et Haute-Savoie")) == 69 and round(travel("Lyon Métropole")) == 25
    assert max(travel(z) for z in {r["zone"] for r in accounts}) == travel("Savoie et Haute-Savoie")
    assert 4 * 2 * round(travel("Savoie et Haute-Savoie")) > 9 * 60  # « plus de 9 h de route aller-retour »


def test_choice_within_the_envelope_and_calendar_by_plain_arithmetic():
    """7.2 and 8.4 recomputed with fractions and dates, independently of pandas and of the notebook."""
    from fractions import Fraction

    plan = _rows("plan_actions_2027.csv")
    cost = {r["action"]: int(r["cout_fixe"]) + int(r["cout_unitaire"]) * int(r["quantite"]) for r in plan}
    health = {r["action"]: int(r["ca_sante_attendu"]) for r in plan}

    def greedy(best_first: bool) -> list[str]:
        kept, spent = [], 0
        for action in sorted(cost, key=lambda a: Fraction(health[a], cost[a]), reverse=best_first):
            if spent + cost[action] <= 150_000:
                kept, spent = kept + [action], spent + cost[action]
        return kept

    gap = Fraction(sum(int(r["ca_2026"]) for r in _rows("comptes.csv") if r["segment"] == "Santé"), 4)
    best, worst = greedy(True), greedy(False)
    assert set(cost) - set(best) == {"Catalogue papier annuel"}
    assert (sum(cost[a] for a in best), sum(health[a] for a in best)) == (148_725, 296_000) and 296_000 >= gap
    assert sum(cost[a] for a in worst) <= 150_000 and sum(health[a] for a in worst) == 142_000 < gap
    finish = {}
    for row in _rows("planning_2027.csv"):  # rows are listed after their predecessors
        start = max([finish[p] for p in row["predecesseurs"].split(";") if p], default=dt.date(2027, 1, 11))
        finish[row["tache"]] = start + dt.timedelta(days=int(row["duree_jours"]))
    calendar = {r["action"]: (finish[r["debut_apres"]], finish[r["debut_apres"]] + dt.timedelta(days=int(r["duree_jours"])))
                for r in plan}
    assert calendar["Webinaires protocoles EHPAD et cliniques"] == (dt.date(2027, 2, 8), dt.date(2027, 6, 30))
    assert calendar["Challenge commercial « Cap Santé »"] == (dt.date(2027, 3, 1), dt.date(2027, 6, 30))
    assert calendar["Salon Santé Autonomie (stand)"][1] == dt.date(2027, 5, 6)  # the show early in May
    assert all(end <= dt.date(2027, 12, 31) for _, end in calendar.values())
