"""Figures quoted in the bloc 5 model answers, recomputed from the data files (csv, plain Python).

Issue 7 listed figures of the model answers that the data contradicted; each
corrected figure is recomputed here by another route than the solution code and
must appear, formatted the French way, in the model answer that quotes it. A
regenerated dataset that changes a figure makes this test fail instead of
leaving a false sentence behind.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

import nbformat

from cpmc_course.kit import fr_euros, fr_nombre, fr_pourcent

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"
README = ROOT / "case_studies" / "b5_calyce" / "README.md"


def _rows(name: str) -> list[dict[str, str]]:
    with open(SOURCE / "data" / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _answer(grade_id: str) -> str:
    for path in SOURCE.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                return _plain(cell.source)
    raise KeyError(grade_id)


def _plain(text: str) -> str:
    """Spaces normalised: the answers may use a narrow no-break space, a no-break space or a space."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _generator():
    spec = importlib.util.spec_from_file_location("calyce_gen", ROOT / "case_studies" / "b5_calyce" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_contest_leads_can_never_be_mql_and_the_answer_says_why():
    gen = _generator()
    # the highest score a contest lead can reach: no diagnosis (contest form), 4 pages, 3 e-mails opened
    best = max(gen.lead_score(0, pages, opens, "jeu_concours") for pages in range(0, 10) for opens in range(4))
    assert best == 30 < gen.MQL_THRESHOLD
    leads = _rows("leads.csv")
    contest = [r for r in leads if r["formulaire"] == "jeu_concours"]
    assert contest and not any(r["statut_mql"] == "MQL" for r in contest)
    assert not any(r["diagnostic_complete"] == "1" for r in contest)
    tiktok = [r for r in leads if r["canal"] == "TikTok"]
    other = [r for r in tiktok if r["formulaire"] != "jeu_concours"]
    text = _answer("b5_opportunites")
    assert f"{len(contest)} de ses {len(tiktok)} leads" in text
    assert "= 30" in text and _plain(fr_pourcent(sum(r["statut_mql"] == "MQL" for r in other) / len(other))) in _plain(text)
    # no audience claim the data do not hold (the data have no age of visitors)
    assert "jeune" not in text


def test_cdnow_hibernants_are_not_the_one_time_buyers_and_month_zero_is_not_most_of_the_value():
    text = (files("lifetimes") / "datasets" / "CDNOW_master.txt").read_text()
    days, first = defaultdict(set), {}
    amounts = []
    for line in text.splitlines()[1:]:
        customer, day, _quantity, amount = line.split()
        days[customer].add(day)
        amounts.append((customer, day, float(amount)))
        first[customer] = min(first.get(customer, "99999999"), day)
    one_time = sum(len(d) == 1 for d in days.values()) / len(days)
    month0, year1 = Counter(), Counter()
    for customer, day, amount in amounts:
        start = first[customer]
        k = (int(day[:4]) - int(start[:4])) * 12 + int(day[4:6]) - int(start[4:6])
        cohort = start[:6]
        if k == 0:
            month0[cohort] += amount
        if k < 12:
            year1[cohort] += amount
    shares = sorted(month0[c] / year1[c] for c in year1)
    answer = _plain(_answer("b5_besoins_non_satisfaits"))
    assert _plain(f"{fr_pourcent(one_time, 0)} des clients n'achètent qu'un seul jour") in answer
    assert _plain(f"{fr_nombre(shares[0] * 100, 0)} à {fr_nombre(shares[-1] * 100, 0)} % de la valeur") in answer
    assert 0.4 < shares[0] < shares[-1] < 0.5  # the first month is less than half of the first year


def test_campaign_roi_counts_the_discount_and_its_interval():
    rows = _rows("campagne_fidelite.csv")
    test = [float(r["ca_30j_ht"]) for r in rows if r["groupe"] == "test"]
    control = [float(r["ca_30j_ht"]) for r in rows if r["groupe"] == "contrôle"]
    n = len(test)
    # per test customer: paid 0.9 P for goods costing 0.32 P; control customers paid P
    margin_t = [x - 0.32 * x / 0.9 for x in test]
    margin_c = [0.68 * x for x in control]
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    var = lambda xs: sum((x - mean(xs)) ** 2 for x in xs) / (len(xs) - 1)  # noqa: E731
    gain = (mean(margin_t) - mean(margin_c)) * n
    half = 1.96 * math.sqrt(var(margin_t) / len(margin_t) + var(margin_c) / len(margin_c)) * n
    cost = 1200 + 0.012 * n
    roi, low, high = (gain - cost) / cost, (gain - half - cost) / cost, (gain + half - cost) / cost
    old = ((mean(test) - mean(control)) * n * 0.68 - cost) / cost  # 68 % on revenue net of the discount
    assert old > roi + 0.4
    for grade_id in ("b5_synthese_direction", "b5_strategie_internet"):
        text = _plain(_answer(grade_id))
        assert _plain(f"ROI ≈ {fr_pourcent(roi, 0)}") in text, grade_id
        assert _plain(fr_pourcent(low, 0)) in text and _plain(fr_pourcent(high, 0)) in text, grade_id
        assert "215" not in text


def test_costs_quoted_in_the_strategy_and_the_interpretation():
    per = defaultdict(lambda: [0.0, 0])
    for r in _rows("couts_campagnes.csv"):
        per[r["canal"]][0] += float(r["cout_ht"])
        per[r["canal"]][1] += int(r["clients"])
    total = sum(cost for cost, _ in per.values())
    strategy = _plain(_answer("b5_strategie_internet"))
    interpretation = _plain(_answer("b5_opportunites"))
    assert _plain(f"{fr_euros(total)} HT") in strategy
    for channel, (cost, customers) in per.items():
        quoted = fr_euros(cost / customers, 2)
        assert _plain(quoted) in strategy, channel
        assert _plain(quoted) in interpretation, channel


def test_click_rates_are_quoted_per_display_and_counts_are_exact():
    text = _answer("b5_opportunites")
    assert "des **affichages** du bouton" in text and "des visiteurs qui le voient" not in text
    visits = _rows("sessions.csv")
    leads = _rows("leads.csv")
    assert _plain(fr_nombre(len(visits))) in _plain(text)
    tiktok = [r for r in leads if r["canal"] == "TikTok"]
    buyers = sum(bool(r["client_id"]) for r in tiktok)
    assert f"{buyers} clients sur {len(tiktok)}" in text


def test_definitions_are_the_standard_ones():
    brief = README.read_text()
    assert "récence = temps écoulé depuis le dernier achat" in brief
    assert "chaque euro investi rapporte 2,50 € de marge (1 + ROI)" in brief
    assert "taux de marque = marge / prix de vente HT" in brief
    consigne = _answer("b5_frequence_recence_consigne")
    assert "la récence au sens du marketing (et du score R)" in consigne
    assert "est le temps écoulé depuis le dernier achat" in consigne


def test_rgpd_statements_keep_the_limits_of_the_exemption():
    plan = _answer("b5_plan_collecte")
    assert "non recoupées avec d'autres traitements" in plan
    assert "ne peut donc **pas** relier un visiteur à un lead puis à un client" in plan
    brief = README.read_text()
    assert "accepté le cookie de mesure\nd'audience" in brief and "avec prudence" in brief
