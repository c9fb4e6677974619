"""The Torvane training case of bloc 5: reproducible byte for byte, small, and the stories the lessons tell hold.

Every story is recomputed here with the standard library (``csv``), not with
the lesson helpers, so a lesson's « Lecture » cannot drift from its data.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "case_studies" / "b5_torvane"
FILES = ("visites.csv", "clics_cta.csv", "prospects.csv", "couts_canaux.csv", "requetes_seo.csv",
         "clients.csv", "commandes.csv", "relance_abonnes.csv", "ca_mensuel.csv", "produits_par_segment.csv")


def rows(name: str) -> list[dict[str, str]]:
    with (CASE / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_regenerated_data_is_identical_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(CASE / "generate_data.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (CASE / "data" / name).read_bytes(), f"{name} differs from the committed data"


def test_data_stays_small_and_documented():
    assert sum((CASE / "data" / name).stat().st_size for name in FILES) < 3_000_000
    dictionary = (CASE / "DICTIONNAIRE.md").read_text(encoding="utf-8")
    for name in FILES:
        assert f"`{name}`" in dictionary, name
        header = (CASE / "data" / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        for column in header:
            assert f"`{column}`" in dictionary, f"{name}: {column} is not described in DICTIONNAIRE.md"


def _rate(pairs: list[tuple[str, bool]]) -> dict[str, float]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, hit in pairs:
        counts[key][0] += hit
        counts[key][1] += 1
    return {key: hits / total for key, (hits, total) in counts.items()}


def test_story_facebook_fills_the_funnel_without_selling():
    leads = rows("prospects.csv")
    share = sum(r["canal"] == "Facebook" for r in leads) / len(leads)
    mql = _rate([(r["canal"], r["statut_mql"] == "MQL") for r in leads])
    assert share > 1 / 3 and mql["Facebook"] == min(mql.values())
    costs = defaultdict(lambda: [0.0, 0, 0])
    for r in rows("couts_canaux.csv"):
        costs[r["canal"]][0] += float(r["cout_ht"])
        costs[r["canal"]][1] += int(r["leads"])
        costs[r["canal"]][2] += int(r["clients"])
    per_lead = {c: v[0] / v[1] for c, v in costs.items()}
    per_client = {c: v[0] / v[2] for c, v in costs.items()}
    assert per_lead["Facebook"] < per_lead["SEA"] and per_client["Facebook"] > 60 and per_client["SEO"] == min(per_client.values())
    assert "E-mail" not in costs and not any(r["canal"] == "E-mail" for r in leads)  # e-mail is not acquisition


def test_story_quiz_and_mobile_checkout():
    leads = rows("prospects.csv")
    mql = _rate([(r["formulaire"], r["statut_mql"] == "MQL") for r in leads])
    assert mql["quiz_gout"] > mql["newsletter"] + 0.4 and mql["echantillon_offert"] == 0
    carts = {r["session_id"] for r in rows("clics_cta.csv") if r["cta_id"] == "ajout_panier" and r["evenement"] == "clic"}
    visits = rows("visites.csv")
    after = _rate([(r["appareil"], r["commande"] == "1") for r in visits if r["session_id"] in carts])
    assert after["mobile"] < 0.35 and after["ordinateur"] > 0.55
    assert sum(r["appareil"] == "mobile" for r in visits) / len(visits) > 0.5


def test_story_the_practical_segment_spends_most_and_is_least_satisfied():
    customers = rows("clients.csv")
    spend = defaultdict(list)
    for r in customers:
        spend[r["motivation_principale"]].append(float(r["ca_total_ht"]))
    mean = {k: sum(v) / len(v) for k, v in spend.items()}
    csat = _rate([(r["motivation_principale"], r["satisfaction"] in ("4", "5")) for r in customers])
    assert max(mean, key=mean.get) == "praticité" == min(csat, key=csat.get)
    wants = _rate([(r["motivation_principale"], r["attente_principale"] == "abonnement plus souple") for r in customers])
    assert 0.4 < wants["praticité"] < 0.6


def test_crm_agrees_with_the_orders():
    per_client = defaultdict(list)
    for r in rows("commandes.csv"):
        per_client[r["client_id"]].append((r["date"], float(r["montant_ht"])))
    for r in rows("clients.csv"):
        orders = sorted(per_client[r["client_id"]])
        assert int(r["nb_commandes"]) == len(orders)
        assert float(r["ca_total_ht"]) == pytest.approx(sum(a for _, a in orders), abs=0.011)
        assert (r["date_premiere_commande"], r["date_derniere_commande"]) == (orders[0][0], orders[-1][0])


def test_story_the_reactivation_works_but_the_discount_eats_the_margin():
    from scipy.stats import chi2_contingency

    test = rows("relance_abonnes.csv")
    groups = {g: [r for r in test if r["groupe"] == g] for g in ("test", "contrôle")}
    bought = {g: sum(r["achat_30j"] == "1" for r in v) for g, v in groups.items()}
    table = [[bought[g], len(groups[g]) - bought[g]] for g in ("test", "contrôle")]
    assert chi2_contingency(table, correction=False)[1] < 0.01
    revenue = {g: sum(float(r["ca_30j_ht"]) for r in v) / len(v) for g, v in groups.items()}
    n = len(groups["test"])
    margin = (revenue["test"] * (1 - 0.42 / 0.85) - revenue["contrôle"] * 0.58) * n
    cost = 600 + 0.008 * n
    assert revenue["test"] > revenue["contrôle"] and (margin - cost) / cost < 0
    opened = _rate([(r["email_ouvert"], r["achat_30j"] == "1") for r in groups["test"]])
    assert opened["1"] > 2 * opened["0"]  # the openers' trap of lesson 6


def test_story_sales_peak_in_december_and_growth_slows():
    sales = rows("ca_mensuel.csv")
    assert [r["mois"] for r in sales[:2]] == ["2021-01", "2021-02"] and sales[-1]["mois"] == "2026-12"
    yearly = defaultdict(float)
    for r in sales:
        yearly[r["mois"][:4]] += float(r["ca_ht"])
    growth = [yearly[str(y)] / yearly[str(y - 1)] - 1 for y in range(2022, 2027)]
    assert growth[0] > 0.15 and max(growth[3:]) < 0.1
    for year in range(2021, 2027):
        months = [float(r["ca_ht"]) for r in sales if r["mois"].startswith(str(year))]
        assert months.index(max(months)) == 11 and months.index(min(months)) in (6, 7)


def test_story_the_practical_segment_is_disappointed_by_the_capsules():
    totals = defaultdict(lambda: [0, 0, 0.0, 0])
    for r in rows("produits_par_segment.csv"):
        if r["gamme"] == "capsules":
            t = totals[r["segment_psycho"]]
            t[0] += int(r["acheteurs"])
            t[1] += int(r["reacheteurs"])
            t[2] += float(r["note_moyenne"]) * int(r["nb_avis"])
            t[3] += int(r["nb_avis"])
    rebuy = {s: t[1] / t[0] for s, t in totals.items()}
    rating = {s: t[2] / t[3] for s, t in totals.items()}
    buyers = {s: t[0] for s, t in totals.items()}
    assert max(buyers, key=buyers.get) == "praticité" == min(rebuy, key=rebuy.get) == min(rating, key=rating.get)
    assert rebuy["praticité"] < min(v for s, v in rebuy.items() if s != "praticité") - 0.1


def test_the_instructor_notes_name_every_story_test():
    import re

    notes = (CASE / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", notes))
    here = {name for name in globals() if name.startswith(("test_story_", "test_crm_"))}
    assert named == here, (sorted(named ^ here))
