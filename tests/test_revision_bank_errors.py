"""A faulty bank fails to load with a French message naming the file and the question id."""

from __future__ import annotations

import copy
import json

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.revision.questions import QuestionBankError, load_bank_file, merge_banks

CHOICE = {
    "id": "b3-c20-essai-choix",
    "competency": "C20",
    "criterion": "CE19",
    "kind": "choix_unique",
    "question": "Le taux de marque se calcule sur…",
    "choices": [
        {"text": "le prix de vente HT", "correct": True},
        {"text": "le coût d'achat HT", "correct": False},
        {"text": "le prix de vente TTC", "correct": False},
    ],
    "explanation": "Taux de marque = marge / prix de vente HT.",
}
NUMERIC = {
    "id": "b3-c20-essai-calcul",
    "competency": "C20",
    "kind": "numerique",
    "question": "Acheté 105 € HT, vendu 150 € HT : taux de marque ?",
    "data": {"prix_vente_ht": 150, "cout_achat_ht": 105},
    "calcul": "taux_de_marque",
    "answer": 30,
    "tolerance": 0.05,
    "unit": "%",
    "explanation": "(150 − 105) / 150 = 30 %.",
}


def write_bank(tmp_path, questions, bloc="B3", name="b3.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"schema_version": 1, "bloc": bloc, "questions": questions}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def load_error(tmp_path, questions, **kwargs) -> str:
    path = write_bank(tmp_path, questions, **kwargs)
    with pytest.raises(QuestionBankError) as info:
        load_bank_file(path)
    message = str(info.value)
    assert str(path) in message
    assert isinstance(info.value, CpmcError)
    return message


def altered(base, **changes):
    item = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return item


def test_a_valid_bank_loads(tmp_path):
    questions = load_bank_file(write_bank(tmp_path, [CHOICE, NUMERIC]))
    assert [q.id for q in questions] == ["b3-c20-essai-choix", "b3-c20-essai-calcul"]
    assert questions[0].criterion == "B3.CE19"


def test_unknown_competency(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, competency="C99")])
    assert "b3-c20-essai-choix" in message and "compétence inconnue" in message and "C99" in message


def test_competency_of_another_bloc(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, competency="C13")])
    assert "b3-c20-essai-choix" in message and "appartient au bloc B2" in message


def test_unknown_criterion_and_criterion_of_another_bloc(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, criterion="CE99")])
    assert "b3-c20-essai-choix" in message and "critère inconnu" in message
    message = load_error(tmp_path, [altered(CHOICE, criterion="CE9")])  # CE9 is a bloc 2 criterion
    assert "critère inconnu du référentiel pour le bloc B3" in message


def test_qualified_criterion_is_accepted(tmp_path):
    (question,) = load_bank_file(write_bank(tmp_path, [altered(CHOICE, criterion="B3.CE16")]))
    assert question.criterion == "B3.CE16"


def test_no_correct_answer(tmp_path):
    choices = [dict(c, correct=False) for c in CHOICE["choices"]]
    message = load_error(tmp_path, [altered(CHOICE, choices=choices)])
    assert "b3-c20-essai-choix" in message and "aucune réponse correcte" in message


def test_single_choice_with_two_correct_answers(tmp_path):
    choices = [dict(c, correct=i < 2) for i, c in enumerate(CHOICE["choices"])]
    message = load_error(tmp_path, [altered(CHOICE, choices=choices)])
    assert "choix unique avec 2 réponses correctes" in message


def test_duplicate_id_in_a_bank(tmp_path):
    message = load_error(tmp_path, [CHOICE, altered(NUMERIC, id=CHOICE["id"])])
    assert "b3-c20-essai-choix" in message and "identifiant en double" in message


def test_duplicate_id_across_banks(tmp_path):
    first = load_bank_file(write_bank(tmp_path, [CHOICE]))
    second = load_bank_file(write_bank(tmp_path, [CHOICE], name="autre.json"))
    with pytest.raises(QuestionBankError, match="b3-c20-essai-choix : identifiant en double"):
        merge_banks([first, second])


def test_numeric_answer_inconsistent_with_its_data(tmp_path):
    # 42,86 is the taux de marge of these figures, not their taux de marque
    message = load_error(tmp_path, [altered(NUMERIC, answer=42.86)])
    assert "b3-c20-essai-calcul" in message
    assert "ne correspond pas à ses propres données" in message and "30.0000" in message


def test_numeric_with_unknown_calculation_or_wrong_inputs(tmp_path):
    message = load_error(tmp_path, [altered(NUMERIC, calcul="taux_magique")])
    assert "b3-c20-essai-calcul" in message and "calcul inconnu" in message
    message = load_error(tmp_path, [altered(NUMERIC, data={"prix": 150})])
    assert "les données ne conviennent pas au calcul taux_de_marque" in message


def test_missing_explanation(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, explanation=None)])
    assert "b3-c20-essai-choix" in message and "explication manquante" in message
    message = load_error(tmp_path, [altered(NUMERIC, explanation="   ")])
    assert "b3-c20-essai-calcul" in message and "explication manquante" in message


def test_every_problem_is_reported_at_once(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, competency="C99"), altered(NUMERIC, answer=12)])
    assert "b3-c20-essai-choix" in message and "b3-c20-essai-calcul" in message


def test_unknown_kind_and_bad_id(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, kind="vrai_faux")])
    assert "type de question inconnu 'vrai_faux'" in message
    message = load_error(tmp_path, [altered(CHOICE, id="B1 Ma Question")])
    assert "identifiant absent ou mal formé" in message


def test_unreadable_json(tmp_path):
    path = tmp_path / "b3.json"
    path.write_text("{ pas du json", encoding="utf-8")
    with pytest.raises(QuestionBankError, match="banque de questions illisible"):
        load_bank_file(path)


def test_a_savoir_socioprofessionnel_is_refused(tmp_path):
    message = load_error(tmp_path, [altered(CHOICE, id="b3-sc1-essai", competency="SC1")])
    assert "b3-sc1-essai" in message and "SC1 est un savoir socioprofessionnel" in message
    assert "pas par un quiz" in message
