"""Which graded cell evidences which criterion and competency, read from ``source/``.

A source notebook names its bloc in its metadata (``"cpmc": {"bloc": "B5"}``);
each graded cell (autograded test, manually graded answer, task) carries cell
tags with criterion codes (``CE34``) and competency codes (``C35``). Bare codes
resolve in the notebook's bloc first; ``B3.CE16`` is valid anywhere. The mapping
is keyed by (assignment, notebook, grade_id) and is never read from a student's
copy: students can edit tags, nbgrader does not restore them.
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


def _notebook_cells(path: Path, assignment: str, ref: Referential, problems: list[str]) -> list[GradedCell]:
    nb = _read_notebook(path)
    bloc = ((nb.get("metadata") or {}).get("cpmc") or {}).get("bloc")
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
    for assignment, path in source_notebooks(Path(source_dir)):
        try:
            cells.extend(_notebook_cells(path, assignment, ref, problems))
        except MappingError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MappingError(problems)
    return Mapping(tuple(cells))
