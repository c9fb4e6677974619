"""The figures of a bloc 2 sujet, computed from one session's case data with plain pandas.

Each function recomputes one quantity the model answers, rubrics and instructor
notes of the Nettalpe épreuve quote (ABC classes, penetration of a zone, workload
of the sales force, ROI of an action, budget, end of the launch…), reading the
CSV files of the session bound with ``bound_to`` (the public example session,
``source/b2_plan_actions_commerciales/``, by default). They follow the rules of
the brief, not the solution code of the notebook; ``b2_figures`` maps every
number written in the documents to one of them.
"""

from __future__ import annotations

import datetime as dt
import math
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

import pandas as pd

from cpmc_course.resources import content_path
from cpmc_course.sessions.case_data import Binding, load_generator

EXAMPLE = content_path("source", "b2_plan_actions_commerciales")
"""The public example session: its notebook and its ``data/``."""
SAVOIE, LYON = "Savoie et Haute-Savoie", "Lyon Métropole"
WEBINAR, DEMOS, EMAILING = "Webinaires protocoles EHPAD", "Démonstrations sur site", "Emailing promotions trimestrielles"
CATALOGUE = "Catalogue papier annuel"

_BOUND = Binding(lambda: csv.cache_clear(), data=EXAMPLE / "data")


def generator():
    """The case generator ``case_studies/b2_nettalpe/generate_data.py``, imported as a module (rules and draws)."""
    return load_generator("b2_nettalpe")


def bound_to(data: Path) -> AbstractContextManager[None]:
    """Compute every figure from the CSV files of ``data`` inside the block."""
    return _BOUND.bound(data=data)


@cache
def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(_BOUND["data"] / name, keep_default_na=False)


# ----------------------------------------------------------------- portfolio and zones
def classes() -> pd.DataFrame:
    """The clients with their ABC class (brief's rule: cumulated share of 2026 revenue, 80 % and 95 %)."""
    gen = generator()
    clients = csv("comptes.csv").query("statut == 'client'").sort_values("ca_2026", ascending=False, kind="stable").copy()
    share = clients["ca_2026"].cumsum() / clients["ca_2026"].sum()
    clients["classe"] = ["A" if s <= gen.SEUIL_A else "B" if s <= gen.SEUIL_B else "C" for s in share]
    return clients


def class_count(label: str) -> int:
    return int((classes()["classe"] == label).sum())


def class_share_of_clients(label: str) -> float:
    return class_count(label) / len(classes())


def class_share_of_revenue(label: str) -> float:
    c = classes()
    return c.loc[c["classe"] == label, "ca_2026"].sum() / c["ca_2026"].sum()


def count(status: str) -> int:
    return int((csv("comptes.csv")["statut"] == status).sum())


def penetration(zone: str) -> float:
    mine = csv("comptes.csv").query("zone == @zone")
    return mine["ca_2026"].sum() / mine["potentiel_annuel"].sum()


def potential_share(zone: str) -> float:
    accounts = csv("comptes.csv")
    return accounts.loc[accounts["zone"] == zone, "potentiel_annuel"].sum() / accounts["potentiel_annuel"].sum()


def segment_penetration() -> pd.Series:
    by = csv("comptes.csv").groupby("segment")[["ca_2026", "potentiel_annuel"]].sum()
    return by["ca_2026"] / by["potentiel_annuel"]


def health_revenue() -> float:
    """2026 revenue of the Santé accounts (€ HT): the base of the marketing plan's +25 % objective."""
    accounts = csv("comptes.csv")
    return float(accounts.loc[accounts["segment"] == "Santé", "ca_2026"].sum())


def margin_rate() -> float:
    """The 2026 taux de marque of the clients (marge brute / CA)."""
    accounts = csv("comptes.csv")
    return accounts["marge_brute_2026"].sum() / accounts["ca_2026"].sum()


# ----------------------------------------------------------------- workload of the sales force
def frequencies() -> pd.Series:
    """Visits each account needs in a year (its class's frequency, 2 for a prospect), by compte_id."""
    freq = generator().FREQUENCES
    accounts = csv("comptes.csv").set_index("compte_id")
    wanted = pd.Series(freq["prospect"], index=accounts.index)
    c = classes().set_index("compte_id")["classe"]
    wanted[c.index] = c.map(freq)
    return wanted


def workload(zone: str | None = None, without_c: bool = False) -> int:
    wanted = frequencies()
    accounts = csv("comptes.csv").set_index("compte_id")
    if zone is not None:
        wanted = wanted[accounts["zone"] == zone]
    if without_c:
        c_accounts = classes().query("classe == 'C'")["compte_id"]
        wanted = wanted.drop(c_accounts, errors="ignore")
    return int(wanted.sum())


def capacity() -> int:
    return generator().CAPACITE


def staff() -> int:
    return len(csv("commerciaux.csv"))


def zone_gaps() -> pd.Series:
    """Sales representatives needed minus those in post, by zone."""
    staffed = csv("zones.csv").set_index("zone")["commerciaux_actuels"]
    return pd.Series({z: workload(z) / capacity() - staffed[z] for z in staffed.index})


def deficit_zones() -> list[str]:
    gaps = zone_gaps()
    return list(gaps[gaps > 0.005].sort_values(ascending=False).index)


def visits_2026() -> int:
    return int(csv("commerciaux.csv")["visites_2026"].sum())


def a_visits(zone: str | None = None) -> float:
    """Mean 2026 visits of the A clients (of ``zone``)."""
    a = classes().query("classe == 'A'")
    return a.loc[a["zone"] == zone if zone else a.index, "visites_2026"].mean()


def travel(zone: str) -> float:
    """Mean travel time (minutes) from the base to the accounts of ``zone``."""
    return csv("comptes.csv").query("zone == @zone")["trajet_min"].mean()


def zone_travel(zone: str) -> int:
    """The zone's average travel time as ``zones.csv`` states it (minutes)."""
    return int(csv("zones.csv").set_index("zone").loc[zone, "trajet_moyen_min"])


# ----------------------------------------------------------------- team
def rep(name: str, column: str) -> float:
    """A ratio of one sales representative: ``realisation``, ``transformation`` (proportions) or ``ca_par_visite``."""
    r = csv("commerciaux.csv").set_index("commercial").loc[name]
    return {"realisation": r["ca_2026"] / r["objectif_ca_2026"], "transformation": r["commandes_2026"] / r["devis_2026"],
            "ca_par_visite": r["ca_2026"] / r["visites_2026"]}[column]


def team(column: str) -> pd.Series:
    return pd.Series({name: rep(name, column) for name in csv("commerciaux.csv")["commercial"]})


# ----------------------------------------------------------------- actions 2026
def action(name: str, column: str) -> float:
    """An indicator of a 2026 action: ``roi``, ``transformation`` (proportions), ``cout_par_lead`` (€), ``leads``."""
    a = csv("actions_2026.csv").set_index("action").loc[name]
    return {"roi": (a["marge_brute_generee"] - a["cout"]) / a["cout"], "transformation": a["commandes"] / a["leads"],
            "cout_par_lead": a["cout"] / a["leads"], "leads": a["leads"]}[column]


def wilson(name: str) -> tuple[float, float]:
    """95 % Wilson interval of the action's lead-to-order rate."""
    n, k = action(name, "leads"), action(name, "transformation") * action(name, "leads")
    p, z = k / n, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# ----------------------------------------------------------------- plan, support operations, planning
def cost(line: str) -> float:
    """Total cost of the plan's lines whose name starts with ``line`` (fixed + unit × quantity)."""
    plan = csv("plan_actions_2027.csv")
    mine = plan[plan["action"].str.startswith(line)]
    return float((mine["cout_fixe"] + mine["cout_unitaire"] * mine["quantite"]).sum())


def budget() -> float:
    return cost("")


def envelope() -> int:
    return generator().ENVELOPPE


def retained(best_first: bool = True) -> list[str]:
    """The plan's lines chosen by the épreuve's rule: by Santé revenue per euro (best first unless ``best_first`` is
    false), each line kept when the cumulated cost stays within the envelope."""
    plan = csv("plan_actions_2027.csv")
    costs = plan["cout_fixe"] + plan["cout_unitaire"] * plan["quantite"]
    ratio = (plan["ca_sante_attendu"] / costs).sort_values(ascending=not best_first, kind="stable")
    kept, spent = [], 0.0
    for row in ratio.index:
        if spent + costs[row] <= envelope():
            kept, spent = kept + [plan.loc[row, "action"]], spent + costs[row]
    return kept


def health_contribution(lines: list[str]) -> float:
    """The Santé revenue the direction expects in 2027 from the plan's ``lines`` (€ HT)."""
    plan = csv("plan_actions_2027.csv")
    return float(plan.loc[plan["action"].isin(lines), "ca_sante_attendu"].sum())


def line_health(line: str) -> float:
    """The expected Santé revenue of the plan's lines whose name starts with ``line`` (€ HT)."""
    plan = csv("plan_actions_2027.csv")
    return health_contribution(list(plan.loc[plan["action"].str.startswith(line), "action"]))


def operation(name: str, column: str) -> float:
    """``marge`` (€), ``roi`` (proportion), ``cout``, ``ca`` of a support operation whose name starts with ``name``."""
    o = csv("operations_soutien.csv")
    o = o[o["operation"].str.startswith(name)].iloc[0]
    marge = o["ca_supplementaire_attendu"] * float(o["taux_de_marque"])
    return {"marge": marge, "roi": (marge - o["cout"]) / o["cout"], "cout": o["cout"],
            "ca": o["ca_supplementaire_attendu"]}[column]


def launch_end() -> dt.date:
    """End of the launch: the longest path of the planning from the start of the plan (forward pass)."""
    p = csv("planning_2027.csv")
    durations = dict(zip(p["tache"], p["duree_jours"]))
    finish: dict[str, dt.date] = {}
    for task, preds in zip(p["tache"], p["predecesseurs"]):
        before = [finish[x] for x in preds.split(";") if x]
        finish[task] = (max(before) if before else generator().DEBUT_PLAN) + dt.timedelta(days=int(durations[task]))
    return max(finish.values())


def launch_margin() -> int:
    return (generator().DATE_LIMITE - launch_end()).days


def task_days(task: str) -> int:
    p = csv("planning_2027.csv").set_index("tache")
    return int(p.loc[task, "duree_jours"])
