"""Team members' contributions: the cohort page's section (``report_contributions.html.j2``) and each member's own
lines on their page (``report_student.html.j2``)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..teams.contributions import CONTRIBUTIONS_FILE, FLAG_BELOW, Moderation, TeamContributions

FLAG = "contribution très inférieure à celle de l'équipe"
"""The flag's wording on the page (French)."""


@dataclass(frozen=True)
class ContributionsSection:
    """What the section shows: the teams of each assignment (in name order), the moderation, the rule's numbers."""

    teams: tuple[TeamContributions, ...]
    moderation: Moderation
    assignments: tuple[tuple[str, tuple[TeamContributions, ...]], ...]
    file: str = CONTRIBUTIONS_FILE
    flag_below: float = FLAG_BELOW
    flag: Markup = Markup(FLAG)
    """The package's own wording, written as it is."""


def contributions_context(teams: tuple[TeamContributions, ...], moderation: Moderation) -> ContributionsSection:
    """The section's context; the section is left out when no team copy was handed in (``teams`` empty)."""
    assignments = tuple((a, tuple(t for t in teams if t.assignment == a)) for a in sorted({t.assignment for t in teams}))
    return ContributionsSection(teams, moderation, assignments)


def contributions_section(teams: tuple[TeamContributions, ...], moderation: Moderation, names: dict[str, str]) -> str:
    """The section alone (HTML), empty when no team copy was handed in."""
    from .templating import render

    return render("report_contributions.html.j2", contributions=contributions_context(teams, moderation), names=names)


@dataclass(frozen=True)
class MemberContribution:
    """One member's factor in one team's contribution record, as their own page shows it."""

    assignment: str
    team: str
    factor: float
    flagged: bool
    multiplier: float | None
    """What moderation multiplies their team grade by; ``None`` when moderation is off."""


def member_contributions(student_id: str, teams: tuple[TeamContributions, ...],
                         moderation: Moderation) -> tuple[MemberContribution, ...]:
    """The student's factor in each team record that rates them, with the flag and the moderation applied."""
    return tuple(MemberContribution(team.assignment, team.team, f.factor, f.flagged,
                                    f.multiplier(moderation) if moderation.enabled else None)
                 for team in teams for f in team.factors if f.student_id == student_id)
