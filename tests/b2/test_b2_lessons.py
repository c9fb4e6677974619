"""Bloc 2 lessons: every exercise's correction is accepted by its check, plausible mistakes get their hint,
and the rules the checks use agree with independent computations."""

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
    abc_classes, critical_path, nettalpe, staff_needed, verifier_charge_visites, verifier_ecart_enveloppe,
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
    assert visit_workload(["A", "B", "C", "prospect"]) == 12 + 6 + 2 + 2
    assert staff_needed(6148) == 8 and staff_needed(840) == 1 and staff_needed(841) == 2


def test_critical_path_on_a_textbook_example():
    path, length = critical_path([("a", 3, []), ("b", 2, ["a"]), ("c", 5, ["a"]), ("d", 1, ["b", "c"])])
    assert path == ["a", "c", "d"] and length == 9


def test_simulator_sizing_matches_the_workload_rule():
    result = size_sales_force({"Z1": {"A": 10, "C": 5}, "Z2": {"prospect": 20}}, {"A": 12, "B": 6, "C": 2, "prospect": 2}, 210, 4)
    assert result["charge"] == 10 * 12 + 5 * 2 + 20 * 2 and result["effectif"] == math.ceil(170 / 840)


def test_checks_give_targeted_hints():
    actions = nettalpe("actions_2026")
    salon = actions[actions["action"] == "Salon Hygiène Pro (Eurexpo)"].iloc[0]
    on_revenue = (salon["ca_genere"] - salon["cout"]) / salon["cout"] * 100
    assert "chiffre d'affaires" in verifier_roi_action(on_revenue, actions, salon["action"]).message
    assert verifier_roi_action(None, actions, salon["action"]).status == "vide"
    assert "inférieur" in verifier_effectif(7, 6148).message
    plan = nettalpe("plan_actions_2027")
    assert "signe" in verifier_ecart_enveloppe(22_525, plan, 150_000).message
    assert verifier_ecart_enveloppe(-22_525, plan, 150_000).right
    ops = nettalpe("operations_soutien")
    assert verifier_roi_operation(150.4, ops, ops["operation"].iloc[1]).right
    planning = nettalpe("planning_2027")
    assert verifier_marge_jours(11, planning, dt.date(2027, 4, 30)).right
    comptes = nettalpe("comptes")
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["compte_id"], clients["ca_2026"])))
    all_classes = comptes["compte_id"].map(classes).fillna("prospect")
    assert "prospects" in verifier_charge_visites(6148 - 580, all_classes).message


def test_figures_quoted_in_lesson_text_match_the_data():
    from cpmc_course.kit.formulas import taux_de_marge, taux_de_marque

    text = re.sub(r"\s+", " ", " ".join(c.source for p in LESSONS for c in nbformat.read(p, as_version=4).cells))
    actions = nettalpe("actions_2026").set_index("action")
    webinar = actions.loc["Webinaires protocoles EHPAD"]
    assert f"transformé {webinar['commandes']} leads sur {webinar['leads']}" in text
    roi = (actions["marge_brute_generee"] - actions["cout"]) / actions["cout"]
    assert "trois actions ont perdu de l'argent" in text and int((roi < 0).sum()) == 3
    assert "le taux de marque est de 36 %, le taux de marge de 56,25 %" in text
    assert taux_de_marque(100, 64) == 36 and taux_de_marge(100, 64) == 56.25
