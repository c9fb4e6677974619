"""Sales-force rules of lessons 3 and 4 beyond the workload method, in plain Python.

Other sizing methods (productivity, break-even of one more representative),
the real use of the theoretical capacity, visits a day once travel is counted,
pay of a representative, the employer's cost of a bonus and quotas shared by
unexploited potential. The checks of :mod:`.checks_sales_force` and the tests
recompute with these functions, never with the learner's pandas route.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ...kit.formulas import chiffre_affaires_pour_couvrir


def staff_by_productivity(target_revenue: float, revenue_per_rep: float) -> int:
    """Representatives needed to reach a revenue target at the current revenue per representative, rounded up."""
    return math.ceil(target_revenue / revenue_per_rep)


def break_even_revenue(full_cost: float, markup_rate: float) -> float:
    """Extra revenue one more representative must bring so that its gross margin pays its full cost.

    ``markup_rate`` is the taux de marque (gross margin / revenue), a proportion.
    """
    return chiffre_affaires_pour_couvrir(full_cost, markup_rate * 100)


def capacity_use(visits_made: float, reps: int, theoretical_capacity: float) -> float:
    """Share (in %) of the theoretical visit capacity of a team that was used."""
    return visits_made / (reps * theoretical_capacity) * 100


def visits_per_day(minutes_available: float, visit_minutes: float, travel_minutes: float) -> int:
    """Whole visits a representative can make in a day when every visit costs its length plus the trip to it."""
    return math.floor(minutes_available / (visit_minutes + travel_minutes))


def reps_needed(workload: float, field_days: int, daily_visits: int) -> float:
    """Representatives a workload needs at a given number of visits a day (not rounded: a need to compare)."""
    return workload / (field_days * daily_visits)


def annual_pay(fixed: float, commission_rate: float, commission_base: float, bonus: float, objective_met: bool) -> float:
    """Gross annual pay: fixed salary + commission (a proportion of its base) + the bonus when the objective is met."""
    return fixed + commission_rate * commission_base + (bonus if objective_met else 0.0)


def employer_cost(gross_bonus: float, employer_rate: float) -> float:
    """What a gross bonus paid to an employee costs the employer: bonus × (1 + employer contribution rate)."""
    return gross_bonus * (1 + employer_rate)


def quotas_by_unexploited_potential(revenue: Mapping[str, float], potential: Mapping[str, float],
                                    growth: float) -> dict[str, float]:
    """Quota of every zone: last year's revenue + a share of the growth target proportional to its unexploited potential.

    Unexploited potential = potential − revenue (never below zero).
    """
    room = {zone: max(potential[zone] - revenue[zone], 0.0) for zone in revenue}
    total = sum(room.values())
    return {zone: revenue[zone] + growth * room[zone] / total for zone in revenue}


def tour_minutes(times: Mapping[str, Mapping[str, float]], base: str, stops: list[str]) -> float:
    """Travel minutes of a day's tour: from the base through ``stops`` in that order and back to the base.

    ``times[a][b]`` is the travel time from ``a`` to ``b``.
    """
    path = [base, *stops, base]
    return sum(times[a][b] for a, b in zip(path, path[1:]))


def shortest_tour(times: Mapping[str, Mapping[str, float]], base: str, stops: list[str]) -> tuple[list[str], float]:
    """The order of ``stops`` with the least travel (every order tried: fine for a day's handful of visits)."""
    from itertools import permutations

    best = min(permutations(stops), key=lambda order: tour_minutes(times, base, list(order)))
    return list(best), tour_minutes(times, base, list(best))


def pay_plan(reps: Mapping[str, tuple[float, bool]], fixed: float, commission_rate: float, bonus: float,
             employer_rate: float) -> dict:
    """Gross pay of every representative, total gross pay, employer cost and variable share under one pay plan.

    ``reps`` maps a representative to (gross margin of its accounts, objective met).
    """
    pay = {name: annual_pay(fixed, commission_rate, margin, bonus, met) for name, (margin, met) in reps.items()}
    total = sum(pay.values())
    return {"remuneration": pay, "masse_brute": total, "cout_employeur": employer_cost(total, employer_rate),
            "part_variable": (total - fixed * len(pay)) / total if total else 0.0}
