"""Progress file, mastery rule and adaptive draw."""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

from cpmc_course.revision import progress as progress_mod
from cpmc_course.revision.progress import (
    Answer,
    ProgressionWarning,
    ProgressStore,
    bloc_mastery,
    compute_mastery,
    default_path,
    next_questions,
)
from cpmc_course.revision.questions import load_banks, question_by_id


def answer(qid: str, correct: bool) -> Answer:
    q = question_by_id(qid)
    return Answer(q.id, q.competency, q.bloc, correct, "2026-11-26T07:00:00+00:00")


# ---------------------------------------------------------------- where the file lives

def test_default_path_is_in_home_unless_the_env_var_says_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv("CPMC_PROGRESSION", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".cpmc" / "progression.json"
    monkeypatch.setenv("CPMC_PROGRESSION", str(tmp_path / "ailleurs.json"))
    assert default_path() == tmp_path / "ailleurs.json"
    assert ProgressStore().path == tmp_path / "ailleurs.json"
    assert ProgressStore(tmp_path / "arg.json").path == tmp_path / "arg.json"


def test_loading_creates_nothing_and_the_first_answer_creates_the_file(tmp_path):
    path = tmp_path / "sous-dossier" / "progression.json"
    store = ProgressStore(path)
    assert store.answers == () and not path.exists() and store.notice is None
    store.record(question_by_id("b3-c25-taux-litiges"), True, "3")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == "cpmc-progression" and raw["version"] == 1
    assert raw["reponses"][0] | {"at": None, "uid": None} == {
        "question": "b3-c25-taux-litiges", "competency": "C25", "bloc": "B3", "correct": True, "at": None, "given": "3",
        "uid": None,
    }
    assert len(raw["reponses"][0]["uid"]) == 32
    assert ProgressStore(path).answers == store.answers
    assert [p.name for p in path.parent.iterdir()] == ["progression.json"]  # no temporary file left


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "progression.json"
    store = ProgressStore(path)
    store.record(question_by_id("b3-c25-taux-litiges"), True)
    before = path.read_bytes()

    def broken_dump(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(progress_mod.json, "dump", broken_dump)
    with pytest.raises(OSError):
        store.record(question_by_id("b3-c25-csat"), False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progression.json"]


def test_two_notebooks_on_the_same_file_lose_nothing(tmp_path):
    path = tmp_path / "progression.json"
    first, second = ProgressStore(path), ProgressStore(path)
    first.record(question_by_id("b3-c25-taux-litiges"), True)
    second.record(question_by_id("b3-c25-csat"), False)
    first.record(question_by_id("b3-c25-ces"), True)
    assert [a.question for a in ProgressStore(path).answers] == ["b3-c25-taux-litiges", "b3-c25-csat", "b3-c25-ces"]


def test_answers_of_a_notebook_that_restarted_the_file_survive_a_longer_memory(tmp_path):
    """One notebook sets a broken file aside and answers; another one, holding more answers, saves next."""
    path = tmp_path / "progression.json"
    long_memory = ProgressStore(path)
    for qid in ("b3-c25-taux-litiges", "b3-c25-csat", "b3-c25-ces"):
        long_memory.record(question_by_id(qid), True)
    path.write_text("cassé", encoding="utf-8")
    with pytest.warns(ProgressionWarning):
        restarted = ProgressStore(path)
    restarted.record(question_by_id("b5-c36-clv"), False)
    long_memory.record(question_by_id("b1-c8-roas"), True)
    saved = [a.question for a in ProgressStore(path).answers]
    assert sorted(saved) == sorted(["b3-c25-taux-litiges", "b3-c25-csat", "b3-c25-ces", "b5-c36-clv", "b1-c8-roas"])
    assert saved[-1] == "b1-c8-roas" and saved.index("b5-c36-clv") == 3  # in the order they were given
    restarted.record(question_by_id("b2-c12-raci"), True)
    assert len(ProgressStore(path).answers) == 6  # and nothing is counted twice


def test_the_same_question_answered_in_the_same_second_by_two_notebooks_counts_twice(tmp_path, monkeypatch):
    path = tmp_path / "progression.json"
    frozen = progress_mod.datetime(2026, 11, 26, 7, 0, 0, tzinfo=progress_mod.timezone.utc)
    monkeypatch.setattr(progress_mod, "_now", lambda: frozen)
    first, second = ProgressStore(path), ProgressStore(path)
    first.record(question_by_id("b3-c25-taux-litiges"), True, "3")
    second.record(question_by_id("b3-c25-taux-litiges"), False, "0,03")
    assert [a.given for a in ProgressStore(path).answers] == ["3", "0,03"]


# ---------------------------------------------------------------- files that are not ours

@pytest.mark.parametrize(
    "content, kind, reason",
    [
        ('{"format": "cpmc-progression", "version": 1, "reponses": [', "corrompu", "JSON illisible"),
        ('{"cells": [], "nbformat": 4}', "etranger", "n'est pas un fichier de progression CPMC"),
        ('{"format": "cpmc-progression", "version": 7, "reponses": []}', "etranger", "version 7 inconnue"),
        ('{"format": "cpmc-progression", "version": 1, "reponses": [{"question": "x"}]}', "corrompu",
         "réponse n° 1 incomplète"),
    ],
)
def test_a_file_that_is_not_ours_is_set_aside_with_a_french_message(tmp_path, content, kind, reason):
    path = tmp_path / "progression.json"
    path.write_text(content, encoding="utf-8")
    with pytest.warns(ProgressionWarning) as caught:
        store = ProgressStore(path)
    (aside,) = tmp_path.glob(f"progression.json.{kind}-*")
    assert aside.read_text(encoding="utf-8") == content  # nothing lost
    assert not path.exists() and store.answers == ()
    assert reason in store.notice and aside.name in store.notice and "n'a pas été effacé" in store.notice
    assert str(caught[0].message) == store.notice
    store.record(question_by_id("b3-c25-taux-litiges"), True)
    assert len(ProgressStore(path).answers) == 1  # a new progress has started


def test_two_recoveries_in_the_same_second_do_not_overwrite_each_other(tmp_path):
    path = tmp_path / "progression.json"
    for content in ("un", "deux"):
        path.write_text(content, encoding="utf-8")
        with pytest.warns(ProgressionWarning):
            ProgressStore(path)
    assert sorted(p.read_text() for p in tmp_path.glob("progression.json.corrompu-*")) == ["deux", "un"]


# ---------------------------------------------------------------- mastery

def test_mastery_weighs_recent_answers_more():
    answers = [answer("b3-c25-taux-litiges", False), answer("b3-c25-csat", True), answer("b3-c25-ces", True)]
    m = compute_mastery(answers)["C25"]
    assert (m.attempts, m.correct) == (3, 2)
    assert m.level == pytest.approx((2 + 3) / (1 + 2 + 3))  # weights 1, 2, 3: the failure is the oldest
    reverse = compute_mastery(list(reversed(answers)))["C25"]
    assert reverse.level == pytest.approx((1 + 2) / 6)
    assert m.label == "maîtrisée" and reverse.label == "en cours"  # 0,83 and 0,5


def test_only_the_last_five_answers_count():
    answers = [answer("b3-c25-taux-litiges", False)] * 4 + [answer("b3-c25-taux-litiges", True)] * 5
    m = compute_mastery(answers)["C25"]
    assert (m.attempts, m.correct, m.level) == (9, 5, 1.0)


def test_never_revised_has_no_level_and_counts_zero_in_its_bloc():
    masteries = compute_mastery([answer("b5-c35-rfm-recence", True), answer("b5-c34-taux-de-clic", True)])
    assert len(masteries) == 37
    assert masteries["C36"].level is None and masteries["C36"].label == "non révisée"
    blocs = bloc_mastery(masteries)
    assert blocs["B5"] == pytest.approx((1 + 1 + 0 + 0) / 4)
    assert blocs["B1"] == 0


# ---------------------------------------------------------------- adaptive draw

def test_draw_is_deterministic_given_a_seed():
    pool = load_banks()
    answers = [answer("b1-c1-taille-echantillon", False)]
    first = next_questions(pool, answers, n=6, seed=42)
    assert first == next_questions(pool, answers, n=6, seed=42)
    assert len(first) == 6 and len({q.id for q in first}) == 6
    others = {tuple(q.id for q in next_questions(pool, answers, n=6, seed=s)) for s in range(5)}
    assert len(others) > 1  # the seed does change the tie-breaks


def test_draw_goes_to_the_weakest_competencies_first():
    pool = load_banks("B3")
    answers = []
    # every B3 competency answered right twice, except C20 (wrong) and C24 (one right, one wrong)
    for code in {q.competency for q in pool}:
        ids = [q.id for q in pool if q.competency == code]
        ok = code != "C20"
        answers += [answer(ids[0], ok), answer(ids[1], ok if code != "C24" else False)]
    drawn = next_questions(pool, answers, n=2, seed=0)
    assert [q.competency for q in drawn] == ["C20", "C24"]
    # within C20, the questions never answered come before those answered wrong
    c20 = next_questions([q for q in pool if q.competency == "C20"], answers, n=7, seed=0)
    answered = {a.question for a in answers}
    flags = [q.id in answered for q in c20]
    assert flags == sorted(flags) and flags.count(True) == 2


def test_never_revised_competencies_come_after_weak_ones_and_before_mastered_ones():
    pool = load_banks("B5")
    history = [answer(q.id, True) for q in pool if q.competency == "C34"]
    history += [answer(q.id, False) for q in pool if q.competency == "C35"]
    drawn = next_questions(pool, history, n=3, seed=3)
    assert drawn[0].competency == "C35"
    assert {q.competency for q in drawn[1:]} == {"C36", "C37"}


def test_a_long_series_cycles_through_the_weak_competencies():
    pool = load_banks("B5")
    drawn = next_questions(pool, [], n=8, seed=1)
    assert Counter(q.competency for q in drawn) == {"C34": 2, "C35": 2, "C36": 2, "C37": 2}
    assert len(next_questions(pool, [], n=500, seed=1)) == len(pool)


def test_env_var_is_read_at_store_creation(monkeypatch, tmp_path):
    monkeypatch.setenv("CPMC_PROGRESSION", os.fspath(tmp_path / "p.json"))
    ProgressStore().record(question_by_id("b3-c25-taux-litiges"), True)
    assert (tmp_path / "p.json").exists()
