"""Every number of the bloc 5 solution, recomputed by another route.

The three solution notebooks are executed once (nbclient, in their folder; once
per run for this file and the separation test, ``b5_exam_run``) and their answers collected; each answer is then recomputed here from the raw CSV
files with the standard library (``csv``, ``collections``, ``math``) instead
of pandas, from the generator's documented rules, or with the field library
(``lifetimes`` for frequency/recency/T, ``statsmodels`` for Holt-Winters).
The planted business stories the manual answers rely on are checked too.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest
from b5_exam_run import (
    executed_exam,  # executed once per run, shared with the separation test
)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"
DATA = SOURCE / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _generator():
    spec = importlib.util.spec_from_file_location("calyce_gen", ROOT / "case_studies" / "b5_calyce" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> dict[str, dict]:
    """Variables of the executed solution notebooks, keyed by notebook then name."""
    return {name: run["answers"] for name, run in executed_exam(tmp_path_factory).items()}


# ----------------------------------------------------------------- part 1
def test_channels_follow_the_generator_rules(answers):
    gen = _generator()
    counts = Counter()
    for row in _rows("sessions.csv"):
        query = row["landing_url"].partition("?")[2]
        params = dict(p.split("=", 1) for p in query.split("&")) if query else {}
        if "utm_source" in params:
            counts[gen.CHANNEL_BY_SOURCE[params["utm_source"].strip().lower()]] += 1
        elif row["referent"] in gen.SEARCH_ENGINES:
            counts["SEO"] += 1
        else:
            counts["Direct"] += 1
    assert answers["1_collecte_et_tracking"]["trafic_par_canal"].to_dict() == dict(counts)


def test_funnel_numbers(answers):
    a = answers["1_collecte_et_tracking"]
    sessions, leads = _rows("sessions.csv"), _rows("leads.csv")
    visitors = len({r["visiteur_id"] for r in sessions})
    mql = sum(r["statut_mql"] == "MQL" for r in leads)
    customers = sum(bool(r["client_id"]) for r in leads)
    assert (a["nb_visiteurs"], a["nb_leads"], a["nb_mql"], a["nb_clients"]) == (visitors, len(leads), mql, customers)
    assert a["taux_lead"] == pytest.approx(len(leads) / visitors, rel=1e-12)
    assert a["taux_mql"] == pytest.approx(mql / len(leads), rel=1e-12)
    assert a["taux_conversion_leads"] == pytest.approx(customers / len(leads), rel=1e-12)
    # the MQL status of the file is the scoring rule printed in the brief
    gen = _generator()
    for r in leads:
        score = gen.lead_score(
            int(r["diagnostic_complete"]), int(r["pages_produits_vues"]), int(r["emails_bienvenue_ouverts"]), r["formulaire"]
        )
        assert (r["statut_mql"] == "MQL") == (score >= gen.MQL_THRESHOLD), r["lead_id"]


def test_funnel_by_channel_and_planted_tiktok_story(answers):
    table = answers["1_collecte_et_tracking"]["entonnoir"]
    per = defaultdict(lambda: [0, 0, 0])
    for r in _rows("leads.csv"):
        per[r["canal"]][0] += 1
        per[r["canal"]][1] += r["statut_mql"] == "MQL"
        per[r["canal"]][2] += bool(r["client_id"])
    visits = answers["1_collecte_et_tracking"]["trafic_par_canal"]
    for channel, (n, mql, customers) in per.items():
        assert table.loc[channel, "leads"] == n and table.loc[channel, "mql"] == mql
        assert table.loc[channel, "clients"] == customers
        assert table.loc[channel, "taux_mql"] == pytest.approx(mql / n)
        assert table.loc[channel, "taux_conversion"] == pytest.approx(customers / n)
        assert table.loc[channel, "taux_lead_visite"] == pytest.approx(n / visits[channel])
    # TikTok: most visits, fewest qualified leads
    assert visits.idxmax() == "TikTok"
    assert table["taux_mql"].idxmin() == "TikTok" and table.loc["TikTok", "taux_mql"] < 0.1
    assert table.drop("TikTok")["taux_mql"].min() > 0.35


def test_cta_click_rates(answers):
    a = answers["1_collecte_et_tracking"]
    counts = Counter((r["cta_id"], r["evenement"]) for r in _rows("cta_evenements.csv"))
    for cta in ("diagnostic_peau", "newsletter_10", "ajout_panier"):
        assert a["taux_clic_cta"][cta] == pytest.approx(counts[cta, "clic"] / counts[cta, "impression"], rel=1e-12)
    clicks = sum(v for (_, e), v in counts.items() if e == "clic")
    shows = sum(v for (_, e), v in counts.items() if e == "impression")
    assert a["taux_clic_global"] == pytest.approx(clicks / shows, rel=1e-12)


def test_mobile_checkout_story(answers):
    rate = answers["1_collecte_et_tracking"]["taux_commande_apres_panier"]
    carts = {r["session_id"] for r in _rows("cta_evenements.csv") if (r["cta_id"], r["evenement"]) == ("ajout_panier", "clic")}
    orders, visits = Counter(), Counter()
    for r in _rows("sessions.csv"):
        if r["session_id"] in carts:
            visits[r["appareil"]] += 1
            orders[r["appareil"]] += int(r["commande"])
    for device in visits:
        assert rate[device] == pytest.approx(orders[device] / visits[device], rel=1e-12)
    assert rate["mobile"] < 0.5 * rate["ordinateur"]


# ----------------------------------------------------------------- part 2
def _psycho(r: dict[str, str]) -> str:
    if r["motivation_principale"] == "efficacité":
        return "Experte efficacité"
    if int(r["sensibilite_ecologique"]) >= 4 and int(r["accord_payer_plus_bio"]) >= 4:
        return "Militante bio"
    if r["motivation_principale"] == "prix" or int(r["accord_payer_plus_bio"]) <= 2:
        return "Pragmatique"
    return "Curieuse"


def test_segments_and_planted_unmet_need(answers):
    a = answers["2_segmentation_et_scores"]
    groups = defaultdict(list)
    for r in _rows("clients_crm.csv"):
        groups[_psycho(r)].append(r)
    table = a["synthese_segments"]
    for segment, members in groups.items():
        assert table.loc[segment, "clients"] == len(members)
        assert table.loc[segment, "ca_moyen"] == pytest.approx(sum(float(m["ca_total_ht"]) for m in members) / len(members))
        orders = sum(int(m["nb_commandes"]) for m in members) / len(members)
        assert table.loc[segment, "commandes_moyennes"] == pytest.approx(orders)
        csat = sum(int(m["satisfaction"]) >= 4 for m in members) / len(members)
        assert table.loc[segment, "csat"] == pytest.approx(csat)
    # the high-value, low-satisfaction segment and its stated need
    assert table["ca_moyen"].idxmax() == table["csat"].idxmin() == "Experte efficacité"
    needs = Counter(m["attente_principale"] for m in groups["Experte efficacité"])
    assert needs.most_common(1)[0][0] == "gamme anti-âge"
    ages = [18, 25, 35, 45, 55, 65, 80]
    labels = ["18-24", "25-34", "35-44", "45-54", "55-64", "65 et +"]
    by_age, revenue = Counter(), defaultdict(float)
    cells = defaultdict(lambda: [0, 0])
    for r in _rows("clients_crm.csv"):
        age = int(r["age"])
        band = next(lab for lo, hi, lab in zip(ages, ages[1:], labels) if lo <= age < hi)
        by_age[band] += 1
        revenue[band] += float(r["ca_total_ht"])
        cells[_psycho(r), band][0] += 1
        cells[_psycho(r), band][1] += int(r["satisfaction"]) >= 4
    assert a["profil_age"]["clients"].to_dict() == dict(by_age)
    for band, n in by_age.items():
        assert a["profil_age"].loc[band, "ca_moyen"] == pytest.approx(revenue[band] / n)
    crossed = a["csat_segment_age"]
    for (segment, band), (n, happy) in cells.items():
        assert crossed.loc[segment, band] == pytest.approx(happy / n)
    assert crossed.loc["Experte efficacité", "45-54"] < 0.45


def _lifetimes_summary():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes sets a pandas option that pandas 3 deprecates
        from lifetimes.utils import summary_data_from_transaction_data
    return summary_data_from_transaction_data


def test_behavioural_segments_and_pareto_story(answers):
    weights = answers["2_segmentation_et_scores"]["poids_segments"]
    snapshot = _generator().CRM_SNAPSHOT
    members, revenue = Counter(), defaultdict(float)
    for r in _rows("clients_crm.csv"):
        days = (snapshot - dt.date.fromisoformat(r["date_derniere_commande"])).days
        if days <= 180 and int(r["nb_commandes"]) >= 10:
            segment = "Fidèle"
        elif days <= 180:
            segment = "Active"
        elif days <= 365:
            segment = "À relancer"
        else:
            segment = "Inactive"
        members[segment] += 1
        revenue[segment] += float(r["ca_total_ht"])
    for segment in members:
        assert weights.loc[segment, "part_clients"] == pytest.approx(members[segment] / sum(members.values()))
        assert weights.loc[segment, "part_ca"] == pytest.approx(revenue[segment] / sum(revenue.values()))
    # a minority of loyal customers makes a large share of revenue
    assert weights.loc["Fidèle", "part_clients"] < 0.2 and weights.loc["Fidèle", "part_ca"] > 0.35


def test_frequency_recency_T_equal_lifetimes(answers):
    summary_data_from_transaction_data = _lifetimes_summary()

    from cpmc_course.datasets import cdnow_transactions

    resume = answers["2_segmentation_et_scores"]["resume"]
    reference = summary_data_from_transaction_data(
        cdnow_transactions(), "client_id", "date", observation_period_end="1998-06-30"
    )
    assert len(reference) == len(resume) == 23_570
    ours = resume[["frequency", "recency", "T"]].astype(float).sort_index()
    pd.testing.assert_frame_equal(ours, reference.sort_index()[["frequency", "recency", "T"]], check_names=False)


def test_rfm_segments_from_lifetimes_summary(answers):
    summary_data_from_transaction_data = _lifetimes_summary()

    from cpmc_course.datasets import cdnow_transactions

    purchases = cdnow_transactions()
    summary = summary_data_from_transaction_data(purchases, "client_id", "date", observation_period_end="1998-06-30")
    counts = Counter()
    for freq, rec, T in summary[["frequency", "recency", "T"]].itertuples(index=False):
        days = T - rec
        r = 5 if days <= 30 else 4 if days <= 90 else 3 if days <= 180 else 2 if days <= 365 else 1
        n = freq + 1
        f = 1 if n <= 1 else 2 if n <= 2 else 3 if n <= 4 else 4 if n <= 9 else 5
        if r >= 4 and f >= 4:
            counts["Champions"] += 1
        elif r >= 4 and f <= 2:
            counts["Prometteurs"] += 1
        elif r <= 2 and f >= 3:
            counts["À risque"] += 1
        elif r <= 2 and f <= 2:
            counts["Hibernants"] += 1
        else:
            counts["À développer"] += 1
    assert answers["2_segmentation_et_scores"]["clients_par_segment_rfm"].to_dict() == dict(counts)
    # the segments use R and F only: no score the segments ignore
    assert "score_M" not in answers["2_segmentation_et_scores"]["resume"].columns


def test_cohort_retention_and_value(answers):
    from importlib.resources import files

    a = answers["2_segmentation_et_scores"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = (files("lifetimes") / "datasets" / "CDNOW_master.txt").read_text()
    rows = []
    for line in text.splitlines()[1:]:
        customer, day, _quantity, amount = line.split()
        rows.append((customer, int(day[:4]), int(day[4:6]), float(amount)))
    first = {}
    for customer, year, month, _ in rows:
        first[customer] = min(first.get(customer, (9999, 12)), (year, month))
    active, value = defaultdict(set), defaultdict(float)
    for customer, year, month, amount in rows:
        start = first[customer]
        cohort = f"{start[0]}-{start[1]:02d}"
        k = (year - start[0]) * 12 + (month - start[1])
        active[cohort, k].add(customer)
        if k < 12:
            value[cohort] += amount
    size = Counter(f"{y}-{m:02d}" for y, m in first.values())
    retention = a["retention"]
    assert sorted(size) == list(retention.index) == ["1997-01", "1997-02", "1997-03"]
    for cohort in size:
        for k in range(16):
            assert retention.loc[cohort, k] == pytest.approx(len(active[cohort, k]) / size[cohort], rel=1e-12)
        assert a["valeur_12_mois"][cohort] == pytest.approx(value[cohort] / size[cohort], rel=1e-9)


# ----------------------------------------------------------------- part 3
def test_campaign_uplift_roi_and_significance(answers):
    a = answers["3_campagnes_previsions_synthese"]
    groups = defaultdict(list)
    for r in _rows("campagne_fidelite.csv"):
        groups[r["groupe"]].append(r)
    test, control = groups["test"], groups["contrôle"]
    sent = sum(int(r["email_envoye"]) for r in test)
    assert a["taux_ouverture"] == pytest.approx(sum(int(r["email_ouvert"]) for r in test) / sent)
    assert a["taux_clic_email"] == pytest.approx(sum(int(r["email_clique"]) for r in test) / sent)
    buy_t = sum(int(r["achat_30j"]) for r in test)
    buy_c = sum(int(r["achat_30j"]) for r in control)
    p_t, p_c = buy_t / len(test), buy_c / len(control)
    assert a["taux_achat"]["test"] == pytest.approx(p_t) and a["taux_achat"]["contrôle"] == pytest.approx(p_c)
    assert a["uplift_points"] == pytest.approx(100 * (p_t - p_c))
    assert a["nb_envois"] == sent == len(test)
    rev_t = sum(float(r["ca_30j_ht"]) for r in test) / len(test)
    rev_c = sum(float(r["ca_30j_ht"]) for r in control) / len(control)
    incremental = (rev_t - rev_c) * sent
    cost = 1200 + 0.012 * sent
    assert a["ca_par_client"]["test"] == pytest.approx(rev_t) and a["ca_par_client"]["contrôle"] == pytest.approx(rev_c)
    assert a["ca_incremental"] == pytest.approx(incremental)
    # margin: the test group paid 90 % of the normal price P for goods costing 32 % of P
    sales_t = sum(float(r["ca_30j_ht"]) for r in test)
    margin = sales_t - 0.32 * sales_t / 0.9 - 0.68 * rev_c * sent
    assert a["marge_incrementale"] == pytest.approx(margin)
    assert a["cout_campagne"] == pytest.approx(cost)
    assert a["roi"] == pytest.approx((margin - cost) / cost)
    # 95 % interval of the margin gain (normal approximation, sample variances written out)
    m_t = [float(r["ca_30j_ht"]) * (1 - 0.32 / 0.9) for r in test]
    m_c = [float(r["ca_30j_ht"]) * 0.68 for r in control]
    def var(xs):
        mu = sum(xs) / len(xs)
        return sum((x - mu) ** 2 for x in xs) / (len(xs) - 1)
    half = 1.96 * math.sqrt(var(m_t) / len(m_t) + var(m_c) / len(m_c)) * sent
    assert a["marge_basse"] == pytest.approx(margin - half) and a["marge_haute"] == pytest.approx(margin + half)
    assert a["roi_bas"] == pytest.approx((margin - half - cost) / cost)
    assert 0 < a["roi_bas"] < 0.2 < 1.5 < a["roi"] < a["roi_haut"]
    # two-proportion z-test, pooled, two-sided, written out
    pooled = (buy_t + buy_c) / (len(test) + len(control))
    z = (p_t - p_c) / math.sqrt(pooled * (1 - pooled) * (1 / len(test) + 1 / len(control)))
    assert a["p_value"] == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)
    # planted story: real but modest uplift, significant at 5 %
    assert 1 < a["uplift_points"] < 6 and a["significatif"] and a["p_value"] < 0.05
    assert 0 < a["roi"]


def test_holt_winters_forecast_from_statsmodels(answers):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    a = answers["3_campagnes_previsions_synthese"]
    rows = _rows("ventes_mensuelles.csv")
    series = pd.Series(
        [float(r["ca_ht"]) for r in rows], index=pd.date_range("2022-01-01", periods=len(rows), freq="MS")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit()
    reference = fit.forecast(6)
    assert list(a["prevision"].index) == list(pd.date_range("2027-01-01", periods=6, freq="MS"))
    assert a["prevision"].to_numpy() == pytest.approx(reference.to_numpy(), rel=1e-9)
    s1_2026 = sum(float(r["ca_ht"]) for r in rows if "2026-01" <= r["mois"] <= "2026-06")
    assert a["prevision_s1_2027"] == pytest.approx(reference.sum())
    assert a["evolution_s1"] == pytest.approx(reference.sum() / s1_2026 - 1)
    # trend and seasonality are in the data: May peak, forecast within a few percent of last year
    assert a["prevision"].idxmax().month == 5 and 0 < a["evolution_s1"] < 0.12


def test_figure_bars_are_the_costs_per_customer(answers):
    a = answers["3_campagnes_previsions_synthese"]
    per = defaultdict(lambda: [0.0, 0])
    for r in _rows("couts_campagnes.csv"):
        per[r["canal"]][0] += float(r["cout_ht"])
        per[r["canal"]][1] += int(r["clients"])
    expected = sorted((cost / n, channel) for channel, (cost, n) in per.items())
    assert a["bar_widths"] == pytest.approx([v for v, _ in expected])
    assert a["bar_labels"] == [c for _, c in expected]


# ----------------------------------------------------------------- new data: SEO, costs, products
def test_seo_by_query_type_and_opportunities(answers):
    a = answers["1_collecte_et_tracking"]
    rows = _rows("seo_requetes.csv")
    for kind in ("marque", "hors marque"):
        shows = sum(int(r["impressions"]) for r in rows if r["type_requete"] == kind)
        clicks = sum(int(r["clics"]) for r in rows if r["type_requete"] == kind)
        assert a["seo_par_type"].loc[kind, "ctr"] == pytest.approx(clicks / shows)
    chosen = [r for r in rows if r["type_requete"] == "hors marque" and int(r["impressions"]) >= 50_000
              and 4 <= float(r["position_moyenne"]) <= 15]
    assert a["opportunites_seo"] == [r["requete"] for r in sorted(chosen, key=lambda r: -int(r["impressions"]))]
    # planted story: the anti-ageing queries show often but rank on page 2
    for query in ("sérum anti-âge bio", "crème anti-rides bio"):
        assert query in a["opportunites_seo"]
        row = next(r for r in rows if r["requete"] == query)
        assert float(row["position_moyenne"]) > 10 and int(row["impressions"]) > 140_000


def test_costs_per_channel_and_cost_story(answers):
    table = answers["1_collecte_et_tracking"]["couts_par_canal"]
    per = defaultdict(lambda: [0.0, 0, 0])
    for r in _rows("couts_campagnes.csv"):
        per[r["canal"]][0] += float(r["cout_ht"])
        per[r["canal"]][1] += int(r["leads"])
        per[r["canal"]][2] += int(r["clients"])
    for channel, (cost, leads, customers) in per.items():
        assert table.loc[channel, "cout_par_lead"] == pytest.approx(cost / leads)
        assert table.loc[channel, "cout_par_client"] == pytest.approx(cost / customers)
    # whole-traffic volumes are about 60 times the sample's
    sample = Counter(r["canal"] for r in _rows("leads.csv"))
    for channel, (_, leads, _) in per.items():
        assert 50 * sample[channel] < leads < 70 * sample[channel]
    # TikTok: cheapest lead, not cheapest customer; SEO and e-mail cheapest customers, SEA and affiliation dearest
    cac = table["cout_par_client"].sort_values()
    assert table["cout_par_lead"].idxmin() == "TikTok"
    assert set(cac.index[:2]) == {"SEO", "E-mail"} and set(cac.index[-2:]) == {"SEA", "Affiliation"}


def test_conversion_intervals_are_wilson_intervals(answers):
    table = answers["1_collecte_et_tracking"]["intervalles_conversion"]
    z = 1.959963984540054
    for channel, row in table.iterrows():
        n, k = row["leads"], row["clients"]
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert row["borne_basse_95"] == pytest.approx(centre - half) and row["borne_haute_95"] == pytest.approx(centre + half)
    # small counts: 2 to 25 customers per channel
    assert table["clients"].min() == 2 and table["clients"].max() == 25


def test_products_repeat_rates_and_planted_attitude(answers):
    a = answers["2_segmentation_et_scores"]
    buyers, repeat, points, reviews = Counter(), Counter(), Counter(), Counter()
    for r in _rows("produits_segments.csv"):
        buyers[r["gamme"], r["segment_psycho"]] += int(r["acheteurs"])
        repeat[r["gamme"], r["segment_psycho"]] += int(r["reacheteurs"])
        points[r["segment_psycho"]] += float(r["note_moyenne"]) * int(r["nb_avis"])
        reviews[r["segment_psycho"]] += int(r["nb_avis"])
    for (family, segment), n in buyers.items():
        assert a["reachat_gamme_segment"].loc[family, segment] == pytest.approx(repeat[family, segment] / n)
    for segment, n in reviews.items():
        assert a["note_segment"][segment] == pytest.approx(points[segment] / n)
    # the planted segment rebuys serums and creams rarely and rates them low
    table = a["reachat_gamme_segment"]
    for family in ("sérums", "crèmes"):
        assert table.loc[family, "Experte efficacité"] < 0.25 < 0.4 < table.loc[family].drop("Experte efficacité").min()
    assert a["note_segment"].idxmin() == "Experte efficacité" and a["note_segment"].min() < 3.5
    # the product table's segments are the CRM's (rule 2.2): buyers never exceed the segment's size
    sizes = Counter(_psycho(r) for r in _rows("clients_crm.csv"))
    for r in _rows("produits_segments.csv"):
        assert int(r["acheteurs"]) <= sizes[r["segment_psycho"]]
