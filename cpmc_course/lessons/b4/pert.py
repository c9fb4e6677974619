"""PERT network of a project with networkx: dates, floats, critical path, PERT and Gantt charts.

The task table has one row per task: ``code``, ``duree`` (working days) and
``predecesseurs`` (codes separated by « ; », empty when none). The network is an
activity-on-node graph stored as a networkx ``DiGraph`` with two milestones,
``Début`` and ``Fin``; the edge ``u → v`` carries ``duree`` = the duration of ``u``,
so that the longest path from ``Début`` to ``Fin`` (``nx.dag_longest_path``) is the
critical path and its length the project duration.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

DEBUT, FIN = "Début", "Fin"


def predecesseurs(cell: str) -> list[str]:
    """``"C;E"`` → ``["C", "E"]``; empty text → ``[]``."""
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


def reseau_pert(taches: pd.DataFrame, durees: dict[str, float] | None = None) -> nx.DiGraph:
    """The activity-on-node network of ``taches`` (durations overridden by ``durees``)."""
    durees = durees or {}
    graphe = nx.DiGraph()
    duree = {row.code: float(durees.get(row.code, row.duree)) for row in taches.itertuples()}
    graphe.add_node(DEBUT, duree=0.0)
    graphe.add_node(FIN, duree=0.0)
    for row in taches.itertuples():
        graphe.add_node(row.code, duree=duree[row.code], libelle=getattr(row, "tache", row.code))
    for row in taches.itertuples():
        preds = predecesseurs(row.predecesseurs)
        unknown = [p for p in preds if p not in duree]
        if unknown:
            raise ValueError(f"Tâche {row.code} : prédécesseur(s) inconnu(s) {', '.join(unknown)}.")
        for p in preds:
            graphe.add_edge(p, row.code, duree=duree[p])
        if not preds:
            graphe.add_edge(DEBUT, row.code, duree=0.0)
    for code in duree:
        if graphe.out_degree(code) == 0:
            graphe.add_edge(code, FIN, duree=duree[code])
    if not nx.is_directed_acyclic_graph(graphe):
        raise ValueError("Le réseau PERT contient une boucle : une tâche dépend d'elle-même.")
    return graphe


def _duree(graphe: nx.DiGraph, node: str) -> float:
    """Duration of a task: the weight its outgoing edges carry (0 for the milestones)."""
    return max((d.get("duree", 0.0) for _, _, d in graphe.out_edges(node, data=True)), default=0.0)


def duree_projet(graphe: nx.DiGraph) -> float:
    """Project duration: length of the longest path from ``Début`` to ``Fin``."""
    return float(nx.dag_longest_path_length(graphe, weight="duree"))


def chemin_critique(graphe: nx.DiGraph) -> list[str]:
    """Tasks of the critical path, in order, without the two milestones."""
    return [n for n in nx.dag_longest_path(graphe, weight="duree") if n not in (DEBUT, FIN)]


def chemins_critiques(graphe: nx.DiGraph) -> list[tuple[str, ...]]:
    """Every critical path (ties included), each as its task codes in order, sorted.

    ``nx.dag_longest_path`` returns one longest path only; here a path is
    critical when each of its links is tight (the successor starts exactly when
    the task ends) between tasks of zero total float.
    """
    dates = dates_pert(graphe)
    fin_tot = dict(zip(dates.index, dates["fin_tot"]))
    debut_tot = dict(zip(dates.index, dates["debut_tot"]))
    critiques = set(dates.index[dates["marge_totale"].abs() < 1e-9])
    serres = nx.DiGraph()
    for u, v in graphe.edges:
        depart = 0.0 if u == DEBUT else fin_tot.get(u)
        arrivee = debut_tot.get(v, duree_projet(graphe) if v == FIN else None)
        if (u == DEBUT or u in critiques) and (v == FIN or v in critiques) and abs(depart - arrivee) < 1e-9:
            serres.add_edge(u, v)
    if DEBUT not in serres or FIN not in serres:
        return []
    return sorted(tuple(n for n in path if n not in (DEBUT, FIN)) for path in nx.all_simple_paths(serres, DEBUT, FIN))


def dates_pert(graphe: nx.DiGraph) -> pd.DataFrame:
    """Earliest and latest dates and floats of every task (index: task code).

    Columns ``duree``, ``debut_tot``, ``fin_tot``, ``debut_tard``, ``fin_tard``,
    ``marge_totale`` (latest finish − earliest finish) and ``marge_libre``
    (the smallest earliest start of all its successors − its earliest finish;
    the project duration when ``Fin`` is its only successor). Forward and backward
    passes follow networkx's topological order.
    """
    ordre = list(nx.topological_sort(graphe))
    tot = {DEBUT: 0.0}
    for n in ordre[1:]:
        tot[n] = max(tot[p] + _duree(graphe, p) for p in graphe.predecessors(n))
    fin = tot[FIN]
    tard = {FIN: fin}  # latest start
    for n in reversed(ordre[:-1]):
        tard[n] = min(tard[s] for s in graphe.successors(n)) - _duree(graphe, n)
    rows = []
    for n in ordre:
        if n in (DEBUT, FIN):
            continue
        d = _duree(graphe, n)
        rows.append(
            {
                "code": n,
                "duree": d,
                "debut_tot": tot[n],
                "fin_tot": tot[n] + d,
                "debut_tard": tard[n],
                "fin_tard": tard[n] + d,
                "marge_totale": tard[n] - tot[n],
                "marge_libre": min(tot[s] for s in graphe.successors(n)) - (tot[n] + d),
            }
        )
    return pd.DataFrame(rows).set_index("code").sort_index()


@dataclass(frozen=True)
class Planning:
    """What a duration change does to the project."""

    duree: float
    """Project duration (working days)."""
    chemin: tuple[str, ...]
    """Critical path (task codes)."""
    dates: pd.DataFrame
    """Dates and floats per task (see :func:`dates_pert`)."""
    chemins: tuple[tuple[str, ...], ...] = ()
    """Every critical path, ties included (see :func:`chemins_critiques`)."""


def planifier(taches: pd.DataFrame, durees: dict[str, float] | None = None) -> Planning:
    """Dates, floats, duration and critical paths of ``taches`` with optional new durations."""
    graphe = reseau_pert(taches, durees)
    return Planning(duree_projet(graphe), tuple(chemin_critique(graphe)), dates_pert(graphe), tuple(chemins_critiques(graphe)))


def reprevoir(taches: pd.DataFrame, suivi: pd.DataFrame, jour_suivi: float) -> dict[str, float]:
    """Re-forecast finish of every task from a tracking grid stopped at ``jour_suivi`` (working days).

    A task of the grid finishes at ``jour_suivi + reste_a_faire``; a task not yet
    started starts at ``jour_suivi`` at the earliest, and not before the
    re-forecast finish of its predecessors.
    """
    reste = dict(zip(suivi["code"], suivi["reste_a_faire"]))
    duree = dict(zip(taches["code"], taches["duree"]))
    preds = dict(zip(taches["code"], (predecesseurs(p) for p in taches["predecesseurs"])))
    fin: dict[str, float] = {}
    for code in nx.topological_sort(reseau_pert(taches)):
        if code in (DEBUT, FIN):
            continue
        if code in reste:
            fin[code] = float(jour_suivi + reste[code])
        else:
            fin[code] = float(max([jour_suivi] + [fin[p] for p in preds[code]]) + duree[code])
    return fin


def tracer_pert(graphe: nx.DiGraph, ax=None):
    """Draw the PERT network, left to right by earliest start; critical tasks in red."""
    import matplotlib.pyplot as plt

    dates = dates_pert(graphe)
    critiques = set(dates.index[dates["marge_totale"].abs() < 1e-9])
    niveaux = {DEBUT: 0}
    for n in nx.topological_sort(graphe):
        if n != DEBUT:
            niveaux[n] = max(niveaux[p] for p in graphe.predecessors(n)) + 1
    for n, lv in niveaux.items():
        graphe.nodes[n]["niveau"] = lv
    pos = nx.multipartite_layout(graphe, subset_key="niveau")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.5))
    couleurs = ["#c0392b" if n in critiques else "#95a5a6" for n in graphe.nodes]
    labels = {n: n if n in (DEBUT, FIN) else f"{n} ({_duree(graphe, n):g} j)\n{dates.loc[n, 'debut_tot']:g}→{dates.loc[n, 'fin_tard']:g}"
              for n in graphe.nodes}
    aretes_critiques = [(u, v) for u, v in graphe.edges if (u in critiques or u == DEBUT) and (v in critiques or v == FIN)]
    nx.draw_networkx_nodes(graphe, pos, node_color=couleurs, node_size=1500, ax=ax)
    nx.draw_networkx_labels(graphe, pos, labels=labels, font_size=7, font_color="white", ax=ax)
    nx.draw_networkx_edges(graphe, pos, edge_color="#7f8c8d", arrows=True, node_size=1500, ax=ax)
    nx.draw_networkx_edges(graphe, pos, edgelist=aretes_critiques, edge_color="#c0392b", width=2.5, arrows=True, node_size=1500, ax=ax)
    ax.set_title("Réseau PERT : en rouge, les chemins critiques ; sous chaque tâche, début au plus tôt → fin au plus tard")
    ax.axis("off")
    return ax


def tracer_gantt(dates: pd.DataFrame, ax=None):
    """Gantt chart from :func:`dates_pert`: bars at the earliest dates, total float hatched."""
    import matplotlib.pyplot as plt

    dates = dates.sort_values(["debut_tot", "fin_tot"], ascending=False)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.35 * len(dates) + 1))
    critique = dates["marge_totale"].abs() < 1e-9
    ax.barh(dates.index, dates["duree"], left=dates["debut_tot"], color=["#c0392b" if c else "#7f8c8d" for c in critique])
    ax.barh(dates.index, dates["marge_totale"], left=dates["fin_tot"], color="none", edgecolor="#7f8c8d", hatch="//")
    ax.set_xlabel("Jours ouvrés depuis le lancement")
    ax.set_title("Diagramme de Gantt (hachures : marge totale)")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
