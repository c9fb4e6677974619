"""Question banks for self-paced revision: one JSON file per bloc, loaded into frozen records.

A bank (``data/questions/b1.json`` … ``b5.json``) holds the questions of one bloc,
each tagged with a competency C1–C37 of that bloc and, where it fits, the criterion
of the référentiel it prepares. The savoirs socioprofessionnels SC1–SC4 are
evidenced by behaviour in a deliverable, never by a quiz: only a situational-judgement
question (``mise_en_situation``: a scenario, four reactions, the best one
explained) may prepare one, and it counts in no mastery level (progress ignores
SC1–SC4); any other question tagged with one is refused. Every criterion is
prepared by at least :data:`MIN_QUESTIONS_PER_CRITERION` questions
(:func:`thin_criteria`). Four kinds exist: ``choix_unique``, ``choix_multiple``,
``numerique`` and ``mise_en_situation``. A numeric
question carries its inputs as named values and names a calculation of
:mod:`cpmc_course.kit.formulas`; the loader recomputes the answer and a bank
whose stated answer disagrees with its own data fails to load. Every problem of a
bank is reported at once, in French, naming the file and the question id.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import CpmcError
from ..referential import Referential, load_referential
from ..kit.formulas import CALCULS
from ..kit.nombres import fr_nombre

KINDS = ("choix_unique", "choix_multiple", "numerique", "mise_en_situation")
"""The four kinds of question."""

SITUATION = "mise_en_situation"
"""Situational judgement: a scenario, four reactions, one best; prepares a savoir socioprofessionnel only."""

BLOCS = ("B1", "B2", "B3", "B4", "B5")
MIN_QUESTIONS_PER_CRITERION = 2
"""Fewest questions that must prepare each criterion of the référentiel."""

ID_PATTERN = re.compile(r"^b[1-5]-[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Stable question ids: ``b2-c13-dimensionnement-force-vente``."""


class QuestionBankError(CpmcError):
    """A question bank is inconsistent; the message lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Choice:
    """One proposed answer of a choice question."""

    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    """One question of a bank, validated against the référentiel."""

    id: str
    """Stable identifier, starting with the bloc (``b5-c35-panier-moyen``)."""
    bloc: str
    """``B1``…``B5``: the bloc of the bank and of the competency."""
    competency: str
    """Bare competency code, C1–C37 (``C13``); SC1–SC4 only for a ``mise_en_situation``."""
    criterion: str | None
    """Qualified criterion code (``B3.CE16``) or ``None``."""
    kind: str
    """``choix_unique``, ``choix_multiple``, ``numerique`` or ``mise_en_situation``."""
    question: str
    """Question text in French, plain text (escaped when shown)."""
    explanation: str
    """Shown after the answer, right or wrong."""
    choices: tuple[Choice, ...] = ()
    """Proposed answers of a choice question, in display order."""
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Named inputs of a numeric question."""
    calcul: str | None = None
    """Name of the calculation in :data:`formulas.CALCULS` (numeric questions)."""
    answer: float | None = None
    """Expected numeric answer, as stated in the bank (checked against ``calcul``)."""
    tolerance: float = 0.0
    """Accepted absolute gap between the learner's answer and the exact value."""
    unit: str = ""
    """Unit shown beside the input (``%``, ``€``, ``commerciaux``…)."""

    @property
    def correct_indices(self) -> tuple[int, ...]:
        """Positions of the correct choices."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)

    @property
    def exact_value(self) -> float:
        """The numeric answer recomputed from the question's own data."""
        if self.calcul is None:
            raise ValueError(f"{self.id} n'est pas une question numérique")
        return float(CALCULS[self.calcul](**self.data))

    def is_correct(self, answer: Any) -> bool:
        """Check a learner's answer.

        ``answer`` is a choice index for ``choix_unique``, an iterable of indices for
        ``choix_multiple`` (all correct choices and only them) and a number for
        ``numerique`` (within the tolerance of the exact value).
        """
        if self.kind in ("choix_unique", SITUATION):
            return answer is not None and (int(answer),) == self.correct_indices
        if self.kind == "choix_multiple":
            return set(int(i) for i in answer) == set(self.correct_indices)
        return abs(float(answer) - self.exact_value) <= self.tolerance + 1e-9

    def display_order(self) -> tuple[int, ...]:
        """Positions of the choices in the order shown to the learner.

        Banks are written with the right answer anywhere (often first); the
        display shuffles them, always the same way for a given question id, so
        that the position never gives the answer away and a screen can be
        described or tested.
        """
        order = list(range(len(self.choices)))
        random.Random(self.id).shuffle(order)
        return tuple(order)

    def expected_text(self) -> str:
        """The right answer, written for the learner."""
        if self.kind == "numerique":
            text = format_nombre(self.answer)
            return f"{text} {self.unit}".strip()
        return " ; ".join(c.text for c in self.choices if c.correct)

    def summary(self) -> dict[str, Any]:
        """The question as a flat dict for listings (``cpmc questions --json``)."""
        return {
            "id": self.id,
            "bloc": self.bloc,
            "competency": self.competency,
            "criterion": self.criterion,
            "kind": self.kind,
            "question": self.question,
        }


def is_quiz_competency(code: str) -> bool:
    """True for C1–C37; False for the savoirs socioprofessionnels SC1–SC4, which no quiz evidences."""
    return not code.upper().startswith("SC")


def questions_per_criterion(questions: Iterable[Question], ref: Referential | None = None) -> dict[str, list[str]]:
    """Ids of the questions preparing each criterion, for all criteria of the référentiel (qualified codes)."""
    ref = ref or load_referential()
    result: dict[str, list[str]] = {c.qualified: [] for c in ref.criteria}
    for q in questions:
        if q.criterion is not None:
            result[q.criterion].append(q.id)
    return result


def thin_criteria(
    questions: Iterable[Question], minimum: int = MIN_QUESTIONS_PER_CRITERION, ref: Referential | None = None
) -> dict[str, int]:
    """Criteria prepared by fewer than ``minimum`` questions, with their count (empty when all are covered)."""
    counts = questions_per_criterion(questions, ref)
    return {code: len(ids) for code, ids in counts.items() if len(ids) < minimum}


def format_nombre(value: float | None, decimals: int = 4) -> str:
    """A bank number the French way, without useless zeros (``1 234,5``, ``0,375``); empty for None."""
    return "" if value is None else fr_nombre(value, decimals, zeros=False)


def _parse_question(raw: Any, bloc: str, ref: Referential, where: str, index: int) -> tuple[Question | None, list[str]]:
    """One raw question → a record, or the list of its problems."""
    if not isinstance(raw, dict):
        return None, [f"{where}, question n° {index + 1} : ce n'est pas un objet JSON."]
    qid = raw.get("id")
    label = f"{where}, question {qid}" if qid else f"{where}, question n° {index + 1} (sans id)"
    problems: list[str] = []

    def fail(message: str) -> None:
        problems.append(f"{label} : {message}")

    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        fail("identifiant absent ou mal formé (attendu : minuscules, chiffres et tirets, ex. b2-c13-charge-de-travail).")
    elif not qid.startswith(bloc.lower() + "-"):
        fail(f"l'identifiant doit commencer par « {bloc.lower()}- » dans la banque du bloc {bloc}.")

    code = raw.get("competency")
    try:
        comp = ref.competency(str(code))
        if comp.bloc != bloc:
            fail(f"la compétence {code} appartient au bloc {comp.bloc}, pas au bloc {bloc} de cette banque.")
        if not is_quiz_competency(comp.code) and raw.get("kind") != SITUATION:
            fail(
                f"{comp.code} est un savoir socioprofessionnel : il se prouve par le comportement dans un livrable "
                "(oral, travail d'équipe, compte rendu), pas par un quiz ; rattachez la question à une compétence C1–C37, "
                "ou faites-en une mise en situation (« kind » : « mise_en_situation »), qui ne compte dans aucun niveau."
            )
        if is_quiz_competency(comp.code) and raw.get("kind") == SITUATION:
            fail(f"une mise en situation prépare un savoir socioprofessionnel (SC1–SC4), pas {comp.code}.")
    except KeyError:
        fail(f"compétence inconnue du référentiel : {code!r}.")

    criterion = raw.get("criterion")
    if criterion is not None:
        try:
            criterion = ref.criterion(str(criterion), bloc=None if "." in str(criterion) else bloc).qualified
        except KeyError:
            fail(f"critère inconnu du référentiel pour le bloc {bloc} : {criterion!r}.")
            criterion = None

    kind = raw.get("kind")
    if kind not in KINDS:
        fail(f"type de question inconnu {kind!r} (attendu : {', '.join(KINDS)}).")
    text = raw.get("question")
    if not isinstance(text, str) or not text.strip():
        fail("texte de la question manquant.")
    explanation = raw.get("explanation")
    if not isinstance(explanation, str) or not explanation.strip():
        fail("explication manquante (elle est montrée après la réponse, juste ou fausse).")

    choices: tuple[Choice, ...] = ()
    data: dict[str, Any] = {}
    calcul = answer = None
    tolerance = 0.0
    if kind == SITUATION and (criterion is not None or len(raw.get("choices") or []) != 4):
        fail("une mise en situation propose exactement quatre réactions et ne prépare aucun critère (rien n'y est certifié).")
    if kind in ("choix_unique", "choix_multiple", SITUATION):
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            fail("une question à choix doit proposer au moins deux réponses.")
        else:
            try:
                choices = tuple(Choice(str(c["text"]), bool(c.get("correct", False))) for c in raw_choices)
            except (TypeError, KeyError):
                fail("chaque réponse proposée doit être un objet avec « text » et « correct ».")
            n_correct = sum(c.correct for c in choices)
            if choices and n_correct == 0:
                fail("aucune réponse correcte n'est indiquée.")
            elif kind in ("choix_unique", SITUATION) and n_correct > 1:
                fail(f"question à choix unique avec {n_correct} réponses correctes.")
            if len({c.text for c in choices}) != len(choices):
                fail("deux réponses proposées ont le même texte.")
    elif kind == "numerique":
        calcul = raw.get("calcul")
        data = raw.get("data") or {}
        answer = raw.get("answer")
        tolerance = raw.get("tolerance", 0)
        if calcul not in CALCULS:
            fail(f"calcul inconnu {calcul!r} (calculs disponibles : {', '.join(sorted(CALCULS))}).")
        elif not isinstance(answer, (int, float)) or isinstance(answer, bool):
            fail("réponse numérique (« answer ») manquante ou non numérique.")
        elif not isinstance(tolerance, (int, float)) or tolerance < 0:
            fail("tolérance manquante ou négative.")
        else:
            try:
                exact = float(CALCULS[calcul](**data))
            except (TypeError, ValueError, ZeroDivisionError) as exc:
                fail(f"les données ne conviennent pas au calcul {calcul} ({exc}).")
            else:
                if not math.isfinite(exact) or abs(exact - answer) > tolerance + 1e-9:
                    fail(
                        f"la réponse indiquée ({answer}) ne correspond pas à ses propres données : "
                        f"{calcul} donne {exact:.4f} (tolérance {tolerance})."
                    )
    if problems:
        return None, problems
    return (
        Question(
            id=qid,
            bloc=bloc,
            competency=ref.competency(code).code,
            criterion=criterion,
            kind=kind,
            question=text.strip(),
            explanation=explanation.strip(),
            choices=choices,
            data=MappingProxyType(dict(data)),
            calcul=calcul,
            answer=float(answer) if answer is not None else None,
            tolerance=float(tolerance),
            unit=str(raw.get("unit", "")),
        ),
        [],
    )


def parse_bank(raw: Any, where: str, ref: Referential | None = None) -> tuple[Question, ...]:
    """Validate one bank document; raise :class:`QuestionBankError` listing every problem."""
    ref = ref or load_referential()
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise QuestionBankError([f"{where} : une banque est un objet JSON avec « bloc » et une liste « questions »."])
    bloc = raw.get("bloc")
    if bloc not in BLOCS:
        raise QuestionBankError([f"{where} : bloc inconnu {bloc!r} (attendu : {', '.join(BLOCS)})."])
    questions: list[Question] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, item in enumerate(raw["questions"]):
        qid = item.get("id") if isinstance(item, dict) else None
        if isinstance(qid, str) and qid in seen:
            problems.append(f"{where}, question {qid} : identifiant en double dans la banque.")
            continue
        if isinstance(qid, str):
            seen.add(qid)
        question, found = _parse_question(item, bloc, ref, where, index)
        problems.extend(found)
        if question is not None:
            questions.append(question)
    if problems:
        raise QuestionBankError(problems)
    return tuple(questions)


def load_bank_file(path: str | Path, ref: Referential | None = None) -> tuple[Question, ...]:
    """Load and validate one bank file."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise QuestionBankError([f"{path} : banque de questions illisible ({exc})."]) from None
    return parse_bank(raw, str(path), ref)


def merge_banks(banks: Iterable[tuple[Question, ...]]) -> tuple[Question, ...]:
    """Concatenate banks, refusing a question id used in two of them."""
    where: dict[str, str] = {}
    merged: list[Question] = []
    problems = []
    for bank in banks:
        for q in bank:
            if q.id in where:
                problems.append(f"question {q.id} : identifiant en double (blocs {where[q.id]} et {q.bloc}).")
            where[q.id] = q.bloc
            merged.append(q)
    if problems:
        raise QuestionBankError(problems)
    return tuple(merged)


@cache
def _packaged_banks() -> tuple[Question, ...]:
    folder = resources.files("cpmc_course") / "data" / "questions"
    banks = []
    for bloc in BLOCS:
        name = f"{bloc.lower()}.json"
        where = f"cpmc_course/data/questions/{name}"
        try:
            raw = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise QuestionBankError([f"{where} : banque de questions illisible ({exc})."]) from None
        banks.append(parse_bank(raw, where))
    return merge_banks(banks)


def load_banks(bloc: str | None = None) -> tuple[Question, ...]:
    """The packaged questions, all blocs or one (``"B2"``), in bank order."""
    questions = _packaged_banks()
    if bloc is None:
        return questions
    bloc = bloc.upper()
    if bloc not in BLOCS:
        raise CpmcError(f"Bloc inconnu : {bloc!r} (attendu : {', '.join(BLOCS)}).")
    return tuple(q for q in questions if q.bloc == bloc)


def question_by_id(qid: str) -> Question:
    """A packaged question by its id; ``CpmcError`` with a French message otherwise."""
    for q in _packaged_banks():
        if q.id == qid:
            return q
    raise CpmcError(f"Question inconnue : {qid!r}.")
