"""Situational-judgement questions prepare SC1 for the oral and count in no mastery level (CONTENT.md §10).

A ``mise_en_situation`` gives a scenario, four reactions and the best one
explained; it is the only kind of question that may name a savoir
socioprofessionnel, and the learner's answers to it never feed a mastery level
(the revision map, the bloc mastery, the adaptive draw's measured levels).
"""

from __future__ import annotations

import json

import pytest

from cpmc_course.revision.progress import Answer, bloc_mastery, compute_mastery, next_questions
from cpmc_course.revision.questions import SITUATION, QuestionBankError, load_bank_file, load_banks

SITUATIONS = [q for q in load_banks() if q.kind == SITUATION]


def test_at_least_three_situations_prepare_sc1():
    sc1 = [q for q in SITUATIONS if q.competency == "SC1"]
    assert len(sc1) >= 3
    for q in sc1:
        assert q.question.startswith("Mise en situation") and len(q.choices) == 4 and len(q.correct_indices) == 1
        assert q.criterion is None, "a situation certifies no criterion"
        assert len(q.explanation) > 150, "the best reaction is explained, and why the others are not"
        assert q.is_correct(q.correct_indices[0]) and not q.is_correct((q.correct_indices[0] + 1) % 4)


def test_answers_to_situations_count_in_no_mastery_level():
    q = next(q for q in SITUATIONS if q.competency == "SC1")
    answers = [Answer(q.id, "SC1", "B3", False, f"2026-12-0{i}T10:00:00+00:00") for i in range(1, 6)]
    masteries = compute_mastery(answers)
    assert "SC1" not in masteries and all(m.attempts == 0 for m in masteries.values())
    assert bloc_mastery(masteries) == bloc_mastery(compute_mastery([]))
    drawn = next_questions(SITUATIONS + [x for x in load_banks() if x.bloc == "B3"][:5], answers, n=10, seed=1)
    assert any(d.kind == SITUATION for d in drawn), "situations are still drawn for revision"


def _bank(tmp_path, **changes) -> str:
    q = {"id": "b3-sc1-essai", "competency": "SC1", "kind": SITUATION, "question": "Mise en situation — un client crie.",
         "choices": [{"text": f"réaction {i}", "correct": i == 0} for i in range(4)], "explanation": "La première écoute."}
    q.update(changes)
    path = tmp_path / "b3.json"
    path.write_text(json.dumps({"schema_version": 1, "bloc": "B3", "questions": [q]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(QuestionBankError) as exc:
        load_bank_file(path)
    return str(exc.value)


def test_a_situation_is_only_for_a_savoir_socioprofessionnel_and_has_four_reactions(tmp_path):
    assert "pas C25" in _bank(tmp_path, competency="C25")
    assert "quatre réactions" in _bank(tmp_path, choices=[{"text": "a", "correct": True}, {"text": "b", "correct": False}])
    assert "quatre réactions" in _bank(tmp_path, criterion="CE23")
    assert "mise en situation" in _bank(tmp_path, kind="choix_unique")
