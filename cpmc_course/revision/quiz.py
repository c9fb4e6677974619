"""Quiz widgets (ipywidgets 8) with immediate feedback, for any notebook.

One line is enough::

    from cpmc_course.revision import quiz
    quiz.reviser(bloc="B2")                       # an adaptive series of questions
    quiz.question("b3-c20-taux-de-marque")        # one question
    quiz.carte()                                  # the « carte de révision »

Every widget object is exposed (``answer``, ``button``, ``feedback``…) so that a
test can set an answer, call ``button.click()`` and read the feedback and the
recorded progress without a browser. Without arguments, :func:`reviser` reads
``CPMC_REVISION_QUESTIONS`` (comma-separated question ids for the first
series) and ``CPMC_REVISION_SEED`` from the environment, so that a notebook can
be driven by a test without editing it.
"""

from __future__ import annotations

import html
import io
import os
import random
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from ..errors import CpmcError
from ..referential import load_referential
from .progress import SEUIL_MAITRISE, ProgressStore, bloc_mastery, next_questions
from ..kit.nombres import parse_nombre
from .questions import BLOCS, SITUATION, Question, format_nombre, load_banks, question_by_id

ENV_QUESTIONS = "CPMC_REVISION_QUESTIONS"
ENV_SEED = "CPMC_REVISION_SEED"

_CSS = (
    "<style>"
    ".cpmc-question{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:6px 0;}"
    ".cpmc-question .widget-radio-box label,.cpmc-question .widget-checkbox label"
    "{white-space:normal;height:auto;line-height:1.3;}"
    ".cpmc-question .widget-radio-box{width:100%;}"
    ".cpmc-juste{background:#e8f5e9;border-left:4px solid #2e7d32;padding:6px 10px;}"
    ".cpmc-faux{background:#ffebee;border-left:4px solid #c62828;padding:6px 10px;}"
    ".cpmc-attention{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px;}"
    "</style>"
)


def _style() -> widgets.HTML:
    """The CSS of the quiz widgets (wrapping choice labels, coloured feedback)."""
    return widgets.HTML(_CSS)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class QuestionWidget:
    """One question on screen: its answer input, a « Valider » button and the feedback.

    Attributes a test can drive: ``answer`` (``RadioButtons`` whose value is the
    index of the choice in the bank, a ``VBox`` of ``checkboxes``, kept in bank
    order in ``checkboxes`` but shown shuffled, or a ``Text`` for numbers),
    ``button``, ``feedback`` (``HTML``), ``result`` (``True``/``False`` once
    answered, ``None`` before), ``saved`` (``True`` once the answer is in the
    progress file). When saving fails (a read-only home folder…), the feedback
    is shown all the same, a French message says the answer was not saved, and
    the button turns into « Réessayer l'enregistrement ».
    """

    def __init__(self, question: Question, store: ProgressStore, on_answer: Any = None, numero: int | None = None):
        self.question = question
        self.store = store
        self.result: bool | None = None
        self.saved = False
        self._given = ""
        self._feedback = ""
        self._on_answer = on_answer
        comp = load_referential().competency(question.competency)
        prefix = f"Question {numero} · " if numero else ""
        crit = f" · critère {question.criterion}" if question.criterion else ""
        self.title = widgets.HTML(
            f"<div style='color:#57606a;font-size:0.85em'>{prefix}{question.bloc} · {comp.code} — "
            f"{_esc(comp.text)}{crit}</div><div style='margin-top:4px'><b>{_esc(question.question)}</b></div>"
        )
        self.checkboxes: tuple[widgets.Checkbox, ...] = ()
        order = question.display_order()
        if question.kind in ("choix_unique", SITUATION):
            self.answer = widgets.RadioButtons(
                options=[(question.choices[i].text, i) for i in order],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            hint = ("Mise en situation : choisissez la meilleure réaction. Elle prépare l'oral et ne compte dans "
                    "aucun niveau de maîtrise." if question.kind == SITUATION else "Une seule réponse.")
        elif question.kind == "choix_multiple":
            self.checkboxes = tuple(
                widgets.Checkbox(description=c.text, value=False, indent=False, layout=widgets.Layout(width="auto"))
                for c in question.choices
            )
            self.answer = widgets.VBox([self.checkboxes[i] for i in order])
            hint = "Cochez toutes les bonnes réponses."
        else:
            self.answer = widgets.Text(placeholder="Votre réponse, ex. 33,3", layout=widgets.Layout(width="14em"))
            hint = f"Réponse en {question.unit}." if question.unit else "Réponse numérique."
        self.hint = widgets.HTML(f"<i style='color:#57606a'>{_esc(hint)}</i>")
        self.button = widgets.Button(description="Valider", button_style="primary", icon="check")
        self.button.add_class("cpmc-valider")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("cpmc-feedback")
        self.button.on_click(lambda _b: self.check())
        self.widget = widgets.VBox([self.title, self.hint, self.answer, self.button, self.feedback])
        self.widget.add_class("cpmc-question")

    def _read_answer(self) -> tuple[Any, str]:
        """The answer as the question expects it, and as text; ``ValueError`` (French) if missing."""
        q = self.question
        if q.kind in ("choix_unique", SITUATION):
            if self.answer.value is None:
                raise ValueError("Choisissez une réponse avant de valider.")
            return self.answer.value, q.choices[self.answer.value].text
        if q.kind == "choix_multiple":
            chosen = [i for i, box in enumerate(self.checkboxes) if box.value]
            if not chosen:
                raise ValueError("Cochez au moins une réponse avant de valider.")
            return chosen, " ; ".join(q.choices[i].text for i in chosen)
        text = self.answer.value
        if not text.strip():
            raise ValueError("Saisissez un nombre avant de valider.")
        return parse_nombre(text), text.strip()

    def check(self) -> bool | None:
        """Check the current answer, show the feedback, record it; ``None`` if nothing valid was given.

        Once answered, a new call only retries a save that failed.
        """
        if self.result is not None:
            if not self.saved:
                self._save()
            return self.result
        try:
            value, given = self._read_answer()
        except ValueError as exc:
            self.feedback.value = f"<div class='cpmc-attention'>{_esc(str(exc))}</div>"
            return None
        q = self.question
        ok = q.is_correct(value)
        self.result = ok
        self._given = given
        if ok:
            head = "✔ <b>Bonne réponse.</b>"
        elif q.kind == "numerique":
            tol = f" (écart toléré : ± {format_nombre(q.tolerance)})" if q.tolerance else ""
            head = (f"✘ <b>Réponse incorrecte.</b> Vous avez répondu {_esc(given)} ; "
                    f"la bonne réponse est {_esc(q.expected_text())}{tol}.")
        else:
            head = f"✘ <b>Réponse incorrecte.</b> Bonne réponse : {_esc(q.expected_text())}."
        css = "cpmc-juste" if ok else "cpmc-faux"
        self._feedback = f"<div class='{css}'>{head}<br>{_esc(q.explanation)}</div>"
        self.feedback.value = self._feedback
        self.button.disabled = True
        if q.kind == "choix_multiple":
            for box in self.checkboxes:
                box.disabled = True
        else:
            self.answer.disabled = True
        self._save()
        if self._on_answer is not None:
            self._on_answer(self)
        return ok

    def _save(self) -> None:
        """Record the answer; on failure, say so under the feedback and offer to retry."""
        try:
            self.store.record(self.question, bool(self.result), self._given)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.feedback.value = self._feedback + (
                "<div class='cpmc-attention'>Votre réponse n'a pas pu être enregistrée dans "
                f"<code>{_esc(str(self.store.path))}</code> ({_esc(reason)}) : elle ne compte pas encore "
                "dans votre progression. Vérifiez que ce dossier est accessible en écriture (ou indiquez un "
                "autre fichier avec la variable d'environnement CPMC_PROGRESSION), puis cliquez sur "
                "« Réessayer l'enregistrement ».</div>"
            )
            self.button.description = "Réessayer l'enregistrement"
            self.button.icon = "save"
            self.button.disabled = False
            return
        self.saved = True
        self.feedback.value = self._feedback
        self.button.description = "Valider"
        self.button.icon = "check"
        self.button.disabled = True

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return widgets.VBox([_style(), self.widget])._repr_mimebundle_(**kwargs)


def _env_ids() -> list[str] | None:
    raw = os.environ.get(ENV_QUESTIONS, "").strip()
    return [x.strip() for x in raw.split(",") if x.strip()] or None


def _env_seed() -> int | None:
    raw = os.environ.get(ENV_SEED, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise CpmcError(
            f"La variable d'environnement {ENV_SEED} doit être un nombre entier (reçu « {raw} »)."
        ) from None


class Revision:
    """An adaptive revision session: a series of questions, a score per competency, « Nouvelle série ».

    Attributes: ``store`` (:class:`ProgressStore`), ``items`` (the current
    :class:`QuestionWidget` list), ``scores`` (competency → [right, answered]
    in this session), ``bloc_select``, ``nombre``, ``new_button``,
    ``score_html``, ``notice_html``, ``widget``.
    """

    def __init__(
        self,
        bloc: str | None = None,
        n: int = 5,
        seed: int | None = None,
        ids: Sequence[str] | None = None,
        store: ProgressStore | None = None,
    ):
        if bloc and bloc.upper() not in BLOCS:
            raise CpmcError(f"Bloc inconnu : {bloc!r} (attendu : {', '.join(BLOCS)}).")
        self.store = store if store is not None else ProgressStore()
        self.scores: dict[str, list[int]] = {}
        self._rng = random.Random(seed)
        ref = load_referential()
        self.bloc_select = widgets.Dropdown(
            options=[("Tous les blocs", "")] + [(f"{b.code} – {b.title}", b.code) for b in ref.blocs],
            value=(bloc or "").upper(),
            description="Bloc :",
            layout=widgets.Layout(width="32em"),
        )
        self.nombre = widgets.BoundedIntText(value=n, min=1, max=20, description="Questions :",
                                             layout=widgets.Layout(width="12em"))
        self.new_button = widgets.Button(description="Nouvelle série", icon="refresh",
                                         layout=widgets.Layout(width="auto"))
        self.new_button.add_class("cpmc-nouvelle-serie")
        self.new_button.on_click(lambda _b: self.new_series())
        self.notice_html = widgets.HTML(
            f"<div class='cpmc-attention'>{_esc(self.store.notice)}</div>" if self.store.notice else ""
        )
        self.place_html = widgets.HTML(
            f"<span style='color:#57606a;font-size:0.85em'>Progression enregistrée dans "
            f"<code>{_esc(str(self.store.path))}</code></span>"
        )
        self.score_html = widgets.HTML("")
        self.questions_box = widgets.VBox([])
        self.items: list[QuestionWidget] = []
        self.widget = widgets.VBox([
            _style(), self.notice_html, widgets.HBox([self.bloc_select, self.nombre, self.new_button]),
            self.place_html, self.questions_box, self.score_html,
        ])
        self.new_series(list(ids) if ids else None)

    def pool(self) -> tuple[Question, ...]:
        """The questions of the selected bloc (all blocs when none is selected)."""
        return load_banks(self.bloc_select.value or None)

    def new_series(self, ids: Sequence[str] | None = None) -> list[QuestionWidget]:
        """Draw a new series (or show the given question ids) and display it."""
        if ids:
            chosen = [question_by_id(i) for i in ids]
        else:
            chosen = list(next_questions(self.pool(), self.store.answers, self.nombre.value,
                                         seed=self._rng.randrange(2**32)))
        self.items = [QuestionWidget(q, self.store, self._answered, numero=i + 1) for i, q in enumerate(chosen)]
        self.questions_box.children = [item.widget for item in self.items]
        self._show_score()
        return self.items

    def _answered(self, item: QuestionWidget) -> None:
        score = self.scores.setdefault(item.question.competency, [0, 0])
        score[0] += int(bool(item.result))
        score[1] += 1
        self._show_score()

    def _show_score(self) -> None:
        done = [i for i in self.items if i.result is not None]
        if not self.scores:
            self.score_html.value = (
                f"<i>Répondez aux {len(self.items)} questions, puis cliquez sur « Nouvelle série » : "
                "les questions suivantes porteront sur vos compétences les plus faibles.</i>"
            )
            return
        rows = "".join(
            f"<tr><td>{code}</td><td style='text-align:right'>{ok} / {total}</td></tr>"
            for code, (ok, total) in sorted(self.scores.items(), key=lambda kv: _order(kv[0]))
        )
        right = sum(ok for ok, _ in self.scores.values())
        total = sum(t for _, t in self.scores.values())
        self.score_html.value = (
            f"<div><b>Score de la séance : {right} / {total}</b> "
            f"({len(done)} / {len(self.items)} questions de cette série)"
            f"<table style='margin-top:4px'><tr><th>Compétence</th><th>Bonnes réponses</th></tr>{rows}</table></div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _order(code: str) -> tuple[int, int]:
    return (1 if code.startswith("SC") else 0, int(code.lstrip("SC")))


def reviser(
    bloc: str | None = None,
    n: int = 5,
    seed: int | None = None,
    ids: Sequence[str] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Revision:
    """Start an adaptive revision session (see :class:`Revision`).

    ``ids`` and ``seed`` default to ``CPMC_REVISION_QUESTIONS`` and
    ``CPMC_REVISION_SEED``; ``path`` to ``CPMC_PROGRESSION`` or the home file.
    """
    ids = ids if ids is not None else _env_ids()
    seed = seed if seed is not None else _env_seed()
    try:
        return Revision(bloc=bloc, n=n, seed=seed, ids=ids, store=ProgressStore(path))
    except CpmcError as exc:
        raise CpmcError(f"Impossible de lancer la révision : {exc}") from None


def question(qid: str, path: str | os.PathLike[str] | None = None) -> QuestionWidget:
    """One question of the banks, by id, with its feedback."""
    return QuestionWidget(question_by_id(qid), ProgressStore(path))


class Carte:
    """The « carte de révision » in a widget, with a button to redraw it after answering."""

    def __init__(self, store: ProgressStore | None = None):
        self.store = store if store is not None else ProgressStore()
        self.notices: list[str] = [self.store.notice] if self.store.notice else []
        """Recovery messages (a progress file set aside) met since the carte was opened."""
        self.button = widgets.Button(description="Mettre à jour la carte", icon="refresh",
                                     layout=widgets.Layout(width="16em"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.summary = widgets.HTML("")
        self.button.on_click(lambda _b: self.refresh())
        self.widget = widgets.VBox([_style(), self.button, self.summary, self.image])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the progress file and redraw."""
        from .carte import carte_de_revision

        self.store = ProgressStore(self.store.path)
        if self.store.notice:
            self.notices.append(self.store.notice)
        masteries = self.store.mastery()
        blocs = bloc_mastery(masteries)
        revised = sum(m.level is not None for m in masteries.values())
        weakest = sorted(
            (m for m in masteries.values() if m.level is not None and m.level < SEUIL_MAITRISE),
            key=lambda m: m.level,
        )[:3]
        advice = ", ".join(f"{m.competency} ({m.level * 100:.0f} %)" for m in weakest)
        self.figure = carte_de_revision(masteries)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=90)
        self.image.value = buffer.getvalue()
        # the summary comes last: once it shows, the picture above is up to date
        notices = "".join(f"<div class='cpmc-attention'>{_esc(n)}</div>" for n in self.notices)
        self.summary.value = notices + (
            f"Compétences révisées : {revised} sur {len(masteries)}. "
            + (f"À retravailler en priorité : {advice}. " if weakest else "")
            + "Maîtrise par bloc : "
            + ", ".join(f"{b} {v * 100:.0f} %" for b, v in blocs.items())
            + "."
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def carte(path: str | os.PathLike[str] | None = None) -> Carte:
    """The « carte de révision » of the learner's progress."""
    return Carte(ProgressStore(path))
