"""The only module that talks to nbgrader's gradebook; it returns the package's own records.

"Not yet graded" is kept distinct from 0: a manually graded cell that nbgrader
marks as needing a manual grade has ``score = None``.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CpmcError
from .records import CellGrade, Student


def scripts_on_path() -> None:
    """Put this interpreter's scripts folder on PATH: nbgrader runs the ``alembic`` program to create a gradebook,
    which fails when ``cpmc`` is run by its full path from a virtual environment that is not activated."""
    scripts = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + path


def db_url(course_dir: str | Path) -> str:
    """The SQLite gradebook of a course directory."""
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


@contextmanager
def open_gradebook(url: str) -> Iterator["object"]:
    """nbgrader's Gradebook, closed on exit; a missing file is a clear error."""
    from nbgrader.api import Gradebook

    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise CpmcError(f"Carnet de notes introuvable : {url[len('sqlite:///'):]} (lancez d'abord la correction automatique).")
    gb = Gradebook(url)
    try:
        yield gb
    finally:
        gb.close()


_COPY_CELL = """
JOIN submitted_notebook sn ON {row}.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
JOIN notebook n ON sn.notebook_id = n.id
JOIN base_cell bc ON {row}.cell_id = bc.id
"""
"""How a grade or comment row reaches its copy (student, assignment, notebook) and its cell."""

_GRADES_SQL = """
SELECT sa.student_id, a.name, n.name, bc.name,
       g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade,
       COALESCE(gc.max_score, tc.max_score, 0.0), sa.timestamp
FROM grade g""" + _COPY_CELL.format(row="g") + """LEFT JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN task_cells tc ON tc.id = bc.id
"""
"""Every grade with what identifies it, in one query over nbgrader's tables (schema of nbgrader 0.9)."""


def _score(auto: float | None, manual: float | None, extra: float | None) -> float:
    """nbgrader's ``Grade.score``: the manual score if set, else the automatic one, plus extra credit."""
    base = manual if manual is not None else auto
    if base is None:
        return 0.0
    return float(base) + float(extra or 0.0)


def _iso(timestamp: object) -> str:
    """A submission timestamp as ISO 8601 text (SQLite gives text, PostgreSQL a datetime); empty when unset."""
    if timestamp is None:
        return ""
    if hasattr(timestamp, "isoformat"):
        return timestamp.isoformat()
    return str(timestamp).replace(" ", "T")


@contextmanager
def _connection(url: str) -> Iterator["object"]:
    """A plain SQLAlchemy connection: reading needs neither nbgrader's import (seconds) nor its ORM."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise CpmcError(f"Carnet de notes introuvable : {url.removeprefix('sqlite:///')} (lancez d'abord la correction automatique).")
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    except sqlalchemy.exc.DatabaseError as exc:
        raise CpmcError(f"Carnet de notes illisible ({url}) : {exc.orig or exc}.") from None
    finally:
        engine.dispose()


def read_students(url: str) -> tuple[Student, ...]:
    """Students of the gradebook, sorted by id."""
    import sqlalchemy

    with _connection(url) as conn:
        rows = conn.execute(sqlalchemy.text("SELECT id, first_name, last_name FROM student ORDER BY id")).all()
    return tuple(Student(sid, first or "", last or "") for sid, first, last in rows)


def read_grades(url: str) -> tuple[CellGrade, ...]:
    """Every grade of every submission of the gradebook, in one query.

    A cell awaiting a manual grade has ``score = None`` (never 0), as
    nbgrader's ``needs_manual_grade`` says.
    """
    import sqlalchemy

    with _connection(url) as conn:
        rows = conn.execute(sqlalchemy.text(_GRADES_SQL)).all()
    return tuple(
        CellGrade(
            student_id=student,
            assignment=assignment,
            notebook=notebook,
            grade_id=grade_id,
            score=None if needs_manual else _score(auto, manual, extra),
            max_score=float(max_score),
            submitted_at=_iso(timestamp),
        )
        for student, assignment, notebook, grade_id, auto, manual, extra, needs_manual, max_score, timestamp in rows
    )


def add_students(url: str, students: list[Student]) -> None:
    """Register (or update) students in the gradebook."""
    from nbgrader.api import Gradebook

    scripts_on_path()
    gb = Gradebook(url)
    try:
        for s in students:
            gb.update_or_create_student(s.id, first_name=s.first_name, last_name=s.last_name)
    finally:
        gb.close()


def ensure_students(url: str, ids: list[str]) -> None:
    """Register students who are not in the gradebook yet (names left as they are)."""
    with open_gradebook(url) as gb:
        known = {s.id for s in gb.students}
        for student_id in ids:
            if student_id not in known:
                gb.add_student(student_id)


def set_manual_grade(url: str, student_id: str, assignment: str, notebook: str, grade_id: str, score: float) -> None:
    """Record an instructor's grade for one cell, as formgrader does."""
    with open_gradebook(url) as gb:
        grade = gb.find_grade(grade_id, notebook, assignment, student_id)
        if not 0 <= score <= grade.max_score:
            raise CpmcError(f"Note {score} hors barème (0 à {grade.max_score}) pour {assignment}/{notebook}/{grade_id}.")
        grade.manual_score = score
        grade.needs_manual_grade = False
        gb.db.commit()


def has_submission(url: str, assignment: str, student_id: str) -> bool:
    """Whether the gradebook holds a graded submission of this copy."""
    from nbgrader.api import MissingEntry

    with open_gradebook(url) as gb:
        try:
            gb.find_submission(assignment, student_id)
            return True
        except MissingEntry:
            return False


def remove_submission(url: str, assignment: str, student_id: str) -> None:
    """Remove a submission and its grades (nothing to do when there is none)."""
    from nbgrader.api import MissingEntry

    with open_gradebook(url) as gb:
        try:
            gb.remove_submission(assignment, student_id)
        except MissingEntry:
            gb.db.rollback()


def zero_cells(url: str, student_id: str, assignment: str, notebook: str, grade_ids: list[str]) -> list[str]:
    """Score 0 on these graded cells of one copy (cells the copy deleted or duplicated); returns those found."""
    from nbgrader.api import MissingEntry

    done = []
    with open_gradebook(url) as gb:
        for grade_id in grade_ids:
            try:
                grade = gb.find_grade(grade_id, notebook, assignment, student_id)
            except MissingEntry:
                continue
            grade.auto_score, grade.manual_score, grade.needs_manual_grade = 0.0, None, False
            done.append(grade_id)
        gb.db.commit()
    return done


_COMMENTS_SQL = """
SELECT sa.student_id, a.name, n.name, bc.name, c.auto_comment, c.manual_comment
FROM comment c""" + _COPY_CELL.format(row="c")
"""Every comment with the copy and cell it belongs to (schema of nbgrader 0.9)."""

AUTO_COMMENTS = {"No response.": "Aucune réponse."}
"""nbgrader's own automatic comments, in French; any other automatic comment is not shown."""


def read_comments(url: str) -> dict[tuple[str, str, str, str], str]:
    """The grader's comment on each cell, keyed by (student, assignment, notebook, cell name); empty ones left out.

    The grader's own words (``manual_comment``) win; nbgrader's automatic comment is kept only when it has a
    French wording in :data:`AUTO_COMMENTS`.
    """
    import sqlalchemy

    with _connection(url) as conn:
        rows = conn.execute(sqlalchemy.text(_COMMENTS_SQL)).all()
    comments = {}
    for student, assignment, notebook, cell, auto, manual in rows:
        text = (manual or "").strip() or AUTO_COMMENTS.get((auto or "").strip(), "")
        if text:
            comments[(student, assignment, notebook, cell)] = text
    return comments


def set_comment(url: str, student_id: str, assignment: str, notebook: str, cell: str, text: str) -> None:
    """Record the grader's comment on one cell of a copy, as formgrader does."""
    with open_gradebook(url) as gb:
        comment = gb.find_comment(cell, notebook, assignment, student_id)
        comment.manual_comment = text
        gb.db.commit()
