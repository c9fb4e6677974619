"""The team's contribution record ``contributions.csv`` and each member's WebPA contribution factor.

Every member rates every member of the team, themself included, by sharing
100 points (split-100, WebPA-style). A team assignment asks for it when its
``source/`` folder ships the template ``contributions.csv`` (bloc 4's project
does; orals and the bloc 3 dossier do not). The team hands the file in with its copy
(``contributions.csv`` at the root of the assignment folder, next to the
notebooks); ``cpmc`` reads it from the graded team copy
(``submitted/<team id>/<sujet>/``). Format (UTF-8, ``;`` or ``,`` separated, a
decimal comma accepted with ``;``)::

    evaluateur;alice;bob;chloe
    alice;40;40;20
    bob;35;45;20
    chloe;30;30;40

Columns: ``evaluateur`` then one column per member of the team (the roster's
identifiers, every member, in any order); one line per member who rates; each
line sums to 100. A member who did not rate is simply missing.

The published WebPA formula (Loddington, Pond, Wilkinson & Willmot, 2009,
« A case study of the development of WebPA », *BJET* 40(2)): each rater's marks
are divided by that rater's total, so every rater gives away exactly 1; a
member's **contribution factor** is the sum of the shares they received, times
n / (number of raters) when some members did not rate. An equal contribution
gives 1; the factors of a team add up to n. **Moderation** (off by default,
``[equipes]`` of ``autograder/cpmc.toml``): a member's team grade × (1 − p + p ×
factor), p the WebPA weighting, capped at the cell's points.

A student's copy is untrusted: any problem (unknown member, a line that does not
sum to 100, a negative or non-numeric mark, a rater twice, a file too large) is a
French sentence naming the file and the line, and the team gets no factor (the
report says why) rather than a guess.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import CpmcError
from ..kit.nombres import fr_nombre
from ..settings import settings_table
from ..records import Membership

CONTRIBUTIONS_FILE = "contributions.csv"
"""The contribution record's name, at the root of the team's assignment folder."""

FLAG_BELOW = 0.75
"""A member whose factor is below this is flagged: the team judged they did less than three quarters of an equal share."""

MAX_BYTES = 64 * 1024
"""A contribution record larger than this is refused unread."""

TOTAL = 100.0
TOLERANCE = 0.5
"""How far from 100 a rater's line may sum (rounded thirds: 33,3 + 33,3 + 33,3)."""


@dataclass(frozen=True)
class Moderation:
    """The instructor's choice, ``[equipes]`` of ``autograder/cpmc.toml``."""

    enabled: bool = False
    """``moderation_webpa``: apply WebPA moderation to team grades (off by default)."""
    weight: float = 0.5
    """``poids_webpa``: the WebPA weighting p, between 0 and 1."""


@dataclass(frozen=True)
class MemberFactor:
    """One member's contribution factor."""

    student_id: str
    factor: float
    received: tuple[float, ...]
    """The shares (0–1) each rater gave this member, in rater order."""

    @property
    def flagged(self) -> bool:
        """True when the team rated this member far below an equal share (:data:`FLAG_BELOW`)."""
        return self.factor < FLAG_BELOW

    def multiplier(self, moderation: Moderation) -> float:
        """What this member's team grade is multiplied by (1 when moderation is off)."""
        if not moderation.enabled:
            return 1.0
        return 1 - moderation.weight + moderation.weight * self.factor


@dataclass(frozen=True)
class TeamContributions:
    """The contribution record of one team: factors, or why there are none."""

    assignment: str
    team: str
    members: tuple[str, ...]
    raters: tuple[str, ...] = ()
    factors: tuple[MemberFactor, ...] = ()
    problem: str = ""
    """French: why the team has no factors (file missing or invalid); empty when it has."""


def webpa_factors(ratings: dict[str, dict[str, float]], members: Iterable[str]) -> tuple[MemberFactor, ...]:
    """The WebPA factor of each member from ``ratings[rater][member]`` (marks ≥ 0, each rater's total > 0)."""
    members = tuple(members)
    raters = [r for r in ratings if sum(ratings[r].values()) > 0]
    if not raters:
        return ()
    fudge = len(members) / len(raters)
    out = []
    for m in members:
        shares = tuple(ratings[r].get(m, 0.0) / sum(ratings[r].values()) for r in raters)
        out.append(MemberFactor(m, sum(shares) * fudge, shares))
    return tuple(out)


def _number(text: str, decimal_comma: bool) -> float | None:
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _header(row: list[str], members: tuple[str, ...], where: str) -> list[str]:
    header = [h.strip() for h in row]
    if not header or header[0].lower() not in ("evaluateur", "évaluateur"):
        raise CpmcError(f"{where}, ligne 1 : la première colonne doit s'appeler « evaluateur ».")
    rated = header[1:]
    unknown = [h for h in rated if h not in members]
    if unknown:
        raise CpmcError(f"{where}, ligne 1 : {', '.join(repr(u) for u in unknown)} n'est pas membre de l'équipe "
                        f"(membres : {', '.join(members)}) ; mettez en en-tête les identifiants des membres.")
    missing = [m for m in members if m not in rated]
    if missing or len(set(rated)) != len(rated):
        raise CpmcError(f"{where}, ligne 1 : il faut une colonne par membre, une seule fois "
                        f"(manquant ou en double : {', '.join(missing) or ', '.join(sorted({h for h in rated if rated.count(h) > 1}))}).")
    return rated


def _rating(values: list[str], rated: list[str], members: tuple[str, ...], comma: bool, where: str) -> tuple[str, dict[str, float]]:
    rater = values[0].strip()
    if rater not in members:
        raise CpmcError(f"{where} : l'évaluateur {rater!r} n'est pas membre de l'équipe (membres : {', '.join(members)}).")
    if len(values) - 1 != len(rated):
        raise CpmcError(f"{where} : {len(rated)} note(s) attendue(s), une par membre ; trouvé {len(values) - 1}.")
    marks = {}
    for member, text in zip(rated, values[1:]):
        number = _number(text, comma)
        if number is None:
            raise CpmcError(f"{where} : la note de {rater} pour {member} ({text.strip()!r}) n'est pas un nombre positif ou nul.")
        marks[member] = number
    total = sum(marks.values())
    if abs(total - TOTAL) > TOLERANCE:
        raise CpmcError(f"{where} : les notes de {rater} font {total:g} ; chaque ligne doit répartir exactement 100 points.")
    return rater, marks


def parse_contributions(text: str, members: Iterable[str], where: str) -> dict[str, dict[str, float]]:
    """``ratings[rater][member]`` from the text of a contribution record; raises :class:`CpmcError` (French)."""
    members = tuple(members)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise CpmcError(f"{where} : fichier vide ; attendu l'en-tête « evaluateur;{';'.join(members)} » puis une ligne par membre.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    rated = _header(next(reader), members, where)
    ratings: dict[str, dict[str, float]] = {}
    for number, values in enumerate(reader, start=2):
        rater, marks = _rating(values, rated, members, delimiter == ";", f"{where}, ligne {number}")
        if rater in ratings:
            raise CpmcError(f"{where}, ligne {number} : {rater} a déjà noté l'équipe plus haut ; une seule ligne par évaluateur.")
        ratings[rater] = marks
    if not ratings:
        raise CpmcError(f"{where} : aucune ligne d'évaluation ; chaque membre ajoute sa ligne sous l'en-tête.")
    return ratings


def read_record(path: Path, members: Iterable[str], where: str) -> dict[str, dict[str, float]]:
    """The ratings of the file at ``path`` (size, encoding and content checked)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CpmcError(f"{where} : fichier trop volumineux (plus de {MAX_BYTES // 1024} Kio) ; une ligne par membre suffit.")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CpmcError(f"{where} : le fichier n'est pas en UTF-8 ; enregistrez-le au format « CSV UTF-8 ».") from None
    except OSError as exc:
        raise CpmcError(f"{where} : fichier illisible ({exc.strerror or exc}).") from None
    return parse_contributions(text, members, where)


def team_contributions(course: Path, assignment: str, team: str, team_id: str, members: tuple[str, ...]) -> TeamContributions:
    """The contribution record of one team's graded copy, or the reason it has none."""
    path = course / "submitted" / team_id / assignment / CONTRIBUTIONS_FILE
    where = f"Équipe {team}, {assignment}/{CONTRIBUTIONS_FILE}"
    if not path.is_file() or path.is_symlink():
        return TeamContributions(assignment, team, members, problem=f"{where} : fiche de contribution non rendue.")
    try:
        ratings = read_record(path, members, where)
    except CpmcError as exc:
        return TeamContributions(assignment, team, members, problem=str(exc))
    return TeamContributions(assignment, team, members, tuple(ratings), webpa_factors(ratings, members))


def asks_for_record(course: Path, assignment: str) -> bool:
    """True when the assignment asks its teams for a contribution record: ``source/<sujet>/contributions.csv`` (the template) exists."""
    return (course / "source" / assignment / CONTRIBUTIONS_FILE).is_file()


def course_contributions(course: Path, memberships: Iterable[Membership], handed: set[tuple[str, str]],
                         team_id) -> tuple[TeamContributions, ...]:
    """Every team whose copy was handed in (``handed``: (team id, assignment)), on assignments that ask for a record.

    Which assignments ask is read from ``source/`` (:func:`asks_for_record`), never from a copy.
    """
    teams: dict[tuple[str, str], list[str]] = {}
    asked = {a: asks_for_record(course, a) for a in {m.assignment for m in memberships}}
    for m in memberships:
        if asked[m.assignment]:
            teams.setdefault((m.assignment, m.team), []).append(m.student_id)
    out = []
    for (assignment, team), members in sorted(teams.items()):
        tid = team_id(assignment, team)
        if (tid, assignment) in handed:
            out.append(team_contributions(course, assignment, team, tid, tuple(members)))
    return tuple(out)


def load_moderation(path: Path | None) -> Moderation:
    """The ``[equipes]`` table of ``autograder/cpmc.toml``; off when absent."""
    table = settings_table(path, "equipes", ("moderation_webpa", "poids_webpa"))
    enabled, weight = table.get("moderation_webpa", False), table.get("poids_webpa", Moderation.weight)
    if not isinstance(enabled, bool):
        raise CpmcError(f"{path} : moderation_webpa doit valoir true ou false (reçu : {enabled!r}).")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
        raise CpmcError(f"{path} : poids_webpa doit être un nombre entre 0 et 1 (reçu : {weight!r}).")
    return Moderation(enabled, float(weight))


def contribution_record(members: list[str], raters: list[str], low: str = "") -> str:
    """A team's ``contributions.csv``: each rater splits 100 points; ``low`` (if any) gets a small share from everyone.

    ``cpmc demo``'s first team has such a member, so that the report shows the flag (factor below 0,75).
    """
    lines = ["evaluateur;" + ";".join(members)]
    low = low if len(members) > 1 else ""  # a team of one has nobody to compare with
    for rater in raters:
        marks = {m: (10.0 if m == low else 0.0) for m in members}
        others = [m for m in members if m != low]
        for m in others:
            marks[m] = round((100 - marks[low] if low else 100) / len(others), 1)
        marks[others[0]] += round(100 - sum(marks.values()), 1)
        lines.append(rater + ";" + ";".join(fr_nombre(marks[m], 1).replace("\u202f", "") for m in members))
    return "\n".join(lines) + "\n"

