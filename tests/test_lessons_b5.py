"""Bloc 5 lessons: checks, calculations, simulators and notebooks (``cpmc_course.lessons.b5``, ``courses/b5``).

Every expected value is recomputed here by another route than the module's
(numpy instead of pandas, closed forms instead of sums, scipy or lifetimes
instead of statsmodels or hand-written pandas), so a wrong formula in the
module fails a test.
"""

from __future__ import annotations

import ast
import csv
import json
import math
import re
from pathlib import Path
from urllib.parse import unquote

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cpmc_course.lessons.b5 import torvane  # noqa: E402
from cpmc_course.lessons import b5  # noqa: E402
from cpmc_course.referential import load_referential  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "courses" / "b5"
NOTEBOOKS = sorted(LESSONS.glob("*.ipynb"))


def right(feedback: b5.Feedback) -> None:
    assert feedback.status == b5.RIGHT, feedback.message
    assert feedback.message.startswith("Bravo")


def wrong(feedback: b5.Feedback, hint: str) -> None:
    assert feedback.status == b5.WRONG, feedback.message
    assert hint.lower() in feedback.message.lower(), feedback.message


# --------------------------------------------------------------------------
# Data shared by the tests (read once)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sessions():
    return torvane("visites")


@pytest.fixture(scope="module")
def leads():
    return torvane("prospects")


@pytest.fixture(scope="module")
def cta():
    return torvane("clics_cta")


@pytest.fixture(scope="module")
def crm():
    return torvane("clients")


@pytest.fixture(scope="module")
def campagne():
    return torvane("relance_abonnes")


@pytest.fixture(scope="module")
def ventes():
    raw = torvane("ca_mensuel")
    index = pd.PeriodIndex(raw["mois"], freq="M").to_timestamp()
    return pd.Series(raw["ca_ht"].to_numpy(), index=index, name="ca_ht")


@pytest.fixture(scope="module")
def achats():
    return torvane("commandes")


# --------------------------------------------------------------------------
# Every check: None gives "pas encore de réponse", junk never raises
# --------------------------------------------------------------------------


def _all_checks(sessions, leads, cta, crm, campagne, ventes, achats):
    rfm = b5.rfm_table(achats, "2026-10-01")
    url = "https://www.torvane.fr/?utm_source=google&utm_campaign=x"
    small = pd.Series({"a": 3.0, "b": 1.0, "c": 2.0})
    return {
        "utm_campaign": lambda r: b5.verifier_utm_campaign(r, url),
        "canal": lambda r: b5.verifier_canal(r, url, "www.google.com"),
        "sessions_par_canal": lambda r: b5.verifier_sessions_par_canal(r, sessions),
        "ctr": lambda r: b5.verifier_ctr(r, 10, 100),
        "cpc": lambda r: b5.verifier_cpc(r, 50, 10, 100),
        "duree_cookie": b5.verifier_duree_cookie,
        "base_legale": b5.verifier_base_legale,
        "taux_conversion_leads": lambda r: b5.verifier_taux_conversion_leads(r, leads, 7000),
        "taux_clic_cta": lambda r: b5.verifier_taux_clic_cta(r, cta, "quiz_gout", len(sessions)),
        "nombre_mql": lambda r: b5.verifier_nombre_mql(r, leads),
        "cout_par_lead": lambda r: b5.verifier_cout_par_lead(r, 1000, 50, 5),
        "roi": lambda r: b5.verifier_roi(r, 10_000, 0.5, 2_000),
        "roas": lambda r: b5.verifier_roas(r, 10_000, 2_000),
        "psychographiques": b5.verifier_colonnes_psychographiques,
        "csat": lambda r: b5.verifier_csat(r, crm),
        "montant_par_client": lambda r: b5.verifier_montant_par_client(r, achats),
        "acheteurs_uniques": lambda r: b5.verifier_part_acheteurs_uniques(r, achats),
        "score_r": lambda r: b5.verifier_score_r(r, rfm),
        "taux_reachat": lambda r: b5.verifier_taux_reachat(r, torvane("produits_par_segment"), "capsules", "praticité"),
        "retention": lambda r: b5.verifier_retention(r, achats, "2025-01", 3),
        "clv_simple": lambda r: b5.verifier_clv_simple(r, 40, 0.5, 2, 3),
        "clv_actualisee": lambda r: b5.verifier_clv_actualisee(r, 50, 0.1, 3),
        "croissance": lambda r: b5.verifier_croissance_annuelle(r, ventes, 2026),
        "coefficient": lambda r: b5.verifier_coefficient_saisonnier(r, ventes, 12),
        "mape": lambda r: b5.verifier_mape(r, ventes[-12:], ventes[-24:-12].to_numpy()),
        "uplift_absolu": lambda r: b5.verifier_uplift_absolu(r, campagne),
        "uplift_relatif": lambda r: b5.verifier_uplift_relatif(r, campagne),
        "roi_campagne": lambda r: b5.verifier_roi_campagne(r, campagne, 0.58, 600, 0.008),
        "tri": lambda r: b5.verifier_tri(r, small),
        "choix_graphique": b5.verifier_choix_graphique,
        "titre": b5.verifier_titre,
        "graphique_manager": lambda r: b5.verifier_graphique_manager(r, small, "a"),
    }


def test_every_public_check_is_exercised(sessions, leads, cta, crm, campagne, ventes, achats):
    checks = _all_checks(sessions, leads, cta, crm, campagne, ventes, achats)
    public = {name for name in dir(b5) if name.startswith("verifier_")}
    assert len(public) == len(checks)


@pytest.mark.parametrize("junk", [None, "douze", [1, 2], pd.DataFrame({"x": [1, 2]}), float("nan"), True, {"a": 1}])
def test_checks_answer_none_and_junk_without_raising(junk, sessions, leads, cta, crm, campagne, ventes, achats):
    for name, check in _all_checks(sessions, leads, cta, crm, campagne, ventes, achats).items():
        feedback = check(junk)
        assert isinstance(feedback, b5.Feedback), name
        if junk is None:
            assert feedback.status == b5.EMPTY, name
            assert feedback.message.startswith("Pas encore de réponse"), name
        else:
            assert feedback.status == b5.WRONG, (name, feedback.message)
        assert feedback.message in feedback._repr_html_() or "&" in feedback._repr_html_()


def test_feedback_html_escapes_and_colours():
    html = b5.Feedback(b5.WRONG, "a < b")._repr_html_()
    assert "a &lt; b" in html and "#c2410c" in html


# --------------------------------------------------------------------------
# Tracking: UTM and rule 1 of the training case
# --------------------------------------------------------------------------


def _utm_by_hand(url: str, name: str) -> str:
    query = url.split("?", 1)[1] if "?" in url else ""
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == name:
            return unquote(value.replace("+", " "))
    return ""


def test_utm_campaign_check():
    url = "https://www.torvane.fr/coffrets?utm_source=insta&utm_medium=social&utm_campaign=caf%C3%A9%20de%20No%C3%ABl"
    expected = _utm_by_hand(url, "utm_campaign")
    assert expected == "café de Noël"
    right(b5.verifier_utm_campaign(expected, url))
    wrong(b5.verifier_utm_campaign("caf%C3%A9%20de%20No%C3%ABl", url), "encodée")
    wrong(b5.verifier_utm_campaign("utm_campaign=café de Noël", url), "sans le nom")
    wrong(b5.verifier_utm_campaign(url.split("?")[1], url), "toute la chaîne")
    wrong(b5.verifier_utm_campaign("Café de noël", url), "casse")


@pytest.mark.parametrize(
    ("url", "referent", "expected"),
    [
        ("https://www.torvane.fr/cafe-moulu?utm_source=Google&utm_medium=cpc", "www.google.com", "SEA"),
        ("https://www.torvane.fr/?utm_source=Bing&utm_medium=cpc", "www.bing.com", "SEA"),
        ("https://www.torvane.fr/cafe-moulu", "www.google.com", "SEO"),
        ("https://www.torvane.fr/", "www.ecosia.org", "SEO"),
        ("https://www.torvane.fr/?utm_source=INSTA&utm_medium=social", "l.instagram.com", "Instagram"),
        ("https://www.torvane.fr/?utm_source=FB", None, "Facebook"),
        ("https://www.torvane.fr/?utm_source=sendinblue&utm_medium=email", None, "E-mail"),
        ("https://www.torvane.fr/?utm_source=cafeblog", "blog.example.fr", "Partenariats"),
        ("https://www.torvane.fr/", None, "Direct"),
        ("https://www.torvane.fr/", float("nan"), "Direct"),
        ("https://www.torvane.fr/", "m.facebook.com", "Direct"),
    ],
)
def test_torvane_channel_follows_rule_1(url, referent, expected):
    assert b5.torvane_channel(url, referent) == expected


def test_torvane_channel_agrees_with_the_case_generator(sessions, leads):
    """prospects.csv carries the canal drawn by the case's own generator: an independent implementation."""
    joined = leads.merge(sessions, on="session_id", how="left")
    ours = [b5.torvane_channel(u, r) for u, r in zip(joined["landing_url"], joined["referent"])]
    assert ours == joined["canal"].tolist()


def test_canal_check():
    url = "https://www.torvane.fr/cafes-en-grains?utm_source=Google&utm_medium=cpc&utm_campaign=cafe_en_grains"
    right(b5.verifier_canal("SEA", url, "www.google.com"))
    right(b5.verifier_canal("sea", url, "www.google.com"))
    wrong(b5.verifier_canal("SEO", url, "www.google.com"), "avant le référent")
    wrong(b5.verifier_canal("Direct", url, "www.google.com"), "dans l'ordre")
    wrong(b5.verifier_canal("TikTok", url, "www.google.com"), "options proposées")
    wrong(b5.verifier_canal("SEA", "https://www.torvane.fr/", "www.google.com"), "référencement naturel")


RULE_1_SOURCES = {"google": "SEA", "bing": "SEA", "instagram": "Instagram", "insta": "Instagram", "facebook": "Facebook",
                  "fb": "Facebook", "newsletter": "E-mail", "sendinblue": "E-mail", "partenaire": "Partenariats", "cafeblog": "Partenariats"}
"""Rule 1 of the training case, copied from its brief (not from the module)."""


def _channels_vectorised(sessions, *, lower=True, referent_first=False):
    source = sessions["landing_url"].str.extract(r"[?&]utm_source=([^&]*)", expand=False).fillna("")
    if lower:
        source = source.str.lower()
    by_utm = source.map(RULE_1_SOURCES)
    search = sessions["referent"].isin(["www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org"])
    if referent_first:
        return pd.Series(np.where(search, "SEO", by_utm.fillna("Direct")), index=sessions.index)
    return by_utm.where(by_utm.notna(), np.where(search, "SEO", "Direct"))


def test_sessions_par_canal_check(sessions):
    expected = _channels_vectorised(sessions).value_counts()
    right(b5.verifier_sessions_par_canal(expected, sessions))
    right(b5.verifier_sessions_par_canal(expected.sort_index(), sessions))
    wrong(b5.verifier_sessions_par_canal(_channels_vectorised(sessions, referent_first=True).value_counts(), sessions), "trop de seo")
    wrong(b5.verifier_sessions_par_canal(_channels_vectorised(sessions, lower=False).value_counts(), sessions), "minuscules")
    wrong(b5.verifier_sessions_par_canal(expected.head(3), sessions), "chaque visite")
    wrong(b5.verifier_sessions_par_canal(expected.to_dict(), sessions), "Series")


def test_ctr_and_cpc_checks():
    right(b5.verifier_ctr(0.035, clics=5_180, impressions=148_000))
    right(b5.verifier_ctr(0.0350, clics=5_180, impressions=148_000))
    wrong(b5.verifier_ctr(3.5, clics=5_180, impressions=148_000), "pourcentage")
    wrong(b5.verifier_ctr(148_000 / 5_180, clics=5_180, impressions=148_000), "inversé")
    right(b5.verifier_cpc(0.65, cout=3_367, clics=5_180, impressions=148_000))
    wrong(b5.verifier_cpc(3_367 / 148_000 * 1000, cout=3_367, clics=5_180, impressions=148_000), "CPM")
    wrong(b5.verifier_cpc(3_367 / 148_000, cout=3_367, clics=5_180, impressions=148_000), "impressions")


def test_rgpd_quizzes():
    right(b5.verifier_duree_cookie("a"))
    right(b5.verifier_duree_cookie(" A "))
    wrong(b5.verifier_duree_cookie("b"), "conservation des données")
    wrong(b5.verifier_duree_cookie("z"), "options proposées")
    right(b5.verifier_base_legale("b"))
    wrong(b5.verifier_base_legale("a"), "intérêt légitime")
    wrong(b5.verifier_base_legale("c"), "contrat")


# --------------------------------------------------------------------------
# Funnel
# --------------------------------------------------------------------------


def test_conversion_mql_and_cta_checks(leads, cta, sessions):
    converted = leads["client_id"].to_numpy(dtype=object)
    n_clients = sum(isinstance(v, str) and v != "" for v in converted)
    n_mql = int(np.sum(leads["statut_mql"].to_numpy(dtype=str) == "MQL"))
    visiteurs = len(set(sessions["visiteur_id"]))
    right(b5.verifier_taux_conversion_leads(n_clients / len(leads), leads, visiteurs))
    wrong(b5.verifier_taux_conversion_leads(n_clients / visiteurs, leads, visiteurs), "visiteurs")
    wrong(b5.verifier_taux_conversion_leads(n_clients / n_mql, leads, visiteurs), "MQL")
    wrong(b5.verifier_taux_conversion_leads(len(leads) / visiteurs, leads, visiteurs), "visiteurs en leads")
    wrong(b5.verifier_taux_conversion_leads(100 * n_clients / len(leads), leads, visiteurs), "pourcentage")

    right(b5.verifier_nombre_mql(n_mql, leads))
    right(b5.verifier_nombre_mql(np.int64(n_mql), leads))
    wrong(b5.verifier_nombre_mql(int(leads["statut_mql"].str.contains("MQL").sum()), leads), "non MQL")
    wrong(b5.verifier_nombre_mql(n_mql * 50, leads), "extrapolé")

    table = pd.crosstab(cta["cta_id"], cta["evenement"])
    rate = table.loc["quiz_gout", "clic"] / table.loc["quiz_gout", "impression"]
    right(b5.verifier_taux_clic_cta(rate, cta, "quiz_gout", len(sessions)))
    wrong(b5.verifier_taux_clic_cta(table.loc["quiz_gout", "clic"] / len(sessions), cta, "quiz_gout", len(sessions)), "sessions")
    wrong(b5.verifier_taux_clic_cta(table["clic"].sum() / table["impression"].sum(), cta, "quiz_gout", len(sessions)), "tous les CTA")
    clicks = table.loc["quiz_gout", "clic"]
    all_events = clicks + table.loc["quiz_gout", "impression"]
    wrong(b5.verifier_taux_clic_cta(clicks / all_events, cta, "quiz_gout", len(sessions)), "tous les événements")


def test_money_checks():
    right(b5.verifier_cout_par_lead(18_000 / 4_000, 18_000, 4_000, 720))
    right(b5.verifier_cout_par_lead(4.5, 18_000, 4_000, 720))
    wrong(b5.verifier_cout_par_lead(25, 18_000, 4_000, 720), "CAC")
    right(b5.verifier_roas(1.92, 34_560, 18_000))
    wrong(b5.verifier_roas(18_000 / 34_560, 34_560, 18_000), "inversé")
    # ROI = (34 560 × 0,58 − 18 000) / 18 000 = 2 044,8 / 18 000
    right(b5.verifier_roi(2_044.8 / 18_000, 34_560, 0.58, 18_000))
    wrong(b5.verifier_roi(16_560 / 18_000, 34_560, 0.58, 18_000), "marge")
    wrong(b5.verifier_roi(1.92, 34_560, 0.58, 18_000), "ROAS")
    wrong(b5.verifier_roi(20_044.8 / 18_000, 34_560, 0.58, 18_000), "retirer le coût")


def test_simulate_funnel_multiplies_the_rates():
    r = b5.simulate_funnel(40_000, 0.04, 0.4, 0.5, 0.25, 450, 0.4, 12_000)
    assert (r.leads, r.mql, r.sql) == pytest.approx((1_600, 640, 320))
    assert r.clients == pytest.approx(40_000 * 0.04 * 0.4 * 0.5 * 0.25) == pytest.approx(80)
    assert r.chiffre_affaires == pytest.approx(36_000)
    assert r.marge == pytest.approx(14_400)
    assert r.roi == pytest.approx((14_400 - 12_000) / 12_000)
    assert r.roas == pytest.approx(3.0)
    assert r.cout_par_lead == pytest.approx(7.5)
    assert r.taux_global == pytest.approx(0.002)
    assert list(r.stages) == ["Visiteurs", "Leads", "MQL", "SQL", "Clients"]
    assert math.isnan(b5.simulate_funnel(1000, 0.1, 1, 1, 1, 10, 0.5, 0).roi)


def test_funnel_widget_headless():
    sim = b5.FunnelSimulator()
    sim.sliders["visiteurs"].value = 50_000
    sim.sliders["taux_lead"].value = 0.05
    sim.sliders["budget"].value = 20_000
    values = sim.values
    clients = 50_000 * 0.05 * values["taux_mql"] * values["taux_sql"] * values["taux_client"]
    assert sim.result.clients == pytest.approx(clients)
    assert sim.bars["Clients"] == pytest.approx(clients)
    assert sim.bars["Leads"] == pytest.approx(2_500)
    margin = clients * values["panier_moyen"] * values["taux_marque"]
    roi = (margin - 20_000) / 20_000
    assert sim.result.roi == pytest.approx(roi)
    assert f"{roi * 100:.1f}\u202f%".replace(".", ",") in sim.kpis.value
    assert "2\u202f500" in sim.kpis.value  # leads, French thousands separator
    assert sim.readouts["visiteurs"].value == "50\u202f000"  # slider readouts in French, not ipywidgets' English
    assert sim.readouts["taux_lead"].value == "5,0\u202f%"
    assert not sim.sliders["taux_lead"].readout
    plt.close("all")


# --------------------------------------------------------------------------
# Segmentation, CSAT, RFM (the training orders, checked against lifetimes)
# --------------------------------------------------------------------------


def test_psychographic_columns_check(crm):
    families = b5.CRITERIA_FAMILIES
    assert set().union(*map(set, families.values())) | {"client_id", "mode_preparation"} == set(crm.columns)
    right(b5.verifier_colonnes_psychographiques(list(reversed(families["psychographique"]))))
    wrong(b5.verifier_colonnes_psychographiques(["age", *families["psychographique"]]), "sociodémographique")
    wrong(b5.verifier_colonnes_psychographiques(["nb_commandes"]), "comportemental")
    wrong(b5.verifier_colonnes_psychographiques(["satisfaction"]), "il en manque 4")
    wrong(b5.verifier_colonnes_psychographiques("satisfaction"), "liste")


def test_csat_check(crm):
    counts = np.bincount(crm["satisfaction"].to_numpy(), minlength=6)
    csat = (counts[4] + counts[5]) / counts.sum()
    right(b5.verifier_csat(csat, crm))
    wrong(b5.verifier_csat(crm["satisfaction"].mean() / 5, crm), "moyenne")
    wrong(b5.verifier_csat(counts[5] / counts.sum(), crm), "notes 4")
    wrong(b5.verifier_csat((counts[3] + counts[4] + counts[5]) / counts.sum(), crm), "neutre")


def _totals_by_hand(achats) -> dict[str, float]:
    totals: dict[str, float] = {}
    for client, amount in zip(achats["client_id"], achats["montant_ht"]):
        totals[client] = totals.get(client, 0.0) + amount
    return totals


def test_amount_and_one_time_buyers_checks(achats):
    answer = pd.Series(_totals_by_hand(achats))
    right(b5.verifier_montant_par_client(answer, achats))
    wrong(b5.verifier_montant_par_client(achats.groupby("client_id")["montant_ht"].mean(), achats), "moyen")
    wrong(b5.verifier_montant_par_client(achats.groupby("client_id")["montant_ht"].count(), achats), "compté")
    wrong(b5.verifier_montant_par_client(answer.head(10), achats), "une par client")

    days = achats[["client_id", "date"]].drop_duplicates()
    one_timers = (days["client_id"].value_counts() == 1).sum() / achats["client_id"].nunique()
    right(b5.verifier_part_acheteurs_uniques(one_timers, achats))
    wrong(b5.verifier_part_acheteurs_uniques(1 - one_timers, achats), "racheté")
    once = days["client_id"].value_counts().loc[lambda n: n == 1].index[:600]
    doubled = pd.concat([achats, achats[achats["client_id"].isin(once)]])  # two lines on one day are one purchase
    lines = (doubled["client_id"].value_counts() == 1).mean()
    assert lines != pytest.approx(one_timers)
    wrong(b5.verifier_part_acheteurs_uniques(lines, doubled), "lignes")


def test_repurchase_rate_check():
    produits = torvane("produits_par_segment")
    rows = [r for r in produits.itertuples() if r.gamme == "capsules" and r.segment_psycho == "praticité"]
    assert len(rows) == 2
    rebuyers, buyers = sum(r.reacheteurs for r in rows), sum(r.acheteurs for r in rows)
    right(b5.verifier_taux_reachat(rebuyers / buyers, produits, "capsules", "praticité"))
    right(b5.verifier_taux_reachat(round(rebuyers / buyers, 3), produits, "capsules", "praticité"))
    wrong(b5.verifier_taux_reachat(buyers / rebuyers, produits, "capsules", "praticité"), "inversé")
    wrong(b5.verifier_taux_reachat(100 * rebuyers / buyers, produits, "capsules", "praticité"), "pourcentage")
    skewed = produits.copy()
    skewed.loc[(skewed["gamme"] == "capsules") & (skewed["segment_psycho"] == "praticité"), "acheteurs"] = [400, 40]
    rows = skewed[(skewed["gamme"] == "capsules") & (skewed["segment_psycho"] == "praticité")]
    mean_of_rates = float((rows["reacheteurs"] / rows["acheteurs"]).mean())
    assert mean_of_rates != pytest.approx(rows["reacheteurs"].sum() / rows["acheteurs"].sum(), rel=0.01)
    wrong(b5.verifier_taux_reachat(mean_of_rates, skewed, "capsules", "praticité"), "moyenne des taux")


def test_rfm_table_agrees_with_lifetimes(achats):
    from lifetimes.utils import summary_data_from_transaction_data

    summary = summary_data_from_transaction_data(
        achats, "client_id", "date", observation_period_end="2026-09-30", freq="D"
    )
    rfm = b5.rfm_table(achats, "2026-10-01").loc[summary.index]
    # lifetimes counts repeat purchase days; recency runs from first to last purchase; T to the end.
    np.testing.assert_array_equal(rfm["frequence"].to_numpy(), summary["frequency"].to_numpy() + 1)
    np.testing.assert_array_equal(rfm["recence"].to_numpy(), (summary["T"] - summary["recency"]).to_numpy() + 1)
    totals = _totals_by_hand(achats)
    np.testing.assert_allclose(rfm["montant"].to_numpy(), [totals[c] for c in rfm.index])


def test_scores_are_quintiles_and_thresholds(achats):
    rfm = b5.rfm_table(achats, "2026-10-01")
    scores = b5.rfm_scores(rfm)
    n = len(rfm)
    order = np.argsort(rfm["recence"].to_numpy(), kind="stable")
    r_by_hand = np.empty(n, dtype=int)
    r_by_hand[order] = 5 - (np.arange(n) * 5) // n
    np.testing.assert_array_equal(scores["R"].to_numpy(), r_by_hand)
    f = rfm["frequence"].to_numpy()
    f_by_hand = np.select([f == 1, f == 2, f <= 4, f <= 9], [1, 2, 3, 4], default=5)
    np.testing.assert_array_equal(scores["F"].to_numpy(), f_by_hand)
    assert scores["M"].value_counts().tolist() == [n // 5] * 5
    assert scores.loc[rfm["montant"].idxmax(), "M"] == 5
    assert (scores["RFM"].str.len() == 3).all()


def test_score_r_check(achats):
    rfm = b5.rfm_table(achats, "2026-10-01")
    n = len(rfm)
    order = np.argsort(rfm["recence"].to_numpy(), kind="stable")
    r = np.empty(n, dtype=int)
    r[order] = 5 - (np.arange(n) * 5) // n
    right(b5.verifier_score_r(pd.Series(r, index=rfm.index), rfm))
    wrong(b5.verifier_score_r(pd.Series(6 - r, index=rfm.index), rfm), "inversé")
    wrong(b5.verifier_score_r(pd.Series(r[:10], index=rfm.index[:10]), rfm), "un score par client")


@pytest.mark.parametrize(("r", "f", "segment"), [(5, 5, "Champions"), (4, 4, "Champions"), (4, 3, "À développer"),
                                                 (3, 5, "À développer"), (5, 1, "Prometteurs"), (4, 2, "Prometteurs"),
                                                 (2, 3, "À risque"), (1, 5, "À risque"), (2, 2, "Hibernants"),
                                                 (1, 1, "Hibernants"), (3, 1, "À développer")])
def test_rfm_segment_grid(r, f, segment):
    assert b5.rfm_segment(r, f) == segment
    assert segment in b5.RFM_SEGMENTS


# --------------------------------------------------------------------------
# Cohorts and CLV
# --------------------------------------------------------------------------


def _retention_by_sets(achats, cohort: str, age: int) -> tuple[float, int, int]:
    first = {}
    for client, day in zip(achats["client_id"], achats["date"]):
        if client not in first or day < first[client]:
            first[client] = day
    start = pd.Period(cohort, freq="M")
    members = {c for c, d in first.items() if d.to_period("M") == start}
    target = start + age
    rows = [(c, d) for c, d in zip(achats["client_id"], achats["date"]) if c in members and d.to_period("M") == target]
    active = {c for c, _ in rows}
    return len(active) / len(members), len(rows), len(members)


def test_cohort_retention_by_sets(achats):
    table = b5.cohort_retention(achats)
    expected, _, _ = _retention_by_sets(achats, "2025-01", 3)
    assert table.loc[pd.Period("2025-01", freq="M"), 3] == pytest.approx(expected)
    assert (table[0] == 1).all()
    assert str(table.index[0]) == "2022-01" and str(table.index[-1]) == "2026-09"
    # data end in September 2026: the September 2025 cohort is observed 12 months, the rest is unknown, not zero
    cohort = table.loc[pd.Period("2025-09", freq="M")]
    assert cohort[12] > 0 and cohort[13:].isna().all()


def test_retention_check(achats):
    expected, rows, size = _retention_by_sets(achats, "2025-01", 3)
    right(b5.verifier_retention(expected, achats, "2025-01", 3))
    doubled = pd.concat([achats, achats[achats["date"].dt.to_period("M") == pd.Period("2025-04", freq="M")]])
    _, rows, _ = _retention_by_sets(doubled, "2025-01", 3)
    wrong(b5.verifier_retention(rows / size, doubled, "2025-01", 3), "lignes")
    wrong(b5.verifier_retention(expected * size / achats["client_id"].nunique(), achats, "2025-01", 3), "taille de la cohorte")
    wrong(b5.verifier_retention(1 - expected, achats, "2025-01", 3), "attrition")


def test_clv_formulas_against_closed_forms():
    assert b5.clv_simple(38 * 0.58, 3, 4) == pytest.approx(264.48)
    m, a, n = 66.12, 0.08, 4
    annuity = m * (1 - (1 + a) ** -n) / a
    assert b5.clv_discounted(m, a, n) == pytest.approx(annuity)
    r = 0.7
    q = r / (1 + a)
    assert b5.clv_discounted(m, a, n, r) == pytest.approx(m / (1 + a) * (1 - q**n) / (1 - q))


def test_clv_checks():
    right(b5.verifier_clv_simple(264.48, 38, 0.58, 3, 4))
    wrong(b5.verifier_clv_simple(38 * 3 * 4, 38, 0.58, 3, 4), "marge")
    wrong(b5.verifier_clv_simple(38 * 0.58 * 3, 38, 0.58, 3, 4), "une seule année")
    m = 38 * 0.58 * 3
    right(b5.verifier_clv_actualisee(m * (1 - 1.08**-4) / 0.08, m, 0.08, 4))
    right(b5.verifier_clv_actualisee(219.00, 66.12, 0.08, 4))
    wrong(b5.verifier_clv_actualisee(m * 4, m, 0.08, 4), "pas actualisé")
    wrong(b5.verifier_clv_actualisee(m * (1 - 1.08**-4) / 0.08 * 1.08, m, 0.08, 4), "t = 0")


# --------------------------------------------------------------------------
# Forecasting
# --------------------------------------------------------------------------


def test_growth_and_seasonal_checks(ventes):
    values = ventes.to_numpy().reshape(-1, 12)  # 6 complete years (2021-2026), January to December
    assert values.shape == (6, 12)
    growth = values[5].sum() / values[4].sum() - 1
    right(b5.verifier_croissance_annuelle(growth, ventes, 2026))
    wrong(b5.verifier_croissance_annuelle(growth + 1, ventes, 2026), "retirez 1")
    wrong(b5.verifier_croissance_annuelle(1 - values[4].sum() / values[5].sum(), ventes, 2026), "N − 1")

    ratios = values / values.mean(axis=1, keepdims=True)
    december = ratios[:, 11].mean()
    right(b5.verifier_coefficient_saisonnier(december, ventes, 12))
    right(b5.verifier_coefficient_saisonnier(round(december, 2), ventes, 12))
    # with a trend, dividing by the mean of the whole period is wrong; January shows it (December is within rounding)
    january = ratios[:, 0].mean()
    right(b5.verifier_coefficient_saisonnier(january, ventes, 1))
    wrong(b5.verifier_coefficient_saisonnier(values[:, 0].mean() / values.mean(), ventes, 1), "toute la période")
    wrong(b5.verifier_coefficient_saisonnier(values[:, 11].mean(), ventes, 12), "niveau moyen")
    assert ratios.mean(axis=0).mean() == pytest.approx(1.0)


def test_mape_and_its_check():
    actual = np.array([100.0, 200.0, 400.0])
    forecast = np.array([110.0, 180.0, 400.0])
    assert b5.mape(actual, forecast) == pytest.approx((0.1 + 0.1 + 0.0) / 3)
    right(b5.verifier_mape(0.2 / 3, pd.Series(actual), pd.Series(forecast)))
    wrong(b5.verifier_mape(np.mean(np.abs(actual - forecast) / forecast), actual, forecast), "par la valeur réelle")
    wrong(b5.verifier_mape(np.mean(np.abs(actual - forecast)), actual, forecast), "erreur absolue moyenne")


# --------------------------------------------------------------------------
# Campaign with a control group
# --------------------------------------------------------------------------


def _groups(campagne):
    is_test = campagne["groupe"].to_numpy() == "test"
    bought = campagne["achat_30j"].to_numpy()
    revenue = campagne["ca_30j_ht"].to_numpy()
    return is_test, bought, revenue


def test_proportions_test_agrees_with_scipy_chi2():
    from scipy.stats import chi2_contingency

    table = np.array([[374, 2936 - 374], [112, 1259 - 112]])
    chi2, p, _, _ = chi2_contingency(table, correction=False)
    result = b5.proportions_test(374, 2936, 112, 1259)
    assert result.p_value == pytest.approx(p)
    assert result.z**2 == pytest.approx(chi2)
    assert result.significant == (p < 0.05)


def test_uplift_checks(campagne):
    is_test, bought, _ = _groups(campagne)
    rate_t, rate_c = bought[is_test].sum() / is_test.sum(), bought[~is_test].sum() / (~is_test).sum()
    right(b5.verifier_uplift_absolu(rate_t - rate_c, campagne))
    wrong(b5.verifier_uplift_absolu(rate_t / rate_c - 1, campagne), "relatif")
    wrong(b5.verifier_uplift_absolu(rate_c - rate_t, campagne), "inversé")
    wrong(b5.verifier_uplift_absolu(float(bought[is_test].sum() - bought[~is_test].sum()), campagne), "taille")
    right(b5.verifier_uplift_relatif(rate_t / rate_c - 1, campagne))
    wrong(b5.verifier_uplift_relatif(rate_t - rate_c, campagne), "absolu")
    wrong(b5.verifier_uplift_relatif(rate_t / rate_c, campagne), "retirez 1")


def test_campaign_roi_and_its_check(campagne):
    is_test, _, revenue = _groups(campagne)
    n_test = is_test.sum()
    extra = (revenue[is_test].sum() / n_test - revenue[~is_test].sum() / (~is_test).sum()) * n_test
    sent = campagne.loc[is_test, "email_envoye"].sum()
    cost = 600 + 0.008 * sent
    roi = (extra * 0.58 - cost) / cost
    assert b5.incremental_roi(campagne, 0.58, 600, 0.008) == pytest.approx(roi)  # no discount
    # with the −15 % code: the test group paid 0.85 P for goods costing 0.42 P, the control group paid P
    paid_t = revenue[is_test].sum()
    margin = paid_t - 0.42 * paid_t / 0.85 - 0.58 * revenue[~is_test].sum() / (~is_test).sum() * n_test
    roi_discount = (margin - cost) / cost
    assert b5.incremental_roi(campagne, 0.58, 600, 0.008, 0.15) == pytest.approx(roi_discount)
    assert roi_discount < roi - 0.4
    right(b5.verifier_roi_campagne(roi_discount, campagne, 0.58, 600, 0.008, 0.15))
    wrong(b5.verifier_roi_campagne(roi, campagne, 0.58, 600, 0.008, 0.15), "net de la remise")
    whole = revenue[is_test].sum()
    wrong(b5.verifier_roi_campagne((whole * 0.58 - cost) / cost, campagne, 0.58, 600, 0.008, 0.15), "sans l'e-mail")
    wrong(b5.verifier_roi_campagne((extra - cost) / cost, campagne, 0.58, 600, 0.008, 0.15), "marge")
    wrong(b5.verifier_roi_campagne((margin - 0.008 * sent) / (0.008 * sent), campagne, 0.58, 600, 0.008, 0.15), "coût fixe")


def test_simulate_campaign_arithmetic_and_break_even():
    from scipy.stats import chi2_contingency

    r = b5.simulate_campaign(8_000, 2_000, 0.12, 0.03, 60, 0.45, 0.5, cout_fixe=1_000)
    assert r.taux_cible == pytest.approx(0.15)
    assert r.acheteurs_incrementaux == pytest.approx(240)
    assert r.ca_incremental == pytest.approx(14_400)
    assert r.marge_incrementale == pytest.approx(6_480)
    assert r.cout == pytest.approx(5_000)
    assert r.roi == pytest.approx(1_480 / 5_000)
    assert r.uplift_relatif == pytest.approx(0.25)
    table = np.array([[1_200, 6_800], [240, 1_760]])
    assert r.p_value == pytest.approx(chi2_contingency(table, correction=False)[1])
    at_break_even = b5.simulate_campaign(8_000, 2_000, 0.12, r.uplift_point_mort, 60, 0.45, 0.5, cout_fixe=1_000)
    assert at_break_even.roi == pytest.approx(0, abs=1e-12)
    # a 10 % discount: each incremental purchase earns 60 × (0.45 − 0.10), and the 960 customers who would have
    # bought anyway get 6 € off each
    d = b5.simulate_campaign(8_000, 2_000, 0.12, 0.03, 60, 0.45, 0.5, cout_fixe=1_000, remise=0.10)
    assert d.cout_remise == pytest.approx(960 * 6)
    assert d.marge_incrementale == pytest.approx(240 * 21 - 5_760)
    assert d.uplift_point_mort == pytest.approx((5_000 + 5_760) / (8_000 * 21))
    at_break_even = b5.simulate_campaign(8_000, 2_000, 0.12, d.uplift_point_mort, 60, 0.45, 0.5, cout_fixe=1_000, remise=0.10)
    assert at_break_even.roi == pytest.approx(0, abs=1e-12)


def test_campaign_widget_headless():
    sim = b5.CampaignSimulator()
    sim.sliders["n_cible"].value = 10_000
    sim.sliders["uplift_points"].value = 0.02
    sim.sliders["cout_fixe"].value = 1_000
    v = sim.values
    margin = 10_000 * 0.02 * v["panier_moyen"] * v["taux_marque"]
    cost = 1_000 + 10_000 * v["cout_par_contact"]
    assert sim.result.roi == pytest.approx((margin - cost) / cost)
    assert sim.bars == pytest.approx({"Contrôle": v["taux_controle"], "Ciblé": v["taux_controle"] + 0.02})
    assert f"{(margin - cost) / cost * 100:.1f}\u202f%".replace(".", ",") in sim.kpis.value
    # an uplift and its break-even are differences of rates: read in points, never « 1,7 % » (issue 21, item 7)
    assert sim.readouts["uplift_points"].value == "+2,00\u202fpoints"
    break_even = 100 * sim.result.uplift_point_mort
    assert f"{break_even:.1f}\u202fpoint".replace(".", ",") in sim.kpis.value
    assert f"{break_even:.1f}\u202f%".replace(".", ",") not in sim.kpis.value
    sim.sliders["n_controle"].value = 100
    sim.sliders["uplift_points"].value = 0.0025
    assert "non (p ≥ 0,05)" in sim.kpis.value
    plt.close("all")


# --------------------------------------------------------------------------
# Data visualisation
# --------------------------------------------------------------------------


def test_sorting_and_quiz_checks():
    serie = pd.Series({"SEO": 3.0, "TikTok": 1.0, "E-mail": 2.0})
    right(b5.verifier_tri(serie.sort_values(ascending=False), serie))
    wrong(b5.verifier_tri(serie.sort_values(), serie), "ascending=False")
    wrong(b5.verifier_tri(serie, serie), "pas triées")
    wrong(b5.verifier_tri(serie.head(2), serie), "mêmes valeurs")
    right(b5.verifier_choix_graphique("b"))
    wrong(b5.verifier_choix_graphique("a"), "angles")
    right(b5.verifier_titre("c"))
    wrong(b5.verifier_titre("a"), "ne dit pas")


def test_message_bar_chart_and_its_check():
    serie = pd.Series({"SEO": 3.0, "TikTok": 1.0, "E-mail": 2.0, "SEA": 2.5})
    ax = b5.message_bar_chart(serie, "Le SEO apporte le plus de chiffre d'affaires", mettre_en_avant="SEO")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["TikTok", "E-mail", "SEA", "SEO"]  # largest at the top
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours.count(b5.HIGHLIGHT) == 1 and colours[-1] == b5.HIGHLIGHT
    right(b5.verifier_graphique_manager(ax, serie, "SEO"))
    wrong(b5.verifier_graphique_manager(ax, serie, "TikTok"), "c'est TikTok")
    short = b5.message_bar_chart(serie, "CA par canal", mettre_en_avant="SEO")
    wrong(b5.verifier_graphique_manager(short, serie, "SEO"), "titre")
    _, unsorted = plt.subplots()
    unsorted.barh(list(serie.index), serie.to_numpy())
    unsorted.set_title("Le SEO apporte le plus de chiffre d'affaires")
    wrong(b5.verifier_graphique_manager(unsorted, serie, "SEO"), "triez")
    _, grey = plt.subplots()
    ordered = serie.sort_values()
    grey.barh(list(ordered.index), ordered.to_numpy(), color="grey")
    grey.set_title("Le SEO apporte le plus de chiffre d'affaires")
    wrong(b5.verifier_graphique_manager(grey, serie, "SEO"), "une seule barre")
    plt.close("all")


def test_objectives_show_the_official_wording():
    ref = load_referential()
    text = b5.objectives("C34", "CE33").data
    assert ref.competency("C34").text in text
    assert ref.criterion("CE33", bloc="B5").text in text


# --------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------


def test_there_are_seven_lessons():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_is_clean_and_well_formed(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["metadata"]["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    cells = nb.cells
    for cell in cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    stubs = [i for i, c in enumerate(cells) if c.cell_type == "code" and re.search(r"^reponse = None", c.source, re.M)]
    assert len(stubs) >= 3, "each lesson has several exercises"
    for i in stubs:
        assert "verifier_" in cells[i + 1].source, f"cell {i + 1} should check the answer"
        correction = cells[i + 2]
        assert correction.cell_type == "markdown" and "<details>" in correction.source
        assert "Voir la correction" in correction.source and "```python" in correction.source
    assert any("objectives(" in c.source for c in cells)


def test_cnil_prospect_retention_is_stated_as_the_cnil_does():
    """3 years from collection or from the prospect's own last contact, not from any contact (lesson 1, Torvane brief)."""
    lesson = nbformat.read(LESSONS / "01_collecte_tracking_rgpd.ipynb", as_version=4)
    brief = (ROOT / "case_studies" / "b5_torvane" / "README.md").read_text(encoding="utf-8")
    for text in (" ".join(c.source for c in lesson.cells), brief):
        flat = re.sub(r"\s+", " ", text)
        assert "3 ans à compter de la collecte ou du dernier contact venant de lui" in flat
        assert "ouverture d'un e-mail ne compte pas" in flat
        assert "3 ans après le dernier contact" not in flat


def test_lessons_cover_bloc_5():
    codes = set()
    for path in NOTEBOOKS:
        for call in re.findall(r"objectives\(([^)]*)\)", path.read_text(encoding="utf-8")):
            codes |= set(re.findall(r"C[E]?\d+", call))
    assert codes == {"C34", "C35", "C36", "C37", "CE33", "CE34", "CE35", "CE36"}


def test_at_least_one_widget_in_the_lessons():
    text = "".join(p.read_text(encoding="utf-8") for p in NOTEBOOKS)
    assert "FunnelSimulator(" in text and "CampaignSimulator(" in text


def _solved(path: Path) -> nbformat.NotebookNode:
    """The lesson with every ``reponse = None`` replaced by the code of its correction."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and re.search(r"^reponse = None", cell.source, re.M):
            solution = re.search(r"```python\n(.*?)\n```", nb.cells[i + 2].source, re.S).group(1)
            kept = [line for line in cell.source.splitlines() if not re.match(r"reponse\w* = None", line)]
            cell.source = "\n".join(kept + [solution])
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_corrections_are_accepted_by_the_checks(path):
    """Executed with the corrections filled in, every check of the lesson answers "Bravo"."""
    from nbclient import NotebookClient

    nb = _solved(path)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and re.search(r"^verifier_\w+\(", c.source, re.M)]
    assert checks
    for cell in checks:
        shown = [o["data"]["text/plain"] for o in cell.outputs if "text/plain" in o.get("data", {})]
        assert shown, cell.source
        assert all("Bravo" in text for text in shown), (cell.source, shown)
    expected = {"02_funnel_kpi.ipynb": _lesson2_settings, "06_campagne_groupe_controle.ipynb": _lesson6_settings}.get(path.name)
    if expected:
        printed = [o["text"] for c in nb.cells if "Simulator(**reglages)" in c.source for o in c.outputs if o.get("name") == "stdout"]
        assert ast.literal_eval(re.sub(r"np\.float64\(([^)]*)\)", r"\1", printed[0].strip())) == pytest.approx(expected())


def _markdown(name: str) -> str:
    nb = nbformat.read(LESSONS / name, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _fr(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


def _rows(name: str) -> list[dict[str, str]]:
    """One CSV of the training case, read with the standard library (another route than pandas)."""
    with (ROOT / "case_studies" / "b5_torvane" / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _lesson2_settings() -> dict:
    """The funnel simulator's settings, computed from the training data as lesson 2's text describes them."""
    visits, leads, costs = _rows("visites.csv"), _rows("prospects.csv"), _rows("couts_canaux.csv")
    visitors = len({r["visiteur_id"] for r in visits})
    mql = sum(r["statut_mql"] == "MQL" for r in leads)
    orders = [float(r["ca_ht"]) for r in visits if r["commande"] == "1"]
    return dict(
        visiteurs=round(visitors * 50 / 3, -3), taux_lead=round(len(leads) / visitors, 3), taux_mql=round(mql / len(leads), 2),
        taux_sql=1.0, taux_client=round(sum(r["client_id"] != "" for r in leads) / mql, 2),
        panier_moyen=round(sum(orders) / len(orders)), taux_marque=0.58,
        budget=round(sum(float(r["cout_ht"]) for r in costs) / 3, -2),
    )


def _lesson6_settings() -> dict:
    """The campaign simulator's settings, computed from the training data as lesson 6's text describes them."""
    customers, test = _rows("clients.csv"), _rows("relance_abonnes.csv")
    subscribed = sum(r["optin_newsletter"] == "1" for r in customers)
    rates = {g: [int(r["achat_30j"]) for r in test if r["groupe"] == g] for g in ("test", "contrôle")}
    rate = {g: sum(v) / len(v) for g, v in rates.items()}
    baskets = [float(r["ca_30j_ht"]) for r in test if r["groupe"] == "contrôle" and r["achat_30j"] == "1"]
    return dict(
        n_cible=subscribed - subscribed // 10, n_controle=subscribed // 10, taux_controle=round(rate["contrôle"], 3),
        uplift_points=round(rate["test"] - rate["contrôle"], 3), panier_moyen=round(sum(baskets) / len(baskets)),
        taux_marque=0.58, cout_par_contact=0.008, cout_fixe=600, remise=0.15,
    )


def test_recence_means_time_since_the_last_purchase_everywhere():
    """Issue 21 item 7: lifetimes' ``recency`` (first to last purchase) is never called « récence » (CONTENT.md §5)."""
    text = "\n".join(c.source for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells)
    assert "de sa fréquence, de sa récence" not in text
    lesson_4 = _markdown("04_cycle_de_vie_cohortes_clv.ipynb")
    assert "`recency` (**la durée entre son premier et son dernier achat**" in lesson_4
    assert "temps écoulé **depuis** le dernier achat" in lesson_4
    assert "**R**écence : nombre de jours depuis le dernier achat" in _markdown("03_segmentation_rfm_scores.ipynb")


def test_the_simulators_start_from_the_training_data():
    """Item 7 of issue 21: lesson 2's simulator ran at 25 000 € a month, far from the case's own budget."""
    code = "".join(c.source for c in nbformat.read(LESSONS / "02_funnel_kpi.ipynb", as_version=4).cells if c.cell_type == "code")
    assert "25_000" not in code and 'couts["cout_ht"].sum() / 3' in code
    monthly = sum(float(r["cout_ht"]) for r in _rows("couts_canaux.csv")) / 3
    assert _lesson2_settings()["budget"] == pytest.approx(monthly, abs=50)


def test_simulator_answers_written_in_lesson_2_are_right():
    text = _markdown("02_funnel_kpi.ipynb")
    settings = _lesson2_settings()
    base = b5.simulate_funnel(**settings)
    assert "le ROI est négatif" in text and base.marge < settings["budget"]
    assert "plus de 40 %" in text and settings["taux_mql"] > 0.40
    doubled = b5.simulate_funnel(**{**settings, "visiteurs": 2 * settings["visiteurs"], "taux_mql": 0.15})
    assert "doubler le trafic donne **moins** de clients" in text and doubled.clients < base.clients


def test_simulator_answers_written_in_lesson_6_are_right():
    from scipy.stats import chi2_contingency

    text = _markdown("06_campagne_groupe_controle.ipynb")
    settings = _lesson6_settings()
    n, rate, uplift, basket = settings["n_cible"], settings["taux_controle"], settings["uplift_points"], settings["panier_moyen"]
    cost = 600 + n * 0.008
    given_away = n * rate * basket * 0.15  # the discount given to those who would have bought anyway
    with_discount = (cost + given_away) / (n * basket * (0.58 - 0.15))
    without = cost / (n * basket * 0.58)
    assert "le point mort est du même ordre que l'uplift mesuré" in text and 0.75 < with_discount / uplift < 1.25
    assert "il tombe à environ un point" in text and 0.005 < without < 0.015
    assert b5.simulate_campaign(**settings).uplift_point_mort == pytest.approx(with_discount)
    # 500 control customers, 1 point of uplift: not significant
    table = np.array([[round((rate + 0.01) * 500), 500 - round((rate + 0.01) * 500)], [round(rate * 500), 500 - round(rate * 500)]])
    assert chi2_contingency(table, correction=False)[1] > 0.05
    assert "la p-value dépasse largement 5 %" in text


# --------------------------------------------------------------------------
# The funnel simulator in a real browser (JupyterLab + Debian's chromium)
# --------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_funnel_simulator_updates_in_jupyterlab(tmp_path):
    """Run lesson 2 from the menu, move the Visiteurs slider with the keyboard, read the new KPIs on the page."""
    import os
    import secrets
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    if not Path(CHROMIUM).exists():
        message = "chromium est absent : lancer scripts/install-browser.sh"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")

    notebook = LESSONS / "02_funnel_kpi.ipynb"
    root = tmp_path / "cours"
    root.mkdir()
    shutil.copy(notebook, root / notebook.name)
    settings = tmp_path / "settings" / "@jupyterlab"
    for plugin, values in {
        "notebook-extension/tracker": {"windowingMode": "none"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
    )
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = tmp_path / "jupyterlab.log"
    with log.open("w") as log_file:
        proc = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT, cwd=root)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.5)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            try:
                page.goto(f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}")
                page.get_by_text("Python 3 (ipykernel) | Idle").first.wait_for(timeout=60_000)
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
                kpis = page.locator(".widget-html table").first
                settings = _lesson2_settings()
                start = b5.simulate_funnel(**settings)
                sync_api.expect(kpis).to_contain_text(_fr(start.leads), timeout=90_000)
                handle = page.locator(".widget-slider", has_text="Visiteurs").first.locator(".noUi-handle").first
                handle.focus()
                handle.press("ArrowRight")  # one step: +1 000 visiteurs
                expected = b5.simulate_funnel(**{**settings, "visiteurs": settings["visiteurs"] + 1_000})
                sync_api.expect(kpis).to_contain_text(_fr(expected.leads), timeout=30_000)
                sync_api.expect(kpis).to_contain_text(_fr(expected.clients), timeout=30_000)
                # the bar chart, redrawn in place (the KPIs come first: wait for the new picture, never two)
                sync_api.expect(page.locator(".widget-output img")).to_have_count(1, timeout=30_000)
            finally:
                (ROOT / "test-artifacts").mkdir(exist_ok=True)
                page.screenshot(path=str(ROOT / "test-artifacts" / "b5-simulateur-entonnoir.png"))
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
