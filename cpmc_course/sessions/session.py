"""Certification sessions of a course: a new confidential sujet per session, drawn from a seed.

``create_session`` writes, for each chosen bloc, the bloc's sujet for the seed
(the bloc's module in ``registry.SUJETS``, e.g. ``b5_sujet``) as one nbgrader
assignment ``<épreuve>_<session>`` per épreuve of the bloc in ``source/`` (data
inside the folder), produces their student versions in ``release/`` through
``pipeline.release`` (nbgrader ``generate_assignment``), and keeps the instructor
notes and the session record in ``sessions/<session>/``.

Course layout of a session ``s2``::

    source/b5_donnees_marketing_s2/     notebooks (solutions, hidden tests, rubrics), data/, brief
    release/b5_donnees_marketing_s2/    student version (nbgrader)
    sessions/s2/session.json            the record: name, seed, blocs, assignments, date, draws
    sessions/s2/B5_NOTES_FORMATEUR.md   instructor notes with this session's figures

The seed is stored in the record: the course folder is the school's and already
holds every solution of the session in ``source/``, so the seed reveals nothing
more there, and it lets the school regenerate or audit the sujet. It must never
be published (the repository is public and holds the generators).

Everything is written into a temporary folder of the course and moved into place
at the end; on any error nothing is left behind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from cpmc_course import pipeline
from cpmc_course.errors import CpmcError
from cpmc_course.sessions import registry

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
SESSIONS = "sessions"
RECORD = "session.json"


@dataclass(frozen=True)
class SessionRecord:
    """One certification session of a course, as stored in ``sessions/<name>/session.json``."""

    name: str
    """Name given at creation (``s2``, ``rattrapage_2027``), suffix of the assignments."""
    seed: int
    """The school's secret seed of the session's data."""
    blocs: tuple[str, ...]
    """Blocs examined (``("B5",)``)."""
    assignments: tuple[str, ...]
    """nbgrader assignments of the session, one per épreuve of each bloc (``b5_donnees_marketing_s2``)."""
    created: str
    """Date of creation, ISO format."""
    draws: tuple[int, ...]
    """Per bloc, the draw of the seed whose data satisfied every planted story (0 = first)."""


def assignment_name(epreuve: str, session: str) -> str:
    """Assignment of the épreuve ``epreuve`` in ``session``: the épreuve's name with the session's as suffix."""
    return f"{epreuve}_{session}"


def assignments_of(bloc: str, session: str) -> tuple[str, ...]:
    """The assignments ``bloc`` has in ``session``, one per épreuve of the bloc."""
    return tuple(assignment_name(e, session) for e in registry.sujet(bloc).EPREUVES)


def _check(course: Path, name: str, blocs: list[str]) -> None:
    if not NAME.match(name):
        raise CpmcError(f"nom de session invalide {name!r} : lettres minuscules, chiffres, « _ » ou « - » "
                        "(40 caractères au plus), par exemple « s2 » ou « rattrapage_2027 ».")
    for bloc in blocs:
        registry.sujet(bloc)
    if (course / SESSIONS / name).exists():
        raise CpmcError(f"la session {name!r} existe déjà ({course / SESSIONS / name}) : choisissez un autre nom.")
    for assignment in (a for bloc in blocs for a in assignments_of(bloc, name)):
        for folder in ("source", "release"):
            if (course / folder / assignment).exists():
                raise CpmcError(f"le sujet {course / folder / assignment} existe déjà : choisissez un autre nom de session.")


def _write_bloc(bloc: str, seed: int, name: str, work: Path) -> int:
    source = work / "source"
    source.mkdir(exist_ok=True)
    return registry.sujet(bloc).write_session(seed, name, source, work / SESSIONS / name)


def _install(course: Path, work: Path, record: SessionRecord) -> None:
    """Move the session's folders from ``work`` into ``course`` and release them; undo everything on error."""
    moved: list[Path] = []
    try:
        for assignment in record.assignments:
            target = course / "source" / assignment
            target.parent.mkdir(exist_ok=True)
            shutil.move(str(work / "source" / assignment), target)
            moved.append(target)
            moved.append(course / "release" / assignment)
        pipeline.release(course, list(record.assignments))
        (course / SESSIONS).mkdir(exist_ok=True)
        shutil.move(str(work / SESSIONS / record.name), course / SESSIONS / record.name)
    except BaseException:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        raise


def create_session(course_dir: str | Path, name: str, seed: int, blocs: list[str] | None = None,
                   today: dt.date | None = None) -> SessionRecord:
    """Generate the session ``name`` of the course at ``course_dir`` from ``seed``; return its record.

    Raises a French ``CpmcError`` (nothing written) for a bad name, an unknown or
    not yet generated bloc, an existing session, or a seed whose data cannot
    satisfy the bloc's planted stories.
    """
    course = Path(course_dir).resolve()
    blocs = [b.strip().upper() for b in (blocs or ["B5"])]
    _check(course, name, blocs)
    work = Path(tempfile.mkdtemp(prefix=f".session-{name}-", dir=course))
    try:
        (work / SESSIONS / name).mkdir(parents=True)
        draws = tuple(_write_bloc(bloc, seed, name, work) for bloc in blocs)
        record = SessionRecord(name, seed, tuple(blocs), tuple(a for b in blocs for a in assignments_of(b, name)),
                               (today or dt.date.today()).isoformat(), draws)
        (work / SESSIONS / name / RECORD).write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
        _install(course, work, record)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return record


def read_session(folder: Path) -> SessionRecord:
    """The record of the session stored in ``folder``; a French ``CpmcError`` if it is unreadable."""
    path = folder / RECORD
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return SessionRecord(raw["name"], int(raw["seed"]), tuple(raw["blocs"]), tuple(raw["assignments"]),
                             raw["created"], tuple(raw["draws"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CpmcError(f"{path} : fiche de session illisible ({exc}) ; recréez la session ou corrigez le fichier.") from exc


def list_sessions(course_dir: str | Path) -> list[SessionRecord]:
    """The sessions of the course, by date then name."""
    root = Path(course_dir) / SESSIONS
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return sorted((read_session(f) for f in folders), key=lambda r: (r.created, r.name))


def session_of(course_dir: str | Path) -> dict[str, str]:
    """Assignment → name of the session it belongs to, for every session of the course."""
    return {a: record.name for record in list_sessions(course_dir) for a in record.assignments}
