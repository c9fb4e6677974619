"""Bloc 2 lessons (on the Outivis training case): every exercise's correction is accepted by its check,
plausible mistakes get their hint, and the rules the checks use agree with independent computations."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import warnings

import nbformat
import pytest

from b2_paths import REPO
from cpmc_course.lessons.b2 import (
    abc_classes, critical_path, outivis, schedule, staff_needed, verifier_charge_visites, verifier_ecart_enveloppe,
    verifier_effectif, verifier_marge_jours, verifier_roi_action, verifier_roi_operation, visit_workload,
)
from cpmc_course.lessons.b2.widgets import size_sales_force

LESSONS = sorted((REPO / "courses" / "b2").glob("*.ipynb"))
CORRECTION = re.compile(r"```python\n(.*?)\n```", re.S)


def test_four_lessons_and_an_index():
    assert len(LESSONS) == 4
    assert (REPO / "courses" / "b2" / "README.md").exists()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_correction_is_accepted(path, monkeypatch):
    os.environ.setdefault("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    namespace: dict = {}
    feedbacks, exercises = [], 0
    monkeypatch.chdir(path.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            source = cell.source
            if source.strip() == "reponse = None  # à compléter":
                source = CORRECTION.search(cells[i + 2].source).group(1)
                exercises += 1
            lines = source.strip().splitlines()
            exec(compile(source, f"{path.stem}[{i}]", "exec"), namespace)
            if lines and lines[-1].startswith("verifier_"):
                feedbacks.append(eval(lines[-1], namespace))
    assert feedbacks and len(feedbacks) == exercises, "every exercise ends on its check"
    assert all(f.right for f in feedbacks), [f.message for f in feedbacks if not f.right]


def test_abc_and_workload_rules_by_hand():
    classes = abc_classes({"a": 50, "b": 30, "c": 15, "d": 5})
    assert classes == {"a": "A", "b": "A", "c": "B", "d": "C"}
    assert visit_workload(["A", "B", "C", "prospect"]) == 10 + 5 + 2 + 3
    assert staff_needed(4449) == 7 and staff_needed(720) == 1 and staff_needed(721) == 2


def test_critical_path_on_a_textbook_example():
    tasks = [("a", 3, []), ("b", 2, ["a"]), ("c", 5, ["a"]), ("d", 1, ["b", "c"])]
    path, length = critical_path(tasks)
    assert path == ["a", "c", "d"] and length == 9
    dates = schedule(tasks)
    assert dates["b"] == {"debut_tot": 3, "fin_tot": 5, "debut_tard": 6, "fin_tard": 8, "marge_totale": 3}
    assert [t for t, d in dates.items() if d["marge_totale"] == 0] == path


def test_simulator_sizing_matches_the_workload_rule():
    result = size_sales_force({"Z1": {"A": 10, "C": 5}, "Z2": {"prospect": 20}}, {"A": 12, "B": 6, "C": 2, "prospect": 2}, 210, 4)
    assert result["charge"] == 10 * 12 + 5 * 2 + 20 * 2 and result["effectif"] == math.ceil(170 / 840)


def test_checks_give_targeted_hints():
    actions = outivis("actions_2025")
    foire = actions[actions["action"] == "Foire régionale du bâtiment"].iloc[0]
    on_revenue = (foire["ca_genere"] - foire["cout"]) / foire["cout"] * 100
    assert "chiffre d'affaires" in verifier_roi_action(on_revenue, actions, foire["action"]).message
    assert verifier_roi_action(None, actions, foire["action"]).status == "vide"
    assert "inférieur" in verifier_effectif(6, 4449).message
    budget = outivis("budget_2026")
    total = int((budget["cout_fixe"] + budget["cout_unitaire"] * budget["quantite"]).sum())
    assert "signe" in verifier_ecart_enveloppe(total - 90_000, budget, 90_000).message
    assert verifier_ecart_enveloppe(90_000 - total, budget, 90_000).right
    soutien = outivis("soutien_2026")
    ligne = soutien.iloc[1]
    roi = (ligne["ca_attendu"] * float(ligne["taux_de_marque"]) - ligne["cout"]) / ligne["cout"] * 100
    assert verifier_roi_operation(round(roi, 1), soutien, ligne["operation"]).right
    calendrier = outivis("calendrier_2026")
    start, deadline = dt.date(2026, 2, 2), dt.date(2026, 5, 29)
    _path, length = critical_path((t, d, p.split(";")) for t, d, p in
                                  zip(calendrier["tache"], calendrier["duree_jours"], calendrier["predecesseurs"]))
    margin = (deadline - start - dt.timedelta(days=length)).days
    assert verifier_marge_jours(margin, calendrier, start, deadline).right
    end_to_end = (deadline - start - dt.timedelta(days=int(calendrier["duree_jours"].sum()))).days
    assert "bout à bout" in verifier_marge_jours(end_to_end, calendrier, start, deadline).message
    comptes = outivis("clients")
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["client_id"], clients["ca_2025"])))
    all_classes = comptes["client_id"].map(classes).fillna("prospect")
    prospects = int((comptes["statut"] == "prospect").sum())
    assert "prospects" in verifier_charge_visites(visit_workload(all_classes) - 3 * prospects, all_classes).message


def test_figures_quoted_in_lesson_text_match_the_data():
    from cpmc_course.kit.formulas import taux_de_marge, taux_de_marque

    text = re.sub(r"\s+", " ", " ".join(c.source for p in LESSONS for c in nbformat.read(p, as_version=4).cells))
    actions = outivis("actions_2025").set_index("action")
    social = actions.loc["Réseaux sociaux sponsorisés"]
    assert f"transformé {social['commandes']} leads sur {social['leads']}" in text
    roi = (actions["marge_generee"] - actions["cout"]) / actions["cout"]
    assert "trois actions ont perdu de l'argent" in text and int((roi < 0).sum()) == 3
    assert roi.idxmax() == "SMS promotionnels" and roi.drop("SMS promotionnels").idxmax() == "Démonstrations sur chantier"
    assert "le taux de marque est de 36 %, le taux de marge de 56,25 %" in text
    assert taux_de_marque(100, 64) == 36 and taux_de_marge(100, 64) == 56.25
    comptes = outivis("clients")
    pen = comptes.groupby("secteur")["ca_2025"].sum() / comptes.groupby("secteur")["potentiel"].sum()
    assert pen.idxmin() == "Vosges" and "conquérir les Vosges" in text


def test_training_notes_match_the_training_data():
    from cpmc_course.kit import fr_euros, fr_nombre

    notes = re.sub(r"[\u00a0\u202f]", " ", (REPO / "case_studies" / "b2_outivis" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8"))
    comptes = outivis("clients")
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["client_id"], clients["ca_2025"])))
    n_a = sum(c == "A" for c in classes.values())
    pen = comptes.groupby("secteur")["ca_2025"].sum() / comptes.groupby("secteur")["potentiel"].sum()
    workload = visit_workload(comptes["client_id"].map(classes).fillna("prospect"))
    actions = outivis("actions_2025").set_index("action")
    roi = (actions["marge_generee"] - actions["cout"]) / actions["cout"] * 100
    vendeurs = outivis("vendeurs").set_index("vendeur")
    budget = outivis("budget_2026")
    total = (budget["cout_fixe"] + budget["cout_unitaire"] * budget["quantite"]).sum()
    calendrier = outivis("calendrier_2026")
    path, length = critical_path((t, d, p.split(";")) for t, d, p in
                                 zip(calendrier["tache"], calendrier["duree_jours"], calendrier["predecesseurs"]))
    expected = [
        f"{len(comptes)} comptes dont {len(clients)} clients", f"{n_a} clients A ({fr_nombre(n_a / len(clients) * 100, 1)} %",
        f"{fr_nombre(pen['Vosges'] * 100, 1)} % de leur potentiel", f"{fr_nombre(pen['Nancy-Lunéville'] * 100, 1)} % à Nancy",
        f"{fr_nombre(workload)} visites par an", f"soit {staff_needed(workload)} vendeurs",
        *(f"{fr_nombre(v, 1)} %" for v in roi), f"{fr_nombre(vendeurs.loc['Hugo Lambert', 'commandes_2025'] / vendeurs.loc['Hugo Lambert', 'devis_2025'] * 100, 1)} %",
        f"{fr_nombre(vendeurs.loc['Marc Gérard', 'ca_2025'] / vendeurs.loc['Marc Gérard', 'objectif_2025'] * 100, 1)} %",
        fr_euros(total), f"dépassement de {fr_euros(total - 90_000)}", f"{length} jours de lancement",
        f"{(dt.date(2026, 5, 29) - dt.date(2026, 2, 2) - dt.timedelta(days=length)).days} jours de marge",
        f"fin le {(dt.date(2026, 2, 2) + dt.timedelta(days=length)).day} avril 2026", f"sur {int(actions.loc['Réseaux sociaux sponsorisés', 'commandes'])} commandes",
    ]
    plain = notes.replace("−", "-")
    missing = [e for e in expected if re.sub(r"[\u00a0\u202f]", " ", e).replace("−", "-") not in plain]
    assert not missing, missing
    assert len(path) == 4 and path[-1] == "Tournée de démonstrations Vosges"


def test_sales_force_rules_by_hand():
    from cpmc_course.lessons.b2.law import procurement_procedure
    from cpmc_course.lessons.b2.sales_force import (
        annual_pay, break_even_revenue, capacity_use, employer_cost, quotas_by_unexploited_potential, reps_needed,
        staff_by_productivity, visits_per_day,
    )

    assert staff_by_productivity(1_000_000, 240_000) == 5 and staff_by_productivity(960_000, 240_000) == 4
    assert break_even_revenue(52_000, 0.32) == pytest.approx(162_500)
    assert capacity_use(1_670, 7, 720) == pytest.approx(1_670 / 5_040 * 100)
    assert visits_per_day(360, 45, 55) == 3 and visits_per_day(360, 45, 20) == 5 and visits_per_day(360, 45, 0) == 8
    assert reps_needed(810, 180, 3) == pytest.approx(1.5)
    assert annual_pay(24_000, 0.04, 100_000, 2_000, True) == 30_000 and annual_pay(24_000, 0.04, 100_000, 2_000, False) == 28_000
    assert employer_cost(1_000, 0.42) == pytest.approx(1_420)
    assert quotas_by_unexploited_potential({"a": 100, "b": 50}, {"a": 200, "b": 350}, 100) == {"a": 125, "b": 125}
    assert [procurement_procedure(v) for v in (59_999, 60_000, 215_999, 216_000)] == [
        "sans publicité ni mise en concurrence", "procédure adaptée (MAPA)", "procédure adaptée (MAPA)", "appel d'offres"]


def test_sales_force_checks_against_an_independent_route():
    from cpmc_course.lessons.b2 import (
        verifier_besoin_secteur, verifier_cout_concours, verifier_couverture_objectif, verifier_effectif_productivite,
        verifier_objectif_euros, verifier_procedure_marche,
        verifier_quota, verifier_remuneration, verifier_seuil_vendeur, verifier_utilisation_capacite,
        verifier_visites_clients_a, verifier_visites_par_jour,
    )

    vendeurs, comptes, budget = outivis("vendeurs"), outivis("clients"), outivis("budget_2026")
    use = vendeurs["visites_2025"].mean() / 720 * 100
    assert verifier_utilisation_capacite(round(use, 1), vendeurs).right
    assert "un seul vendeur" in verifier_utilisation_capacite(use * len(vendeurs), vendeurs).message
    target = 2_000_000
    assert verifier_effectif_productivite(-(-target * len(vendeurs) // vendeurs["ca_2025"].sum()), vendeurs, target).right
    markup = comptes["marge_2025"].sum() / comptes["ca_2025"].sum()
    assert verifier_seuil_vendeur(59_400 / markup, 59_400, markup).right
    assert "taux de marge" in verifier_seuil_vendeur(59_400 * (1 - markup) / markup, 59_400, markup).message
    assert verifier_visites_par_jour(3, 360, 45, 55).right
    assert "trajets" in verifier_visites_par_jour(8, 360, 45, 55).message
    assert "inférieur" in verifier_visites_par_jour(4, 360, 45, 55).message
    assert verifier_besoin_secteur(round(798 / 540, 2), 798, 360, 45, 55).right
    assert "capacité théorique" in verifier_besoin_secteur(round(798 / 720, 2), 798, 360, 45, 55).message
    margin = comptes.groupby("vendeur")["marge_2025"].sum()["Yanis Haddad"]
    pay = dict(fixe=24_000, taux_commission=0.04, prime=2_000)
    assert verifier_remuneration(24_000 + 0.04 * margin + 2_000, vendeurs, comptes, "Yanis Haddad", **pay).right
    revenue = vendeurs.set_index("vendeur").loc["Yanis Haddad", "ca_2025"]
    assert "marge brute" in verifier_remuneration(24_000 + 0.04 * revenue + 2_000, vendeurs, comptes, "Yanis Haddad", **pay).message
    assert "objectif" in verifier_remuneration(24_000 + 0.04 * margin, vendeurs, comptes, "Yanis Haddad", **pay).message
    poste = "Concours « Chantier du mois »"
    ligne = budget.set_index("poste").loc[poste]
    assert verifier_cout_concours(ligne["cout_fixe"] + 1.42 * ligne["cout_unitaire"] * ligne["quantite"], budget, poste, 0.42).right
    assert "charges patronales" in verifier_cout_concours(ligne["cout_fixe"] + ligne["cout_unitaire"] * ligne["quantite"], budget, poste, 0.42).message
    zones = comptes.pivot_table(index="secteur", values=["ca_2025", "potentiel"], aggfunc="sum")
    room = zones["potentiel"] - zones["ca_2025"]
    assert verifier_quota(zones.loc["Vosges", "ca_2025"] + 120_000 * room["Vosges"] / room.sum(), comptes, "Vosges", 120_000).right
    assert "inexploité" in verifier_quota(zones.loc["Vosges", "ca_2025"] + 120_000 * zones.loc["Vosges", "potentiel"] / zones["potentiel"].sum(),
                                          comptes, "Vosges", 120_000).message
    masonry = comptes.groupby("metier")["ca_2025"].sum()["Maçonnerie"]
    assert verifier_objectif_euros(round(masonry * 0.2), comptes, "Maçonnerie", 0.2).right
    assert "CA visé" in verifier_objectif_euros(masonry * 1.2, comptes, "Maçonnerie", 0.2).message
    demo = outivis("actions_2025").set_index("action").loc["Démonstrations sur chantier"]
    share = 120 * demo["ca_genere"] / demo["contacts"] / (masonry * 0.2) * 100
    actions = outivis("actions_2025")
    demos = (actions, "Démonstrations sur chantier", 120, comptes, "Maçonnerie", 0.2)
    assert verifier_couverture_objectif(round(share, 1), *demos).right
    per_order = 120 * demo["ca_genere"] / demo["commandes"] / (masonry * 0.2) * 100
    assert "par commande" in verifier_couverture_objectif(per_order, *demos).message
    ranked = comptes[comptes["statut"] == "client"].sort_values("ca_2025", ascending=False)
    class_a = ranked[ranked["ca_2025"].cumsum() / ranked["ca_2025"].sum() <= 0.80]
    assert verifier_visites_clients_a(round(class_a["visites_2025"].mean(), 1), comptes).right
    assert "tous les clients" in verifier_visites_clients_a(ranked["visites_2025"].mean(), comptes).message
    assert verifier_procedure_marche("Procédure adaptée (MAPA)", 18_000, 4).right
    assert "R2121-1" in verifier_procedure_marche("sans publicité ni mise en concurrence", 18_000, 4).message
    assert verifier_procedure_marche("sans publicité ni mise en concurrence", 18_000, 3).right


def test_law_questions_explain_every_wrong_letter_and_the_lessons_cite_the_articles():
    from cpmc_course.kit import fr_euros
    from cpmc_course.lessons.b2 import verifier_question
    from cpmc_course.lessons.b2.law import DISPENSE_SUPPLIES, FORMAL_SUPPLIES_LOCAL, QUESTIONS

    for key, question in QUESTIONS.items():
        assert verifier_question(question.answer, key).right
        for letter in set(question.options) - {question.answer}:
            feedback = verifier_question(letter, key)
            assert not feedback.right and feedback.message.removeprefix("Pas encore. ") == question.hints[letter]
    text = re.sub(r"\s+", " ", " ".join(c.source for p in LESSONS for c in nbformat.read(p, as_version=4).cells))
    for article in ("L7311-3", "L7313-13", "L134-1", "L134-12", "L242-1", "L242-1-4", "L34-5", "L223-1",
                    "R2121-1", "R2121-4", "R2122-8", "R2123-1"):
        assert f"article {article}" in text or f"articles {article}" in text, article
    for threshold in (DISPENSE_SUPPLIES, FORMAL_SUPPLIES_LOCAL):
        assert re.sub(r"\s+", " ", fr_euros(threshold)) + " HT" in text
    assert "52 000 € de coût complet à 32 % de taux de marque demandent 162 500 €" in text


def test_the_tour_example_holds_what_the_lesson_says():
    import pandas as pd

    from cpmc_course.lessons.b2 import verifier_duree_tournee
    from cpmc_course.lessons.b2.sales_force import shortest_tour, tour_minutes, visits_per_day

    lesson = nbformat.read(REPO / "courses" / "b2" / "03_force_de_vente_zones_et_outils.ipynb", as_version=4)
    namespace = {"pd": pd}
    exec(next(c.source for c in lesson.cells if "temps = pd.DataFrame" in c.source), namespace)
    temps, stops = namespace["temps"], namespace["proposee"]
    times = {a: {b: temps.loc[a, b] for b in temps.columns} for a in temps.index}
    proposed = times["Épinal"][stops[0]] + sum(times[a][b] for a, b in zip(stops, stops[1:])) + times[stops[-1]]["Épinal"]
    assert tour_minutes(times, "Épinal", stops) == proposed
    assert verifier_duree_tournee(proposed, temps, "Épinal", stops).right
    assert "retour" in verifier_duree_tournee(proposed - times[stops[-1]]["Épinal"], temps, "Épinal", stops).message
    _order, best = shortest_tour(times, "Épinal", stops)
    assert best < proposed and 4 * 45 + best > 360 >= 3 * 45 + best
    assert visits_per_day(360, 45, outivis("secteurs").set_index("secteur").loc["Vosges", "trajet_moyen_min"]) == 3


def test_training_notes_quote_the_sales_force_exercises():
    from cpmc_course.kit import fr_euros, fr_nombre
    from cpmc_course.lessons.b2.sales_force import quotas_by_unexploited_potential

    notes = re.sub(r"\s+", " ", (REPO / "case_studies" / "b2_outivis" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8"))
    vendeurs, comptes = outivis("vendeurs"), outivis("clients")
    budget, secteurs = outivis("budget_2026").set_index("poste"), outivis("secteurs").set_index("secteur")
    made = int(vendeurs["visites_2025"].sum())
    target = round(vendeurs["ca_2025"].sum() * 1.1)
    cost = 12 * budget.loc[budget.index.str.startswith(("Recrutement", "Voiture")), "cout_unitaire"].sum()
    markup = comptes["marge_2025"].sum() / comptes["ca_2025"].sum()
    daily = 360 // (45 + secteurs.loc["Vosges", "trajet_moyen_min"])
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["client_id"], clients["ca_2025"])))
    a_visits = comptes.loc[comptes["client_id"].map(classes) == "A", "visites_2025"].mean()
    vosges = visit_workload(comptes.loc[comptes["secteur"] == "Vosges", "client_id"].map(classes).fillna("prospect"))
    haddad = comptes.loc[comptes["vendeur"] == "Yanis Haddad", "marge_2025"].sum()
    contest = budget.loc["Concours « Chantier du mois »"]
    zones = comptes.groupby("secteur")[["ca_2025", "potentiel"]].sum()
    quota = quotas_by_unexploited_potential(zones["ca_2025"].to_dict(), zones["potentiel"].to_dict(), 120_000)["Vosges"]
    masonry = comptes.groupby("metier")["ca_2025"].sum()["Maçonnerie"] * 0.2
    demo = outivis("actions_2025").set_index("action").loc["Démonstrations sur chantier"]
    demos = 120 * demo["ca_genere"] / demo["contacts"]
    expected = [
        f"n'ont fait que {fr_nombre(made)} visites", f"un client A n'a reçu que {fr_nombre(a_visits, 1)} visites", f"{fr_nombre(made / 5_040 * 100, 1)} % de leur capacité",
        f"({fr_euros(target)})", f"demande {math.ceil(target * 7 / vendeurs['ca_2025'].sum())} vendeurs",
        f"coûte {fr_euros(cost)} par an", f"apporter {fr_euros(cost / markup)} de CA à {fr_nombre(markup * 100, 1)} %",
        f"que {daily} visites par jour", f"({fr_nombre(vosges)} visites) demande {fr_nombre(vosges / (180 * daily), 2)} vendeur",
        f"et non {fr_nombre(vosges / 720, 2)}", f"gagné {fr_euros(24_000 + 0.04 * haddad + 2_000)} bruts",
        f"coûte {fr_euros(contest['cout_fixe'] + 1.42 * contest['cout_unitaire'] * contest['quantite'])} charges patronales",
        f"est de {fr_euros(quota)}", "soit 72 000 € HT) passe un MAPA",
        f"valent {fr_euros(masonry)} ;", f"en apportent {fr_euros(demos)}, soit {fr_nombre(demos / masonry * 100, 1)} %",
    ]
    missing = [e for e in expected if re.sub(r"\s+", " ", e) not in notes]
    assert not missing, missing


def test_pay_simulator_matches_the_pay_rule_by_hand():
    from cpmc_course.lessons.b2 import SimulateurRemuneration

    simulator = SimulateurRemuneration({"Ana Roy": (100_000, True), "Léo Petit": (50_000, False)})
    result = simulator.result
    assert result["remuneration"] == {"Ana Roy": 24_000 + 4_000 + 2_000, "Léo Petit": 24_000 + 2_000}
    assert result["masse_brute"] == 56_000 and result["cout_employeur"] == pytest.approx(56_000 * 1.42)
    assert result["part_variable"] == pytest.approx(8_000 / 56_000)
    assert simulator.bars == {"Ana": 30_000, "Léo": 26_000}


def test_a_late_task_delays_the_project_by_what_exceeds_its_float():
    from cpmc_course.lessons.b2 import verifier_retard_projet

    calendrier = outivis("calendrier_2026")
    rows = list(zip(calendrier["tache"], calendrier["duree_jours"], calendrier["predecesseurs"]))
    _path, length = critical_path((t, d, p.split(";")) for t, d, p in rows)
    task = "Fiches produits et vidéos de démonstration"
    _path, longer = critical_path((t, 49 if t == task else d, p.split(";")) for t, d, p in rows)
    assert longer - length > 0
    assert verifier_retard_projet(longer - length, calendrier, task, 49).right
    assert "marge totale" in verifier_retard_projet(49 - 14, calendrier, task, 49).message
    assert "ne bouge pas" in verifier_retard_projet(0, calendrier, task, 20).message


def test_choice_rules_on_a_textbook_knapsack():
    from cpmc_course.lessons.b2 import best_choice, choose_by_revenue_per_euro

    lines = [("petite", 10, 60), ("moyenne", 30, 120), ("grosse", 50, 190)]   # 6, 4 and 3.8 € per euro
    assert choose_by_revenue_per_euro(lines, 60) == ["petite", "moyenne"]          # 40 spent, 180; grosse no longer fits
    assert sorted(best_choice(lines, 60)) == ["grosse", "petite"]                  # 60 spent, 250: the rule is not optimal
    assert choose_by_revenue_per_euro(lines, 5) == [] and best_choice(lines, 5) == []


def _outivis_plan():
    """The training plan recomputed by hand: candidate lines (type), committed means, remaining envelope."""
    from fractions import Fraction

    budget = outivis("budget_2026")
    cost = {r.poste: r.cout_fixe + r.cout_unitaire * r.quantite for r in budget.itertuples()}
    actions = [r.poste for r in budget.itertuples() if r.type in ("action commerciale", "opération de soutien")]
    remaining = 90_000 - sum(c for p, c in cost.items() if p not in actions)
    ratio = {p: Fraction(int(budget.set_index("poste").loc[p, "ca_attendu"]), int(cost[p])) for p in actions}
    kept, spent = [], 0
    for p in sorted(actions, key=ratio.get, reverse=True):
        if spent + cost[p] <= remaining:
            kept, spent = kept + [p], spent + cost[p]
    return budget, cost, actions, remaining, ratio, kept


def test_choice_checks_against_an_independent_computation():
    from itertools import chain, combinations

    from cpmc_course.lessons.b2 import (
        verifier_ca_par_euro,
        verifier_choix_enveloppe,
        verifier_contribution_retenue,
    )

    budget, cost, actions, remaining, ratio, kept = _outivis_plan()
    revenue = dict(zip(budget["poste"], budget["ca_attendu"]))
    for p in actions:
        assert verifier_ca_par_euro(round(float(ratio[p]), 2), budget, p).right
        assert "coût par euro" in verifier_ca_par_euro(round(float(1 / ratio[p]), 2), budget, p).message
    assert verifier_choix_enveloppe(kept, budget, 90_000).right
    assert verifier_choix_enveloppe(tuple(reversed(kept)), budget, 90_000).right
    weakest, spent = [], 0
    for p in sorted(actions, key=ratio.get):
        if spent + cost[p] <= remaining:
            weakest, spent = weakest + [p], spent + cost[p]
    assert "plus faibles" in verifier_choix_enveloppe(weakest, budget, 90_000).message
    ranked, stopped = sorted(actions, key=ratio.get, reverse=True), []
    while ranked and sum(cost[p] for p in stopped) + cost[ranked[0]] <= remaining:
        stopped.append(ranked.pop(0))
    assert set(stopped) < set(kept), "the planted case: a smaller line still fits after the first that does not"
    assert "première action qui ne tient pas" in verifier_choix_enveloppe(stopped, budget, 90_000).message
    assert "moyens engagés" in verifier_choix_enveloppe(actions, budget, 90_000).message
    assert verifier_choix_enveloppe(None, budget, 90_000).status == "vide"
    assert not verifier_choix_enveloppe("Concours", budget, 90_000).right
    subsets = chain.from_iterable(combinations(actions, k) for k in range(1, len(actions) + 1))
    best = max((s for s in subsets if sum(cost[p] for p in s) <= remaining), key=lambda s: sum(revenue[p] for p in s))
    assert sum(revenue[p] for p in best) > sum(revenue[p] for p in kept), "the planted case: the rule is not optimal"
    assert verifier_choix_enveloppe(list(best), budget, 90_000).right
    contribution = sum(revenue[p] for p in kept)
    assert contribution >= 120_000 > sum(revenue[p] for p in weakest), "the rule covers the objective, the weakest do not"
    assert verifier_contribution_retenue(contribution, budget, kept, 120_000).right
    assert "toutes les actions" in verifier_contribution_retenue(sum(revenue[p] for p in actions), budget, kept, 120_000).message
    assert "coût" in verifier_contribution_retenue(sum(cost[p] for p in kept), budget, kept, 120_000).message


def test_calendar_check_against_networkx_dates():
    import networkx as nx
    import pandas as pd

    from cpmc_course.lessons.b2 import verifier_calendrier_actions

    budget, _cost, _actions, _remaining, _ratio, kept = _outivis_plan()
    calendrier = outivis("calendrier_2026")
    graph = nx.DiGraph()
    duration = dict(zip(calendrier["tache"], calendrier["duree_jours"]))
    for task, preds in zip(calendrier["tache"], calendrier["predecesseurs"]):
        for pred in [p for p in preds.split(";") if p] or ["début"]:
            graph.add_edge(pred, task, weight=int(duration.get(pred, 0)))
    start = dt.date(2026, 2, 2)
    early_end = {t: start + dt.timedelta(days=nx.dag_longest_path_length(graph.subgraph(nx.ancestors(graph, t) | {t})) + int(d))
                 for t, d in duration.items()}
    rows = budget.set_index("poste").loc[kept]
    right = pd.DataFrame({"poste": kept, "debut": [pd.Timestamp(early_end[t]) for t in rows["debut_apres"]]})
    right["fin"] = [d + pd.Timedelta(days=int(n)) for d, n in zip(right["debut"], rows["duree_jours"])]
    assert verifier_calendrier_actions(right, budget, calendrier, kept, start).right
    assert verifier_calendrier_actions(right.set_index("poste"), budget, calendrier, kept, start).right
    at_task_start = right.assign(debut=[pd.Timestamp(early_end[t]) - pd.Timedelta(days=int(duration[t])) for t in rows["debut_apres"]])
    assert "début de" in verifier_calendrier_actions(at_task_start, budget, calendrier, kept, start).message
    late = right.assign(debut=right["debut"] + pd.Timedelta(days=29))      # the three awaited tasks have 29 days of float
    assert "au plus tard" in verifier_calendrier_actions(late, budget, calendrier, kept, start).message
    no_duration = right.assign(fin=right["debut"])
    assert "duree_jours" in verifier_calendrier_actions(no_duration, budget, calendrier, kept, start).message
    assert "une ligne par action" in verifier_calendrier_actions(right.iloc[:-1], budget, calendrier, kept, start).message


def test_lesson_and_notes_on_the_choice_and_the_calendar_hold():
    from cpmc_course.kit import fr_euros
    from cpmc_course.lessons.b2 import best_choice

    budget, cost, actions, remaining, ratio, kept = _outivis_plan()
    revenue = dict(zip(budget["poste"], budget["ca_attendu"]))

    best = best_choice(((p, cost[p], revenue[p]) for p in actions), remaining)
    assert set(best) - set(kept) == {"Foire régionale du bâtiment"}
    assert set(kept) - set(best) == {"Petits-déjeuners en agence", "Réseaux sociaux sponsorisés"}
    roi = outivis("actions_2025").set_index("action").eval("marge_generee - cout")
    assert roi["Foire régionale du bâtiment"] < 0 and roi["Réseaux sociaux sponsorisés"] < 0
    assert len(actions) == 6 and 2 ** len(actions) - 1 == 63
    text = re.sub(r"\s+", " ", " ".join(c.source for c in nbformat.read(LESSONS[3], as_version=4).cells))
    assert "Avec six actions, on peut essayer les 63 combinaisons" in text
    assert "remplace les petits-déjeuners et les réseaux sociaux par la foire" in text
    assert "OBJECTIF_CA = 120_000" in text and "CROISSANCE = 120_000" in text and "**120 000 € de CA en plus**" in text
    notes = re.sub(r"[\s\u00a0\u202f]+", " ", (REPO / "case_studies" / "b2_outivis" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8"))
    plain = lambda value: re.sub(r"[\u00a0\u202f]", " ", value)
    expected = [plain(fr_euros(90_000 - remaining)), plain(fr_euros(remaining)), plain(fr_euros(sum(cost[p] for p in kept))),
                plain(fr_euros(sum(revenue[p] for p in kept))), plain(fr_euros(sum(revenue[p] for p in kept) - 120_000)),
                plain(fr_euros(remaining - sum(cost[p] for p in kept))), plain(fr_euros(sum(revenue[p] for p in best))),
                plain(fr_euros(sum(cost[p] for p in best)))]
    expected += [f"{float(r):.2f}".replace(".", ",") + " €" for r in ratio.values()]
    calendrier = outivis("calendrier_2026")
    dates = schedule(list(zip(calendrier["tache"], calendrier["duree_jours"], (p.split(";") for p in calendrier["predecesseurs"]))))
    rows = budget.set_index("poste")
    for p in kept:
        begin = dt.date(2026, 2, 2) + dt.timedelta(days=dates[rows.loc[p, "debut_apres"]]["fin_tot"])
        expected.append(f"du {begin:%d/%m/%Y} au {begin + dt.timedelta(days=int(rows.loc[p, 'duree_jours'])):%d/%m/%Y}")
        assert dates[rows.loc[p, "debut_apres"]]["marge_totale"] == 29
    missing = [e for e in expected if e not in notes]
    assert not missing, missing


def test_outivis_generator_is_byte_stable(tmp_path):
    import importlib.util

    case = REPO / "case_studies" / "b2_outivis"
    spec = importlib.util.spec_from_file_location("outivis_gen", case / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path)
    for path in sorted((case / "data").glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), f"{path.name}: run generate_data.py"
