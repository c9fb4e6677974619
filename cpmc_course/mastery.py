"""From cell grades to levels per criterion, status per bloc and certification.

Pure functions over the package's own records. The rules, as an instructor reads them:

- A criterion's score is the sum of the points obtained on every graded cell
  tagged with it; its maximum is the sum of those cells' points. Extra credit
  (nbgrader's bonus points) never counts: each cell counts at most its points.
- Its level, from ratio = score / maximum:
  ``acquis`` when ratio ≥ ``acquired`` (0.60 by default),
  ``en cours d'acquisition`` when ratio ≥ ``in_progress`` (0.40 by default),
  ``non acquis`` below; ``à corriger`` while one of its cells awaits a manual
  grade; ``non évalué`` when the student has no grade on any of its cells (not
  submitted, submission that could not be graded, or criterion that no cell
  assesses). A missing grade on some cells only counts as 0: the evidence was not
  delivered.
- A bloc is ``validé`` when every criterion of the bloc is acquired;
  ``non validé`` as soon as one is ``non acquis`` or ``en cours d'acquisition``;
  otherwise ``en attente de correction`` while one is ``à corriger``, and
  ``non évalué`` while one is not evaluated.
- The certification is obtained when all five blocs are validated.
Competencies are measured like criteria (cells tagged with the competency).

Team assignments (``"equipe": true``): a member receives the team copy's grades
(see ``teams.member_grades``). A criterion evidenced by cells of team
assignments is measured on them in a row of its own (``source`` « équipe », the
team's name), beside the row of the individual cells when it has both; the bloc
uses the criterion measured on all its cells. A member marked absent in the
roster has the level ``absent`` on those criteria (never the team's grade, never
a silent 0), and a bloc with an ``absent`` criterion is ``non évalué`` unless
another criterion already fails it.

Sessions (``cpmc session creer``): the assignments generated for the sessions of one
épreuve (a session and its retake) are alternatives; a student is measured on the
sessions they sat (``Mapping.sessions_sat``), each session being one evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .errors import CpmcError
from .settings import settings_table
from .records import INDIVIDUAL, TEAM, CellGrade, Membership
from .mapping import Mapping
from .referential import Referential

ACQUIRED = "acquis"
IN_PROGRESS = "en cours d'acquisition"
NOT_ACQUIRED = "non acquis"
PENDING = "à corriger"
NOT_ASSESSED = "non évalué"
ABSENT = "absent"

VALIDATED = "validé"
NOT_VALIDATED = "non validé"
AWAITING = "en attente de correction"

CERTIFIED = "certifié"
NOT_CERTIFIED = "non certifié"
UNDECIDED = "en cours"


CUMUL = "cumul"
BEST = "meilleure"
LATEST = "plus_recente"
MEAN = "moyenne"
DECAYING = "moyenne_decroissante"
N_TIMES = "n_fois"

METHODS = {
    CUMUL: "points cumulés de toutes les évaluations",
    BEST: "meilleure évaluation",
    LATEST: "évaluation la plus récente",
    MEAN: "moyenne des évaluations",
    DECAYING: "moyenne pondérée décroissante",
    N_TIMES: "maîtrise atteinte n fois",
}
"""How a criterion assessed in several assignments (retake, mock exam, two épreuves) gets its level.

Each assignment whose cells evidence the criterion is one evaluation, with its
own ratio (points obtained / points of those cells); evaluations are ordered
by the time the copy was handed in (then by assignment name):

- ``cumul`` (default): all the points pooled, as if one evaluation;
- ``meilleure``: the best ratio;
- ``plus_recente``: the ratio of the latest evaluation;
- ``moyenne``: the mean of the ratios;
- ``moyenne_decroissante``: ``poids_recent`` × the latest ratio + (1 − ``poids_recent``) × the mean of the earlier ones;
- ``n_fois``: acquired once ``n_fois`` evaluations reached the « acquis » threshold (the ratio is then the mean of
  those); before that, the level follows the best ratio but stays below « acquis ».

Whatever the method, the criterion is « à corriger » while one of its evaluations awaits a manual grade.
"""


@dataclass(frozen=True)
class Thresholds:
    """Ratios (0 to 1) that separate the levels, and how several evaluations of one criterion combine."""

    acquired: float = 0.6
    """Lowest ratio at which a criterion is acquired."""
    in_progress: float = 0.4
    """Lowest ratio at which a criterion is "en cours d'acquisition"."""
    method: str = CUMUL
    """One of :data:`METHODS`."""
    recent_weight: float = 0.65
    """Weight of the latest evaluation for ``moyenne_decroissante`` (0 to 1)."""
    n_times: int = 2
    """Evaluations at « acquis » needed for ``n_fois``."""

    def __post_init__(self) -> None:
        if not 0 <= self.in_progress <= self.acquired <= 1:
            raise CpmcError(
                f"Seuils de maîtrise incohérents : il faut 0 ≤ en_cours ({self.in_progress}) ≤ acquis ({self.acquired}) ≤ 1."
            )
        if self.method not in METHODS:
            raise CpmcError(f"Méthode de calcul inconnue : {self.method!r}. Méthodes : {', '.join(METHODS)}.")
        if not 0 <= self.recent_weight <= 1:
            raise CpmcError(f"poids_recent doit être compris entre 0 et 1 (reçu : {self.recent_weight}).")
        if self.n_times < 1:
            raise CpmcError(f"n_fois doit valoir au moins 1 (reçu : {self.n_times}).")

    @property
    def method_label(self) -> str:
        """The method in words, for the reports."""
        label = METHODS[self.method]
        if self.method == DECAYING:
            return f"{label} (évaluation la plus récente : {self.recent_weight:.0%})".replace("%", "\u202f%")
        if self.method == N_TIMES:
            return label.replace("n fois", f"{self.n_times} fois")
        return label


def load_thresholds(path: str | Path | None) -> Thresholds:
    """Thresholds from the ``[maitrise]`` table of a TOML file; defaults when absent."""
    table = settings_table(path, "maitrise", ("seuil_acquis", "seuil_en_cours", "methode", "poids_recent", "n_fois"))
    try:
        acquired = float(table.get("seuil_acquis", Thresholds.acquired))
        in_progress = float(table.get("seuil_en_cours", Thresholds.in_progress))
        recent = float(table.get("poids_recent", Thresholds.recent_weight))
    except (TypeError, ValueError):
        raise CpmcError(f"{path} : les seuils et poids_recent de [maitrise] doivent être des nombres entre 0 et 1.") from None
    n_times = table.get("n_fois", Thresholds.n_times)
    if not isinstance(n_times, int) or isinstance(n_times, bool):
        raise CpmcError(f"{path} : n_fois doit être un nombre entier (reçu : {n_times!r}).")
    try:
        return Thresholds(acquired, in_progress, str(table.get("methode", CUMUL)), recent, n_times)
    except CpmcError as exc:
        raise CpmcError(f"{path} : {exc}") from None


@dataclass(frozen=True)
class Measure:
    """A student's result on one criterion or competency."""

    student_id: str
    bloc: str
    code: str
    """Qualified criterion code (``B5.CE34``) or competency code (``C35``)."""
    score: float
    """Points obtained on graded cells (pending cells not counted)."""
    max_score: float
    pending_points: float
    """Points of cells still awaiting a manual grade."""
    level: str
    source: str = INDIVIDUAL
    """``individuel`` (cells of individual assignments) or ``équipe`` (cells of team assignments)."""
    team: str = ""
    """The member's team on those cells (names joined by « , » if several); empty for individual rows."""

    @property
    def ratio(self) -> float | None:
        """score / max_score once nothing is pending; ``None`` otherwise."""
        if self.level in (PENDING, NOT_ASSESSED, ABSENT) or not self.max_score:
            return None
        return round(self.score / self.max_score, 9)


@dataclass(frozen=True)
class BlocResult:
    """A student's status on one bloc."""

    student_id: str
    bloc: str
    status: str
    acquired: int
    """Number of the bloc's criteria acquired."""
    total: int
    """Number of criteria of the bloc."""


@dataclass(frozen=True)
class StudentResult:
    """Everything the report says about one student."""

    student_id: str
    criteria: tuple[Measure, ...]
    competencies: tuple[Measure, ...]
    blocs: tuple[BlocResult, ...]
    certification: str
    criterion_levels: tuple[tuple[str, str], ...] = ()
    """(criterion, level) as the bloc status uses it: a criterion evidenced by both individual and team cells
    has two rows in ``criteria`` but one level here, measured on all its cells."""

    def criterion_level(self, code: str) -> str:
        """The level of a criterion (qualified code) that counts for its bloc."""
        return dict(self.criterion_levels)[code]


def level(score: float, max_score: float, pending: float, graded_any: bool, t: Thresholds) -> str:
    """The level of a criterion from its points (see the module's rules)."""
    if not graded_any or max_score <= 0:
        return NOT_ASSESSED
    if pending > 0:
        return PENDING
    ratio = round(score / max_score, 9)  # 1.4 + 0.4 out of 3 is 60 %, not 59.99…%
    if ratio >= t.acquired:
        return ACQUIRED
    if ratio >= t.in_progress:
        return IN_PROGRESS
    return NOT_ACQUIRED


def bloc_status(levels: list[str]) -> str:
    """The status of a bloc from the levels of all its criteria."""
    if not levels:
        return NOT_ASSESSED
    if any(lv in (NOT_ACQUIRED, IN_PROGRESS) for lv in levels):
        return NOT_VALIDATED
    if any(lv == PENDING for lv in levels):
        return AWAITING
    if any(lv in (NOT_ASSESSED, ABSENT) for lv in levels):
        return NOT_ASSESSED
    return VALIDATED


def certification(statuses: list[str]) -> str:
    """``certifié`` when every bloc is validated, ``non certifié`` when one failed."""
    if statuses and all(s == VALIDATED for s in statuses):
        return CERTIFIED
    if any(s == NOT_VALIDATED for s in statuses):
        return NOT_CERTIFIED
    return UNDECIDED


def _pooled(student: str, cells, grades: dict) -> tuple[float, float, float, bool, str]:
    """Points obtained, points in all, points pending, whether any cell is graded, and when the copy was handed in."""
    score = max_score = pending = 0.0
    graded_any = False
    when = ""
    for cell in cells:
        max_score += cell.points
        g = grades.get((student, *cell.key))
        if g is None:
            continue
        graded_any = True
        when = max(when, g.submitted_at)
        if g.pending:
            pending += cell.points
        else:
            score += min(g.score, cell.points)
    return score, max_score, pending, graded_any, when


def combine(ratios: list[float], t: Thresholds) -> tuple[float, bool]:
    """The ratio of several evaluations (oldest first) by the method of ``t``, and whether « acquis » is allowed.

    Only ``n_fois`` can forbid « acquis »: when fewer than ``n_times`` ratios reach it.
    """
    if t.method == BEST:
        return max(ratios), True
    if t.method == LATEST:
        return ratios[-1], True
    if t.method == MEAN:
        return sum(ratios) / len(ratios), True
    if t.method == DECAYING:
        if len(ratios) == 1:
            return ratios[0], True
        earlier = ratios[:-1]
        return t.recent_weight * ratios[-1] + (1 - t.recent_weight) * sum(earlier) / len(earlier), True
    if t.method == N_TIMES:
        mastered = [r for r in ratios if round(r, 9) >= t.acquired]
        if len(mastered) >= t.n_times:
            return sum(mastered) / len(mastered), True
        return max(ratios), False
    raise ValueError(t.method)


def measure_cells(student: str, code: str, cells, grades: dict, t: Thresholds, bloc: str = "") -> Measure:
    """A student's measure on ``code`` over the given graded cells.

    ``grades`` maps (student, assignment, notebook, grade_id) to a grade. With
    the ``cumul`` method (or a single evaluation) all points are pooled;
    otherwise each assignment is one evaluation, combined by :func:`combine`.
    """
    assignments = sorted({c.assignment for c in cells})
    if t.method == CUMUL or len(assignments) < 2:
        return _measure_pooled(student, code, cells, grades, t, bloc)
    evaluations = []
    total = pending = done = 0.0
    for a in assignments:
        score, max_score, waiting, graded_any, when = _pooled(student, [c for c in cells if c.assignment == a], grades)
        total += max_score
        if graded_any:
            pending += waiting
            done += score
            evaluations.append((when, a, score / max_score if max_score else 0.0))
    if not evaluations or total <= 0:
        return Measure(student, bloc, code, 0.0, total, 0.0, NOT_ASSESSED)
    if pending:
        return Measure(student, bloc, code, done, total, pending, PENDING)
    ratio, may_acquire = combine([r for _, _, r in sorted(evaluations)], t)
    lv = level(ratio, 1.0, 0.0, True, t)
    if lv == ACQUIRED and not may_acquire:
        lv = IN_PROGRESS
    return Measure(student, bloc, code, round(ratio * total, 6), total, 0.0, lv)


def _measure_pooled(student: str, code: str, cells, grades: dict, t: Thresholds, bloc: str) -> Measure:
    """All points of the cells pooled, as one evaluation."""
    score, max_score, pending, graded_any, _ = _pooled(student, cells, grades)
    return Measure(student, bloc, code, score, max_score, pending, level(score, max_score, pending, graded_any, t))


def _team_measure(student: str, bloc: str, code: str, cells, grades: dict, t: Thresholds,
                  members: dict[tuple[str, str], Membership]) -> Measure:
    """A member's measure on the cells of team assignments (``absent`` where the roster says so)."""
    places = [members.get((student, c.assignment)) for c in cells]
    team = ", ".join(sorted({m.team for m in places if m}))
    absent = {c.assignment for c, m in zip(cells, places) if m and m.absent}
    kept = [c for c in cells if c.assignment not in absent]
    if not kept:
        return Measure(student, bloc, code, 0.0, sum(c.points for c in cells), 0.0, ABSENT, TEAM, team)
    return replace(measure_cells(student, code, kept, grades, t, bloc), source=TEAM, team=team)


def _measures(student: str, bloc: str, code: str, cells, grades: dict, t: Thresholds, mapping: Mapping,
              members: dict[tuple[str, str], Membership]) -> tuple[list[Measure], str]:
    """The rows of one criterion or competency (individual, team) and the level the bloc uses."""
    cells = mapping.sessions_sat(student, cells, grades)
    team_cells = [c for c in cells if mapping.is_team(c.assignment)]
    own_cells = [c for c in cells if not mapping.is_team(c.assignment)]
    rows = []
    if own_cells or not team_cells:
        rows.append(measure_cells(student, code, own_cells, grades, t, bloc))
    if team_cells:
        rows.append(_team_measure(student, bloc, code, team_cells, grades, t, members))
    if len(rows) == 1:
        return rows, rows[0].level
    if any(m.level == ABSENT for m in rows):
        return rows, ABSENT
    return rows, measure_cells(student, code, cells, grades, t, bloc).level


def assess(
    students: list[str], mapping: Mapping, grades: list[CellGrade], ref: Referential, t: Thresholds = Thresholds(),
    memberships: Iterable[Membership] = (),
) -> tuple[StudentResult, ...]:
    """Levels, bloc statuses and certification for every student.

    Grades of cells that the source no longer has (or never had) are ignored:
    the mapping from ``source/`` decides what counts. The cells of an assignment nobody has a grade in (an
    épreuve not held yet) count for no one: its criteria are « non évalué », not 0 out of its points. ``grades`` are the
    members' grades (team grades already copied to members); ``memberships``
    say who is in which team, and who is absent.
    """
    by_key = {(g.student_id, *g.key): g for g in grades}
    held = {key[1] for key in by_key}  # an épreuve nobody has a grade in yet counts for no one (« pas encore évalué »)
    crit_cells = {c.qualified: [x for x in mapping.for_criterion(c.qualified) if x.assignment in held] for c in ref.criteria}
    comp_cells = {c.code: [x for x in mapping.for_competency(c.code) if x.assignment in held] for c in ref.competencies}
    members = {(m.student_id, m.assignment): m for m in memberships}
    results = []
    for student in students:
        criteria, competencies, blocs, used = [], [], [], []
        for bloc in ref.blocs:
            levels = []
            for c in bloc.criteria:
                rows, lv = _measures(student, bloc.code, c.qualified, crit_cells[c.qualified], by_key, t, mapping, members)
                criteria += rows
                levels.append(lv)
                used.append((c.qualified, lv))
            for c in bloc.competencies:
                competencies += _measures(student, bloc.code, c.code, comp_cells[c.code], by_key, t, mapping, members)[0]
            blocs.append(BlocResult(student, bloc.code, bloc_status(levels), levels.count(ACQUIRED), len(levels)))
        results.append(
            StudentResult(student, tuple(criteria), tuple(competencies), tuple(blocs), certification([b.status for b in blocs]),
                          tuple(used))
        )
    return tuple(results)
