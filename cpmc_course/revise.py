"""What prepares each criterion and competency: the lessons of ``courses/`` and the revision questions.

Built from data, never by hand:

* every lesson notebook of ``courses/bN/`` states what it prepares in one call,
  ``objectives("C34", "C37", "CE33")`` (``objectifs`` in blocs 1 and 3), whose
  codes resolve in the lesson's bloc like the tags of ``source/`` (``B3.CE16``
  for a code of another bloc);
* every revision question names its competency and, when it has one, its
  criterion (``cpmc_course/data/questions``).

The revision notebook (``courses/revision/revision.ipynb``) starts a session
on chosen questions with ``quiz.reviser(ids=[…])``: :func:`revision_line`
writes that line.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import CpmcError
from .mapping import resolve_tag
from .referential import Referential
from .revision.questions import load_banks

OBJECTIVE_CALLS = ("objectives", "objectifs")
"""Names of the lesson helpers whose string arguments are the référentiel codes a lesson prepares."""

REVISION_NOTEBOOK = Path("revision") / "revision.ipynb"
"""The revision notebook, relative to ``courses/``."""


@dataclass(frozen=True)
class Lesson:
    """A lesson notebook of ``courses/`` and what it prepares."""

    path: str
    """Relative to ``courses/``, with forward slashes (``b5/02_funnel_kpi.ipynb``)."""
    title: str
    """The notebook's first heading, without its ``#`` marks."""
    codes: tuple[str, ...]
    """Qualified criterion codes (``B5.CE35``) and competency codes (``C34``)."""


def _objective_codes(source: str) -> list[str]:
    """String arguments of ``objectives(…)`` / ``objectifs(…)`` calls in one code cell (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    codes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in OBJECTIVE_CALLS:
            codes += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return codes


def _title(cells: list[dict], fallback: str) -> str:
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def read_lessons(courses_dir: Path, ref: Referential) -> tuple[Lesson, ...]:
    """Every lesson of ``courses/bN/`` with the codes it prepares; a code that does not resolve is an error."""
    lessons = []
    problems = []
    for path in sorted(courses_dir.glob("b[1-9]/*.ipynb")):
        bloc = path.parent.name.upper()
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CpmcError(f"{path} : notebook illisible ({exc}).") from None
        cells = nb.get("cells", [])
        codes = []
        for cell in cells:
            if cell.get("cell_type") == "code":
                for tag in _objective_codes("".join(cell.get("source", ""))):
                    try:
                        codes.append(resolve_tag(tag, bloc, ref)[1])
                    except ValueError as exc:
                        problems.append(f"{path} : objectif {tag!r} invalide : {exc}.")
        relative = path.relative_to(courses_dir).as_posix()
        lessons.append(Lesson(relative, _title(cells, path.stem), tuple(dict.fromkeys(codes))))
    if problems:
        raise CpmcError("Objectifs de leçons invalides :\n" + "\n".join(problems))
    return tuple(lessons)


@dataclass(frozen=True)
class RevisionMap:
    """Lessons and question ids that prepare each criterion (qualified code) and competency (code)."""

    lessons: dict[str, tuple[Lesson, ...]]
    questions: dict[str, tuple[str, ...]]

    def lessons_for(self, code: str) -> tuple[Lesson, ...]:
        return self.lessons.get(code, ())

    def questions_for(self, code: str) -> tuple[str, ...]:
        return self.questions.get(code, ())


def revision_map(courses_dir: Path, ref: Referential) -> RevisionMap:
    """The map of ``courses_dir`` (lessons) and of the packaged question banks."""
    lessons: dict[str, list[Lesson]] = {}
    for lesson in read_lessons(courses_dir, ref):
        for code in lesson.codes:
            lessons.setdefault(code, []).append(lesson)
    questions: dict[str, list[str]] = {}
    for q in load_banks():
        questions.setdefault(q.competency, []).append(q.id)
        if q.criterion:
            questions.setdefault(q.criterion, []).append(q.id)
    return RevisionMap({k: tuple(v) for k, v in lessons.items()}, {k: tuple(v) for k, v in questions.items()})


def revision_line(ids: list[str] | tuple[str, ...]) -> str:
    """The line that starts the revision notebook on these questions (it replaces ``quiz.reviser()``)."""
    return "quiz.reviser(ids=[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in ids) + "])"
