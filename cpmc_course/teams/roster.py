"""The team roster ``autograder/equipes.csv``: reading, checking, and who receives which team grade.

UTF-8, ``;`` or ``,`` separated (a French spreadsheet saves ``;``), columns
``sujet,equipe,etudiant,statut``; ``statut`` is empty or ``absent``. Every
problem names the file and, where it can, the line. A team is graded under a
pseudo-student id that says it is a team (``equipe--<sujet>--<equipe>``).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import RosterError
from ..records import Membership

ROSTER_FILE = Path("autograder") / "equipes.csv"
"""The roster, relative to the course root."""

COLUMNS = ("sujet", "equipe", "etudiant", "statut")
"""Roster columns; ``statut`` may be left out."""

ABSENT = "absent"
"""The only non-empty value of the ``statut`` column."""

TEAM_PREFIX = "equipe--"
"""Start of every team pseudo-student id."""

ARCHIVE_DIR = "copies_equipes"
"""Where students' own copies of team assignments are kept, one folder per hand-in (course root)."""


@dataclass(frozen=True)
class RosterRow:
    """One line of the roster file, as written."""

    line: int
    assignment: str
    team: str
    student_id: str
    """Empty on a line that only declares the team."""
    absent: bool


@dataclass(frozen=True)
class Team:
    """A team of one team assignment."""

    assignment: str
    name: str
    members: tuple[str, ...]
    """Every member, absent ones included, in roster order."""
    absent: frozenset[str]
    line: int
    """First roster line of the team."""

    @property
    def id(self) -> str:
        """The team's pseudo-student id in nbgrader."""
        return team_id(self.assignment, self.name)

    @property
    def display_name(self) -> str:
        """How the formgrader names the team: « Équipe Alpha — b4_projet_web_equipe » (gradebook last name)."""
        name = self.name if self.name.lower().startswith(("équipe", "equipe")) else f"Équipe {self.name}"
        return f"{name} — {self.assignment}"

    @property
    def present(self) -> tuple[str, ...]:
        """Members who are not marked absent."""
        return tuple(m for m in self.members if m not in self.absent)


@dataclass(frozen=True)
class Roster:
    """Every team of every team assignment."""

    path: Path
    teams: tuple[Team, ...] = ()

    def for_assignment(self, assignment: str) -> tuple[Team, ...]:
        return tuple(t for t in self.teams if t.assignment == assignment)

    def memberships(self) -> tuple[Membership, ...]:
        """One record per (member, team assignment)."""
        return tuple(Membership(m, t.assignment, t.name, m in t.absent) for t in self.teams for m in t.members)


def slug(name: str) -> str:
    """ASCII, lower-case, dash-separated form of a team name (``Équipe Rose`` → ``equipe-rose``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def team_id(assignment: str, team: str) -> str:
    """The pseudo-student id of a team (``equipe--b4_projet_web--alpha``)."""
    return f"{TEAM_PREFIX}{assignment}--{slug(team)}"


def is_team_id(student_id: str) -> bool:
    """True for a team's pseudo-student id."""
    return student_id.startswith(TEAM_PREFIX)


def _header_key(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.strip().lower()


def parse_roster(path: Path) -> list[RosterRow]:
    """The rows of a roster file; raises :class:`RosterError` naming the file and lines."""
    rows, problems = read_rows(path)
    if problems:
        raise RosterError(problems)
    return rows


def read_rows(path: Path) -> tuple[list[RosterRow], list[str]]:
    """The usable rows of a roster file and the problems of the others, so one run reports every mistake.

    Raises :class:`RosterError` only when the file cannot be read as a roster at
    all (unreadable, not UTF-8, empty, header without its columns). A row without
    assignment or team is left out of the rows; a row with an unknown status is
    kept (as present) so that its student is still checked.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RosterError([f"{path} : fichier illisible ({exc.strerror or exc})."]) from None
    except UnicodeDecodeError:
        raise RosterError([f"{path} : le fichier n'est pas en UTF-8 ; enregistrez-le au format « CSV UTF-8 »."]) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise RosterError([f"{path} : fichier vide ; attendu une ligne d'en-tête {','.join(COLUMNS)} puis une ligne par membre."])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_header_key(h) for h in next(reader)]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise RosterError([
            f"{path}, ligne 1 : colonne(s) manquante(s) : {', '.join(missing)} "
            f"(en-tête attendu : {delimiter.join(COLUMNS)} ; trouvé : {delimiter.join(header)})."
        ])
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rows, problems = [], []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        get = {c: (values[i].strip() if i < len(values) else "") for c, i in index.items()}
        status = get.get("statut", "").lower()
        where = f"{path}, ligne {line}"
        usable = True
        if not get["sujet"]:
            problems.append(f"{where} : colonne « sujet » vide.")
            usable = False
        if not get["equipe"]:
            problems.append(f"{where} : colonne « equipe » vide.")
            usable = False
        elif not slug(get["equipe"]):
            problems.append(f"{where} : nom d'équipe {get['equipe']!r} inutilisable (il faut au moins une lettre ou un chiffre).")
            usable = False
        if status not in ("", ABSENT):
            problems.append(f"{where} : statut {get['statut']!r} inconnu (laisser vide, ou « absent »).")
        if usable:
            rows.append(RosterRow(line, get["sujet"], get["equipe"], get["etudiant"], status == ABSENT))
    return rows, problems


def check_roster(rows: list[RosterRow], path: Path, known_students: Iterable[str], source_assignments: Iterable[str],
                 team_assignments: Iterable[str], required: Iterable[str] | None = None,
                 earlier: Iterable[str] = ()) -> Roster:
    """Teams from roster rows, every problem reported at once (:class:`RosterError`), in line order.

    ``required``: team assignments that must have teams (default: all of them);
    ``earlier``: problems already found while reading the rows (:func:`read_rows`).
    """
    known, sources, team_set = set(known_students), set(source_assignments), set(team_assignments)
    needed = team_set if required is None else set(required) & team_set
    problems: list[str] = list(earlier)
    teams: dict[tuple[str, str], list[RosterRow]] = {}
    placed: dict[tuple[str, str], RosterRow] = {}  # (assignment, student) -> row that placed them
    ids: dict[str, str] = {}
    for row in rows:
        where = f"{path}, ligne {row.line}"
        if row.assignment not in sources:
            problems.append(f"{where} : le sujet {row.assignment!r} n'existe pas dans source/.")
            continue
        if row.assignment not in team_set:
            problems.append(f'{where} : le sujet {row.assignment!r} n\'est pas un sujet d\'équipe (ses notebooks ne portent pas "equipe": true).')
            continue
        tid = team_id(row.assignment, row.team)
        if ids.setdefault(tid, row.team) != row.team:
            problems.append(f"{where} : le nom d'équipe {row.team!r} se confond avec {ids[tid]!r} (même identifiant {tid}) ; choisissez un autre nom.")
            continue
        teams.setdefault((row.assignment, row.team), []).append(row)
        if not row.student_id:
            continue
        if is_team_id(row.student_id):
            problems.append(f"{where} : {row.student_id!r} est un identifiant d'équipe, pas d'étudiant.")
        elif row.student_id not in known:
            problems.append(f"{where} : étudiant inconnu {row.student_id!r} (absent du carnet de notes et des copies rendues).")
        before = placed.get((row.assignment, row.student_id))
        if before is None:
            placed[(row.assignment, row.student_id)] = row
        elif before.team == row.team:
            problems.append(f"{where} : {row.student_id} figure deux fois dans l'équipe {row.team} (déjà ligne {before.line}).")
        else:
            problems.append(
                f"{where} : {row.student_id} est dans deux équipes du sujet {row.assignment} : "
                f"{before.team} (ligne {before.line}) et {row.team}."
            )
    result = []
    for (assignment, name), team_rows in teams.items():
        members = tuple(dict.fromkeys(r.student_id for r in team_rows if r.student_id))
        if not members:
            problems.append(f"{path}, ligne {team_rows[0].line} : l'équipe {name} du sujet {assignment} n'a aucun membre.")
            continue
        absent = frozenset(r.student_id for r in team_rows if r.student_id and r.absent)
        result.append(Team(assignment, name, members, absent, team_rows[0].line))
    for assignment in sorted(needed - {a for a, _ in teams}):
        problems.append(f"{path} : le sujet d'équipe {assignment} n'a aucune équipe déclarée (ajoutez une ligne par membre).")
    if problems:
        raise RosterError(sorted(problems, key=_line_of))
    return Roster(path, tuple(result))


def _line_of(problem: str) -> int:
    """Line a problem names (``…, ligne 12 : …``); problems of the whole file come last."""
    found = re.search(r", ligne (\d+) : ", problem)
    return int(found.group(1)) if found else sys.maxsize


def known_students(course: Path) -> set[str]:
    """Students of the gradebook, of ``submitted/`` and of ``copies_equipes/`` (team pseudo-students excluded)."""
    found = set()
    from ..gradebook import db_url, gradebook_exists, read_students

    url = db_url(course)
    if gradebook_exists(url):
        found |= {s.id for s in read_students(url)}
    submitted = course / "submitted"
    if submitted.is_dir():
        found |= {p.name for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(".")}
    found |= {p.name for p in (course / ARCHIVE_DIR).glob("*/*") if p.is_dir()}
    return {s for s in found if not is_team_id(s)}


def load_roster(course: Path, source_assignments: Iterable[str], team_assignments: Iterable[str],
                required: Iterable[str] | None = None) -> Roster:
    """The course's checked roster; an empty one when there is no roster and no team assignment requires one.

    ``required``: the team assignments being graded or reported with data (hand-ins
    or grades), which need their teams; default: every team assignment. A roster
    that exists is always checked whole.
    """
    path = course / ROSTER_FILE
    team_set = set(team_assignments)
    needed = team_set if required is None else set(required) & team_set
    if not path.exists():
        if needed:
            raise RosterError([
                f"{path} : fichier absent ; les sujets d'équipe {', '.join(sorted(needed))} ont besoin de leurs équipes "
                f"(colonnes {','.join(COLUMNS)}, une ligne par membre)."
            ])
        return Roster(path)
    rows, problems = read_rows(path)
    return check_roster(rows, path, known_students(course), source_assignments, team_set, needed, problems)


def handed_in(course: Path, assignments: Iterable[str]) -> set[str]:
    """Those of ``assignments`` with a copy in ``submitted/<étudiant ou équipe>/`` or in ``copies_equipes/``."""
    found = set()
    for assignment in assignments:
        if any(p.is_dir() for p in (course / "submitted").glob(f"*/{assignment}")) or \
                any(p.is_dir() for p in (course / ARCHIVE_DIR / assignment).glob("*/*")):
            found.add(assignment)
    return found
