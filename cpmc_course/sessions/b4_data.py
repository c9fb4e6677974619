"""The figures of a bloc 4 sujet, computed from one session's case data with plain Python.

Each function recomputes one quantity that the model answers, rubrics and
instructor notes of the Pépinières Vallon project quote (a member's load, the
budget's overshoot, the PERT's floats and critical paths, the re-forecast end
of the project, the Pareto of incidents…), reading the CSV files of the session
bound with ``bound_to`` (the public example, ``source/b4_projet_web_equipe/data``,
by default). They are another route than the notebooks' solution code (a forward
and a backward pass written out here, no networkx); ``b4_figures`` maps every
number of the documents to one of them.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

import pandas as pd

from cpmc_course.resources import content_path
from cpmc_course.sessions.case_data import Binding, load_generator

TEAM = content_path("source", "b4_projet_web_equipe")
"""The public example of the team épreuve: its notebooks are the template, its ``data/`` the example's tables."""
ENVELOPE = 40_000
"""Budget envelope of the brief (€ HT), a rule of the case, not a drawn figure."""
AVAILABLE_DAYS = 40
"""Working days from the kick-off to the go-live date the management asks for (brief)."""
MODEL_QUOTES = {"UX design": "Atelier Maquette", "développement connecteur caisse": "CodeFactory"}
"""The quotes the model answer retains with its weighted grid (user tests included for the UX); another justified
choice is accepted."""
MODEL_RATE = 0.10
"""The contingency rate of the model answer (the brief allows 5 to 15 %)."""

_BOUND = Binding(lambda: _clear(), data=TEAM / "data")


def generator():
    """The case generator ``case_studies/b4_vallon/generate_data.py``, imported as a module (rules and draws)."""
    return load_generator("b4_vallon")


def bound_to(data: Path) -> AbstractContextManager[None]:
    """Compute every figure from the CSV files of ``data`` inside the block."""
    return _BOUND.bound(data=data)


def _clear() -> None:
    for cached in (csv, duration, workload, predecessors, allocation, forward, length, late_finish, critical, pareto):
        cached.cache_clear()


@cache
def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(_BOUND["data"] / name, keep_default_na=False)


# ----------------------------------------------------------------- team, allocation, budget
@cache
def duration() -> dict[str, int]:
    return dict(zip(csv("taches.csv")["code"], csv("taches.csv")["duree"]))


@cache
def workload() -> dict[str, float]:
    return dict(zip(csv("taches.csv")["code"], csv("taches.csv")["charge_jours"]))


@cache
def predecessors() -> dict[str, list[str]]:
    return {c: [p for p in ps.split(";") if p] for c, ps in zip(csv("taches.csv")["code"], csv("taches.csv")["predecesseurs"])}


@cache
def allocation() -> dict[str, str]:
    """Task → member name of the reference allocation (the generator's, the only one that fits)."""
    names = dict(zip(csv("equipe.csv")["id"], csv("equipe.csv")["membre"]))
    return {task: names[m] for m, tasks in generator().REFERENCE_ALLOCATION.items() for task in tasks}


def member(name: str, column: str) -> float:
    """A column of ``equipe.csv`` (``jours_disponibles``, ``cout_jour``) for the member called ``name``."""
    team = csv("equipe.csv")
    return team.loc[team["membre"] == name, column].iloc[0]


def load(name: str) -> float:
    """Workload (person-days) of the reference allocation for ``name``."""
    return sum(workload()[t] for t, m in allocation().items() if m == name)


def member_cost(name: str) -> float:
    return load(name) * member(name, "cout_jour")


def task_cost(task: str) -> float:
    return workload()[task] * member(allocation()[task], "cout_jour")


def internal() -> float:
    return sum(task_cost(t) for t in allocation())


def cheapest(skill: str) -> float:
    quotes = csv("devis.csv")
    return quotes.loc[quotes["competence"] == skill, "montant_ht"].min()


def quote(provider: str, column: str = "montant_ht") -> float:
    """A column of ``devis.csv`` (``montant_ht``, ``option_tests_ht``) for the quote of ``provider``."""
    quotes = csv("devis.csv")
    return quotes.loc[quotes["prestataire"] == provider, column].iloc[0]


def with_tests(provider: str) -> float:
    """The quote of ``provider`` with the user tests (its option added when they are not included)."""
    return quote(provider) + quote(provider, "option_tests_ht")


def external() -> float:
    """The quotes the model answer retains (``MODEL_QUOTES``)."""
    return sum(quote(p) for p in MODEL_QUOTES.values())


def coordination(name: str | None = None) -> float:
    """Cost of the coordination days (meetings, committees, steering) of ``name``, or of the whole team (€)."""
    team = csv("equipe.csv")
    rows = team if name is None else team[team["membre"] == name]
    return float((rows["jours_coordination"] * rows["cout_jour"]).sum())


def other_costs() -> float:
    return csv("autres_frais.csv")["montant_ht"].sum()


def other_cost(label_start: str) -> float:
    costs = csv("autres_frais.csv")
    return costs.loc[costs["poste"].str.startswith(label_start), "montant_ht"].iloc[0]


def base(saving: float = 0.0) -> float:
    """Every cost before the contingency (work on the tasks, coordination, quotes, other costs), less ``saving``."""
    return internal() + coordination() + external() + other_costs() - saving


def provision(saving: float = 0.0) -> float:
    """The model answer's contingency: ``MODEL_RATE`` of the costs."""
    return MODEL_RATE * base(saving)


def total(saving: float = 0.0) -> float:
    """The model answer's budget, contingency included, after ``saving`` € of cuts on the costs."""
    return base(saving) + provision(saving)


def model_saving() -> float:
    """The model answer's two options: the stores' training (task L) on the training plan, 10 % off the connector."""
    return task_cost("L") + 0.1 * quote(MODEL_QUOTES["développement connecteur caisse"])


def overshoot() -> float:
    """Budget minus envelope (€; positive when the budget exceeds it)."""
    return total() - ENVELOPE


def duration_cost_trap() -> float:
    """Internal cost with « duration × daily cost » instead of workload (the trap workload ≠ duration catches)."""
    return sum(duration()[t] * member(m, "cout_jour") for t, m in allocation().items())


# ----------------------------------------------------------------- PERT
@cache
def forward() -> dict[str, int]:
    """Early start of every task (working days after the kick-off)."""
    preds, start = predecessors(), {}
    for code in csv("taches.csv")["code"]:  # tasks are listed after their predecessors
        start[code] = max((start[p] + duration()[p] for p in preds[code]), default=0)
    return start


@cache
def length() -> int:
    early = forward()
    return max(early[c] + duration()[c] for c in early)


@cache
def late_finish() -> dict[str, int]:
    """Latest finish of every task (backward pass from the project's length)."""
    succ = {c: [s for s, ps in predecessors().items() if c in ps] for c in duration()}
    late: dict[str, int] = {}
    for code in reversed(list(csv("taches.csv")["code"])):
        late[code] = min((late[s] - duration()[s] for s in succ[code]), default=length())
    return late


def total_float(task: str) -> int:
    return late_finish()[task] - forward()[task] - duration()[task]


def free_float(task: str) -> int:
    early = forward()
    succ = [s for s, ps in predecessors().items() if task in ps]
    return min((early[s] for s in succ), default=length()) - early[task] - duration()[task]


@cache
def critical() -> set[str]:
    return {c for c in duration() if total_float(c) == 0}


def critical_paths() -> list[list[str]]:
    """Every chain of critical tasks from a start task to an end task whose length is the project's."""
    preds, early = predecessors(), forward()
    paths = [[c] for c in critical() if not preds[c]]
    done = []
    while paths:
        path = paths.pop()
        nexts = [s for s in critical() if path[-1] in preds[s] and early[s] == early[path[-1]] + duration()[path[-1]]]
        done += [path] if not nexts else []
        paths += [path + [s] for s in nexts]
    return sorted(p for p in done if sum(duration()[c] for c in p) == length())


def working_day(k: int) -> dt.date:
    """Date of the ``k``-th working day of the project (1 = the kick-off, Monday 4 January 2027)."""
    day, count = generator().DEBUT_PROJET, 0
    while True:
        if day.weekday() < 5:
            count += 1
            if count == k:
                return day
        day += dt.timedelta(days=1)


# ----------------------------------------------------------------- tracking
def gap(task: str) -> float:
    """Days consumed minus days earned (progress × planned workload) at the status day."""
    row = csv("suivi_semaine4.csv").set_index("code").loc[task]
    return row["charge_consommee"] - row["avancement_pct"] / 100 * row["charge_prevue"]


def reforecast_end() -> int:
    """Project end re-forecast at the status day: a finished task is done, a started one ends after its declared
    rest, one not started begins at the status day at the earliest, after its predecessors' (re-forecast) ends."""
    status = generator().STATUS_DAY
    grid = csv("suivi_semaine4.csv").set_index("code")
    finish: dict[str, int] = {}
    for code in csv("taches.csv")["code"]:
        if code in grid.index:
            finish[code] = status + int(grid.loc[code, "reste_a_faire"])
        else:
            finish[code] = max([status] + [finish[p] for p in predecessors()[code]]) + duration()[code]
    return max(finish.values())


# ----------------------------------------------------------------- incidents
@cache
def pareto() -> pd.Series:
    """Incident counts by cause, most frequent first."""
    return csv("incidents.csv")["cause"].value_counts()


def cumulative_share(rank: int) -> float:
    """Share of the incidents (proportion) of the ``rank`` most frequent causes."""
    counts = pareto()
    return counts.iloc[:rank].sum() / counts.sum()


def hours_lost(rank: int) -> float:
    """Hours lost through the incidents of the cause ranked ``rank`` (1 = most frequent)."""
    incidents = csv("incidents.csv")
    return incidents.loc[incidents["cause"] == pareto().index[rank - 1], "heures_perdues"].sum()
