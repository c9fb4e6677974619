"""The figures of a bloc 1 sujet, computed from one session's case data with plain pandas.

Each function recomputes one quantity the brief, the model answers, the rubrics
and the instructor notes quote (a segment's growth, Rouline's share, a survey
segment's intention rate, a lever's ROI…), reading the CSV files of the session
bound with ``bound_to`` (the public example session, ``source/b1_plan_marketing/``,
by default). They are another route than the solution code of the notebooks:
``tests/test_sessions_b1.py`` compares them with the data. ``b1_figures`` maps
every number written in the documents to one of these computations.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

import pandas as pd

from cpmc_course.resources import content_path
from cpmc_course.sessions.case_data import Binding, load_generator

EXAMPLE = content_path("source", "b1_plan_marketing")
"""The public example session: its notebooks carry the barème, its ``data/`` the example's tables."""

_BOUND = Binding(lambda: (csv.cache_clear(), survey.cache_clear()), data=EXAMPLE / "data")

PANIER_MOYEN_HT, TAUX_MCV = 2_400, 0.32
"""Data of the brief: average price excluding VAT of a bike sold by a campaign, variable-cost margin rate."""
MARGE_UNITAIRE = PANIER_MOYEN_HT * TAUX_MCV
YEARS = (2021, 2022, 2023, 2024, 2025)
SEGMENTS = ("Urbain", "Cargo", "VTT électrique", "Loisir et randonnée")
NAMED = ("Décavélo", "Cargolux", "Moustik", "Velaris")
"""The named competitors of the market tables (« Autres marques » is not one)."""


def generator():
    """The case generator ``case_studies/b1_rouline/generate_data.py``, imported as a module (rules and draws)."""
    return load_generator("b1_rouline")


def bound_to(data: Path) -> AbstractContextManager[None]:
    """Compute every figure from the CSV files of ``data`` inside the block."""
    return _BOUND.bound(data=data)


@cache
def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(_BOUND["data"] / name)


# ----------------------------------------------------------------- market
def market(year: int, segment: str | None = None, column: str = "ca_keur") -> float:
    """The market's turnover (k€ HT) or units of ``year``, of one segment or all."""
    m = csv("marche_segments.csv")
    m = m[m["annee"] == year]
    return float(m[column].sum() if segment is None else m.loc[m["segment"] == segment, column].sum())


def tcam(segment: str | None = None, column: str = "ca_keur") -> float:
    """Yearly growth 2021-2025 (a proportion) of the market or one segment, in value or units."""
    return (market(2025, segment, column) / market(2021, segment, column)) ** 0.25 - 1


def average_price(year: int = 2025) -> float:
    """The market's average consumer price excluding VAT of ``year`` (€ a bike, segments mixed)."""
    return 1000 * market(year) / market(year, column="unites")


def yearly_change(year: int, segment: str | None = None, column: str = "unites") -> float:
    """Change from ``year - 1`` to ``year`` (a proportion) of the market or one segment, in units or value."""
    return market(year, segment, column) / market(year - 1, segment, column) - 1


def average_price_growth() -> float:
    """Yearly growth 2021-2025 of the market's average price (turnover ÷ units, segments mixed)."""
    return (1 + tcam()) / (1 + tcam(column="unites")) - 1


def constant_mix_price_growth() -> float:
    """Yearly growth 2021-2025 of the price at the 2021 segment mix (Laspeyres index)."""
    at_2021_mix = sum(market(2025, s) / market(2025, s, "unites") * market(2021, s, "unites") for s in SEGMENTS)
    return (at_2021_mix / market(2021)) ** 0.25 - 1


def potential_2026(segment: str) -> float:
    """The segment's 2025 turnover carried one year at its growth rate (k€ HT)."""
    return market(2025, segment) * (1 + tcam(segment))


def largest_segment() -> str:
    return max(SEGMENTS, key=lambda s: market(2025, s))


def brand(segment: str, name: str = "Rouline", year: int = 2025, column: str = "ca_keur") -> float:
    v = csv("ventes_marques.csv")
    return float(v.loc[(v["annee"] == year) & (v["segment"] == segment) & (v["marque"] == name), column].sum())


def share(segment: str, name: str = "Rouline", column: str = "ca_keur", year: int = 2025) -> float:
    """Market share of ``name`` in ``segment`` (a proportion), in value or units."""
    return brand(segment, name, year, column) / market(year, segment, column)


def leader(segment: str) -> str:
    """The first named competitor of the segment in 2025 (by turnover)."""
    return max(NAMED, key=lambda b: brand(segment, b))


def relative_share(segment: str) -> float:
    return brand(segment) / brand(segment, leader(segment))


def rouline_total(column: str = "ca_keur") -> float:
    """Rouline's 2025 sales at consumer prices (k€ HT, as the market tables count them) or units, all segments."""
    return sum(brand(s, column=column) for s in SEGMENTS)


CHANNELS = {"revendeurs": (2 / 3, 0.30), "site": (1 / 4, 0.0), "entreprises": (1 / 12, 0.15)}
"""Data of the brief: Rouline's channels, their share of its sales and what the channel keeps off the consumer price
(the dealers' margin, the companies' discount)."""


def rouline_turnover() -> float:
    """Rouline's own 2025 turnover (k€ HT): its consumer-price sales less the dealers' margin and the companies' discount."""
    return rouline_total() * sum(share * (1 - off) for share, off in CHANNELS.values())


def segment_price(segment: str, name: str = "Rouline") -> float:
    """Average consumer price excluding VAT (€) of the brand's bikes of the segment in 2025."""
    return 1000 * brand(segment, name) / brand(segment, name, column="unites")


# ----------------------------------------------------------------- survey
@cache
def survey() -> pd.DataFrame:
    """The respondents with their intention flag and their segment (rules of question 6.2)."""
    e = csv("enquete_consommateurs.csv").copy()
    e["intentionniste"] = e["intention_achat"] >= 4
    segment = []
    for kids, zone, situation, distance, sport in zip(e["enfants_moins_12_ans"], e["zone"], e["situation"],
                                                       e["distance_travail_km"], e["pratique_sportive"]):
        if kids >= 1 and zone != "Rural":
            segment.append("Parents urbains")
        elif situation == "actif" and 5 <= distance <= 25:
            segment.append("Navetteurs")
        elif sport == "oui":
            segment.append("Sportifs nature")
        else:
            segment.append("Balade et loisirs")
    e["segment"] = segment
    return e


def group(segment: str) -> pd.DataFrame:
    e = survey()
    return e[e["segment"] == segment]


def size(segment: str) -> int:
    return len(group(segment))


def intention(segment: str | None = None) -> float:
    return float((survey() if segment is None else group(segment))["intentionniste"].mean())


def budget(segment: str, how: str = "mean") -> float:
    """Mean (or sum) of the maximal budgets of the segment's intending buyers (€ TTC)."""
    return float(group(segment).query("intentionniste")["budget_max_eur"].agg(how))


def corrected_intention(segment: str | None = None) -> float:
    """Stated intention corrected the customary way: 75 % of the « 5 » answers and 25 % of the « 4 »."""
    answers = (survey() if segment is None else group(segment))["intention_achat"]
    return 0.75 * (answers == 5).mean() + 0.25 * (answers == 4).mean()


def margin_of_error(segment: str) -> float:
    """Half-width of the 95 % interval of the segment's intention rate, in points."""
    p, n = intention(segment), size(segment)
    return 196 * math.sqrt(p * (1 - p) / n)


SURVEY_SEGMENTS = ("Parents urbains", "Navetteurs", "Sportifs nature", "Balade et loisirs")


def criteria() -> pd.Series:
    """Share of each main choice criterion among the intending buyers."""
    return survey().query("intentionniste")["critere_principal"].value_counts(normalize=True)


# ----------------------------------------------------------------- benchmark, journey, tools
def bench(name: str, column: str) -> float:
    b = csv("benchmark_concurrents.csv").set_index("marque")
    return float(b.loc[name, column])


def price_index(name: str, everyone: bool = False) -> float:
    """Price index of the brand's flagship against the urban flagships' average (or the whole benchmark's: the trap)."""
    b = csv("benchmark_concurrents.csv")
    pool = b if everyone else b[b["segment"] == "Urbain"]
    return 100 * bench(name, "prix_ttc") / pool["prix_ttc"].mean()


def urban(column: str) -> pd.Series:
    b = csv("benchmark_concurrents.csv")
    return b[b["segment"] == "Urbain"].set_index("marque")[column]


def influence(point: str) -> float:
    j = csv("parcours_client.csv").set_index("point_de_contact")
    return float(j.loc[point, "acheteurs_influences"] / j.loc[point, "acheteurs_exposes"])


def tools() -> pd.DataFrame:
    t = csv("veille_outils.csv")
    return t[(t["impact_estime"] >= 4) & (t["cout_mensuel_eur"] <= 300)]


# ----------------------------------------------------------------- media plan
def lever(name: str, column: str) -> float:
    return float(csv("plan_media.csv").set_index("levier").loc[name, column])


def roi(name: str | None = None, on_turnover: bool = False) -> float:
    """ROI (a proportion) of one lever, or of the whole plan: (margin − budget) ÷ budget, on turnover for the trap."""
    m = csv("plan_media.csv")
    if name is not None:
        m = m[m["levier"] == name]
    gained = m["ventes"].sum() * (PANIER_MOYEN_HT if on_turnover else MARGE_UNITAIRE)
    return float((gained - m["budget_eur"].sum()) / m["budget_eur"].sum())


def cpa(name: str) -> float:
    return lever(name, "budget_eur") / lever(name, "ventes")


def break_even(name: str) -> int:
    return math.ceil(lever(name, "budget_eur") / MARGE_UNITAIRE)


def media_total(column: str) -> float:
    return float(csv("plan_media.csv")[column].sum())
