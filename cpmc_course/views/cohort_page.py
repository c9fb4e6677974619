"""The cohort page of the report (``views/templates/report_cohort.html.j2``): the records and context it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import charts
from ..items import ItemStats
from ..kit.nombres import fr_pourcent
from ..mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING
from .contributions_html import contributions_context
from .report_html import SEP
from .templating import render

if TYPE_CHECKING:
    from ..report import ReportInput


@dataclass(frozen=True)
class ItemGroup:
    """The items of one assignment on the cohort page: the flagged ones as table rows (text cells)."""

    assignment: str
    total: int
    copies: int
    """Copies fully graded (the most any item of the assignment counted)."""
    flagged: tuple[tuple[str, ...], ...]
    """Item, copies, success, discrimination, upper − lower, flags: one row per flagged item."""


@dataclass(frozen=True)
class ItemSection:
    """The item analysis: assignments with fully graded copies, and the names of the others (one text)."""

    held: tuple[ItemGroup, ...]
    hidden: str


def _item_number(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "—"
    return fr_pourcent(value, 0) if pct else f"{value:.2f}".replace(".", ",").replace("-", "−")


def _item_row(s: ItemStats) -> tuple[str, ...]:
    return (s.item, str(s.n), _item_number(s.difficulty, True), _item_number(s.discrimination),
            _item_number(s.upper_lower), SEP.join(s.flags))


def items_context(items: tuple[ItemStats, ...]) -> ItemSection:
    """Cells and criteria the instructor should look at, by assignment; assignments without copies are set aside."""
    by_assignment: dict[str, list[ItemStats]] = {}
    for s in items:
        by_assignment.setdefault(s.assignment, []).append(s)
    held = tuple(ItemGroup(a, len(stats), max(s.n for s in stats), tuple(_item_row(s) for s in stats if s.flags))
                 for a, stats in by_assignment.items() if any(s.n for s in stats))
    hidden = [a for a in by_assignment if a not in {g.assignment for g in held}]
    return ItemSection(held, ", ".join(hidden))


def _levels_chart(results, assessed: list[str], by: dict) -> Markup:
    levels = [ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, PENDING, ABSENT, NOT_ASSESSED]
    counts = {lv: [0] * len(assessed) for lv in levels}
    for r in results:
        for i, c in enumerate(assessed):
            counts[by[(r.student_id, c)].level][i] += 1
    if not any(counts[ABSENT]):
        del counts[ABSENT]  # a cohort without team épreuves keeps its usual legend
    # The package's own SVG: charts escapes every label it writes.
    return Markup(charts.levels_stacked(assessed, counts))


def cohort_page(data: ReportInput, names: dict[str, str]) -> str:
    """The cohort page: blocs of every student, the criteria map and levels, failures, teams, items, rules."""
    results = data.results
    seen = {m.code for r in results for m in r.criteria if m.level != NOT_ASSESSED}
    assessed = [c.qualified for c in data.referential.criteria if c.qualified in seen]
    by = {(m.student_id, m.code): m for r in results for m in r.criteria}
    grid = [(r.student_id, [("" if v is None else fr_pourcent(v, 0), *charts.ratio_colours(v))
                            for v in (by[(r.student_id, c)].ratio for c in assessed)]) for r in results]
    return render("report_cohort.html.j2", ref=data.referential, results=results, names=names, assessed=assessed,
                  grid=grid, levels_chart=_levels_chart(results, assessed, by) if assessed else "",
                  failures=data.failures, team_copies=data.team_copies, thresholds=data.thresholds,
                  contributions=contributions_context(data.contributions, data.moderation),
                  items=items_context(data.items))


def items_section(items: tuple[ItemStats, ...]) -> str:
    """The item analysis alone (HTML), empty without items."""
    return render("report_items.html.j2", items=items_context(items))
