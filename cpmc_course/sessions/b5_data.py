"""The figures of a bloc 5 sujet, computed from one session's case data with plain pandas.

Each function recomputes one quantity the model answers, rubrics and instructor
notes quote (a channel's cost per customer, a Wilson interval, the Holt-Winters
forecast…), reading the CSV files of the session bound with ``bound_to`` (the
public example session, ``source/b5_donnees_marketing/``, by default). They are
another route than the solution code of the notebooks: ``tests/test_b5_*``
compare the two. ``b5_figures`` maps every number written in the documents to
one of these computations.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from cpmc_course.grading.notebook import AUTO, read_source_notebook
from cpmc_course.resources import content_path
from cpmc_course.sessions.case_data import Binding, load_generator

EXAMPLE = content_path("source", "b5_donnees_marketing")
"""The public example session: its notebooks carry the barème, its ``data/`` the example's tables."""

_BOUND = Binding(lambda: _clear(), data=EXAMPLE / "data", source=EXAMPLE)


def generator():
    """The case generator ``case_studies/b5_calyce/generate_data.py``, imported as a module (rules and draws)."""
    return load_generator("b5_calyce")


def _clear() -> None:
    for cached in (csv, sessions, crm, forecast, may_2027):
        cached.cache_clear()


def bound_to(data: Path, source: Path | None = None) -> AbstractContextManager[None]:
    """Compute every figure from the CSV files of ``data`` (and the barème of ``source``'s notebooks) inside the block."""
    return _BOUND.bound(data=data, source=source)


# ----------------------------------------------------------------- data, read with pandas
@cache
def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(_BOUND["data"] / name)


@cache
def sessions() -> pd.DataFrame:
    """Sessions with their channel, from the rule 5.1 of the brief (UTM source, else search engine, else Direct)."""
    s = csv("sessions.csv").copy()
    source = s["landing_url"].str.extract(r"utm_source=([^&]+)")[0].str.strip().str.lower()
    gen = generator()
    by_source, engines = gen.CHANNEL_BY_SOURCE, set(gen.SEARCH_ENGINES)
    s["canal"] = source.map(lambda v: by_source.get(v, "?") if isinstance(v, str) else None)
    s.loc[s["canal"].isna(), "canal"] = s["referent"].isin(engines).map({True: "SEO", False: "Direct"})
    return s


def leads(channel: str | None = None) -> pd.DataFrame:
    table = csv("leads.csv")
    return table if channel is None else table[table["canal"] == channel]


def wilson(channel: str) -> tuple[float, float]:
    mine = leads(channel)
    return proportion_confint(int(mine["client_id"].notna().sum()), len(mine), method="wilson")


def cost_per_customer(channel: str) -> float:
    """Cost of the quarter per customer recruited, from the costs file (whole traffic, not the sample)."""
    costs = csv("couts_campagnes.csv").groupby("canal")[["cout_ht", "clients"]].sum()
    return costs.loc[channel, "cout_ht"] / costs.loc[channel, "clients"]


def cta_rate(cta: str) -> float:
    events = csv("cta_evenements.csv")
    mine = events[events["cta_id"] == cta]["evenement"].value_counts()
    return mine["clic"] / mine["impression"]


def order_after_cart(device: str) -> float:
    events = csv("cta_evenements.csv")
    carted = set(events[(events["cta_id"] == "ajout_panier") & (events["evenement"] == "clic")]["session_id"])
    s = csv("sessions.csv")
    s = s[s["session_id"].isin(carted) & (s["appareil"] == device)]
    return s["commande"].mean()


def seo_ctr(kind: str) -> float:
    table = csv("seo_requetes.csv")
    table = table[table["type_requete"] == kind]
    return table["clics"].sum() / table["impressions"].sum()


def seo(query: str, column: str) -> float:
    return csv("seo_requetes.csv").set_index("requete").loc[query, column]


# ----------------------------------------------------------------- part 2
DATE_CRM = pd.Timestamp("2026-09-30")


@cache
def crm() -> pd.DataFrame:
    """CRM clients with the psychographic segment (table of question 2.2) and the behavioural one (2.3)."""
    c = csv("clients_crm.csv").copy()
    psycho = []
    for mot, eco, bio in zip(c["motivation_principale"], c["sensibilite_ecologique"], c["accord_payer_plus_bio"]):
        if mot == "efficacité":
            psycho.append("Experte efficacité")
        elif eco >= 4 and bio >= 4:
            psycho.append("Militante bio")
        elif mot == "prix" or bio <= 2:
            psycho.append("Pragmatique")
        else:
            psycho.append("Autre")
    c["psycho"] = psycho
    days = (DATE_CRM - pd.to_datetime(c["date_derniere_commande"])).dt.days
    c["comportement"] = "Inactive"
    c.loc[days <= 365, "comportement"] = "À relancer"
    c.loc[days <= 180, "comportement"] = "Active"
    c.loc[(days <= 180) & (c["nb_commandes"] >= 10), "comportement"] = "Fidèle"
    c["satisfait"] = c["satisfaction"] >= 4
    return c


def expert() -> pd.DataFrame:
    c = crm()
    return c[c["psycho"] == "Experte efficacité"]


def by_psycho(column: str, how: str) -> pd.Series:
    return crm().groupby("psycho")[column].agg(how)


def others(series: pd.Series) -> pd.Series:
    return series.drop("Experte efficacité")


def repeat(gamme: str, segment: str | None = None, others: bool = False) -> float | list[float]:
    p = csv("produits_segments.csv")
    p = p[p["gamme"] == gamme].groupby("segment_psycho")[["acheteurs", "reacheteurs"]].sum()
    rate = p["reacheteurs"] / p["acheteurs"]
    return rate.drop("Experte efficacité") if others else rate[segment]


def notes() -> pd.Series:
    p = csv("produits_segments.csv")
    return (p["note_moyenne"] * p["nb_avis"]).groupby(p["segment_psycho"]).sum() / p.groupby("segment_psycho")["nb_avis"].sum()


def behaviour(segment: str, column: str | None = None) -> float:
    c = crm()
    mine = c["comportement"] == segment
    return mine.mean() if column is None else c.loc[mine, column].sum() / c[column].sum()


@cache
def cdnow() -> pd.DataFrame:
    """CDNOW purchases (the lifetimes copy of the public file), one row per line: client, date, amount."""
    path = files("lifetimes") / "datasets" / "CDNOW_master.txt"
    raw = pd.read_csv(path, sep=r"\s+", header=None, skiprows=1, names=["client", "date", "quantite", "montant"], dtype={"date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    first = raw.groupby("client")["date"].transform("min")
    raw["cohorte"] = first.dt.to_period("M")
    raw["age_mois"] = (raw["date"].dt.year - first.dt.year) * 12 + raw["date"].dt.month - first.dt.month
    return raw


def retention(age: int) -> pd.Series:
    d = cdnow()
    active = d[d["age_mois"] == age].groupby("cohorte")["client"].nunique()
    return active / d.groupby("cohorte")["client"].nunique()


def value_12() -> pd.DataFrame:
    d = cdnow()
    year = d[d["age_mois"] < 12]
    size = d.groupby("cohorte")["client"].nunique()
    return pd.DataFrame({"total": year.groupby("cohorte")["montant"].sum() / size,
                         "mois0": year[year["age_mois"] == 0].groupby("cohorte")["montant"].sum() / size})


def hibernants() -> float:
    """Share of « Hibernants » (rules of 2.7: score_R ≤ 2 and score_F ≤ 2, i.e. last purchase more than 180 days
    before the end of observation, 30 June 1998, and at most 2 purchase days)."""
    d = cdnow()
    days = d.groupby("client")["date"].nunique()
    silent = (pd.Timestamp("1998-06-30") - d.groupby("client")["date"].max()).dt.days
    return ((silent > 180) & (days <= 2)).mean()


# ----------------------------------------------------------------- part 3
MARGIN_RATE, DISCOUNT, DESIGN_COST, COST_PER_EMAIL = 0.68, 0.10, 1200.0, 0.012  # data of the brief, part 3


def campaign() -> tuple[float, float, float]:
    """ROI of the loyalty e-mail and its 95 % bounds, per test customer: the test group paid 0.9 P for goods costing
    0.32 P, the control group paid P (normal approximation of the difference of mean margins)."""
    c = csv("campagne_fidelite.csv")
    test = c.loc[c["groupe"] == "test", "ca_30j_ht"]
    control = c.loc[c["groupe"] == "contrôle", "ca_30j_ht"]
    margin_t = test - (1 - MARGIN_RATE) * test / (1 - DISCOUNT)
    margin_c = control * MARGIN_RATE
    n = len(test)
    cost = DESIGN_COST + COST_PER_EMAIL * n
    gain = (margin_t.mean() - margin_c.mean()) * n
    half = 1.96 * (margin_t.var() / len(margin_t) + margin_c.var() / len(margin_c)) ** 0.5 * n
    return (gain - cost) / cost, (gain - half - cost) / cost, (gain + half - cost) / cost


def buy_rate(group: str) -> float:
    c = csv("campagne_fidelite.csv")
    return c.loc[c["groupe"] == group, "achat_30j"].mean()


def p_value() -> float:
    """Two-sided z test of two proportions, pooled, written out (the brief names statsmodels' proportions_ztest)."""
    c = csv("campagne_fidelite.csv")
    n1, n2 = (c["groupe"] == "test").sum(), (c["groupe"] == "contrôle").sum()
    p1, p2 = buy_rate("test"), buy_rate("contrôle")
    pooled = c["achat_30j"].mean()
    z = (p1 - p2) / (pooled * (1 - pooled) * (1 / n1 + 1 / n2)) ** 0.5
    return math.erfc(abs(z) / math.sqrt(2))


@cache
def forecast() -> tuple[float, float]:
    """Holt-Winters (statsmodels, the field library) of the monthly revenue: S1 2027 total and its change on S1 2026."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    v = csv("ventes_mensuelles.csv")
    series = pd.Series(v["ca_ht"].to_numpy(), index=pd.period_range(v["mois"].iloc[0], periods=len(v), freq="M"))
    fit = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit()
    total = fit.forecast(6).sum()
    s1_2026 = series["2026-01":"2026-06"].sum()
    return total, total / s1_2026 - 1


def channel_cost(*channels: str) -> float:
    return csv("couts_campagnes.csv").query("canal in @channels")["cout_ht"].sum()


def median_order() -> float:
    s = csv("sessions.csv")
    return s.loc[s["commande"] == 1, "ca_ht"].median()




# ----------------------------------------------------------------- instructor notes
def campaign_money() -> dict[str, float]:
    """Incremental revenue, margin (and its 95 % bounds), cost and the wrong ROI (68 % applied to discounted revenue)."""
    c = csv("campagne_fidelite.csv")
    test = c.loc[c["groupe"] == "test", "ca_30j_ht"]
    control = c.loc[c["groupe"] == "contrôle", "ca_30j_ht"]
    n = len(test)
    margin_t, margin_c = test * (1 - (1 - MARGIN_RATE) / (1 - DISCOUNT)), control * MARGIN_RATE
    margin = (margin_t.mean() - margin_c.mean()) * n
    half = 1.96 * (margin_t.var() / n + margin_c.var() / len(control)) ** 0.5 * n
    cost = DESIGN_COST + COST_PER_EMAIL * n
    revenue = (test.mean() - control.mean()) * n
    return {"revenue": revenue, "margin": margin, "low": margin - half, "high": margin + half, "cost": cost,
            "wrong_roi": (revenue * MARGIN_RATE - cost) / cost}


def annual(year: int) -> float:
    v = csv("ventes_mensuelles.csv")
    return v.loc[v["mois"].str.startswith(str(year)), "ca_ht"].sum()


def growth(year: int) -> float:
    return annual(year) / annual(year - 1) - 1


@cache
def may_2027() -> float:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    v = csv("ventes_mensuelles.csv")
    series = pd.Series(v["ca_ht"].to_numpy(), index=pd.period_range(v["mois"].iloc[0], periods=len(v), freq="M"))
    fit = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit()
    return fit.forecast(6).iloc[4]


def rfm_counts() -> pd.Series:
    """CDNOW clients per RFM segment (rules of question 2.7; the amount plays no part)."""
    d = cdnow()
    days = d.groupby("client")["date"].nunique()
    silent = (pd.Timestamp("1998-06-30") - d.groupby("client")["date"].max()).dt.days
    r = pd.cut(silent, [-1, 30, 90, 180, 365, 10000], labels=[5, 4, 3, 2, 1]).astype(int)
    f = pd.cut(days, [0, 1, 2, 4, 9, 10000], labels=[1, 2, 3, 4, 5]).astype(int)
    segment = pd.Series("À développer", index=days.index)
    segment[(r <= 2) & (f <= 2)] = "Hibernants"
    segment[(r <= 2) & (f >= 3)] = "À risque"
    segment[(r >= 4) & (f <= 2)] = "Prometteurs"
    segment[(r >= 4) & (f >= 4)] = "Champions"
    return segment.value_counts()


def sea_as_seo() -> int:
    """Google Ads visits (UTM source mapped to SEA) that a search engine referred: the referrer rule would call them SEO."""
    s = sessions()
    return int(((s["canal"] == "SEA") & s["referent"].isin(generator().SEARCH_ENGINES)).sum())


def global_cta_rate() -> float:
    counts = csv("cta_evenements.csv")["evenement"].value_counts()
    return counts["clic"] / counts["impression"]


def mql_rate_others(how: str) -> float:
    others = leads().query("canal != 'TikTok'")
    return (others["statut_mql"] == "MQL").groupby(others["canal"]).mean().agg(how)


def conversion_of(how: str) -> float:
    mine = leads().query("canal in ['SEA', 'Direct', 'SEO']")
    return mine["client_id"].notna().groupby(mine["canal"]).mean().agg(how)


def _source_cells():
    """The cells of the bound session's source notebooks (the package's notebook model), in notebook order."""
    for path in sorted(_BOUND["source"].glob("*.ipynb")):
        yield from read_source_notebook(path.parent.name, path).cells


def points(part: str | None = None, kind: str | None = None) -> float:
    """Points of the source notebooks (nbgrader metadata): of one part, automatic (grade) or manual (task, manual)."""
    return sum(c.points for c in _source_cells()
               if c.points and (not part or c.notebook.startswith(part))
               and (kind is None or (kind == "manual") == (c.kind != AUTO)))


def cell_points(grade_id: str) -> float:
    found = next((c.points for c in _source_cells() if c.grade_id == grade_id), None)
    if found is None:
        raise KeyError(grade_id)
    return found


def criterion_points(criterion: str) -> float:
    return sum(c.points for c in _source_cells() if c.points and criterion in c.tags)


def fisher_affiliation(how: str) -> float:
    """Fisher's exact p-value of affiliation's lead → customer rate against each channel but TikTok, ``min`` or ``max``."""
    from scipy.stats import fisher_exact

    def counts(channel: str) -> list[int]:
        mine = leads(channel)
        customers = int(mine["client_id"].notna().sum())
        return [customers, len(mine) - customers]

    others = [c for c in leads()["canal"].unique() if c not in ("Affiliation", "TikTok")]
    values = [fisher_exact([counts("Affiliation"), counts(c)])[1] for c in others]
    return min(values) if how == "min" else max(values)


RECURRING = {"SEO": 18_000, "SEA": 30_000, "social": 30_000, "e-mail": 6_000}
"""Budget per quarter proposed by the strategy's model answer (€ HT), besides the affiliation blogs kept."""
ONE_OFF = {"anti-âge": 10_000, "mobile": 15_000}
"""One-off spending of the semester proposed by the model answer (launch, mobile checkout)."""


def budget(kind: str) -> float:
    """The model answer's S1 2027 budget: ``quarter`` (recurring, per quarter), ``one_off``, or ``semester`` (both)."""
    blogs = csv("couts_campagnes.csv").query("campagne == 'affiliation_blog_beaute'")["cout_ht"].sum()
    quarter = sum(RECURRING.values()) + blogs
    return {"quarter": quarter, "one_off": sum(ONE_OFF.values()), "semester": 2 * quarter + sum(ONE_OFF.values())}[kind]
