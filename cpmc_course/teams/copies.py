"""One graded copy per team: students' hand-ins archived, the newest present member's copy staged, jury grids for orals."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ..errors import CpmcError
from ..grading.notebook import cell_source, nbgrader_meta
from .roster import ARCHIVE_DIR, ROSTER_FILE, Roster, Team, is_team_id

NOTES_FILE = "cpmc_equipes.json"
"""Which copy each team was graded on, written beside the course's outcomes file."""

GRID_HEADER = "**Observations du jury** (à compléter pendant ou après l'oral) :\n\n"
"""Put at the top of each answer cell of a prepared jury grid, so nbgrader asks for a manual grade."""


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


def _human(iso: str) -> str:
    """A hand-in time as the instructor reads it (« 27/11/2026 à 10 h 00 », Paris time), as in the export."""
    from ..exports import french_timestamp

    return french_timestamp(iso) or "?"


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
    from ..pipeline import fingerprint

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
            nbg = nbgrader_meta(cell)
            if nbg.get("solution") and nbg.get("grade"):
                cell["source"] = GRID_HEADER + cell_source(cell)
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
