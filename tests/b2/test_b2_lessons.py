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
    feedbacks = []
    monkeypatch.chdir(path.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            source = cell.source
            if source.strip() == "reponse = None  # à compléter":
                source = CORRECTION.search(cells[i + 2].source).group(1)
            lines = source.strip().splitlines()
            exec(compile(source, f"{path.stem}[{i}]", "exec"), namespace)
            if lines and lines[-1].startswith("verifier_"):
                feedbacks.append(eval(lines[-1], namespace))
    assert feedbacks, "the lesson has exercises"
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
