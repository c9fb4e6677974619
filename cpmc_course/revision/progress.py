"""The learner's revision progress: a local JSON file, mastery per competency, adaptive draw.

Where progress is kept
    The ``path`` argument if given, else the ``CPMC_PROGRESSION`` environment
    variable, else ``~/.cpmc/progression.json``. The file is only created at the
    first answer. Every write goes to a temporary file of the same folder, then
    ``os.replace`` swaps it in, so a crash never leaves half a file. Before each
    write the file is read again and merged with the answers this notebook
    knows, answer by answer (each answer carries a unique ``uid``), then sorted
    by time: two notebooks open at once add to each other's answers instead of
    erasing them, even when one of them had to set the file aside.

A file that is not ours
    Unreadable JSON, or JSON that is not a CPMC progress file (another format, a
    newer version, malformed answers), is never overwritten: it is renamed aside
    (``progression.json.corrompu-20261126T071500Z``), a French message says where
    it went, and a new progress starts.

Mastery rule
    For each competency, the last :data:`WINDOW` answers count, the most recent
    weighing most (weights 1, 2, … up to 5 for the latest): mastery is the
    weighted share of right answers, between 0 and 1. A competency never revised
    has no mastery (``None``); a bloc's mastery is the mean over its
    competencies, counting the never-revised ones as 0 (not revised is not
    mastered). Levels: ``maîtrisée`` from :data:`SEUIL_MAITRISE`, ``en cours``
    from :data:`SEUIL_EN_COURS`, ``à travailler`` below.

Adaptive draw
    The next questions come from the weakest competencies: competencies are
    ranked by mastery, then by fewer attempts, then at random; the weakest get
    one question each, in turn, until the series is full. A competency never
    revised ranks as :data:`NIVEAU_INCONNU` (0.5): after the ones known to be
    weak, so that a failed competency comes back soon, and before the ones
    already « en cours » or « maîtrisées », so that the whole référentiel gets
    covered. Within a competency, questions never answered come first,
    then those last answered wrong, then the ones answered longest ago. The
    random tie-breaks come from ``random.Random(seed)``: same seed, same series.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import uuid
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .questions import Question

ENV_VAR = "CPMC_PROGRESSION"
"""Environment variable naming the progress file."""
FORMAT = "cpmc-progression"
"""Marker written in every progress file."""
VERSION = 1
WINDOW = 5
"""Number of recent answers that count in a competency's mastery."""
SEUIL_MAITRISE = 0.8
SEUIL_EN_COURS = 0.5
NIVEAU_INCONNU = 0.5
"""Rank of a never-revised competency in the adaptive draw (not its mastery)."""


class ProgressionWarning(UserWarning):
    """A progress file could not be used and was renamed aside."""


@dataclass(frozen=True)
class Answer:
    """One answer given by the learner."""

    question: str
    """Question id."""
    competency: str
    bloc: str
    correct: bool
    at: str
    """UTC time, ISO 8601 (``2026-11-26T07:15:00+00:00``)."""
    given: str = ""
    """The answer as the learner gave it (text), for their own review."""
    uid: str = ""
    """Unique id of this answer, so that merging two copies of a file never drops nor doubles one."""

    @property
    def identity(self) -> tuple[str, ...]:
        """What tells two answers apart (files written before ``uid`` existed fall back on their content)."""
        return (self.uid,) if self.uid else (self.at, self.question, str(self.correct), self.given)


@dataclass(frozen=True)
class Mastery:
    """Mastery of one competency, from the learner's answers."""

    competency: str
    bloc: str
    attempts: int
    """All answers ever given on this competency."""
    correct: int
    """Right answers among them."""
    level: float | None
    """Weighted share of right answers among the recent ones (0–1), ``None`` if never revised."""

    @property
    def label(self) -> str:
        """``non révisée``, ``à travailler``, ``en cours`` or ``maîtrisée``."""
        return niveau(self.level)


def niveau(level: float | None) -> str:
    """The French label of a mastery level."""
    if level is None:
        return "non révisée"
    if level >= SEUIL_MAITRISE:
        return "maîtrisée"
    if level >= SEUIL_EN_COURS:
        return "en cours"
    return "à travailler"


def default_path() -> Path:
    """``$CPMC_PROGRESSION`` if set, else ``~/.cpmc/progression.json``."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else Path.home() / ".cpmc" / "progression.json"


def _now() -> datetime:
    return datetime.now(timezone.utc)


class _NotOurs(Exception):
    """The file exists but cannot be read as a CPMC progress file."""

    def __init__(self, kind: str, reason: str):
        self.kind = kind
        self.reason = reason
        super().__init__(reason)


def _parse(text: str) -> list[Answer]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _NotOurs("corrompu", f"JSON illisible, ligne {exc.lineno}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _NotOurs("etranger", "ce n'est pas un fichier de progression CPMC")
    version = raw.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise _NotOurs("etranger", f"version {version!r} inconnue de ce cours (version attendue : {VERSION})")
    items = raw.get("reponses")
    if not isinstance(items, list):
        raise _NotOurs("corrompu", "la liste des réponses manque")
    answers = []
    for i, item in enumerate(items):
        try:
            answers.append(
                Answer(
                    question=str(item["question"]),
                    competency=str(item["competency"]),
                    bloc=str(item["bloc"]),
                    correct=bool(item["correct"]),
                    at=str(item["at"]),
                    given=str(item.get("given", "")),
                    uid=str(item.get("uid", "")),
                )
            )
        except (KeyError, TypeError):
            raise _NotOurs("corrompu", f"réponse n° {i + 1} incomplète") from None
    return answers


class ProgressStore:
    """The learner's answers, kept in a local JSON file.

    ``notice`` holds the French message of the last recovery (a file set
    aside), ``None`` when all went well; the same message is also issued as a
    :class:`ProgressionWarning`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.notice: str | None = None
        self._answers: list[Answer] = self._read()

    @property
    def answers(self) -> tuple[Answer, ...]:
        """Every answer, oldest first."""
        return tuple(self._answers)

    def _read(self) -> list[Answer]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside("corrompu", f"lecture impossible : {exc}")
        try:
            return _parse(text)
        except _NotOurs as exc:
            return self._set_aside(exc.kind, exc.reason)

    def _set_aside(self, kind: str, reason: str) -> list[Answer]:
        stamp = _now().strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.{kind}-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{n}")
        os.replace(self.path, aside)
        self.notice = (
            f"Le fichier de progression {self.path} n'a pas pu être lu ({reason}). "
            f"Il n'a pas été effacé : il est conservé sous le nom {aside.name}. "
            "Une nouvelle progression commence."
        )
        warnings.warn(self.notice, ProgressionWarning, stacklevel=3)
        return []

    def record(self, question: Question, correct: bool, given: str = "") -> Answer:
        """Add one answer and save the file at once."""
        answer = Answer(
            question=question.id,
            competency=question.competency,
            bloc=question.bloc,
            correct=bool(correct),
            at=_now().isoformat(timespec="microseconds"),
            given=given,
            uid=uuid.uuid4().hex,
        )
        merged = merge_answers(self._read(), self._answers, [answer])
        self._write(merged)
        self._answers = merged
        return answer

    def _write(self, answers: Sequence[Answer]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"format": FORMAT, "version": VERSION, "reponses": [asdict(a) for a in answers]}
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def mastery(self) -> dict[str, Mastery]:
        """Mastery of every competency of the référentiel (see :func:`compute_mastery`)."""
        return compute_mastery(self._answers)


def _when(answer: Answer) -> datetime:
    try:
        moment = datetime.fromisoformat(answer.at)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def merge_answers(*sources: Iterable[Answer]) -> list[Answer]:
    """Union of several answer lists, each answer once (by :attr:`Answer.identity`), oldest first.

    The sort is stable: answers given at the same moment keep the order of the
    sources. This is what lets a notebook that set the file aside and one that
    still holds the older answers in memory both keep their new answers.
    """
    seen: set[tuple[str, ...]] = set()
    merged: list[Answer] = []
    for source in sources:
        for a in source:
            if a.identity not in seen:
                seen.add(a.identity)
                merged.append(a)
    return sorted(merged, key=_when)


def compute_mastery(answers: Iterable[Answer], window: int = WINDOW) -> dict[str, Mastery]:
    """Mastery per competency code, for the 37 competencies C1–C37 that a quiz can prepare.

    The savoirs socioprofessionnels SC1–SC4 are evidenced by behaviour, not by a quiz:
    they have no question and no mastery here (answers recorded under them by an
    older bank are ignored).
    """
    from ..referential import load_referential
    from .questions import is_quiz_competency

    history: dict[str, list[bool]] = {}
    for a in answers:
        history.setdefault(a.competency, []).append(a.correct)
    result = {}
    for comp in load_referential().competencies:
        if not is_quiz_competency(comp.code):
            continue
        done = history.get(comp.code, [])
        recent = done[-window:]
        weights = range(1, len(recent) + 1)
        level = (
            sum(w for w, ok in zip(weights, recent) if ok) / sum(weights) if recent else None
        )
        result[comp.code] = Mastery(comp.code, comp.bloc, len(done), sum(done), level)
    return result


def bloc_mastery(masteries: dict[str, Mastery]) -> dict[str, float]:
    """Mean mastery per bloc, never-revised competencies counting as 0."""
    per_bloc: dict[str, list[float]] = {}
    for m in masteries.values():
        per_bloc.setdefault(m.bloc, []).append(m.level or 0.0)
    return {bloc: sum(levels) / len(levels) for bloc, levels in per_bloc.items()}


def next_questions(
    questions: Sequence[Question], answers: Sequence[Answer], n: int = 5, seed: Any = None
) -> tuple[Question, ...]:
    """The next ``n`` questions, drawn from the weakest competencies (rule in the module doc)."""
    rng = random.Random(seed)
    masteries = compute_mastery(answers)
    by_comp: dict[str, list[Question]] = {}
    for q in questions:
        by_comp.setdefault(q.competency, []).append(q)
    last: dict[str, tuple[int, bool]] = {}
    for i, a in enumerate(answers):
        last[a.question] = (i, a.correct)

    def comp_key(code: str) -> tuple[float, int, float]:
        m = masteries.get(code)  # None for SC1–SC4: their situations are drawn, never measured
        if m is None:
            return (NIVEAU_INCONNU, sum(a.competency == code for a in answers), rng.random())
        return (NIVEAU_INCONNU if m.level is None else m.level, m.attempts, rng.random())

    def question_key(q: Question) -> tuple[int, int, float]:
        if q.id not in last:
            return (0, -1, rng.random())
        when, ok = last[q.id]
        return (2 if ok else 1, when, rng.random())

    order = sorted(by_comp, key=comp_key)
    queues = {code: sorted(by_comp[code], key=question_key) for code in order}
    picked: list[Question] = []
    while len(picked) < n and any(queues.values()):
        for code in order:
            if queues[code] and len(picked) < n:
                picked.append(queues[code].pop(0))
    return tuple(picked)
