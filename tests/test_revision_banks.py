"""The packaged question banks: coverage of the référentiel, valid codes, right numbers.

Numeric answers are recomputed here from each question's own figures with
formulas written again for the test (or numpy), never with the loader's
registry of calculations.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter

import numpy as np
import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.referential import load_referential
from cpmc_course.kit.nombres import parse_nombre
from cpmc_course.revision.questions import load_banks, question_by_id, questions_per_criterion, thin_criteria

QUESTIONS = load_banks()
NUMERIC = [q for q in QUESTIONS if q.kind == "numerique"]


def _pareto(values, share):
    ordered = np.sort(np.asarray(values, dtype=float))[::-1]
    k = int(np.ceil(len(ordered) * share / 100 - 1e-9))
    return ordered[:k].sum() / ordered.sum() * 100


INDEPENDENT = {
    "taux_de_marge": lambda d: (d["prix_vente_ht"] / d["cout_achat_ht"] - 1) * 100,
    "taux_de_marque": lambda d: (1 - d["cout_achat_ht"] / d["prix_vente_ht"]) * 100,
    "prix_vente_ht_par_taux_de_marque": lambda d: d["cout_achat_ht"] * 100 / (100 - d["taux_de_marque"]),
    "prix_vente_ttc": lambda d: d["prix_vente_ht"] + d["prix_vente_ht"] * d["taux_tva"] / 100,
    "coefficient_multiplicateur": lambda d: d["prix_vente_ttc"] / d["cout_achat_ht"],
    "cout_de_revient": lambda d: np.sum([d["cout_production"], d["cout_logistique"], d["cout_commercialisation"]]),
    "prix_vente_ht_par_marge_sur_cout": lambda d: d["cout_de_revient"] + d["cout_de_revient"] * d["taux_marge_souhaite"] / 100,
    "prix_vente_ht_par_marge_sur_prix": lambda d: d["cout_de_revient"] * 100 / (100 - d["marge_sur_prix"]),
    "chiffre_affaires_pour_couvrir": lambda d: d["charges_fixes"] * 100 / d["taux_mcv"],
    "part_de_marche": lambda d: 100 * d["ventes_entreprise"] / d["ventes_marche"],
    "part_de_marche_relative": lambda d: d["ventes_entreprise"] / d["ventes_premier_concurrent"],
    "marche_potentiel": lambda d: np.prod([d["acheteurs_potentiels"], d["quantite_par_acheteur"], d["prix_moyen"]]),
    "taux_de_penetration": lambda d: 100 * d["acheteurs"] / d["population_cible"],
    "taux_d_evolution": lambda d: (d["valeur_finale"] / d["valeur_initiale"] - 1) * 100,
    "tcam": lambda d: (math.exp(math.log(d["valeur_finale"] / d["valeur_initiale"]) / d["annees"]) - 1) * 100,
    "taille_echantillon": lambda d: math.ceil(
        round(d["z"] ** 2 * (d["proportion"] / 100) * (1 - d["proportion"] / 100) / (d["marge_erreur"] / 100) ** 2, 9)
    ),
    "marge_d_erreur": lambda d: 100 * d["z"] * np.sqrt(d["proportion"] / 100 * (1 - d["proportion"] / 100) / d["taille"]),
    "nps": lambda d: 100 * d["promoteurs"] / (d["promoteurs"] + d["passifs"] + d["detracteurs"])
    - 100 * d["detracteurs"] / (d["promoteurs"] + d["passifs"] + d["detracteurs"]),
    "csat": lambda d: 100 * d["satisfaits"] / d["repondants"],
    "moyenne_ponderee": lambda d: np.average(d["valeurs"], weights=d["effectifs"]),
    "taux": lambda d: 100 * d["partie"] / d["total"],
    "taux_de_conversion_global": lambda d: 100 * (d["leads"] / d["visiteurs"]) * (d["clients"] / d["leads"]),
    "ratio": lambda d: d["numerateur"] / d["denominateur"],
    "roi": lambda d: 100 * (d["marge_generee"] / d["cout"] - 1),
    "clv": lambda d: sum(d["panier_moyen"] * d["achats_par_an"] * d["taux_de_marque"] / 100 for _ in range(d["duree_annees"])),
    "taux_de_retention": lambda d: 100 * (d["clients_fin"] - d["nouveaux_clients"]) / d["clients_debut"],
    "effectif_force_de_vente": lambda d: -(-(d["nb_clients"] * d["visites_par_an"] * d["duree_visite_h"]) // d["temps_disponible_h"]),
    "marge_libre": lambda d: min(d["debuts_tot_successeurs"]) - d["debut_tot"] - d["duree"],
    "marge_totale": lambda d: d["fin_tard"] - d["duree"] - d["debut_tot"],
    "duree_chemin_critique": lambda d: max(np.sum(p) for p in d["durees_chemins"]),
    "part_pareto": lambda d: _pareto(d["valeurs"], d["part_des_premiers"]),
    "seuil_de_rentabilite": lambda d: d["charges_fixes"] * d["chiffre_affaires"] / (d["chiffre_affaires"] - d["charges_variables"]),
    "point_mort_jours": lambda d: 360 * d["charges_fixes"] / (d["chiffre_affaires"] - d["charges_variables"]),
    "budget_projet": lambda d: float(np.dot(d["jours"], d["taux_journaliers"])) + d["frais_externes"],
    "moyenne": lambda d: np.mean(d["valeurs"]),
    "mediane": lambda d: np.median(d["valeurs"]),
}


def test_every_competency_c1_to_c37_has_at_least_three_questions():
    counts = Counter(q.competency for q in QUESTIONS)
    codes = [c.code for c in load_referential().competencies if not c.code.startswith("SC")]
    assert len(codes) == 37
    thin = {code: counts.get(code, 0) for code in codes if counts.get(code, 0) < 3}
    assert not thin, f"compétences avec moins de 3 questions : {thin}"


def test_no_quiz_question_claims_a_savoir_socioprofessionnel():
    """SC1–SC4 are evidenced by behaviour in a deliverable (CONTENT.md §2), not by a quiz."""
    assert not [q.id for q in QUESTIONS if q.competency.startswith("SC") and q.kind != "mise_en_situation"]


def test_soft_skills_of_bloc4_are_prepared_by_situations_that_count_in_no_level():
    """Issue 25, item 6: ≥ 3 situational-judgement questions for each of SC2, SC3, SC4, none tied to a criterion."""
    from cpmc_course.revision.progress import Answer, compute_mastery

    for code in ("SC2", "SC3", "SC4"):
        situations = [q for q in QUESTIONS if q.competency == code]
        assert len(situations) >= 3, code
        assert all(q.kind == "mise_en_situation" and q.criterion is None and len(q.choices) == 4 for q in situations), code
        assert all(sum(c.correct for c in q.choices) == 1 and q.explanation for q in situations), code
        answers = [Answer(q.id, code, "B4", True, "2026-12-06T10:00:00+00:00") for q in situations]
        assert code not in compute_mastery(answers)  # a situation counts in no mastery level


def test_every_criterion_of_the_referentiel_is_prepared_by_at_least_two_questions():
    per = questions_per_criterion(QUESTIONS)
    assert len(per) == 37  # CE1–CE36 with the two CE16
    assert thin_criteria(QUESTIONS) == {}, f"critères préparés par moins de 2 questions : {thin_criteria(QUESTIONS)}"


def test_the_criterion_rule_can_fail():
    without_ce14 = [q for q in QUESTIONS if q.criterion != "B2.CE14"]
    one_ce24 = [q for q in QUESTIONS if q.criterion != "B3.CE24"] + [question_by_id("b3-c21-social-listening")]
    assert thin_criteria(without_ce14) == {"B2.CE14": 0}
    assert thin_criteria(one_ce24) == {"B3.CE24": 1}


UNTAGGED = {
    "b1-c5-gantt": "planning du plan marketing (C5) : aucun critère de l'épreuve du bloc 1 ne porte sur le planning",
    "b1-c5-objectifs-smart": "objectifs du plan marketing (C5) : aucun critère de l'épreuve du bloc 1 ne porte sur les objectifs",
    "b1-c7-cout-acquisition": "coût d'acquisition, rentabilité d'une campagne (C8) : sans critère à l'épreuve du bloc 1",
    "b1-c7-taux-ouverture": "mesure d'une campagne (C7, C8) : l'épreuve du bloc 1 n'a pas de critère de mesure",
    "b1-c8-roi-campagne": "rentabilité des campagnes (C8) : sans critère à l'épreuve du bloc 1",
    "b1-c8-roas": "rentabilité des campagnes (C8) : sans critère à l'épreuve du bloc 1",
    "b1-c8-ventes-rentabiliser-promo": "rentabilité des campagnes (C8) : sans critère à l'épreuve du bloc 1",
    "b2-c10-omnicanal": "notion générale de multicanalité (C10), qu'aucun critère CE8–CE16 ne nomme",
    "b2-c12-raci": "modalités de collaboration (C12) : sans critère dédié à l'épreuve du bloc 2",
    "b2-c11-pareto-portefeuille": "concentration du portefeuille (C11) : CE9 juge la force de vente et les zones, pas le calcul de Pareto",
    "b2-c11-criteres-portefeuille": "critères de segmentation du portefeuille (C11) : aucun critère CE8–CE16 ne porte sur la segmentation",
    "b2-c16-cout-par-lead": "coût par lead (C16) : un indicateur de campagne, pas l'appréciation des moyens au regard du budget (CE13)",
    "b2-c14-presentation-direction": "présentation du plan à la hiérarchie (C14) : sans critère propre ; CE16 a sa question (b2-c15-faiblesse-propre-au-plan)",
    "b3-c21-inbound": "inbound marketing (C21) : aucun critère des épreuves du bloc 3",
    "b3-c21-etapes-inbound": "inbound marketing (C21) : aucun critère des épreuves du bloc 3",
    "b3-c21-ambassadeurs": "ambassadeurs (C21) : aucun critère des épreuves du bloc 3",
    "b3-c23-mesore": "négociation (C23) : aucun critère des épreuves du bloc 3",
    "b3-c23-concessions": "négociation (C23) : aucun critère des épreuves du bloc 3",
    "b3-c23-point-de-rupture": "négociation (C23) : aucun critère des épreuves du bloc 3",
    "b3-c24-etapes-entretien": "conduite de l'entretien de vente (C24) : aucun critère des épreuves du bloc 3",
    "b3-c24-objection-prix": "traitement des objections (C24) : aucun critère des épreuves du bloc 3",
    "b3-c26-actions-partenariales": "relations partenariales (C26) : aucun critère des épreuves du bloc 3",
    "b3-c26-key-account": "relations partenariales (C26) : aucun critère des épreuves du bloc 3",
    "b3-c26-taux-retention": "fidélisation B2B (C26) : aucun critère des épreuves du bloc 3",
}
"""The questions that prepare no criterion of the référentiel, each with the reason; every other question has one."""


def test_every_question_prepares_a_criterion_unless_none_fits():
    untagged = {q.id for q in QUESTIONS if q.criterion is None and q.kind != "mise_en_situation"}  # situations certify nothing
    assert untagged == set(UNTAGGED), (
        f"sans critère et non justifiées : {sorted(untagged - set(UNTAGGED))} ; "
        f"justifiées mais étiquetées ou disparues : {sorted(set(UNTAGGED) - untagged)}"
    )


_CITED = re.compile(r"\bCE(\d+)\b")


def test_a_criterion_cited_in_the_text_is_the_one_the_question_is_tagged_with():
    """An explanation that names criteria names the question's own (b4-c32-tuckman cited CE28, tagged CE30)."""
    wrong = []
    for q in QUESTIONS:
        cited = set(_CITED.findall(q.question + " " + q.explanation))
        if cited and (q.criterion is None or q.criterion.split(".CE")[1] not in cited):
            wrong.append((q.id, q.criterion, sorted(cited)))
    assert not wrong


def test_tags_the_issue_found_wrong_are_fixed():
    for qid in ("b3-c21-nps", "b3-c21-detracteurs", "b3-c25-csat", "b3-c25-ces"):
        assert question_by_id(qid).criterion == "B3.CE21"
    for qid in ("b4-c27-marge-libre", "b4-c27-marge-totale", "b4-c27-chemin-critique"):
        q = question_by_id(qid)
        assert (q.competency, q.criterion) == ("C27", "B4.CE26")  # planning tools, not task allocation (C29)
    assert question_by_id("b4-c32-tuckman").criterion == "B4.CE30"
    sea = question_by_id("b1-c7-sea")
    assert "emailing" not in sea.explanation and "social ads" in sea.explanation  # the option that exists
    for q in QUESTIONS:  # arithmetic on a click rate is not a collection solution (CE33)
        if q.kind == "numerique":
            assert q.criterion != "B5.CE33", q.id


def test_smart_question_gives_what_judging_attainable_and_realistic_needs():
    q = question_by_id("b1-c5-objectifs-smart")
    assert "6 à 9 %" in q.question and "260 leads" in q.question
    right = {c.text for c in q.choices if c.correct}
    assert any("8 %" in t for t in right) and any("300 leads" in t for t in right)
    unrealistic = next(c for c in q.choices if "60 %" in c.text)
    assert not unrealistic.correct  # measurable and dated, but far above the 6–9 % trend


def test_every_code_is_valid_and_in_the_right_bloc():
    ref = load_referential()
    for q in QUESTIONS:
        assert ref.competency(q.competency).bloc == q.bloc, q.id
        if q.criterion is not None:
            assert re.fullmatch(r"B[1-5]\.CE\d+", q.criterion), q.id
            assert ref.criterion(q.criterion).qualified == q.criterion, q.id
        assert q.id.startswith(q.bloc.lower() + "-"), q.id


def test_ids_are_unique_and_every_question_explains():
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert len(q.explanation) > 40, q.id
        assert q.question.strip(), q.id


def test_choice_questions_have_plausible_sets_of_answers():
    for q in QUESTIONS:
        if q.kind == "numerique":
            continue
        assert len(q.choices) >= 3, q.id
        n_correct = sum(c.correct for c in q.choices)
        assert n_correct == 1 if q.kind == "choix_unique" else n_correct >= 1, q.id
        assert n_correct < len(q.choices), f"{q.id} : au moins un distracteur"


def test_every_calculation_used_has_an_independent_formula_here():
    assert {q.calcul for q in NUMERIC} <= set(INDEPENDENT)


@pytest.mark.parametrize("q", NUMERIC, ids=[q.id for q in NUMERIC])
def test_numeric_answer_recomputed_from_the_question_own_figures(q):
    expected = float(INDEPENDENT[q.calcul](dict(q.data)))
    assert abs(q.answer - expected) <= q.tolerance + 1e-9, (q.id, q.answer, expected)
    assert q.is_correct(expected)
    assert q.is_correct(q.answer)


def test_textbook_values_and_classic_mistakes():
    """Spot checks against values computed by hand, and the classic mistakes are refused."""
    marque = question_by_id("b3-c20-taux-de-marque")
    assert marque.is_correct(30) and not marque.is_correct(42.86)  # taux de marge instead of marque
    marge = question_by_id("b3-c20-taux-de-marge")
    assert marge.is_correct(42.86) and not marge.is_correct(30)
    nps = question_by_id("b3-c21-nps")
    assert nps.is_correct(14) and not nps.is_correct(44)  # forgot to subtract the détracteurs
    prix = question_by_id("b3-c20-prix-par-taux-de-marque")
    assert prix.is_correct(80) and not prix.is_correct(75)  # 60 × 1,25
    ttc = question_by_id("b3-c20-prix-ttc")
    assert ttc.is_correct(180) and not ttc.is_correct(150)
    fdv = question_by_id("b2-c13-dimensionnement-force-vente")
    assert fdv.is_correct(7) and not fdv.is_correct(6)  # 6,75 rounded down
    roi = question_by_id("b1-c8-roi-campagne")
    assert roi.is_correct(75) and not roi.is_correct(175)
    clv = question_by_id("b5-c36-clv")
    assert clv.is_correct(480) and not clv.is_correct(1600)  # revenue, not margin
    pert = question_by_id("b4-c27-marge-libre")
    assert pert.is_correct(2) and not pert.is_correct(3)
    seuil = question_by_id("b2-c13-seuil-de-rentabilite")
    assert seuil.is_correct(450000) and not seuil.is_correct(300000)
    challenge = question_by_id("b2-c13-challenge-ca-a-couvrir")
    assert challenge.is_correct(6000 / 0.25) and not challenge.is_correct(6000)  # cost, not revenue
    relative = question_by_id("b3-c18-part-de-marche-relative")
    assert relative.is_correct(0.6) and not relative.is_correct(1.67)  # leader / you, inverted


def test_multiple_choice_needs_all_and_only_the_right_answers():
    q = question_by_id("b5-c35-criteres-comportementaux")
    right = list(q.correct_indices)
    assert q.is_correct(right)
    assert not q.is_correct(right[:-1])
    wrong = next(i for i in range(len(q.choices)) if i not in right)
    assert not q.is_correct(right + [wrong])


def test_summary_has_the_keys_the_cli_relies_on():
    with_criterion = question_by_id("b2-c13-dimensionnement-force-vente").summary()
    assert with_criterion == {
        "id": "b2-c13-dimensionnement-force-vente",
        "bloc": "B2",
        "competency": "C13",
        "criterion": "B2.CE9",
        "kind": "numerique",
        "question": with_criterion["question"],
    }
    assert question_by_id("b2-c12-raci").summary()["criterion"] is None
    assert question_by_id("b3-c17-qqoqccp").summary()["criterion"] == "B3.CE16"


def test_load_banks_by_bloc():
    b2 = load_banks("B2")
    assert b2 and {q.bloc for q in b2} == {"B2"}
    assert load_banks("b2") == b2
    assert sum(len(load_banks(b)) for b in ("B1", "B2", "B3", "B4", "B5")) == len(QUESTIONS)
    with pytest.raises(CpmcError, match="Bloc inconnu"):
        load_banks("B9")
    with pytest.raises(CpmcError, match="Question inconnue"):
        question_by_id("b1-nexiste-pas")


@pytest.mark.parametrize(
    "text, value",
    [("33,3", 33.3), ("33.3", 33.3), ("33,3 %", 33.3), ("1 200 €", 1200), ("1\u202f200,50", 1200.5), ("-12", -12), (",5", 0.5)],
)
def test_parse_nombre_reads_french_numbers(text, value):
    assert parse_nombre(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "12,3,4", "1.2.3", "douze"])
def test_parse_nombre_refuses_non_numbers_in_french(text):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_nombre(text)


# ---------------------------------------------------------------- what the learner reads

ROUNDING = re.compile(
    r"arrondie? (?:à l'|au )(?P<what>unité|euro|dixième|centième|millième|centime)(?P<up> supérieure?)?"
    r"|(?P<integer>nombre entier)"
)
DECIMALS = {"unité": 0, "euro": 0, "dixième": 1, "centième": 2, "millième": 3, "centime": 2}
UNIT_WORDS = {"%": "en %", "€": "en euros", "": "sans unité"}


def _rounding(q):
    """(decimals, rounded up?) as the question text states it; the test fails if it says nothing."""
    found = ROUNDING.search(q.question)
    assert found, f"{q.id} : le texte ne dit pas l'arrondi attendu (« arrondi au dixième »…)"
    if found["integer"]:
        return 0, None
    return DECIMALS[found["what"]], bool(found["up"])


@pytest.mark.parametrize("q", NUMERIC, ids=[q.id for q in NUMERIC])
def test_numeric_question_states_unit_and_rounding_and_accepts_the_rounded_answer(q):
    word = UNIT_WORDS.get(q.unit, q.unit)
    assert word in q.question, f"{q.id} : l'unité ({word}) n'est pas dite dans le texte"
    exact = float(INDEPENDENT[q.calcul](dict(q.data)))
    decimals, up = _rounding(q)
    step = 10.0**-decimals
    if up is None:  # « nombre entier »: the exact value must be a whole number
        assert exact == pytest.approx(round(exact)), q.id
        rounded = float(round(exact))
    elif up:
        rounded = math.ceil(round(exact / step, 9)) * step
    else:
        rounded = float(np.floor(exact / step + 0.5 + 1e-9) * step)  # half up, as taught
    assert q.is_correct(rounded), f"{q.id} : {rounded} (arrondi demandé) est refusé"
    assert q.is_correct(float(format(rounded, f".{decimals}f"))), q.id
    for neighbour in (rounded - step, rounded + step):
        if abs(neighbour - exact) > step / 2 + 1e-9:  # not another correct rounding (a tie such as 0,375)
            assert not q.is_correct(neighbour), f"{q.id} : tolérance trop large, {neighbour} accepté"
    if up is False:
        assert q.tolerance >= step / 2 - 1e-12, f"{q.id} : tolérance inférieure au demi-arrondi"
    assert q.answer == pytest.approx(rounded), f"{q.id} : la réponse affichée n'est pas la valeur arrondie"


_NUMBER_IN_TEXT = re.compile(r"(?<![\d,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d,])|(?<![\d,])\d+(?:,\d+)?(?![\d])")


def _numbers_in(text):
    return {float(re.sub(r"[ \u00a0\u202f]", "", n).replace(",", ".")) for n in _NUMBER_IN_TEXT.findall(text)}


def _flat(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _flat(v)
    else:
        yield float(value)


def test_numbers_in_text_are_read_the_french_way():
    assert _numbers_in("1 200 commandes, 42,5 % et 15 % ; notes 1 : 5 ; 3, 5 et 4 ; 4,2 M€ en 2021") == {
        1200, 42.5, 15, 1, 5, 3, 4, 4.2, 2021
    }


@pytest.mark.parametrize("q", NUMERIC, ids=[q.id for q in NUMERIC])
def test_every_input_value_is_written_in_the_question_text(q):
    shown = _numbers_in(q.question)
    missing = [v for v in _flat(list(q.data.values())) if not any(abs(v - s) < 1e-9 for s in shown)]
    assert not missing, f"{q.id} : valeurs de « data » absentes du texte (format français) : {missing}"


# ---------------------------------------------------------------- choices that give nothing away

def _longest_is_correct(q):
    lengths = sorted((len(c.text), c.correct) for c in q.choices)
    return lengths[-1][1] and lengths[-1][0] > lengths[-2][0]


def _shortest_is_correct(q):
    lengths = sorted((len(c.text), not c.correct) for c in q.choices)
    return not lengths[0][1] and lengths[0][0] < lengths[1][0]


@pytest.mark.parametrize("bloc", ["B1", "B2", "B3", "B4", "B5"])
def test_the_right_answer_is_rarely_the_longest(bloc):
    choice = [q for q in QUESTIONS if q.bloc == bloc and q.kind != "numerique"]
    longest = [q.id for q in choice if _longest_is_correct(q)]
    assert len(longest) <= 0.4 * len(choice), (
        f"{bloc} : la bonne réponse est strictement la plus longue dans {len(longest)} questions sur {len(choice)}"
    )


@pytest.mark.parametrize("bloc", ["B1", "B2", "B3", "B4", "B5"])
def test_the_right_answer_is_not_the_shortest_one_either(bloc):
    """Rewriting distractors longer must not turn « pick the shortest » into the trick."""
    single = [q for q in QUESTIONS if q.bloc == bloc and q.kind == "choix_unique"]
    shortest = [q.id for q in single if _shortest_is_correct(q)]
    assert len(shortest) <= 0.4 * len(single), (bloc, shortest)


def test_length_checks_see_a_giveaway():
    giveaway = question_by_id("b1-c2-carte-perceptuelle")
    padded = type(giveaway)(**{**giveaway.__dict__, "choices": (
        type(giveaway.choices[0])("Une carte perceptuelle, qui place les offres selon deux critères perçus", True),
        type(giveaway.choices[0])("Une matrice BCG", False),
        type(giveaway.choices[0])("Un Gantt", False),
    )})
    assert _longest_is_correct(padded) and not _shortest_is_correct(padded)


def test_multiple_choice_questions_have_at_least_two_wrong_answers():
    thin = [q.id for q in QUESTIONS if q.kind == "choix_multiple" and sum(not c.correct for c in q.choices) < 2]
    assert not thin, f"questions à choix multiple avec moins de deux distracteurs : {thin}"


def test_questions_stand_alone():
    """The adaptive draw shows questions in any order: none may lean on another one."""
    leaning = re.compile(r"\b(même secteur|même entreprise|même produit|question précédente|ci-dessus|reprenez)\b", re.I)
    assert not [q.id for q in QUESTIONS if leaning.search(q.question)]


# ---------------------------------------------------------------- cpmc questions --criteres

def test_cli_lists_every_criterion_with_its_questions(capsys):
    from cpmc_course.cli import main

    assert main(["questions", "--criteres", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 37 and all(r["count"] >= 2 and len(r["questions"]) == r["count"] for r in rows)
    ce14 = next(r for r in rows if r["criterion"] == "B2.CE14")
    assert "b2-c13-contenu-operation-soutien" in ce14["questions"]
    assert main(["questions", "--criteres", "--bloc", "B5"]) == 0
    out = capsys.readouterr().out
    assert "B5.CE33" in out and "B1.CE1 " not in out and "insuffisant" not in out


def test_cli_criterion_check_fails_on_a_thin_bank(capsys, monkeypatch):
    from cpmc_course import cli
    from cpmc_course.revision import questions as bank

    thinned = tuple(q for q in QUESTIONS if q.criterion != "B3.CE25")
    monkeypatch.setattr(bank, "load_banks", lambda bloc=None: thinned)
    assert cli.main(["questions", "--criteres"]) == 1
    captured = capsys.readouterr()
    assert "B3.CE25     0 question(s)  ← insuffisant" in captured.out
    assert "moins de 2 questions : B3.CE25." in captured.err
