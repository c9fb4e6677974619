"""PERT of the case: critical path and floats of the bloc 4 library equal networkx's, by another route."""

from __future__ import annotations

import networkx as nx
import pytest
from b4_exam import vallon

from cpmc_course.kit.formulas import marge_libre, marge_totale
from cpmc_course.lessons.b4 import (
    chemin_critique,
    dates_pert,
    duree_projet,
    planifier,
    reseau_pert,
)
from cpmc_course.lessons.b4.pert import DEBUT, FIN


@pytest.fixture(scope="module")
def taches():
    return vallon("taches")


def _longest_to(graphe, node):
    """Longest path length from Début to ``node`` by networkx on the ancestors' subgraph."""
    return nx.dag_longest_path_length(graphe.subgraph(nx.ancestors(graphe, node) | {node}), weight="duree")


def _longest_from(graphe, node):
    return nx.dag_longest_path_length(graphe.subgraph(nx.descendants(graphe, node) | {node}), weight="duree")


def test_critical_path_and_duration_equal_networkx(taches):
    graphe = reseau_pert(taches)
    path = nx.dag_longest_path(graphe, weight="duree")
    assert chemin_critique(graphe) == [n for n in path if n not in (DEBUT, FIN)] == list("ABCFJMN")
    assert duree_projet(graphe) == nx.dag_longest_path_length(graphe, weight="duree") == 38


def test_floats_equal_networkx_longest_paths(taches):
    graphe = reseau_pert(taches)
    dates = dates_pert(graphe)
    total = nx.dag_longest_path_length(graphe, weight="duree")
    for code in taches["code"]:
        through = _longest_to(graphe, code) + _longest_from(graphe, code)  # longest path through the task
        assert dates.loc[code, "marge_totale"] == total - through, code
        assert dates.loc[code, "debut_tot"] == _longest_to(graphe, code)
    critical = set(dates.index[dates["marge_totale"] == 0])
    # the example plants two critical paths that tie: the kit's path is one of them, the zero floats cover both
    assert set(chemin_critique(graphe)) < critical == set("ABCEFJMN")


def test_floats_by_enumerating_every_path(taches):
    """Brute force: every Début→Fin path; a task's total float = project duration − its longest path."""
    graphe = reseau_pert(taches)
    durations = dict(zip(taches["code"], taches["duree"]))
    paths = [[n for n in p if n not in (DEBUT, FIN)] for p in nx.all_simple_paths(graphe, DEBUT, FIN)]
    length = {tuple(p): sum(durations[n] for n in p) for p in paths}
    duration = max(length.values())
    dates = dates_pert(graphe)
    for code in durations:
        longest_through = max(v for p, v in length.items() if code in p)
        assert dates.loc[code, "marge_totale"] == duration - longest_through


def test_free_and_total_floats_match_the_kit_formulas(taches):
    graphe = reseau_pert(taches)
    dates = dates_pert(graphe)
    for code, row in dates.iterrows():
        successors = [s for s in graphe.successors(code) if s != FIN]
        starts = [dates.loc[s, "debut_tot"] for s in successors] or [duree_projet(graphe)]
        assert row["marge_libre"] == marge_libre(row["debut_tot"], row["duree"], starts)
        assert row["marge_totale"] == marge_totale(row["debut_tot"], row["duree"], row["fin_tard"])
        assert 0 <= row["marge_libre"] <= row["marge_totale"]
    assert dict(dates["marge_totale"]) == {"A": 0, "B": 0, "C": 0, "D": 6, "E": 0, "F": 0, "G": 14, "H": 22, "I": 6, "O": 6, "J": 0, "K": 3, "L": 24, "M": 0, "N": 0}


@pytest.mark.parametrize("code, days", [("D", 25), ("G", 30), ("C", 2), ("K", 9)])
def test_changing_a_duration_moves_the_critical_path_like_networkx(taches, code, days):
    plan = planifier(taches, {code: days})
    changed = taches.assign(duree=[days if c == code else d for c, d in zip(taches["code"], taches["duree"])])
    graphe = reseau_pert(changed)
    assert plan.duree == nx.dag_longest_path_length(graphe, weight="duree")
    assert list(plan.chemin) == [n for n in nx.dag_longest_path(graphe, weight="duree") if n not in (DEBUT, FIN)]


def test_a_loop_or_an_unknown_predecessor_is_refused_in_french(taches):
    loop = taches.copy()
    loop.loc[loop["code"] == "A", "predecesseurs"] = "N"
    with pytest.raises(ValueError, match="boucle"):
        reseau_pert(loop)
    unknown = taches.copy()
    unknown.loc[unknown["code"] == "B", "predecesseurs"] = "Z"
    with pytest.raises(ValueError, match="inconnu"):
        reseau_pert(unknown)
