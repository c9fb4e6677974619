"""Bloc 5: the planted stories of the Calyce sujet, as named and checked properties of the data.

A sujet relies on what a good candidate should discover in its data (the
instructor notes list them): TikTok brings traffic but almost no MQL, the mobile
checkout loses baskets, the « Experte efficacité » segment hides an unmet need…
Each story below is a check on the case data bound with ``b5_data.bound_to``;
``draw`` redraws a seed's data until every story holds, and names the stories
that kept failing when it cannot within ``MAX_DRAWS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from cpmc_course.sessions import b5_data as d
from cpmc_course.sessions import draws
from cpmc_course.sessions.draws import Story

MAX_DRAWS = 12
"""Draws tried for one seed before giving up (the first draw satisfies every story for most seeds)."""

PAID = ("SEA", "Instagram", "TikTok", "Affiliation")
CHANNELS = ("Direct", "SEO", "SEA", "Instagram", "TikTok", "E-mail", "Affiliation")


def _per_channel(value: Callable[[str], float], channels=CHANNELS) -> dict[str, float]:
    return {c: float(value(c)) for c in channels}


def _mql_rate(channel: str) -> float:
    return (d.leads(channel)["statut_mql"] == "MQL").mean()


def _conversion(channel: str) -> float:
    return d.leads(channel)["client_id"].notna().mean()


def _cost_per_lead(channel: str) -> float:
    costs = d.csv("couts_campagnes.csv").groupby("canal")[["cout_ht", "leads"]].sum()
    return costs.loc[channel, "cout_ht"] / costs.loc[channel, "leads"]


def _tiktok_traffic_without_mql() -> bool:
    visits = d.sessions()["canal"].value_counts()
    mql = _per_channel(_mql_rate)
    conversion = _per_channel(_conversion)
    contest = (d.leads("TikTok")["formulaire"] == "jeu_concours").mean()
    others = min(v for c, v in mql.items() if c != "TikTok")
    outside_contest = (d.leads("TikTok").query("formulaire != 'jeu_concours'")["statut_mql"] == "MQL").mean()
    return (visits.idxmax() == "TikTok" and mql["TikTok"] < 0.5 * others and outside_contest < others
            and conversion["TikTok"] < min(v for c, v in conversion.items() if c != "TikTok") and contest > 0.6)


def _costs_rank_channels() -> bool:
    per_customer = _per_channel(d.cost_per_customer, ("SEO", "E-mail", "Instagram", "TikTok", "SEA", "Affiliation"))
    cheapest = sorted(per_customer, key=per_customer.get)
    per_lead = _per_channel(_cost_per_lead, PAID)
    margin = d.median_order() * d.MARGIN_RATE
    costs = d.csv("couts_campagnes.csv").set_index("campagne")
    per_campaign = costs["cout_ht"] / costs["clients"]
    return (set(cheapest[:2]) == {"SEO", "E-mail"} and min(per_lead, key=per_lead.get) == "TikTok"
            and min(per_campaign["sea_serum_generique"], per_campaign["affiliation_cashback"]) > margin)


def _small_counts() -> bool:
    customers = _per_channel(lambda c: d.leads(c)["client_id"].notna().sum())
    low, high = zip(*(d.wilson(c) for c in ("SEA", "Direct", "SEO", "E-mail")))
    return (max(customers.values()) <= 30 and min(customers.values()) >= 1 and max(low) < min(high)
            and customers["Affiliation"] <= 10 and d.fisher_affiliation("min") > 0.05)


def _anti_ageing_on_page_two() -> bool:
    return all(d.seo(q, "impressions") > 100_000 and d.seo(q, "position_moyenne") > 10
               for q in ("sérum anti-âge bio", "crème anti-rides bio")) and d.seo_ctr("marque") > 5 * d.seo_ctr("hors marque")


def _mobile_loses_baskets() -> bool:
    mobile = d.order_after_cart("mobile")
    return mobile < 0.6 * d.order_after_cart("ordinateur") and mobile < d.order_after_cart("tablette")


def _diagnostic_best_lead_cta() -> bool:
    diagnostic = d.leads().query("formulaire == 'diagnostic_peau'")
    return d.cta_rate("diagnostic_peau") > 1.5 * d.cta_rate("newsletter_10") and (diagnostic["statut_mql"] == "MQL").mean() > 0.75


def _expert_valuable_unsatisfied() -> bool:
    c = d.crm()
    value, csat = c.groupby("psycho")["ca_total_ht"].mean(), c.groupby("psycho")["satisfait"].mean()
    expectation = d.expert()["attente_principale"].value_counts()
    return (value.idxmax() == "Experte efficacité" and csat.idxmin() == "Experte efficacité"
            and expectation.idxmax() == "gamme anti-âge" and csat.drop("Experte efficacité").min() - csat.min() > 0.15)


def _expert_does_not_buy_again() -> bool:
    return all(d.repeat(g, "Experte efficacité") < d.repeat(g, others=True).min() for g in ("sérums", "crèmes")) and (
        d.notes()["Experte efficacité"] < d.others(d.notes()).min() - 0.5)


def _loyal_make_revenue() -> bool:
    return d.behaviour("Fidèle", "ca_total_ht") > 2 * d.behaviour("Fidèle")


def _campaign_real_but_modest() -> bool:
    roi = d.campaign()[0]
    return d.buy_rate("test") > d.buy_rate("contrôle") and d.p_value() < 0.05 and roi > 0


def _growth_slows() -> bool:
    growths = [d.growth(y) for y in range(2023, 2027)]
    return all(g > 0 for g in growths) and all(a > b for a, b in zip(growths, growths[1:]))


def _forecast_peaks_in_may() -> bool:
    return d.forecast()[1] > 0 and d.may_2027() > 0 and _peak_month() == 5


def _peak_month() -> int:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    v = d.csv("ventes_mensuelles.csv")
    series = pd.Series(v["ca_ht"].to_numpy(), index=pd.period_range(v["mois"].iloc[0], periods=len(v), freq="M"))
    forecast = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit().forecast(6)
    return int(forecast.idxmax().month)


STORIES = (
    Story("campagne_effet_modeste", "la campagne de fidélité a un effet significatif (test z, 5 %) et un ROI "
          "positif, incertain", _campaign_real_but_modest),
    Story("tiktok_trafic_sans_mql", "TikTok, premier canal en visites, n'apporte presque pas de MQL ni de clients "
          "(les leads du jeu-concours ne peuvent pas être MQL ; les autres leads TikTok restent moins qualifiés qu'ailleurs)", _tiktok_traffic_without_mql),
    Story("couts_departagent_canaux", "le SEO et l'e-mail recrutent les clients les moins chers ; TikTok a le lead le moins cher ; SEA générique et cashback ne se remboursent pas", _costs_rank_channels),
    Story("petits_effectifs", "les conversions par canal reposent sur de petits effectifs (SEA, Direct, SEO, e-mail ne "
          "se départagent pas ; l'affiliation, une poignée de clients, ne se distingue au test exact de Fisher d'aucun canal hors TikTok)", _small_counts),
    Story("seo_anti_age_page_2", "les requêtes anti-âge, très recherchées, sont en 2e page", _anti_ageing_on_page_two),
    Story("mobile_perd_paniers", "le tunnel de commande mobile perd les paniers", _mobile_loses_baskets),
    Story("diagnostic_meilleur_cta", "le diagnostic de peau est le CTA qui apporte les leads qualifiés", _diagnostic_best_lead_cta),
    Story("experte_besoin_non_satisfait", "le segment « Experte efficacité » vaut le plus et est le moins satisfait "
          "(attente : une gamme anti-âge)", _expert_valuable_unsatisfied),
    Story("experte_rachete_peu", "les « Expertes efficacité » rachètent peu sérums et crèmes et les notent mal",
          _expert_does_not_buy_again),
    Story("fideles_font_le_ca", "une minorité de fidèles fait une grande part du chiffre d'affaires", _loyal_make_revenue),
    Story("croissance_ralentit", "la croissance annuelle ralentit chaque année", _growth_slows),
    Story("prevision_pic_mai", "la prévision du S1 2027 progresse et culmine en mai", _forecast_peaks_in_may),
)


def failing(data: Path, first_only: bool = False) -> list[str]:
    """Names of the stories that do not hold on the case data in ``data`` (only the first one if ``first_only``)."""
    return draws.failing(STORIES, d.bound_to, data, first_only)


def draw(seed: int, out: Path) -> int:
    """Write into ``out`` the first draw of ``seed`` on which every story holds; return its number (0 = first).

    Raises a French ``CpmcError`` naming the stories that failed on the last draw when
    none of ``MAX_DRAWS`` draws satisfies them all.
    """
    return draws.draw(seed, out, write=d.generator().write, stories=STORIES, bound_to=d.bound_to, max_draws=MAX_DRAWS)
