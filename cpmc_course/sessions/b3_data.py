"""The figures of a bloc 3 sujet (Lunéa), computed from one session's case data with plain pandas.

Each function recomputes one quantity the model answers, rubrics and instructor
notes of the two épreuves quote (the cost price, the break-even in orders, the
CSAT of a channel, the Pareto of complaints, the cost of an avoided complaint…),
reading the CSV files bound with ``bound_to`` (the public example's case data,
``case_studies/b3_lunea/data/``, by default). They are another route than the
solution code of the notebooks. ``b3_figures`` maps every number written in the
documents to one of these computations, ``b3_stories`` checks the planted stories
on them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

import pandas as pd

from cpmc_course.resources import content_path
from cpmc_course.sessions.case_data import Binding, load_generator

CASE = content_path("case_studies", "b3_lunea")
"""The case folder: the generator, the brief, the notes and the example's data (``data/``, every file)."""

BUDGET = 180_000
"""Lunéa's budget for the first year (€ HT), a parameter of the brief."""
START, LAUNCH = dt.date(2027, 4, 5), dt.date(2027, 8, 30)
"""Start of the project and latest launch date (brief, ``parametres_offre.csv``)."""

_BOUND = Binding(lambda: csv.cache_clear(), data=CASE / "data")


def generator():
    """The case generator ``case_studies/b3_lunea/generate_data.py``, imported as a module (rules and draws)."""
    return load_generator("b3_lunea")


def bound_to(data: Path) -> AbstractContextManager[None]:
    """Compute every figure from the CSV files of ``data`` inside the block."""
    return _BOUND.bound(data=data)


@cache
def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(_BOUND["data"] / name)


def parameter(name: str) -> float:
    table = csv("parametres_offre.csv").set_index("parametre")["valeur"]
    return float(table[name])


# ----------------------------------------------------------------- épreuve 1: costs and prices
def cost(category: str | None = None) -> float:
    """Cost price of the solution (€ HT), or of one category of cost lines."""
    lines = csv("couts_solution.csv")
    if category is not None:
        lines = lines[lines["categorie"] == category]
    return float((lines["quantite"] * lines["cout_unitaire_ht"]).sum())


def quantity(start: str, column: str = "quantite") -> float:
    """Quantity (or unit cost) of the cost line whose label starts with ``start``."""
    lines = csv("couts_solution.csv")
    return float(lines[lines["poste"].str.startswith(start)][column].iloc[0])


def price(rate: float = 0.25) -> float:
    """Selling price (€ HT) for a taux de marque ``rate``: the margin is ``rate`` of the price."""
    return cost() / (1 - rate)


def margin_per_order() -> float:
    return parameter("panier_moyen_lunea") * parameter("taux_de_marge_brute_lunea") / 100


def break_even(amount: float) -> int:
    """Smallest whole number of orders whose gross margin covers ``amount``."""
    return math.ceil(round(amount / margin_per_order(), 9))


def yearly_gain() -> float:
    """Gross margin of the extra orders plus the savings of the service, per year (€ HT)."""
    return (parameter("commandes_supplementaires_par_an") * margin_per_order()
            + parameter("economies_service_client_par_an"))


def payback_months(amount: float) -> float:
    return amount / yearly_gain() * 12


# ----------------------------------------------------------------- épreuve 1: survey and planning
def csat(channel: str | None = None) -> float:
    survey = csv("enquete_satisfaction.csv")
    if channel is not None:
        survey = survey[survey["canal_contact"] == channel]
    return float((survey["note_csat"] >= 4).mean())


def answers(channel: str) -> int:
    return int((csv("enquete_satisfaction.csv")["canal_contact"] == channel).sum())


def nps() -> float:
    notes = csv("enquete_satisfaction.csv")["note_recommandation"]
    return float(((notes >= 9).mean() - (notes <= 6).mean()) * 100)


def ces() -> float:
    return float(csv("enquete_satisfaction.csv")["note_effort"].mean())


def weeks() -> int:
    """Duration of the project (weeks): the steps follow one another."""
    return int(csv("planning_lancement.csv")["duree_semaines"].sum())


def spare_weeks() -> int:
    return (LAUNCH - START).days // 7 - weeks()


def step_weeks(start: str) -> int:
    plan = csv("planning_lancement.csv")
    return int(plan[plan["etape"].str.startswith(start)]["duree_semaines"].iloc[0])


def launch_day() -> dt.date:
    """Earliest launch: the Monday the last step ends."""
    return START + dt.timedelta(weeks=weeks())


# ----------------------------------------------------------------- épreuve 2: complaints and options
def complaints() -> pd.DataFrame:
    table = csv("reclamations.csv").copy()
    for column in ("date_reception", "date_cloture"):
        table[column] = pd.to_datetime(table[column])
    table["delai"] = (table["date_cloture"] - table["date_reception"]).dt.days
    return table


def monthly(month: int) -> int:
    return int((complaints()["date_reception"].dt.month == month).sum())


def by_category() -> pd.Series:
    """Complaints per category, most frequent first (ties by name, as the Pareto of the notebooks)."""
    counts = complaints()["categorie"].value_counts()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def share(category: str) -> float:
    return float(by_category()[category] / len(complaints()))


def main_causes() -> list[str]:
    """Class A of the Pareto: categories whose cumulative share is at most 80 %."""
    counts = by_category()
    cumulative = counts.cumsum() * 100
    return list(counts.index[cumulative <= 80 * counts.sum()])


def disputes(category: str | None = None) -> int:
    table = complaints()
    if category is not None:
        table = table[table["categorie"] == category]
    return int((table["litige"] == "oui").sum())


def dispute_rate(category: str | None = None) -> float:
    table = complaints()
    if category is not None:
        table = table[table["categorie"] == category]
    return float((table["litige"] == "oui").mean())


def dispute_ranking() -> list[str]:
    """Categories by dispute rate, highest first."""
    categories = sorted(set(complaints()["categorie"]))
    return sorted(categories, key=dispute_rate, reverse=True)


def median_delay(category: str) -> float:
    table = complaints()
    return float(table[table["categorie"] == category]["delai"].median())


def longest_delay() -> str:
    categories = sorted(set(complaints()["categorie"]))
    return max(categories, key=median_delay)


def november(categories: tuple[str, ...] | None = None) -> int:
    table = complaints()
    table = table[table["date_reception"].dt.month == 11]
    if categories is not None:
        table = table[table["categorie"].isin(categories)]
    return len(table)


def option(start: str, column: str) -> float:
    table = csv("options_solutions.csv")
    return float(table[table["option"].str.startswith(start)][column].iloc[0])


def cost_per_avoided() -> pd.Series:
    """Cost of each option per complaint avoided over six months (€), cheapest first."""
    table = csv("options_solutions.csv").set_index("option")
    return (table["cout_ht"] / (table["reclamations_evitees_par_mois"] * 6)).sort_values()


def avoided_per_month() -> int:
    return int(csv("options_solutions.csv")["reclamations_evitees_par_mois"].sum())


# ----------------------------------------------------------------- épreuve 2: social listening
def posts() -> pd.DataFrame:
    """The corpus as the candidates read it: the team's labels, the classifier's for the other posts."""
    return _labelled((_BOUND["data"] / "avis_social.csv").read_text(encoding="utf-8")).copy()


@cache
def _labelled(corpus: str) -> pd.DataFrame:
    """``annoter`` on the corpus (keyed by its text: a draw is labelled once, wherever it is copied)."""
    from cpmc_course.lessons.b3 import ecoute

    return ecoute.annoter(pd.read_csv(io.StringIO(corpus)))


def negative_share(brand: str) -> float:
    mine = posts()[posts()["marque"] == brand]
    return float((mine["sentiment"] == "négatif").mean())


def annotated(done: bool = True) -> int:
    return int((csv("avis_social.csv")["annote"] == ("oui" if done else "non")).sum())


def accuracy(kind: str) -> float:
    """Accuracy of the classifier on the posts not annotated (``theme`` or ``sentiment``), a proportion.

    The labelled corpus against the instructor's labels, on the posts the classifier labelled.
    """
    truth = csv("avis_social_etiquettes.csv").set_index("avis_id")[kind]
    guessed = posts()
    guessed = guessed[guessed["annote"] == "non"].set_index("avis_id")[kind]
    return float((guessed == truth.reindex(guessed.index)).mean())


def cross_validated(kind: str, k: int = 5) -> float:
    """Exactitude of the classifier by ``k``-fold cross-validation on the annotated posts (consecutive blocks), a proportion.

    Another route than ``ecoute.validation_croisee``: the blocks are cut by hand, the
    exactitude of each block is the mean of its hits; the model is ``ecoute.modele``.
    """
    from cpmc_course.lessons.b3 import ecoute

    table = csv("avis_social.csv")
    table = table[table["annote"] == "oui"]
    texts, labels = list(table["texte"]), list(table[kind])
    size, extra = divmod(len(texts), k)
    bounds, start = [], 0
    for block in range(k):
        end = start + size + (block < extra)
        bounds.append((start, end))
        start = end
    scores = []
    for low, high in bounds:
        model = ecoute.modele().fit(texts[:low] + texts[high:], labels[:low] + labels[high:])
        scores.append(sum(g == t for g, t in zip(model.predict(texts[low:high]), labels[low:high])) / (high - low))
    return sum(scores) / k


def seen_only_share() -> float:
    """Share of the posts left to the classifier made only of phrasings that some annotated post contains."""
    catalogue = generator().POSTS.catalogue()
    table = csv("avis_social.csv")

    def phrasings(text: str) -> frozenset[str]:
        return frozenset(p for p in catalogue if p.lower() in text.lower())

    seen = set().union(*(phrasings(t) for t in table[table["annote"] == "oui"]["texte"]))
    held_out = [phrasings(t) for t in table[table["annote"] == "non"]["texte"]]
    return sum(p <= seen for p in held_out) / len(held_out)


ALERT = 5
"""The brief's alert: more than 5 negative posts on Lunéa within one clock hour."""


def negative_per_hour(brand: str = "Lunéa") -> pd.Series:
    """Negative posts on ``brand`` per clock hour (labels as the candidates read them), hours with a post only."""
    table = posts()
    table = table[(table["marque"] == brand) & (table["sentiment"] == "négatif")]
    return table.groupby(pd.to_datetime(table["horodatage"]).dt.floor("h")).size()


def alert_hours() -> list[pd.Timestamp]:
    """The clock hours in which the alert fires (more than ``ALERT`` negative posts on Lunéa)."""
    counts = negative_per_hour()
    return list(counts.index[counts > ALERT])


def burst_count() -> int:
    """Negative posts on Lunéa in the first hour the alert fires."""
    return int(negative_per_hour()[alert_hours()[0]])
