"""Quiz widgets driven headless through the ipywidgets API, and the carte de révision."""

from __future__ import annotations

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.revision import quiz
from cpmc_course.revision.carte import carte_de_revision
from cpmc_course.revision.progress import ProgressStore, compute_mastery
from cpmc_course.revision.questions import question_by_id


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("CPMC_REVISION_QUESTIONS", raising=False)
    monkeypatch.delenv("CPMC_REVISION_SEED", raising=False)
    monkeypatch.setenv("CPMC_PROGRESSION", str(tmp_path / "progression.json"))
    return ProgressStore()


def test_single_choice_right_answer(store):
    item = quiz.QuestionWidget(question_by_id("b1-c2-carte-perceptuelle"), store)
    item.answer.value = 0
    item.button.click()
    assert "Bonne réponse" in item.feedback.value
    assert "carte perceptuelle place chaque marque" in item.feedback.value  # the explanation
    assert item.result is True and item.button.disabled and item.answer.disabled
    (recorded,) = ProgressStore(store.path).answers
    assert (recorded.question, recorded.competency, recorded.correct) == ("b1-c2-carte-perceptuelle", "C2", True)


def test_single_choice_wrong_answer_shows_the_right_one_and_the_explanation(store):
    q = question_by_id("b1-c2-carte-perceptuelle")
    item = quiz.QuestionWidget(q, store)
    item.answer.value = 1  # matrice BCG
    item.button.click()
    assert "Réponse incorrecte" in item.feedback.value
    assert "Bonne réponse : Une carte perceptuelle (mapping de positionnement)" in item.feedback.value
    assert "matrice BCG classe les activités" in item.feedback.value
    assert ProgressStore(store.path).answers[0].correct is False


def test_numeric_answer_in_french_format(store):
    item = quiz.QuestionWidget(question_by_id("b3-c20-taux-de-marge"), store)
    item.answer.value = "42,9 %"
    item.button.click()
    assert item.result is True and "Bonne réponse" in item.feedback.value
    assert ProgressStore(store.path).answers[0].given == "42,9 %"


def test_numeric_wrong_answer_names_the_expected_value(store):
    item = quiz.QuestionWidget(question_by_id("b3-c20-taux-de-marque"), store)
    item.answer.value = "42,86"  # taux de marge instead of taux de marque
    item.button.click()
    assert item.result is False
    assert "Vous avez répondu 42,86 ; la bonne réponse est 30 %" in item.feedback.value
    assert "± 0,05" in item.feedback.value


def test_invalid_or_missing_input_is_not_recorded(store):
    item = quiz.QuestionWidget(question_by_id("b3-c20-taux-de-marque"), store)
    item.answer.value = "trente"
    item.button.click()
    assert "n'est pas un nombre" in item.feedback.value and item.result is None
    choice = quiz.QuestionWidget(question_by_id("b1-c2-carte-perceptuelle"), store)
    choice.button.click()
    assert "Choisissez une réponse" in choice.feedback.value
    assert ProgressStore(store.path).answers == ()
    item.answer.value = "30"
    item.button.click()
    assert item.result is True


def test_multiple_choice_partial_answer_is_wrong(store):
    q = question_by_id("b5-c35-criteres-comportementaux")
    item = quiz.QuestionWidget(q, store)
    item.checkboxes[q.correct_indices[0]].value = True
    item.button.click()
    assert item.result is False and "Réponse incorrecte" in item.feedback.value
    assert all(box.disabled for box in item.checkboxes)


def test_a_second_click_records_nothing_more(store):
    item = quiz.QuestionWidget(question_by_id("b1-c2-carte-perceptuelle"), store)
    item.answer.value = 0
    item.button.click()
    item.button.click()
    assert len(ProgressStore(store.path).answers) == 1


def test_revision_session_scores_per_competency_and_adapts(store):
    ids = ["b3-c25-taux-litiges", "b3-c25-csat", "b3-c20-taux-de-marque"]
    session = quiz.reviser(ids=ids, seed=1)
    assert [i.question.id for i in session.items] == ids
    right, wrong, other = session.items
    right.answer.value = "9"
    right.button.click()
    wrong.answer.value = "4"
    wrong.button.click()
    other.answer.value = "42,86"
    other.button.click()
    assert session.scores == {"C25": [1, 2], "C20": [0, 1]}
    assert "Score de la séance : 1 / 3" in session.score_html.value
    assert [a.correct for a in ProgressStore(store.path).answers] == [True, False, False]
    # next series, B3 only: C20 (0 %), then C25 (right then wrong: 1/3), then a never-revised one
    session.bloc_select.value = "B3"
    session.nombre.value = 3
    session.new_button.click()
    assert session.items[0].question.competency == "C20"
    assert session.items[0].question.id != "b3-c20-taux-de-marque"  # a question not yet seen
    assert session.items[1].question.competency == "C25"
    assert session.items[2].question.competency not in {"C20", "C25"}
    assert all(i.question.bloc == "B3" for i in session.items)


def test_reviser_reads_question_ids_from_the_environment(store, monkeypatch):
    monkeypatch.setenv("CPMC_REVISION_QUESTIONS", "b2-c12-raci, b5-c36-clv")
    session = quiz.reviser()
    assert [i.question.id for i in session.items] == ["b2-c12-raci", "b5-c36-clv"]


def test_session_shows_the_recovery_notice(store):
    store.path.write_text("pas du json", encoding="utf-8")
    with pytest.warns(UserWarning):
        session = quiz.reviser(seed=0)
    assert "conservé sous le nom progression.json.corrompu-" in session.notice_html.value


def test_carte_bars_match_mastery(store):
    for qid, ok in [("b3-c25-taux-litiges", False), ("b3-c25-csat", True), ("b5-c36-clv", True), ("b1-c8-roas", False)]:
        store.record(question_by_id(qid), ok)
    masteries = compute_mastery(store.answers)
    fig = carte_de_revision(masteries)
    ax, axb = fig.axes
    bars = [p for p in ax.patches if p.get_gid() == "maitrise"]
    assert len(bars) == 37  # C1–C37: SC1–SC4 are not revised by a quiz
    widths = dict(zip([t.get_text().split(" · ")[1] for t in ax.get_yticklabels()], [b.get_width() for b in bars]))
    assert widths["C25"] == pytest.approx(100 * 2 / 3)  # wrong then right: weights 1 and 2
    assert widths["C36"] == pytest.approx(100) and widths["C8"] == 0 and widths["C1"] == 0
    frames = [p for p in ax.patches if p.get_gid() == "non-revisees"]
    assert sum(p.get_width() == 100 for p in frames) == 37 - 3  # three competencies revised
    blocs = {t.get_text().split("\n")[0]: b.get_width() for t, b in zip(axb.get_yticklabels(), axb.patches)}
    assert blocs["B5"] == pytest.approx(100 / 4)  # C36 at 100 %, three never revised
    assert blocs["B3"] == pytest.approx(100 * (2 / 3) / 10)
    assert blocs["B2"] == 0


def test_carte_widget_redraws_after_new_answers(store):
    carte = quiz.carte()
    assert bytes(carte.image.value).startswith(b"\x89PNG")
    assert "Compétences révisées : 0 sur 37" in carte.summary.value
    store.record(question_by_id("b3-c25-taux-litiges"), False)
    carte.button.click()
    assert "Compétences révisées : 1 sur 37" in carte.summary.value
    assert "C25 (0 %)" in carte.summary.value


def test_question_helper_shows_one_question_and_records_it(store):
    item = quiz.question("b5-c34-conversion-globale")
    assert "application/vnd.jupyter.widget-view+json" in item._repr_mimebundle_()  # displayable as a widget
    item.answer.value = "0,5"
    item.button.click()
    assert "la bonne réponse est 0,38 %" in item.feedback.value  # as rounded in the question
    assert [a.question for a in ProgressStore(store.path).answers] == ["b5-c34-conversion-globale"]


def test_french_number_formatting():
    from cpmc_course.revision.questions import format_nombre

    assert format_nombre(18181.82) == "18\u202f181,82"
    assert format_nombre(0.375) == "0,375"
    assert format_nombre(6000000) == "6\u202f000\u202f000"
    assert format_nombre(30.0) == "30"


def test_choices_are_shown_shuffled_so_the_position_gives_nothing_away(store):
    from cpmc_course.revision.questions import load_banks

    firsts = []
    for q in load_banks():
        if q.kind != "choix_unique":
            continue
        item = quiz.QuestionWidget(q, store)
        shown = [value for _label, value in item.answer.options]
        assert sorted(shown) == list(range(len(q.choices)))
        assert shown == [value for _label, value in quiz.QuestionWidget(q, store).answer.options]  # stable
        firsts.append(shown[0] == q.correct_indices[0])
    # with four choices, about a quarter of the right answers come first; never most of them
    assert 0.1 < sum(firsts) / len(firsts) < 0.45


def test_checkboxes_keep_bank_order_but_are_shown_shuffled(store):
    q = question_by_id("b4-c27-contenu-cahier-des-charges")
    item = quiz.QuestionWidget(q, store)
    assert [box.description for box in item.checkboxes] == [c.text for c in q.choices]
    assert [box.description for box in item.answer.children] == [q.choices[i].text for i in q.display_order()]


def test_unknown_bloc_and_bad_seed_give_french_errors(store, monkeypatch):
    with pytest.raises(CpmcError, match="Bloc inconnu : 'B9'"):
        quiz.reviser(bloc="B9")
    monkeypatch.setenv("CPMC_REVISION_SEED", "douze")
    with pytest.raises(CpmcError, match="CPMC_REVISION_SEED.*nombre entier.*douze"):
        quiz.reviser()


def test_a_failed_save_still_shows_the_feedback_and_can_be_retried(store, monkeypatch):
    item = quiz.QuestionWidget(question_by_id("b3-c20-taux-de-marque"), store)
    real_record = ProgressStore.record

    def read_only(self, *args, **kwargs):
        raise PermissionError(13, "Permission non accordée", str(self.path))

    monkeypatch.setattr(ProgressStore, "record", read_only)
    item.answer.value = "30"
    item.button.click()
    assert item.result is True and "Bonne réponse" in item.feedback.value  # the learner gets the feedback
    assert "n'a pas pu être enregistrée" in item.feedback.value and "CPMC_PROGRESSION" in item.feedback.value
    assert not item.button.disabled and item.button.description == "Réessayer l'enregistrement"
    assert not store.path.exists()
    monkeypatch.setattr(ProgressStore, "record", real_record)
    item.button.click()
    assert [a.question for a in ProgressStore(store.path).answers] == ["b3-c20-taux-de-marque"]
    assert "n'a pas pu être enregistrée" not in item.feedback.value and item.button.disabled
    item.button.click()
    assert len(ProgressStore(store.path).answers) == 1


def test_carte_shows_the_set_aside_notice_in_its_own_widget(store):
    store.path.write_text("pas du json", encoding="utf-8")
    with pytest.warns(UserWarning):
        carte = quiz.carte()
    assert "conservé sous le nom progression.json.corrompu-" in carte.summary.value
    carte.refresh()
    assert "conservé sous le nom progression.json.corrompu-" in carte.summary.value  # still told after a redraw
