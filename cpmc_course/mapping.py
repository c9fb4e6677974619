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

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError, MappingError
from .referential import CODE_PATTERN, Referential, load_referential

LOOKS_LIKE_CODE = re.compile(r"^(?:B\d+\.)?(?:CE|SC|C)\d+$", re.IGNORECASE)
"""A tag that is meant as a référentiel code, valid or not (``ce12``, ``B7.C1``…)."""

AUTO, MANUAL, TASK = "auto", "manuel", "tâche"


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
    sessions: tuple[tuple[str, str, str], ...] = ()
    """(assignment, épreuve, session) of the assignments generated for a session (``cpmc session creer``): their
    notebooks say ``"epreuve"`` and ``"session"``. Sessions of one épreuve are alternatives (a retake)."""

    def epreuve(self, assignment: str) -> str:
        """The épreuve an assignment sets: its ``"epreuve"`` metadata, or the assignment itself."""
        return next((e for a, e, _s in self.sessions if a == assignment), assignment)

    def session(self, assignment: str) -> str:
        """The session an assignment belongs to (``""`` for an assignment of no session)."""
        return next((s for a, _e, s in self.sessions if a == assignment), "")

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


def _kind(nbg: dict) -> str | None:
    if nbg.get("task"):
        return TASK
    if nbg.get("grade"):
        return MANUAL if nbg.get("solution") else AUTO
    return None


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


def _read_notebook(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError([f"{path} : notebook illisible ({exc})."]) from None


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


def _notebook_cells(path: Path, assignment: str, ref: Referential, problems: list[str],
                    forms: dict[Path, tuple[bool, bool]] | None = None,
                    sessions: set[tuple[str, str, str]] | None = None) -> list[GradedCell]:
    nb = _read_notebook(path)
    meta = (nb.get("metadata") or {}).get("cpmc") or {}
    if forms is not None and isinstance(meta, dict):
        forms[path] = _form(meta, path, problems)
    if sessions is not None and isinstance(meta, dict) and meta.get("session") and meta.get("epreuve"):
        sessions.add((assignment, str(meta["epreuve"]), str(meta["session"])))
    bloc = meta.get("bloc") if isinstance(meta, dict) else None
    if bloc not in {b.code for b in ref.blocs}:
        problems.append(
            f"{path} : les métadonnées du notebook doivent nommer son bloc "
            f'(\"cpmc\": {{\"bloc\": \"B1\"…\"B5\"}}), trouvé : {bloc!r}.'
        )
        bloc = None
    cells, seen = [], set()
    for index, cell in enumerate(nb.get("cells", []), start=1):
        meta = cell.get("metadata") or {}
        nbg = meta.get("nbgrader") or {}
        grade_id = nbg.get("grade_id") or f"(cellule n° {index}, sans grade_id)"
        tags = [t for t in meta.get("tags", []) if LOOKS_LIKE_CODE.match(t)]
        kind = _kind(nbg)
        where = f"{path}, cellule {grade_id!r}"
        if kind is None:
            for tag in tags:
                problems.append(f"{where} : l'étiquette {tag!r} est posée sur une cellule non notée.")
            continue
        if grade_id in seen:
            problems.append(f"{where} : grade_id en double dans le notebook.")
        seen.add(grade_id)
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
        if not criterion_tags:
            problems.append(f"{where} : cellule notée sans aucun critère (ajoutez une étiquette CEn).")
        if len(criterion_tags) == len(tags):
            problems.append(f"{where} : cellule notée sans aucune compétence (ajoutez une étiquette Cn ou SCn).")
        cells.append(
            GradedCell(
                assignment=assignment,
                notebook=path.stem,
                grade_id=grade_id,
                points=float(nbg.get("points", 0) or 0),
                kind=kind,
                bloc=bloc or "",
                criteria=tuple(dict.fromkeys(criteria)),
                competencies=tuple(dict.fromkeys(competencies)),
            )
        )
    return cells


def source_notebooks(source_dir: Path) -> list[tuple[str, Path]]:
    """(assignment, notebook path) for every notebook of ``source/``, sorted."""
    if not source_dir.is_dir():
        raise CpmcError(f"Dossier des sujets introuvable : {source_dir} (lancez la commande depuis la racine du cours ou passez --course-dir).")
    found = []
    for assignment in sorted(p for p in source_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for nb in sorted(assignment.glob("*.ipynb")):
            found.append((assignment.name, nb))
    return found


def read_mapping(source_dir: str | Path, ref: Referential | None = None) -> Mapping:
    """Read and validate the tags of every source notebook.

    Raises :class:`MappingError` listing every problem (file, grade_id, tag).
    """
    ref = ref or load_referential()
    problems: list[str] = []
    cells: list[GradedCell] = []
    forms: dict[Path, tuple[bool, bool]] = {}
    sessions: set[tuple[str, str, str]] = set()
    notebooks = source_notebooks(Path(source_dir))
    for assignment, path in notebooks:
        try:
            cells.extend(_notebook_cells(path, assignment, ref, problems, forms, sessions))
        except MappingError as exc:
            problems.extend(exc.problems)
    teams, orals = _assignment_forms(notebooks, forms, problems)
    if problems:
        raise MappingError(problems)
    return Mapping(tuple(cells), teams, orals, tuple(sorted(sessions)))


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
