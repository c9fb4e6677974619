"""Every number of the bloc 3 épreuves, lessons and model answers, recomputed by another route.

Routes: the csv module and plain Python (fractions, counters, loops) against the
library (:mod:`cpmc_course.lessons.b3`) and the solution notebooks; rounding
acceptance: each test cell accepts the correctly rounded answer and rejects the
next value at the stated precision, and rejects plausible mistakes.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections import Counter
from fractions import Fraction
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from b3_exam import lunea
from notebook_exec import grade_cells, passes, run_solution

from cpmc_course.kit import formulas, fr_euros, fr_nombre, fr_pourcent
from cpmc_course.lessons import b3
from cpmc_course.lessons.b3 import ecoute

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "case_studies" / "b3_lunea" / "data"
OFFRE = REPO / "source" / "b3_offre_relation_client" / "offre_relation_client.ipynb"
ORAL = REPO / "source" / "b3_oral_resolution_probleme" / "preparation_groupe.ipynb"


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- independent values
COST = sum(Fraction(r["quantite"]) * Fraction(r["cout_unitaire_ht"]) for r in rows("couts_solution.csv"))
PRICE = COST / (1 - Fraction(25, 100))
FLOOR = COST / (1 - Fraction(15, 100))
SURVEY = rows("enquete_satisfaction.csv")
CSAT = Fraction(sum(int(r["note_csat"]) >= 4 for r in SURVEY) * 100, len(SURVEY))
NPS = Fraction((sum(int(r["note_recommandation"]) >= 9 for r in SURVEY) - sum(int(r["note_recommandation"]) <= 6 for r in SURVEY)) * 100, len(SURVEY))
CES = Fraction(sum(int(r["note_effort"]) for r in SURVEY), len(SURVEY))
COMPLAINTS = rows("reclamations.csv")
BY_CATEGORY = Counter(r["categorie"] for r in COMPLAINTS).most_common()
MONTHLY = [sum(r["date_reception"][5:7] == month for r in COMPLAINTS) for month in ("09", "10", "11")]


def _break_even(amount: Fraction | int = 180000) -> int:
    n = 0
    while Fraction(n) * 890 * Fraction(42, 100) < amount:
        n += 1
    return n


YEARLY_GAIN = 300 * Fraction(890 * 42, 100) + 45000
"""The director's « payback in under two years »: extra orders' gross margin plus service savings (brief, section 3)."""
PAYBACK_MONTHS = math.ceil(180000 / YEARLY_GAIN * 12)


def test_cost_price_and_selling_prices():
    couts = lunea("couts_solution")
    assert COST == 150330
    assert b3.cout_de_revient(couts) == float(COST)
    by_cat = {}
    for r in rows("couts_solution.csv"):
        by_cat[r["categorie"]] = by_cat.get(r["categorie"], 0) + Fraction(r["quantite"]) * Fraction(r["cout_unitaire_ht"])
    assert b3.couts_par_categorie(couts).to_dict() == {k: float(v) for k, v in by_cat.items()}
    assert PRICE == 200440 and b3.prix_pour_taux_de_marque(float(COST), 0.25) == pytest.approx(200440)
    # the price leaves 25 % of itself as margin (taux de marque), i.e. 1/3 of the cost (taux de marge)
    assert (PRICE - COST) / PRICE == Fraction(1, 4) and (PRICE - COST) / COST == Fraction(1, 3)
    assert formulas.taux_de_marque(200440, 150330) == pytest.approx(25)
    assert b3.taux_de_marge(200440, 150330) == pytest.approx(1 / 3)
    assert round(FLOOR) == 176859
    assert PRICE > 180000 > FLOOR, "the case plants a negotiation between the floor and the target price"


def test_break_even_in_orders():
    assert _break_even() == b3.seuil_en_commandes(180000, 890, 0.42) == 482
    assert b3.seuil_en_commandes(890 * 0.42 * 3, 890, 0.42) == 3  # an exact multiple is not rounded up
    assert _break_even(PRICE) == b3.seuil_en_commandes(200440, 890, 0.42) == 537
    assert round(200440 / (890 * 0.42)) == 536, "the data tell ceil from round: round must fail question 4.3"
    assert YEARLY_GAIN == 157140 and PAYBACK_MONTHS == 14 and math.ceil(PRICE / YEARLY_GAIN * 12) == 16


def test_satisfaction_indicators():
    enquete = lunea("enquete_satisfaction")
    assert b3.csat(enquete["note_csat"]) == pytest.approx(float(CSAT))
    assert b3.nps(enquete["note_recommandation"]) == pytest.approx(float(NPS))
    assert b3.ces(enquete["note_effort"]) == pytest.approx(float(CES))
    assert NPS < 0, "the brief says the NPS is negative"


def test_pareto_and_main_causes():
    table = b3.pareto(lunea("reclamations")["categorie"])
    assert list(table.index) == [c for c, _ in BY_CATEGORY]
    cumulative, expected = 0, []
    for category, count in BY_CATEGORY:
        cumulative += count
        if cumulative * 100 <= 80 * len(COMPLAINTS):
            expected.append(category)
    assert b3.causes_principales(table) == expected
    # the 80 % cut is not a knife edge: the next category takes the cumulative share well above it
    nxt = sum(c for _, c in BY_CATEGORY[: len(expected) + 1]) / len(COMPLAINTS)
    last = sum(c for _, c in BY_CATEGORY[: len(expected)]) / len(COMPLAINTS)
    assert last <= 0.79 and nxt >= 0.82


def test_classifier_accuracy_on_the_labelled_corpus():
    avis = pd.read_csv(DATA / "avis_social.csv")
    truth = pd.read_csv(DATA / "avis_social_etiquettes.csv")
    measured = ecoute.accuracy(avis, truth)
    print(f"exactitude du classifieur sur {measured.evaluated} publications non annotées : thème {measured.theme:.1%}, sentiment {measured.sentiment:.1%}")
    assert measured.evaluated == (avis["annote"] == "non").sum() > 100
    assert measured.theme >= 0.85
    assert measured.sentiment >= 0.85
    labelled = ecoute.annoter(avis)
    assert labelled["theme"].notna().all() and set(labelled["sentiment"]) <= set(ecoute.SENTIMENTS)
    manual = labelled["origine"] == ecoute.MANUAL
    assert labelled.loc[manual, "theme"].tolist() == avis.loc[manual, "theme"].tolist(), "hand labels are kept"
    assert ecoute.annoter(avis).equals(labelled), "the classifier is deterministic"


# ---------------------------------------------------------------- rounding acceptance in the test cells
@pytest.fixture(scope="module")
def offre():
    nb = nbformat.read(OFFRE, as_version=4)
    return run_solution(OFFRE), grade_cells(nb)


@pytest.fixture(scope="module")
def oral():
    nb = nbformat.read(ORAL, as_version=4)
    return run_solution(ORAL), grade_cells(nb)


def test_solution_values_of_the_offer(offre):
    ns, _ = offre
    assert ns["cout_de_revient"] == 150330 and ns["prix_de_vente_ht"] == 200440 and ns["prix_plancher_ht"] == 176859
    assert ns["taux_de_marge"] == 33.3 and ns["seuil_commandes"] == _break_even(PRICE) == 537
    assert ns["csat_actuel"] == round(float(CSAT), 1) and ns["nps_actuel"] == round(float(NPS)) and ns["ces_actuel"] == round(float(CES), 2)
    assert (ns["duree_totale_semaines"], ns["marge_semaines"]) == (18, 3)
    assert list(ns["decideur"]["nom"]) == ["Antoine Lebrun"]


@pytest.mark.parametrize(
    "grade_id, name, right, wrong",
    [
        ("b3_csat_actuel", "csat_actuel", [round(float(CSAT), 1)], [round(float(CSAT), 1) + 0.1, round(float(CSAT), 1) - 0.1, float(CSAT) / 100 * 100 / 100]),
        ("b3_nps_actuel", "nps_actuel", [round(float(NPS)), float(NPS)], [round(float(NPS)) - 1, round(float(NPS)) + 1]),
        ("b3_ces_actuel", "ces_actuel", [round(float(CES), 2)], [round(float(CES), 2) + 0.01, round(float(CES), 2) - 0.01]),
        ("b3_cout_de_revient", "cout_de_revient", [150330], [150331, 150330 - 9800]),
        ("b3_prix_de_vente", "prix_de_vente_ht", [200440], [200441, 200439, 150330 * 1.25]),
        ("b3_taux_de_marge", "taux_de_marge", [33.3], [33.4, 33.2, 25.0, 0.333]),
        ("b3_prix_plancher", "prix_plancher_ht", [176859], [176858, 176860, 150330 * 1.15]),
        ("b3_seuil_rentabilite", "seuil_commandes", [537, 537.0], [536, 538, 482, math.ceil(200440 / 890), 537.5]),
        ("b3_planning", "marge_semaines", [3, 3.0], [4, 2, -3, 3.9, 3.5, 2.9]),
    ],
)
def test_offer_cells_accept_the_rounded_value_and_reject_the_next(offre, grade_id, name, right, wrong):
    ns, tests = offre
    for value in right:
        assert passes(tests[grade_id], ns, **{name: value}), f"{grade_id} rejects {value}"
    for value in wrong:
        assert not passes(tests[grade_id], ns, **{name: value}), f"{grade_id} accepts {value}"


def test_dependent_cells_use_the_candidates_own_values(offre):
    """Omitting the overheads costs the cost cell only: prices and break-even follow the candidate's own figures."""
    ns, tests = offre
    cost = 150330 - 9800
    assert not passes(tests["b3_cout_de_revient"], ns, cout_de_revient=cost)
    own = {"cout_de_revient": cost, "prix_de_vente_ht": round(cost / 0.75), "prix_plancher_ht": round(cost / 0.85)}
    assert passes(tests["b3_prix_de_vente"], ns, **own) and passes(tests["b3_prix_plancher"], ns, **own)
    assert not passes(tests["b3_prix_de_vente"], ns, **{**own, "prix_de_vente_ht": round(cost * 1.25)})
    assert not passes(tests["b3_prix_de_vente"], ns, **{**own, "prix_de_vente_ht": 200440}), "the data's price is not the candidate's"
    assert passes(tests["b3_seuil_rentabilite"], ns, prix_de_vente_ht=own["prix_de_vente_ht"], seuil_commandes=_break_even(own["prix_de_vente_ht"]))
    assert not passes(tests["b3_seuil_rentabilite"], ns, prix_de_vente_ht=own["prix_de_vente_ht"], seuil_commandes=537)


def test_offer_tables_are_checked_value_by_value(offre):
    ns, tests = offre
    canal = ns["csat_par_canal"]
    assert passes(tests["b3_csat_par_canal"], ns, csat_par_canal=canal)
    worse = canal.copy()
    worse.iloc[-1] = round(worse.iloc[-1] + 0.1, 1)
    assert not passes(tests["b3_csat_par_canal"], ns, csat_par_canal=worse)
    by_cat = ns["couts_par_categorie"]
    assert not passes(tests["b3_couts_par_categorie"], ns, couts_par_categorie=by_cat + 1)
    mobiles = ns["mobiles"]
    assert not passes(tests["b3_motivations_soncas"], ns, mobiles=mobiles.sort_values())
    centre = ns["centre_achat"]
    assert not passes(tests["b3_decideur"], ns, decideur=centre[centre["role_centre_achat"] == "Prescripteur"])


def test_group_preparation_values(oral):
    ns, tests = oral
    assert ns["causes_principales"] == b3.causes_principales(b3.pareto(pd.Series([r["categorie"] for r in COMPLAINTS])))
    assert ns["taux_litiges"] == round(sum(r["litige"] == "oui" for r in COMPLAINTS) / len(COMPLAINTS) * 100, 1)
    for category in {r["categorie"] for r in COMPLAINTS}:
        delays = [
            (pd.Timestamp(r["date_cloture"]) - pd.Timestamp(r["date_reception"])).days
            for r in COMPLAINTS if r["categorie"] == category and r["date_cloture"]
        ]
        assert ns["delai_median"][category] == statistics.median(delays)
    options = rows("options_solutions.csv")
    cost = {r["option"]: Fraction(r["cout_ht"]) / (Fraction(r["reclamations_evitees_par_mois"]) * 6) for r in options}
    assert ns["option_la_plus_efficiente"] == min(cost, key=cost.get)
    for option, value in zip(ns["options"]["option"], ns["options"]["cout_par_reclamation_evitee"]):
        assert value == round(float(cost[option]), 2)


def test_group_cells_accept_the_rounded_value_and_reject_the_next(oral):
    ns, tests = oral
    assert passes(tests["b3_taux_litiges"], ns, taux_litiges=7.5)
    for wrong in (7.6, 7.4, 0.075):
        assert not passes(tests["b3_taux_litiges"], ns, taux_litiges=wrong)
    part = ns["part_negatif"]
    assert passes(tests["b3_ecoute_concurrents"], ns, part_negatif=part)
    shifted = part.copy()
    shifted.iloc[0] = round(shifted.iloc[0] + 0.1, 1)
    assert not passes(tests["b3_ecoute_concurrents"], ns, part_negatif=shifted)
    causes = ns["causes_principales"]
    extra = list(ns["pareto"].index[: len(causes) + 1])
    assert not passes(tests["b3_causes_principales"], ns, causes_principales=extra)
    options = ns["options"].copy()
    assert passes(tests["b3_cout_par_reclamation"], ns, options=options)
    options.loc[0, "cout_par_reclamation_evitee"] = round(options.loc[0, "cout_par_reclamation_evitee"] + 0.01, 2)
    assert not passes(tests["b3_cout_par_reclamation"], ns, options=options)
    monthly = ns["options"].copy()
    monthly["cout_par_reclamation_evitee"] = (monthly["cout_ht"] / monthly["reclamations_evitees_par_mois"]).round(2)
    assert not passes(tests["b3_cout_par_reclamation"], ns, options=monthly), "forgetting the 6 months must fail"
    # a Pareto whose shares are proportions (not %) fails its share cell only
    pareto = ns["pareto"].copy()
    pareto["part"] = pareto["part"] / 100
    assert passes(tests["b3_pareto"], ns, pareto=pareto) and not passes(tests["b3_pareto_part"], ns, pareto=pareto)
    # shares rounded to the tenth, cumulated as rounded or from the rounded shares: every part passes
    for cumulate in ("rounded_exact", "own_shares"):
        rounded = ns["pareto"].copy()
        rounded["part"] = rounded["part"].round(1)
        rounded["part_cumulee"] = ns["pareto"]["part_cumulee"].round(1) if cumulate == "rounded_exact" else rounded["part"].cumsum()
        for grade_id in ("b3_pareto", "b3_pareto_part", "b3_pareto_part_cumulee"):
            assert passes(tests[grade_id], ns, pareto=rounded), (grade_id, cumulate)
    shifted = ns["pareto"].copy()
    shifted.iloc[1, shifted.columns.get_loc("part_cumulee")] += 0.1
    assert not passes(tests["b3_pareto_part_cumulee"], ns, pareto=shifted)
    shares_only = ns["pareto"].copy()
    shares_only["part_cumulee"] = shares_only["part"]
    assert not passes(tests["b3_pareto_part_cumulee"], ns, pareto=shares_only)
    # negative posts of every brand, not only Lunéa's, fail
    avis = ns["avis"]
    assert not passes(tests["b3_ecoute_themes"], ns, negatifs_lunea=avis[avis["sentiment"] == "négatif"]["theme"].value_counts())


# ---------------------------------------------------------------- figures quoted in markdown
def _plain(text: str) -> str:
    """Text with no-break spaces (French typography, thousands) read as plain spaces, the minus sign (−) as « - »."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")


def _manual_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return _plain("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def test_figures_quoted_in_the_offer_model_answers():
    text = _manual_text(OFFRE)
    channel = {}
    for r in SURVEY:
        channel.setdefault(r["canal_contact"], []).append(int(r["note_csat"]) >= 4)
    shares = {k: sum(v) / len(v) * 100 for k, v in channel.items()}
    for figure in (
        fr_euros(200440), fr_euros(176859), fr_euros(180000), fr_nombre(_break_even(), 0), fr_nombre(_break_even(PRICE), 0),
        f"{PAYBACK_MONTHS} mois", "300 commandes", "45 000 €", "490 €", "1 070 €", "1 650 €", "3,8 / 5", "4,6 / 5", "4,1 / 5",
        fr_nombre(float(CSAT), 1) + " %", fr_nombre(round(float(NPS)), 0), fr_nombre(float(CES), 2),
        fr_nombre(min(shares.values()), 1) + " %", fr_nombre(max(shares.values()), 1) + " %",
        "18 semaines", "3 semaines", "9 août 2027",
    ):
        assert _plain(figure) in text, f"model answer should quote {figure!r}"
    import datetime as dt
    weeks = sum(int(r["duree_semaines"]) for r in rows("planning_lancement.csv"))
    assert dt.date(2027, 4, 5) + dt.timedelta(weeks=weeks) == dt.date(2027, 8, 9)


def test_figures_quoted_in_the_group_model_answers():
    text = _manual_text(ORAL)
    first, count = BY_CATEGORY[0]
    options = rows("options_solutions.csv")
    cost = {r["option"]: Fraction(r["cout_ht"]) / (Fraction(r["reclamations_evitees_par_mois"]) * 6) for r in options}
    best = min(cost, key=cost.get)
    fix = next(r for r in options if r["option"].startswith("Corriger le crédit"))
    best_cost = next(r for r in options if r["option"] == best)
    for figure in (
        f"« {first} » ({fr_nombre(count / len(COMPLAINTS) * 100, 1)} %",
        f"« {best} »", fr_euros(float(cost[best]), 2),
        fr_euros(int(best_cost["cout_ht"]) + int(fix["cout_ht"])),
        fr_nombre(sum(r["litige"] == "oui" for r in COMPLAINTS) / len(COMPLAINTS) * 100, 1) + " %",
        "{} réclamations en septembre,\n  {} en octobre, {} en novembre".format(*MONTHLY),
        f"{len(COMPLAINTS)} réclamations en trois\n  mois, dont {sum(r['litige'] == 'oui' for r in COMPLAINTS)} litiges",
    ):
        assert _plain(figure) in text, f"model answer should quote {figure!r}"
    assert MONTHLY[0] > MONTHLY[1] > MONTHLY[2], "the model answer says the crisis is ebbing"


def test_the_crisis_model_answer_owns_the_fault():
    """The seller answers for the whole distance contract (L221-15); risk passes at delivery (L216-4)."""
    nb = nbformat.read(ORAL, as_version=4)
    crisis = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "b3_argumentaire_crise")
    message = _plain(crisis).split("- **Réponse type")[0]
    assert "c'est notre responsabilité" in message and "L221-15" in crisis and "L216-4" in crisis
    for blame in ("transporteur n'a pas tenu", "la faute du transporteur", "à cause du transporteur"):
        assert blame not in message
    assert "rejette la faute sur le transporteur" in _plain(crisis)


def test_social_listening_claims_of_the_model_answer():
    labelled = ecoute.annoter(pd.read_csv(DATA / "avis_social.csv"))
    negative = labelled[labelled["sentiment"] == "négatif"]
    lunea = negative[negative["marque"] == "Lunéa"]["theme"].value_counts()
    assert list(lunea.index[:3]) == ["Livraison", "Service client", "Fidélité"]
    assert negative[negative["marque"] == "Nuit Claire"]["theme"].value_counts().index[0] == "Service client"
    share = (labelled["sentiment"] == "négatif").groupby(labelled["marque"]).mean()
    assert share["Morphéa"] < 1 / 6 < share["Nuit Claire"] < share["Lunéa"]
    text = _manual_text(ORAL)
    assert "la livraison puis le service client et le programme de fidélité" in text
    assert "moins d'une publication sur six est négative" in text


def test_figures_of_the_instructor_notes():
    notes = _plain((REPO / "case_studies" / "b3_lunea" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8"))
    by_cat = {}
    for r in rows("couts_solution.csv"):
        by_cat[r["categorie"]] = by_cat.get(r["categorie"], 0) + Fraction(r["quantite"]) * Fraction(r["cout_unitaire_ht"])
    channel = {}
    for r in SURVEY:
        channel.setdefault(r["canal_contact"], []).append(int(r["note_csat"]) >= 4)
    disputes = [r for r in COMPLAINTS if r["litige"] == "oui"]
    rate = {c: sum(r["litige"] == "oui" for r in COMPLAINTS if r["categorie"] == c) / n * 100 for c, n in BY_CATEGORY}
    top = sorted(rate, key=rate.get, reverse=True)[:2]
    main = b3.causes_principales(b3.pareto(pd.Series([r["categorie"] for r in COMPLAINTS])))
    share = sum(n for c, n in BY_CATEGORY if c in main) / len(COMPLAINTS) * 100
    avis = pd.read_csv(DATA / "avis_social.csv")
    measured = ecoute.accuracy(avis, pd.read_csv(DATA / "avis_social_etiquettes.csv"))
    figures = [
        fr_euros(float(COST)), *(fr_euros(float(v)) for v in by_cat.values()), fr_euros(200440), fr_euros(176859),
        fr_euros(float(COST) * 1.25), f"{_break_even()} commandes", fr_euros(890 * 0.42, 2), f"{_break_even(PRICE)} commandes",
        f"{fr_euros(float(YEARLY_GAIN))} de gain annuel", f"remboursé en {PAYBACK_MONTHS} mois ({fr_nombre(float(180000 / YEARLY_GAIN * 12), 1)})",
        f"en {math.ceil(PRICE / YEARLY_GAIN * 12)} mois ({fr_nombre(float(PRICE / YEARLY_GAIN * 12), 1)})",
        "{} en octobre, {} en novembre".format(*MONTHLY[1:]),
        f"en évitent {sum(int(r['reclamations_evitees_par_mois']) for r in rows('options_solutions.csv'))} par mois sur {MONTHLY[2]}",
        *(f"({fr_euros(float(v), 2)}" for v in sorted(Fraction(r["cout_ht"]) / (Fraction(r["reclamations_evitees_par_mois"]) * 6) for r in rows("options_solutions.csv"))[:2]),
        f"pèse {fr_nombre(40 / 140 * 100, 0)} % des 140 points",
        f"CSAT {fr_nombre(float(CSAT), 1)} %", f"NPS {fr_nombre(round(float(NPS)), 0)}", f"CES {fr_nombre(float(CES), 2)} / 7",
        f"{fr_nombre(sum(channel['Téléphone']) / len(channel['Téléphone']) * 100, 1)} % sur {len(channel['Téléphone'])} réponses",
        f"{fr_nombre(sum(channel['Boutique']) / len(channel['Boutique']) * 100, 1)} % sur {len(channel['Boutique'])}",
        f"ne compte que {len(channel['Chat'])} réponses",
        f"{len(COMPLAINTS)} du 1er septembre", f"dont {sum(r['date_reception'] < '2027-10-01' for r in COMPLAINTS)} en septembre",
        f"{len(main)} catégories font {fr_nombre(share, 1)} %",
        f"{fr_nombre(len(disputes) / len(COMPLAINTS) * 100, 1)} % des réclamations ({len(disputes)})",
        f"({fr_nombre(rate[top[0]], 1)} % et {fr_nombre(rate[top[1]], 1)} %)",
        f"font {sum(r['categorie'] in top for r in disputes)} des {len(disputes)} litiges",
        f"les {measured.evaluated} publications non annotées avec les étiquettes du formateur (`B3_avis_social_etiquettes.csv`) : "
        f"thème {fr_pourcent(measured.theme)}, sentiment {fr_pourcent(measured.sentiment)}",
    ]
    for figure in figures:
        assert _plain(figure) in notes, f"NOTES_FORMATEUR.md should say {figure!r}"
    assert top == ["Remboursement de l'essai 100 nuits en attente", "Produit endommagé à la livraison"]


def test_cross_validation_of_the_classifier_against_sklearn():
    """``validation_croisee``: 5 consecutive blocks of the annotated posts, as scikit-learn's ``cross_val_score`` with ``KFold(5)``."""
    from sklearn.model_selection import KFold, cross_val_score

    from cpmc_course.sessions import b3_data

    avis = ecoute.annoter(pd.read_csv(DATA / "avis_social.csv"))
    annotated = avis[avis["annote"] == "oui"]
    for label in ("theme", "sentiment"):
        folds = ecoute.validation_croisee(avis, k=5, etiquette=label)
        assert list(folds.index) == [f"bloc {i}" for i in range(1, 6)]
        expected = cross_val_score(ecoute.modele(), list(annotated["texte"]), list(annotated[label]), cv=KFold(5))
        assert folds.to_numpy() == pytest.approx(expected)
        assert b3_data.cross_validated(label) == pytest.approx(expected.mean())
    with pytest.raises(ValueError, match="etiquette"):
        ecoute.validation_croisee(avis, etiquette="marque")
    with pytest.raises(ValueError, match="k doit"):
        ecoute.validation_croisee(avis, k=1)
