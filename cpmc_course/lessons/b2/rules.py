"""Business rules of bloc 2 in plain Python: ABC classes, workload sizing, schedule and critical path.

These are the "other route" the lesson checks and the tests use: they never
call the pandas steps a learner writes. The constants are those of the Outivis
training case (``case_studies/b2_outivis``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

ABC_THRESHOLDS = (0.80, 0.95)
"""Cumulated revenue share up to which a client is A, then B; C beyond."""
VISIT_FREQUENCIES = {"A": 10, "B": 5, "C": 2, "prospect": 3}
"""Visits per account and per year (Outivis's sales-management rule)."""
FIELD_DAYS, VISITS_PER_DAY = 180, 4
"""Capacity of an Outivis sales representative: 180 field days × 4 visits = 720 visits a year."""


def abc_classes(revenue: Mapping[str, float], thresholds: tuple[float, float] = ABC_THRESHOLDS) -> dict[str, str]:
    """ABC class of every client from its revenue (Pareto: largest first, cumulated share)."""
    ordered = sorted(revenue.items(), key=lambda item: item[1], reverse=True)
    total = sum(revenue.values())
    cumul, classes = 0.0, {}
    for account, value in ordered:
        cumul += value
        share = cumul / total
        classes[account] = "A" if share <= thresholds[0] else "B" if share <= thresholds[1] else "C"
    return classes


def visit_workload(classes: Iterable[str], frequencies: Mapping[str, int] = VISIT_FREQUENCIES) -> int:
    """Visits needed in a year: the sum of every account's visit frequency."""
    return sum(frequencies[c] for c in classes)


def staff_needed(workload: float, days: int = FIELD_DAYS, visits_per_day: float = VISITS_PER_DAY) -> int:
    """Sales representatives needed (workload method), rounded up: one cannot hire a fraction of a person."""
    return math.ceil(workload / (days * visits_per_day))


def critical_path(tasks: Iterable[tuple[str, int, Iterable[str]]]) -> tuple[list[str], int]:
    """Critical path and total duration of a schedule of (task, duration, predecessors), with networkx."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node("début")
    durations = {}
    for task, duration, predecessors in tasks:
        durations[task] = duration
        preds = [p for p in predecessors if p]
        for pred in preds or ["début"]:
            graph.add_edge(pred, task)
        graph.add_edge(task, "fin")
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = durations.get(u, 0)
    path = nx.dag_longest_path(graph)
    return [t for t in path if t not in ("début", "fin")], int(nx.dag_longest_path_length(graph))


def schedule(tasks: Iterable[tuple[str, int, Iterable[str]]]) -> dict[str, dict[str, int]]:
    """Early and late start and finish (days from the start of the project) and total float of every task.

    ``tasks`` are (task, duration, predecessors) listed after their predecessors. Forward pass:
    early start = latest early finish of the predecessors; backward pass from the end of the
    project: late finish = earliest late start of the successors. A task of zero float is critical.
    """
    tasks = [(t, int(d), [p for p in preds if p]) for t, d, preds in tasks]
    early: dict[str, tuple[int, int]] = {}
    for task, duration, preds in tasks:
        start = max((early[p][1] for p in preds), default=0)
        early[task] = (start, start + duration)
    end = max(finish for _start, finish in early.values())
    late: dict[str, tuple[int, int]] = {}
    for task, duration, _preds in reversed(tasks):
        successors = [t for t, _d, preds in tasks if task in preds]
        finish = min((late[s][0] for s in successors), default=end)
        late[task] = (finish - duration, finish)
    return {t: {"debut_tot": early[t][0], "fin_tot": early[t][1], "debut_tard": late[t][0], "fin_tard": late[t][1],
                "marge_totale": late[t][0] - early[t][0]} for t, _d, _p in tasks}


def choose_by_revenue_per_euro(lines: Iterable[tuple[str, float, float]], envelope: float) -> list[str]:
    """The rule of thumb for choosing within an envelope: best expected revenue per euro first.

    ``lines`` are (name, cost, expected revenue). Ranked by revenue / cost, largest first (ties in the
    given order), each line is kept if the cumulated cost of the kept lines stays within ``envelope``;
    a line that does not fit is skipped and the next one is tried.
    """
    ranked = sorted(lines, key=lambda line: -line[2] / line[1])
    kept, spent = [], 0.0
    for name, cost, _revenue in ranked:
        if spent + cost <= envelope:
            kept.append(name)
            spent += cost
    return kept


def best_choice(lines: Iterable[tuple[str, float, float]], envelope: float) -> list[str]:
    """The lines of largest total expected revenue within ``envelope``, by trying every combination.

    Exact but exponential (2^n combinations): fine for the ten or so lines of a plan, and the proof
    that the revenue-per-euro rule is only a rule of thumb when it leaves part of the envelope unused.
    """
    from itertools import combinations

    lines = list(lines)
    best: tuple[float, float, list[str]] = (0.0, 0.0, [])
    for size in range(1, len(lines) + 1):
        for combo in combinations(lines, size):
            cost = sum(c for _n, c, _r in combo)
            revenue = sum(r for _n, _c, r in combo)
            if cost <= envelope and (revenue, -cost) > (best[0], -best[1]):
                best = (revenue, cost, [n for n, _c, _r in combo])
    return best[2]
