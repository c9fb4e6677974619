"""Team épreuves: the roster, one graded copy per team, jury grids for orals.

The instructor declares the teams once, in ``autograder/equipes.csv`` (UTF-8,
``;`` or ``,`` separated, columns ``sujet,equipe,etudiant,statut``; ``statut``
empty or ``absent``). An assignment is a team assignment when its source
notebooks say ``"equipe": true`` (see ``mapping``).

A team is graded under a pseudo-student whose id says it is a team
(``equipe--<sujet>--<equipe>``) and whose gradebook name is « Équipe » / the
team's name, so the formgrader lists « Alpha, Équipe ». Before autograde, the
students' own copies of team assignments move from ``submitted/`` into
``copies_equipes/<sujet>/<étudiant>/<horodatage>/`` (every hand-in kept, so
nothing is lost and the formgrader lists only teams), and the newest copy of a
present member is staged into ``submitted/<team id>/<sujet>/``: each written
answer is graded once per team. For an oral, the released jury grid is staged
for every team that has no copy, so the jury fills it in the formgrader.

At report time, ``member_grades`` copies each team's cell grades to its present
members as the roster says *today*: changing the roster changes the next report,
never the gradebook.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .errors import CpmcError, RosterError
from .records import TEAM, CellGrade, Membership

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

NOTES_FILE = "cpmc_equipes.json"
"""Which copy each team was graded on, written beside the course's outcomes file."""

GRID_HEADER = "**Observations du jury** (à compléter pendant ou après l'oral) :\n\n"
"""Put at the top of each answer cell of a prepared jury grid, so nbgrader asks for a manual grade."""


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


@dataclass(frozen=True)
class TeamCopy:
    """Which copy a team was graded on, and which other copies were left aside."""

    assignment: str
    team: str
    chosen_member: str = ""
    """Member whose copy is graded; empty for a prepared jury grid or when nobody handed in."""
    chosen_at: str = ""
    """Hand-in time of the graded copy (UTC, ISO 8601)."""
    others: tuple[tuple[str, str], ...] = ()
    """(member, hand-in time) of copies that differ from the graded one and were not graded."""
    absent_copies: tuple[str, ...] = ()
    """Members marked absent who handed in anyway (their copy is not graded)."""
    grid: bool = False
    """True when the oral's jury grid was prepared for this team."""

    def describe(self) -> str:
        """One French sentence for the instructor."""
        head = f"{self.assignment} / équipe {self.team} : "
        if self.grid:
            text = head + "grille du jury préparée (à remplir dans le formgrader)"
        elif self.chosen_member:
            text = head + f"copie de {self.chosen_member} rendue le {_human(self.chosen_at)} corrigée"
        else:
            text = head + "aucune copie rendue"
        for member, when in self.others:
            text += f" ; copie différente de {member} rendue le {_human(when)} non corrigée (plus ancienne, conservée dans {ARCHIVE_DIR}/{self.assignment}/{member}/)"
        for member in self.absent_copies:
            text += f" ; copie de {member}, déclaré·e absent·e, non corrigée"
        return text

    @property
    def noteworthy(self) -> bool:
        """True when the instructor should read this (differing copies, absent members' copies, nothing handed in)."""
        return bool(self.others or self.absent_copies or (not self.grid and not self.chosen_member))


def _human(iso: str) -> str:
    return iso.replace("T", " à ").split(".")[0].replace("+00:00", "") + " UTC" if iso else "?"


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
        if not get["sujet"]:
            problems.append(f"{where} : colonne « sujet » vide.")
        if not get["equipe"]:
            problems.append(f"{where} : colonne « equipe » vide.")
        elif not slug(get["equipe"]):
            problems.append(f"{where} : nom d'équipe {get['equipe']!r} inutilisable (il faut au moins une lettre ou un chiffre).")
        if status not in ("", ABSENT):
            problems.append(f"{where} : statut {get['statut']!r} inconnu (laisser vide, ou « absent »).")
        rows.append(RosterRow(line, get["sujet"], get["equipe"], get["etudiant"], status == ABSENT))
    if problems:
        raise RosterError(problems)
    return rows


def check_roster(rows: list[RosterRow], path: Path, known_students: Iterable[str], source_assignments: Iterable[str],
                 team_assignments: Iterable[str]) -> Roster:
    """Teams from roster rows, every problem reported at once (:class:`RosterError`)."""
    known, sources, team_set = set(known_students), set(source_assignments), set(team_assignments)
    problems: list[str] = []
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
    for assignment in sorted(team_set - {a for a, _ in teams}):
        problems.append(f"{path} : le sujet d'équipe {assignment} n'a aucune équipe déclarée (ajoutez une ligne par membre).")
    if problems:
        raise RosterError(problems)
    return Roster(path, tuple(result))


def known_students(course: Path) -> set[str]:
    """Students of the gradebook, of ``submitted/`` and of ``copies_equipes/`` (team pseudo-students excluded)."""
    found = set()
    if (course / "gradebook.db").exists():
        from .gradebook import db_url, read_students

        found |= {s.id for s in read_students(db_url(course))}
    submitted = course / "submitted"
    if submitted.is_dir():
        found |= {p.name for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(".")}
    found |= {p.name for p in (course / ARCHIVE_DIR).glob("*/*") if p.is_dir()}
    return {s for s in found if not is_team_id(s)}


def load_roster(course: Path, source_assignments: Iterable[str], team_assignments: Iterable[str]) -> Roster:
    """The course's checked roster; an empty one when there is neither a roster nor a team assignment."""
    path = course / ROSTER_FILE
    team_set = set(team_assignments)
    if not path.exists():
        if team_set:
            raise RosterError([
                f"{path} : fichier absent ; les sujets d'équipe {', '.join(sorted(team_set))} ont besoin de leurs équipes "
                f"(colonnes {','.join(COLUMNS)}, une ligne par membre)."
            ])
        return Roster(path)
    return check_roster(parse_roster(path), path, known_students(course), source_assignments, team_set)


def member_grades(grades: Iterable[CellGrade], memberships: Iterable[Membership], team_assignments: Iterable[str]) -> tuple[CellGrade, ...]:
    """Grades as each student receives them.

    Grades of individual assignments pass unchanged. On a team assignment, the
    team copy's grades (under the team's id) go to every present member, marked
    ``source="équipe"`` with the team's name; absent members receive none
    (``mastery`` gives them the level « absent »); grades a student earned on a
    team assignment under their own id are dropped, since only the team's copy counts.
    """
    team_set = set(team_assignments)
    members: dict[tuple[str, str], list[Membership]] = defaultdict(list)
    for m in memberships:
        members[(m.assignment, team_id(m.assignment, m.team))].append(m)
    out = []
    for g in grades:
        if g.assignment not in team_set:
            out.append(g)
            continue
        for m in members.get((g.assignment, g.student_id), ()):
            if not m.absent:
                out.append(replace(g, student_id=m.student_id, source=TEAM, team=m.team))
    return tuple(out)


# --- staging the team copies -------------------------------------------------------------------


def _handed_in_at(folder: Path) -> datetime:
    """Hand-in time: nbgrader's ``timestamp.txt`` when present, else the newest file's modification time."""
    stamp = folder / "timestamp.txt"
    if stamp.exists():
        from nbgrader.utils import parse_utc

        try:
            return parse_utc(stamp.read_text(encoding="utf-8").strip()).replace(tzinfo=timezone.utc)
        except (ValueError, TypeError, AttributeError):
            pass
    times = [p.stat().st_mtime for p in folder.rglob("*") if p.is_file()] or [folder.stat().st_mtime]
    return datetime.fromtimestamp(max(times), tz=timezone.utc)


def _stamp(when: datetime) -> str:
    """``timestamp.txt`` text in nbgrader's format."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def _fingerprint(folder: Path) -> str:
    from .pipeline import fingerprint

    return fingerprint(folder)


def _same_files(a: Path, b: Path) -> bool:
    """True when two copies hold the same files, ``timestamp.txt`` aside."""
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and p.name != "timestamp.txt" and ".ipynb_checkpoints" not in p.parts}
    return files(a) == files(b)


def _install(staged: Path, target: Path) -> None:
    """Replace ``target`` by ``staged`` unless they hold the same files (so an unchanged copy keeps its grades)."""
    if target.is_dir() and _fingerprint(target) == _fingerprint(staged):
        shutil.rmtree(staged)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.parent / f".{target.name}.ancien"
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _scratch(course: Path) -> Path:
    """A fresh folder under ``submitted/`` that nbgrader and ``pipeline`` ignore (dot name)."""
    import tempfile

    (course / "submitted").mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".cpmc-", dir=course / "submitted"))


def prepare_grid(course: Path, release_dir: Path, target: Path) -> None:
    """Stage the released jury grid as a team's copy, its answer cells opened for the jury."""
    staged = _scratch(course)
    shutil.rmtree(staged)
    shutil.copytree(release_dir, staged, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in staged.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            nbg = (cell.get("metadata") or {}).get("nbgrader") or {}
            if nbg.get("solution") and nbg.get("grade"):
                text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                cell["source"] = GRID_HEADER + text
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (staged / "timestamp.txt").write_text(_stamp(datetime.now(timezone.utc)), encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def archive_member_copies(course: Path, team_assignments: Iterable[str]) -> int:
    """Move students' own copies of team assignments from ``submitted/`` into ``copies_equipes/``.

    Each hand-in keeps a folder of its own (``copies_equipes/<sujet>/<étudiant>/<horodatage>/``):
    nothing is lost, and the formgrader lists only the teams' copies. A copy
    identical to one already archived is dropped. Returns the number of copies moved.
    """
    moved = 0
    submitted = course / "submitted"
    for assignment in sorted(team_assignments):
        for folder in sorted(submitted.glob(f"*/{assignment}")):
            student = folder.parent.name
            if student.startswith(".") or is_team_id(student) or not folder.is_dir():
                continue
            when = _handed_in_at(folder)
            if not (folder / "timestamp.txt").exists():
                (folder / "timestamp.txt").write_text(_stamp(when), encoding="utf-8")
            home = course / ARCHIVE_DIR / assignment / student
            dest = home / when.strftime("%Y-%m-%dT%H-%M-%S-%fZ")
            if dest.exists() and _same_files(dest, folder):
                shutil.rmtree(folder)
            else:
                while dest.exists():
                    dest = dest.with_name(dest.name + "+")
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder, dest)
                moved += 1
            if not any(folder.parent.iterdir()):
                folder.parent.rmdir()
    return moved


def _latest_copies(course: Path, assignment: str, members: Iterable[str]) -> dict[str, tuple[Path, datetime]]:
    """Each member's latest archived copy of an assignment, with its hand-in time."""
    found = {}
    for member in members:
        copies = [p for p in (course / ARCHIVE_DIR / assignment / member).glob("*") if p.is_dir()]
        if copies:
            dated = [(_handed_in_at(p), p.name, p) for p in copies]
            when, _, path = max(dated)
            found[member] = (path, when)
    return found


def _stage_team(course: Path, team: Team, oral: bool) -> TeamCopy:
    target = course / "submitted" / team.id / team.assignment
    copies = _latest_copies(course, team.assignment, team.members)
    absent_copies = tuple(m for m in copies if m in team.absent)
    present = {m: c for m, c in copies.items() if m not in team.absent}
    if not present:
        if oral:
            if not target.is_dir():
                release_dir = course / "release" / team.assignment
                if not release_dir.is_dir():
                    raise CpmcError(f"Grille du jury introuvable : {release_dir} (lancez d'abord « cpmc release {team.assignment} »).")
                prepare_grid(course, release_dir, target)
            return TeamCopy(team.assignment, team.name, absent_copies=absent_copies, grid=True)
        return TeamCopy(team.assignment, team.name, absent_copies=absent_copies)
    order = {m: i for i, m in enumerate(team.members)}
    chosen = max(present, key=lambda m: (present[m][1], -order[m]))
    folder, when = present[chosen]
    others = tuple(
        (m, present[m][1].isoformat()) for m in sorted(present, key=lambda m: present[m][1], reverse=True)
        if m != chosen and not _same_files(present[m][0], folder)
    )
    staged = _scratch(course)
    shutil.rmtree(staged)
    shutil.copytree(folder, staged, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _install(staged, target)
    return TeamCopy(team.assignment, team.name, chosen, when.isoformat(), others, absent_copies)


def stage_team_copies(course: Path, roster: Roster, oral_assignments: Iterable[str],
                      assignments: Iterable[str] | None = None) -> tuple[TeamCopy, ...]:
    """Stage one copy per team (the newest of its present members, or the jury grid of an oral).

    Call :func:`archive_member_copies` first: copies are read from ``copies_equipes/``.
    """
    orals = set(oral_assignments)
    chosen = None if assignments is None else set(assignments)
    return tuple(
        _stage_team(course, team, team.assignment in orals)
        for team in roster.teams if chosen is None or team.assignment in chosen
    )


def unassigned_copies(course: Path, roster: Roster, team_assignments: Iterable[str]) -> tuple[str, ...]:
    """French notes on archived copies of a team assignment whose author is in no team."""
    notes = []
    members = {(t.assignment, m) for t in roster.teams for m in t.members}
    for assignment in sorted(team_assignments):
        for folder in sorted(p for p in (course / ARCHIVE_DIR / assignment).glob("*") if p.is_dir()):
            if (assignment, folder.name) not in members:
                notes.append(f"{assignment} : copie de {folder.name} ({folder}), qui n'est dans aucune équipe de {ROSTER_FILE} : non corrigée.")
    return tuple(notes)


def save_team_copies(course: Path, copies: Iterable[TeamCopy]) -> None:
    """Remember which copy each team was graded on (merged with earlier runs)."""
    path = course / NOTES_FILE
    merged = {(c.assignment, c.team): c for c in load_team_copies(course)}
    merged.update({(c.assignment, c.team): c for c in copies})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(c) for c in merged.values()], ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def load_team_copies(course: Path) -> list[TeamCopy]:
    """What ``save_team_copies`` recorded (empty when nothing was)."""
    path = course / NOTES_FILE
    if not path.exists():
        return []
    try:
        return [TeamCopy(**{**c, "others": tuple(tuple(o) for o in c["others"]), "absent_copies": tuple(c["absent_copies"])})
                for c in json.loads(path.read_text(encoding="utf-8"))]
    except (json.JSONDecodeError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise CpmcError(f"{path} : fichier des copies d'équipe illisible ({exc}) ; supprimez-le et relancez « cpmc autograde ».") from None
