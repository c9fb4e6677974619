"""The kit's one convention for rates: formulas in percent, ``proportion`` once at the edge.

Checked against independent computations (hand-written arithmetic), and against
the lessons that use them: a lesson check and the formula agree on the same numbers.
"""

from __future__ import annotations

import pytest

from cpmc_course.kit import formulas
from cpmc_course.kit.nombres import fr_pourcent
from cpmc_course.lessons import b5


def test_roi_is_a_percentage_and_one_plus_roi_is_what_each_euro_brings_back():
    # 14 000 € of margin for 8 000 € spent: 6 000 € gained, 0.75 per euro
    assert formulas.roi(14_000, 8_000) == pytest.approx(75.0)
    assert 1 + formulas.proportion(formulas.roi(14_000, 8_000)) == pytest.approx(14_000 / 8_000)
    assert formulas.roi(8_000, 8_000) == 0
    assert formulas.roi(4_000, 8_000) == pytest.approx(-50.0)


def test_proportion_and_the_formatter_meet():
    assert formulas.proportion(25.0) == 0.25
    assert fr_pourcent(formulas.proportion(formulas.taux(1, 8))) == "12,5\u202f%"


def test_roas_is_a_ratio_not_a_roi():
    assert formulas.roas(36_000, 9_000) == 4.0
    assert formulas.roas(36_000, 9_000) - 1 != formulas.proportion(formulas.roi(36_000 * 0.4, 9_000))
    assert "roas" in formulas.CALCULS


def test_lesson_checks_use_the_kit_convention():
    # verifier_roi expects a proportion and computes it with formulas.roi
    margin, cost = 34_560 * 0.58, 18_000
    answer = (margin - cost) / cost
    assert "Bravo" in str(b5.verifier_roi(answer, 34_560, 0.58, cost))
    assert "1,11\u202f€ de marge brute (1 + ROI)" in str(b5.verifier_roi(answer, 34_560, 0.58, cost))
    assert "marge nette" not in str(b5.verifier_roi(answer, 34_560, 0.58, cost))
    # the funnel simulation returns proportions computed by the same formulas
    r = b5.simulate_funnel(1_000, 0.1, 0.5, 1.0, 0.2, 100, 0.5, 250)
    assert r.roi == pytest.approx(formulas.proportion(formulas.roi(10 * 100 * 0.5, 250)))
    assert r.taux_global == pytest.approx(10 / 1_000)


def test_discounted_margin_rate():
    # price P, cost 0.32 P; with −10 % the customer pays 0.9 P: margin 0.58 P of 0.9 P
    assert b5.discounted_margin_rate(0.68, 0.10) == pytest.approx(0.58 / 0.9)
    assert b5.discounted_margin_rate(0.68, 0.0) == pytest.approx(0.68)


def test_clv_of_the_revision_bank_uses_the_taux_de_marque():
    """Issue 21 item 7: margin over the selling price is the taux de marque, not a « taux de marge brute »."""
    import json
    from pathlib import Path

    import cpmc_course

    bank = json.loads((Path(cpmc_course.__file__).parent / "data" / "questions" / "b5.json").read_text(encoding="utf-8"))
    question = next(q for q in (bank if isinstance(bank, list) else bank["questions"]) if q.get("calcul") == "clv")
    assert "taux de marque" in question["question"] and "marge brute" not in question["question"]
    data = question["data"]
    # the taux de marque of a 100 € basket bought 70 € is 30 % (its taux de marge would be 42,9 %)
    assert formulas.taux_de_marque(100, 70) == pytest.approx(data["taux_de_marque"])
    assert formulas.taux_de_marge(100, 70) == pytest.approx(300 / 7)
    expected = data["panier_moyen"] * data["taux_de_marque"] / 100 * data["achats_par_an"] * data["duree_annees"]
    assert formulas.clv(**data) == pytest.approx(expected) == pytest.approx(question["answer"])
    # the lessons' CLV (margin per purchase × purchases × years) is the same formula
    assert b5.clv_simple(data["panier_moyen"] * data["taux_de_marque"] / 100, data["achats_par_an"], data["duree_annees"]) == pytest.approx(expected)
