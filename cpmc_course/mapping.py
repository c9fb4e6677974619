"""Which graded cell evidences which criterion and competency, read from ``source/``.

A source notebook names its bloc in its metadata (``"cpmc": {"bloc": "B5"}``);
each graded cell (autograded test, manually graded answer, task) carries cell
tags with criterion codes (``CE34``) and competency codes (``C35``). Bare codes
resolve in the notebook's bloc first; ``B3.CE16`` is valid anywhere. The mapping
is keyed by (assignment, notebook, grade_id) and is never read from a student's
copy: students can edit tags, nbgrader does not restore them.

Two more metadata keys describe the épreuve's form: ``"equipe": true`` marks a
team assignment (one copy graded per team, the grade reaching every member) and
``"oral": true`` (with ``"equipe": true``) an oral whose graded parts are the
jury's grid. Every notebook of one assignment must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CpmcError, MappingError
from .grading.notebook import AUTO, MANUAL, TASK, SourceNotebook, SourceTree, read_source_notebook, source_notebooks
from .referential import CODE_PATTERN, Referential, load_referential

LOOKS_LIKE_CODE = re.compile(r"^(?:B\d+\.)?(?:CE|SC|C)\d+$", re.IGNORECASE)
"""A tag that is meant as a référentiel code, valid or not (``ce12``, ``B7.C1``…)."""

__all__ = ["AUTO", "MANUAL", "TASK", "GradedCell", "Mapping", "read_mapping", "resolve_tag", "source_notebooks"]


@dataclass(frozen=True)
class GradedCell:
    """One graded cell of a source notebook and what it evidences."""

    assignment: str
    notebook: str
    """Notebook name without ``.ipynb``, as nbgrader names it."""
    grade_id: str
    points: float
    kind: str
    """``auto`` (autograded test), ``manuel`` (answer graded by hand) or ``tâche``."""
    bloc: str
    """Bloc named by the notebook's metadata."""
    criteria: tuple[str, ...]
    """Qualified criterion codes (``B5.CE34``)."""
    competencies: tuple[str, ...]
    """Competency codes (``C35``, ``SC2``)."""

    @property
    def key(self) -> tuple[str, str, str]:
        """(assignment, notebook, grade_id): how grades are matched to this cell."""
        return (self.assignment, self.notebook, self.grade_id)

    @property
    def label(self) -> str:
        """``assignment/notebook/grade_id`` for listings."""
        return "/".join(self.key)


@dataclass(frozen=True)
class Mapping:
    """Every graded cell of ``source/`` with its resolved tags."""

    cells: tuple[GradedCell, ...]
    team_assignments: frozenset[str] = frozenset()
    """Assignments whose notebooks say ``"equipe": true``."""
    oral_assignments: frozenset[str] = frozenset()
    """Team assignments whose notebooks say ``"oral": true`` (a jury grid)."""
    source: SourceTree = field(default=SourceTree(()), compare=False, repr=False)
    """The notebooks the mapping was read from (headings, rubrics, visible tests): ``source/`` is read once."""
    sessions: tuple[tuple[str, str, str], ...] = ()
    """(assignment, épreuve, session) of the assignments generated for a session (``cpmc session creer``): their
    notebooks say ``"epreuve"`` and ``"session"``. Sessions of one épreuve are alternatives (a retake)."""

    def epreuve(self, assignment: str) -> str:
        """The épreuve an assignment sets: its ``"epreuve"`` metadata, or the assignment itself."""
        return next((e for a, e, _s in self.sessions if a == assignment), assignment)

    def session(self, assignment: str) -> str:
        """The session an assignment belongs to (``""`` for an assignment of no session)."""
        return next((s for a, _e, s in self.sessions if a == assignment), "")

    def sessions_sat(self, student: str, cells, grades: dict) -> list:
        """The cells of the sessions ``student`` sat, among assignments that set the same épreuve.

        Sessions of one épreuve (``cpmc session creer``: a session, its retake, the public
        example) are alternatives: the sessions a student has no grade in are left out, as
        long as the student has grades in one of them. Each session sat is then one
        evaluation under the configured method (``mastery``).
        """
        if not self.sessions:
            return list(cells)
        by_epreuve: dict[str, set[str]] = {}
        for c in cells:
            by_epreuve.setdefault(self.epreuve(c.assignment), set()).add(c.assignment)
        sat = {c.assignment for c in cells if (student, *c.key) in grades}
        dropped = set().union(*(a - sat for a in by_epreuve.values() if len(a) > 1 and a & sat))
        return [c for c in cells if c.assignment not in dropped]

    def is_team(self, assignment: str) -> bool:
        """True when the assignment is graded once per team."""
        return assignment in self.team_assignments

    def is_oral(self, assignment: str) -> bool:
        """True when the assignment is an oral graded on a jury grid."""
        return assignment in self.oral_assignments

    def cell(self, assignment: str, notebook: str, grade_id: str) -> GradedCell | None:
        """The graded cell with this key, if the source has one."""
        for c in self.cells:
            if c.key == (assignment, notebook, grade_id):
                return c
        return None

    def for_criterion(self, qualified: str) -> tuple[GradedCell, ...]:
        """Cells that evidence a criterion (qualified code)."""
        return tuple(c for c in self.cells if qualified in c.criteria)

    def for_competency(self, code: str) -> tuple[GradedCell, ...]:
        """Cells that evidence a competency."""
        return tuple(c for c in self.cells if code in c.competencies)

    @property
    def assignments(self) -> tuple[str, ...]:
        """Assignments that hold at least one graded cell, sorted."""
        return tuple(sorted({c.assignment for c in self.cells}))


def _is_criterion_tag(tag: str) -> bool:
    """True for a tag meant as a criterion (``CE34``, ``b3.ce16``), valid or not."""
    return tag.upper().split(".")[-1].startswith("CE")


def resolve_tag(tag: str, bloc: str | None, ref: Referential) -> tuple[str, str]:
    """Resolve one tag to ``("critère", "B5.CE34")`` or ``("compétence", "C35")``.

    A bare code must belong to the notebook's bloc; evidence for another bloc is
    written qualified (``B3.CE16``, ``B1.C3``), so that a typo (``CE3`` for ``CE33``)
    never credits another bloc silently. Raises ``ValueError`` with a French reason.
    """
    match = CODE_PATTERN.match(tag)
    if not match:
        raise ValueError("code inconnu du référentiel (forme attendue : CE34, C35, SC2 ou B3.CE16)")
    qual_bloc, code = match.group("bloc"), match.group("code")
    target = qual_bloc or bloc
    if code.startswith("CE"):
        named = ref.criteria_named(code)
        if not named:
            raise ValueError(f"le critère {code} n'existe pas dans le référentiel")
        in_target = [c for c in named if c.bloc == target]
        if in_target:
            return "critère", in_target[0].qualified
        if qual_bloc:
            raise ValueError(f"le bloc {qual_bloc} n'a pas de critère {code}")
        options = " ou ".join(c.qualified for c in named)
        if len(named) > 1:
            raise ValueError(f"code ambigu hors de son bloc : écrivez {options}")
        raise ValueError(f"le critère {code} n'appartient pas au bloc {bloc} du notebook ; pour l'évaluer ici, écrivez {options}")
    try:
        comp = ref.competency(code)
    except KeyError:
        raise ValueError(f"la compétence {code} n'existe pas dans le référentiel") from None
    if comp.bloc != target:
        if qual_bloc:
            raise ValueError(f"la compétence {code} appartient au bloc {comp.bloc}, pas au bloc {qual_bloc}")
        raise ValueError(f"la compétence {code} n'appartient pas au bloc {bloc} du notebook ; pour l'évaluer ici, écrivez {comp.qualified}")
    return "compétence", comp.code


FORM_KEYS = ("equipe", "oral")
"""Metadata keys of ``cpmc`` that describe the épreuve's form (booleans, false when absent)."""


def _form(meta: dict, path: Path, problems: list[str]) -> tuple[bool, bool]:
    """(team, oral) flags of a notebook's ``cpmc`` metadata."""
    flags = []
    for key in FORM_KEYS:
        value = meta.get(key, False)
        if not isinstance(value, bool):
            problems.append(f'{path} : la clé "{key}" des métadonnées cpmc doit valoir true ou false, trouvé : {value!r}.')
            value = False
        flags.append(value)
    team, oral = flags
    if oral and not team:
        problems.append(f'{path} : un oral se note en groupe sur une grille de jury : ajoutez "equipe": true à côté de "oral": true.')
    return team, oral


def _notebook_bloc(nb: SourceNotebook, ref: Referential, problems: list[str],
                   forms: dict[Path, tuple[bool, bool]]) -> str | None:
    meta = nb.cpmc if isinstance(nb.cpmc, dict) else {}
    forms[nb.path] = _form(meta, nb.path, problems)
    bloc = meta.get("bloc")
    if bloc not in {b.code for b in ref.blocs}:
        problems.append(
            f"{nb.path} : les métadonnées du notebook doivent nommer son bloc "
            f'(\"cpmc\": {{\"bloc\": \"B1\"…\"B5\"}}), trouvé : {bloc!r}.'
        )
        return None
    return bloc


def _resolve(tags: list[str], bloc: str | None, ref: Referential, where: str, problems: list[str]) -> tuple[list[str], list[str]]:
    """Criteria and competencies named by a graded cell's tags; every bad or missing tag is a problem."""
    criteria, competencies = [], []
    for tag in tags:
        try:
            kind_of, code = resolve_tag(tag, bloc, ref)
        except ValueError as exc:
            problems.append(f"{where} : étiquette {tag!r} invalide : {exc}.")
            continue
        (criteria if kind_of == "critère" else competencies).append(code)
    # an invalid tag was reported above: "no criterion" is said only when none was even attempted
    criterion_tags = [t for t in tags if _is_criterion_tag(t)]
    # a savoir socioprofessionnel (SCn) has no criterion in the référentiel: a cell may evidence it alone
    soft_skill_only = bool(tags) and all(t.upper().split(".")[-1].startswith("SC") for t in tags)
    if not criterion_tags and not soft_skill_only:
        problems.append(f"{where} : cellule notée sans aucun critère (ajoutez une étiquette CEn).")
    if len(criterion_tags) == len(tags):
        problems.append(f"{where} : cellule notée sans aucune compétence (ajoutez une étiquette Cn ou SCn).")
    return criteria, competencies


def _notebook_cells(nb: SourceNotebook, ref: Referential, problems: list[str],
                    forms: dict[Path, tuple[bool, bool]]) -> list[GradedCell]:
    bloc = _notebook_bloc(nb, ref, problems, forms)
    cells, seen = [], set()
    for cell in nb.cells:
        grade_id = cell.grade_id or f"(cellule n° {cell.index}, sans grade_id)"
        tags = [t for t in cell.tags if LOOKS_LIKE_CODE.match(t)]
        where = f"{nb.path}, cellule {grade_id!r}"
        if cell.kind is None:
            for tag in tags:
                problems.append(f"{where} : l'étiquette {tag!r} est posée sur une cellule non notée.")
            continue
        if grade_id in seen:
            problems.append(f"{where} : grade_id en double dans le notebook.")
        seen.add(grade_id)
        criteria, competencies = _resolve(tags, bloc, ref, where, problems)
        cells.append(GradedCell(nb.assignment, nb.name, grade_id, cell.points, cell.kind, bloc or "",
                                tuple(dict.fromkeys(criteria)), tuple(dict.fromkeys(competencies))))
    return cells


def read_mapping(source_dir: str | Path, ref: Referential | None = None) -> Mapping:
    """Read and validate the tags of every source notebook (through the notebook model, read once).

    Raises :class:`MappingError` listing every problem (file, grade_id, tag).
    """
    ref = ref or load_referential()
    problems: list[str] = []
    cells: list[GradedCell] = []
    forms: dict[Path, tuple[bool, bool]] = {}
    notebooks = source_notebooks(Path(source_dir))
    read = []
    for assignment, path in notebooks:
        try:
            read.append(read_source_notebook(assignment, path))
        except CpmcError as exc:
            problems.append(str(exc))
    for nb in read:
        cells.extend(_notebook_cells(nb, ref, problems, forms))
    teams, orals = _assignment_forms(notebooks, forms, problems)
    if problems:
        raise MappingError(problems)
    return Mapping(tuple(cells), teams, orals, SourceTree(tuple(read)), _sessions(read))


def _sessions(notebooks: list[SourceNotebook]) -> tuple[tuple[str, str, str], ...]:
    """(assignment, épreuve, session) of the notebooks generated for a session (their ``cpmc`` metadata)."""
    found = set()
    for nb in notebooks:
        meta = nb.cpmc if isinstance(nb.cpmc, dict) else {}
        if meta.get("session") and meta.get("epreuve"):
            found.add((nb.assignment, str(meta["epreuve"]), str(meta["session"])))
    return tuple(sorted(found))


def _assignment_forms(notebooks: list[tuple[str, Path]], forms: dict[Path, tuple[bool, bool]],
                      problems: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Team and oral assignments; notebooks of one assignment that disagree are a problem."""
    by_assignment: dict[str, dict[Path, tuple[bool, bool]]] = {}
    for assignment, path in notebooks:
        if path in forms:
            by_assignment.setdefault(assignment, {})[path] = forms[path]
    teams, orals = set(), set()
    for assignment, flags in by_assignment.items():
        for index, key in enumerate(FORM_KEYS):
            yes = sorted(p.name for p, f in flags.items() if f[index])
            no = sorted(p.name for p, f in flags.items() if not f[index])
            if yes and no:
                problems.append(
                    f'{assignment} : les notebooks d\'un même sujet doivent s\'accorder sur "{key}" : '
                    f"true dans {', '.join(yes)}, absent ou false dans {', '.join(no)}."
                )
            elif yes:
                (teams if key == "equipe" else orals).add(assignment)
    return frozenset(teams), frozenset(orals & teams)
