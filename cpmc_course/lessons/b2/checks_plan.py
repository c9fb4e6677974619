"""The bloc 2 checks of the choice within the envelope and of the calendar of the kept actions (lesson 4).

The plan's lines (``budget_2026``) are of two kinds: the means the management has committed (a recruit,
a car, a tool: no expected revenue of their own) and the actions and support operations, which carry an
expected revenue (``ca_attendu``) and compete for what is left of the envelope. Every check recomputes
with :mod:`.rules` (never with the learner's pandas route), returns French feedback and never raises.
"""

from __future__ import annotations

import datetime as dt
from numbers import Real
from typing import Any

import pandas as pd

from ...kit.feedback import Feedback, accepted, check_number, no_answer, rejected
from ...kit.nombres import fr_euros, fr_nombre
from .rules import best_choice, choose_by_revenue_per_euro, schedule

ACTION_TYPES = ("action commerciale", "opération de soutien")
"""The plan's lines chosen by expected revenue per euro; the other lines are committed means."""


def _cost(row: dict) -> int:
    return int(row["cout_fixe"] + row["cout_unitaire"] * row["quantite"])


def plan_lines(budget: pd.DataFrame) -> tuple[list[tuple[str, int, int]], int]:
    """The candidate lines as (poste, total cost, expected revenue) and the cost of the committed means."""
    rows = budget.to_dict("records")
    lines = [(r["poste"], _cost(r), int(r["ca_attendu"])) for r in rows if r["type"] in ACTION_TYPES]
    return lines, sum(_cost(r) for r in rows if r["type"] not in ACTION_TYPES)


def _names(answer: Any) -> list[str] | None:
    """A list of line names from a list, tuple, set or Series of texts; None when it is something else."""
    if isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index)) and all(isinstance(a, str) for a in answer):
        return [str(a) for a in answer]
    return None


def verifier_ca_par_euro(reponse: Any, budget: pd.DataFrame, poste: str) -> Feedback:
    """Expected revenue per euro spent of one line of the plan, in €: ca_attendu / total cost, rounded to the cent."""
    lines, _committed = plan_lines(budget)
    _name, cost, revenue = next(line for line in lines if line[0] == poste)
    unit = float(budget.loc[budget["poste"] == poste, "cout_unitaire"].iloc[0])
    expected = revenue / cost
    traps = [(cost / revenue, ("C'est le coût par euro de CA (coût / CA) : on demande l'inverse, le CA attendu par euro "
                               "dépensé (CA attendu / coût total).")),
             (revenue / unit if unit else None, ("Vous avez divisé par le coût unitaire : prenez le coût total de la "
                                                 "ligne (coût fixe + coût unitaire × quantité)."))]
    value = float(reponse) if isinstance(reponse, Real) and not isinstance(reponse, bool) else None
    for trap, hint in traps:
        if value is not None and trap is not None and abs(value - trap) <= 0.0051 and abs(value - expected) > 0.0051:
            return rejected(hint)
    return check_number(
        reponse, expected, rel_tol=0.0051 / expected,
        success=f"Chaque euro mis dans « {poste} » doit rapporter {fr_nombre(expected, 2)} € de CA.",
        hint="CA attendu par euro = ca_attendu / (coût fixe + coût unitaire × quantité), arrondi au centième.",
    )


def _until_first_misfit(lines: list[tuple[str, int, int]], envelope: float) -> list[str]:
    """The misreading of the rule that stops at the first line that does not fit instead of trying the next ones."""
    kept, spent = [], 0
    for name, cost, _revenue in sorted(lines, key=lambda line: -line[2] / line[1]):
        if spent + cost > envelope:
            break
        kept, spent = [*kept, name], spent + cost
    return kept


def verifier_choix_enveloppe(reponse: Any, budget: pd.DataFrame, enveloppe: float) -> Feedback:
    """The actions kept by the revenue-per-euro rule within what the committed means leave of ``enveloppe``."""
    if reponse is None:
        return no_answer()
    names = _names(reponse)
    if names is None:
        return rejected("La réponse est une liste de noms de lignes du budget, entre crochets et guillemets "
                        "(par exemple [\"Ligne 1\", \"Ligne 2\"]).")
    lines, committed = plan_lines(budget)
    remaining = enveloppe - committed
    cost, revenue = ({n: c for n, c, _r in lines}, {n: r for n, _c, r in lines})
    unknown = [n for n in names if n not in cost]
    if unknown:
        return rejected(f"« {unknown[0]} » n'est pas une action du budget : prenez les noms de la colonne poste, "
                        "parmi les actions commerciales et les opérations de soutien.")
    chosen, rule = set(names), choose_by_revenue_per_euro(lines, remaining)
    spent = sum(cost[n] for n in chosen)
    if chosen == set(rule):
        left = remaining - spent
        return accepted(f"Les {len(rule)} actions retenues coûtent {fr_euros(spent)} pour {fr_euros(remaining)} "
                        f"disponibles après les moyens engagés ; il reste {fr_euros(left)} que la règle n'utilise pas.")
    if chosen == set(best_choice(lines, remaining)):
        return accepted(f"Votre choix rapporte {fr_euros(sum(revenue[n] for n in chosen))} : plus que la règle du CA "
                        "par euro, qui laisse une partie de l'enveloppe inutilisée. C'est le meilleur choix possible.")
    if chosen == set(choose_by_revenue_per_euro([(n, c, -r) for n, c, r in lines], remaining)):
        return rejected("Vous avez commencé par les actions les plus faibles (ou classé par coût par euro) : classez "
                        "par CA attendu par euro décroissant, la meilleure d'abord.")
    if chosen == set(_until_first_misfit(lines, remaining)):
        return rejected("Vous vous êtes arrêté à la première action qui ne tient pas\xa0: elle est écartée, mais on essaie "
                        "les suivantes, plus petites, tant que l'enveloppe le permet.")
    if spent > remaining and chosen == set(choose_by_revenue_per_euro(lines, enveloppe)):
        return rejected("Les moyens engagés (recrutement, voiture, application) consomment déjà une partie de "
                        "l'enveloppe : les actions se partagent ce qui reste.")
    if spent > remaining:
        return rejected(f"Votre choix coûte {fr_euros(spent)} et dépasse les {fr_euros(remaining)} qui restent : "
                        "écartez une ligne.")
    return rejected("Classez les actions par CA attendu par euro décroissant, puis retenez chacune si le coût cumulé "
                    "tient encore dans ce qui reste de l'enveloppe ; une action qui ne tient pas est écartée, on passe à la suivante.")


def verifier_contribution_retenue(reponse: Any, budget: pd.DataFrame, retenues: list[str], objectif: float) -> Feedback:
    """Expected revenue of the kept lines, in €, and whether it covers the objective in euros."""
    lines, _committed = plan_lines(budget)
    kept = set(retenues)
    expected = sum(r for n, _c, r in lines if n in kept)
    gap = expected - objectif
    verdict = (f"elles couvrent l'objectif de {fr_euros(objectif)} avec {fr_euros(gap)} de marge : une estimation à suivre "
               "chaque mois." if gap >= 0 else
               f"il manque {fr_euros(-gap)} pour couvrir l'objectif de {fr_euros(objectif)} : autre action ou objectif à revoir.")
    return check_number(
        reponse, expected, rel_tol=0.001,
        success=f"Les actions retenues doivent apporter {fr_euros(expected)} de CA : {verdict}",
        traps=[(sum(r for _n, _c, r in lines), ("Vous avez additionné le CA attendu de toutes les actions : ne gardez "
                                                "que les actions retenues.")),
               (sum(c for n, c, _r in lines if n in kept), "C'est le coût des actions retenues ; on demande leur CA attendu."),
               (gap, "C'est l'écart à l'objectif ; on demande d'abord le CA attendu des actions retenues.")],
        hint="Contribution = somme de ca_attendu des lignes retenues (budget[\"poste\"].isin(retenues)) ; comparez-la à l'objectif.",
    )


def _launch_dates(calendrier: pd.DataFrame, debut: dt.date) -> dict[str, dict[str, dt.date]]:
    """Calendar dates of every launch task: early start and finish, late finish."""
    tasks = list(zip(calendrier["tache"], calendrier["duree_jours"], (str(p).split(";") for p in calendrier["predecesseurs"])))
    return {t: {k: debut + dt.timedelta(days=v) for k, v in days.items() if k != "marge_totale"}
            for t, days in schedule(tasks).items()}


def _as_date(value: Any) -> dt.date | None:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _date_hint(given: dt.date | None, right: dt.date, wrong: dict[dt.date, str]) -> str | None:
    """None when ``given`` is right, else the hint of the first plausible mistake it matches (or a generic one)."""
    if given == right:
        return None
    return wrong.get(given, "")


def verifier_calendrier_actions(reponse: Any, budget: pd.DataFrame, calendrier: pd.DataFrame, retenues: list[str],
                                debut: dt.date) -> Feedback:
    """Calendar of the kept lines: start = early finish of the ``debut_apres`` task, end = start + ``duree_jours``."""
    if reponse is None:
        return no_answer()
    if not isinstance(reponse, pd.DataFrame) or not {"debut", "fin"} <= set(reponse.columns):
        return rejected("La réponse est un tableau (DataFrame) avec les colonnes poste, debut et fin.")
    table = reponse if "poste" in reponse.columns else reponse.rename_axis("poste").reset_index()
    given = {str(p): (_as_date(d), _as_date(f)) for p, d, f in zip(table["poste"], table["debut"], table["fin"])}
    if set(given) != set(retenues) or len(table) != len(given):
        return rejected(f"Le calendrier a une ligne par action retenue, et seulement elles ({len(retenues)} lignes).")
    launch = _launch_dates(calendrier, debut)
    rows = budget.set_index("poste")
    for poste in retenues:
        task, days = rows.loc[poste, "debut_apres"], int(rows.loc[poste, "duree_jours"])
        start, end = launch[task]["fin_tot"], launch[task]["fin_tot"] + dt.timedelta(days=days)
        hint = _date_hint(given[poste][0], start, {
            launch[task]["debut_tot"]: f"« {poste} » : vous avez pris le début de « {task} » ; l'action démarre quand "
                                       "cette tâche est terminée, à sa date de fin.",
            launch[task]["fin_tard"]: f"« {poste} » : c'est la fin au plus tard de « {task} » ; le calendrier se bâtit "
                                      "sur les dates au plus tôt du planning."})
        if hint is not None:
            return rejected(hint or f"« {poste} » : le début est la date de fin au plus tôt de la tâche « {task} ».")
        hint = _date_hint(given[poste][1], end, {start: f"« {poste} » : la fin est le début + duree_jours jours."})
        if hint is not None:
            return rejected(hint or f"« {poste} » : fin = début + {days} jours (colonne duree_jours).")
    first = min(given.values())[0]
    last = max(f for _d, f in given.values())
    return accepted(f"Le calendrier est juste : la première action démarre le {first:%d/%m/%Y}, la dernière finit le "
                    f"{last:%d/%m/%Y}. Chaque action attend que ses moyens soient prêts.")


__all__ = [name for name in dir() if name.startswith("verifier_")] + ["ACTION_TYPES", "plan_lines"]
