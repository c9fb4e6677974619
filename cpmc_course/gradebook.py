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


def read_students(url: str) -> tuple[Student, ...]:
    """Every student of the gradebook, sorted by id."""
    with open_gradebook(url) as gb:
        return tuple(sorted((Student(s.id, s.first_name or "", s.last_name or "") for s in gb.students), key=lambda s: s.id))


def read_grades(url: str) -> tuple[CellGrade, ...]:
    """Every grade of every submission of the gradebook."""
    grades = []
    with open_gradebook(url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for g in notebook.grades:
                        score = None if g.needs_manual_grade else float(g.score)
                        grades.append(
                            CellGrade(
                                student_id=submission.student.id,
                                assignment=assignment.name,
                                notebook=notebook.name,
                                grade_id=g.name,
                                score=score,
                                max_score=float(g.max_score),
                            )
                        )
    return tuple(grades)


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
