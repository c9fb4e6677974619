"""Business rules of bloc 2 in plain Python: ABC classes, workload sizing, critical path.

These are the "other route" the lesson checks and the tests use: they never
call the pandas steps a learner writes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

ABC_THRESHOLDS = (0.80, 0.95)
"""Cumulated revenue share up to which a client is A, then B; C beyond."""
VISIT_FREQUENCIES = {"A": 12, "B": 6, "C": 2, "prospect": 2}
"""Visits per account and per year (Nettalpe's sales-management rule)."""


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


def staff_needed(workload: float, days: int = 210, visits_per_day: float = 4) -> int:
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
