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
from .records import CellGrade, Student, Submission


def scripts_on_path() -> None:
    """Put this interpreter's scripts folder on PATH: nbgrader runs the ``alembic`` program to create a gradebook,
    which fails when ``cpmc`` is run by its full path from a virtual environment that is not activated."""
    scripts = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + path


CONFIG_NAME = "nbgrader_config"
"""nbgrader's configuration file name (``.py`` or ``.json``), in Jupyter's config folders and in the course root."""


def _load_config(course: Path):
    """The configuration as nbgrader's apps load it, without importing nbgrader (several seconds).

    ``nbgrader.apps.NbGrader`` is a ``JupyterApp`` named ``nbgrader``: it reads
    ``jupyter_config`` and ``nbgrader_config`` (``.py`` and ``.json``) from
    Jupyter's config path (``~/.jupyter``, ``JUPYTER_CONFIG_PATH``,
    ``{sys.prefix}/etc/jupyter``, ``/etc/jupyter``…), then the course root's
    ``nbgrader_config.py`` (cpmc runs nbgrader from the course root, so the
    working-folder file is that one). ``tests/pg/test_pg_db_url.py`` checks
    the result against nbgrader's own ``NbGrader`` app and ``CourseDirectory``.
    """
    from jupyter_core.application import JupyterApp
    from traitlets.config import Application

    class NbgraderConfig(JupyterApp):
        name = "nbgrader"

    app = NbgraderConfig(raise_config_file_errors=True)
    app.load_config_file(suppress_errors=False)
    Application.load_config_file(app, CONFIG_NAME + ".py", path=str(course))
    return app.config


def nbgrader_config(course_dir: str | Path):
    """The traitlets ``Config`` nbgrader uses for this course; a broken file is a French error naming it."""
    course = Path(course_dir).resolve()
    try:
        return _load_config(course)
    except Exception as exc:  # noqa: BLE001 - whatever a config file raises (SyntaxError, NameError…)
        where = getattr(exc, "filename", None) or f"{course / (CONFIG_NAME + '.py')} ou un nbgrader_config de Jupyter"
        raise CpmcError(f"Configuration nbgrader illisible ({where}) : {type(exc).__name__} : {exc}.") from None


def db_url(course_dir: str | Path) -> str:
    """The gradebook URL of a course, where nbgrader reads it: ``c.CourseDirectory.db_url`` of its configuration.

    Default, as nbgrader's ``CourseDirectory``: ``sqlite:///<root>/gradebook.db``,
    ``<root>`` being ``c.CourseDirectory.root`` when set (relative to the course), else the course folder.
    """
    course = Path(course_dir).resolve()
    section = nbgrader_config(course).get("CourseDirectory", {})
    url = section.get("db_url") or ""
    if url:
        return str(url)
    root = course / str(section["root"]) if section.get("root") else course
    return f"sqlite:///{os.path.abspath(root / 'gradebook.db')}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite gradebook URL (None for a server, or an in-memory database)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def describe(url: str) -> str:
    """The gradebook as messages name it: the SQLite file, or the server URL with its password hidden."""
    path = sqlite_path(url)
    if path is not None:
        return f"{path} (SQLite)"
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without anything after a colon
        return url.split("://", 1)[0] + "://…" if "://" in url else "(URL illisible)"


def is_server(url: str) -> bool:
    """Whether the gradebook lives on a database server (PostgreSQL…) rather than in a SQLite file."""
    return not url.startswith("sqlite:")


def _unreachable(url: str, exc: BaseException) -> CpmcError:
    """A French error for a gradebook that cannot be opened (bad URL, missing driver, server down, bad password)."""
    import sqlalchemy

    name = describe(url)
    if isinstance(exc, sqlalchemy.exc.ArgumentError):
        return CpmcError(f"URL du carnet de notes invalide ({name}) : {exc}. Corrigez c.CourseDirectory.db_url dans nbgrader_config.py.")
    if isinstance(exc, (ModuleNotFoundError, sqlalchemy.exc.NoSuchModuleError)):
        return CpmcError(
            f"Pilote de base de données manquant pour le carnet de notes {name} ({exc}). "
            "Pour PostgreSQL : pip install \"cpmc-course[postgres]\" (pilote psycopg 3)."
        )
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    detail = reason[0] if reason else type(exc).__name__
    if is_server(url):
        detail = detail.replace(str(url), name)
        return CpmcError(f"Connexion au carnet de notes impossible ({name}) : {detail}. Vérifiez l'adresse, le mot de passe (~/.pgpass) et que le serveur est démarré.")
    return CpmcError(f"Carnet de notes illisible ({name}) : {detail}.")


def gradebook_exists(url: str) -> bool:
    """Whether the gradebook has been created (by ``cpmc release``/nbgrader); a server that cannot be reached is a French error."""
    path = sqlite_path(url)
    if path is not None:
        return path.exists()
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(url)
        try:
            with engine.connect() as conn:
                return sqlalchemy.inspect(conn).has_table("grade")
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - turned into a French message
        raise _unreachable(url, exc) from None


def check_reachable(url: str) -> None:
    """Before nbgrader writes to it: a server gradebook must answer (a SQLite file is created by nbgrader)."""
    if is_server(url):
        gradebook_exists(url)


def _missing(url: str) -> CpmcError:
    path = sqlite_path(url)
    where = path if path is not None else describe(url)
    return CpmcError(f"Carnet de notes introuvable : {where} (lancez d'abord « cpmc release » puis la correction automatique).")


@contextmanager
def open_gradebook(url: str) -> Iterator["object"]:
    """nbgrader's Gradebook, closed on exit; a missing file or an unreachable server is a clear error."""
    from nbgrader.api import Gradebook

    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise _missing(url)
    try:
        gb = Gradebook(url)
    except Exception as exc:  # noqa: BLE001 - turned into a French message
        raise _unreachable(url, exc) from None
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
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise _missing(url)
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(url)
        conn = engine.connect()
    except Exception as exc:  # noqa: BLE001 - bad URL, missing driver, server down, refused password: in French
        raise _unreachable(url, exc) from None
    try:
        yield conn
    except sqlalchemy.exc.DatabaseError as exc:
        detail = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CpmcError(f"Carnet de notes illisible ({describe(url)}) : {detail}. Un carnet neuf se crée avec « cpmc release ».") from None
    finally:
        conn.close()
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


_SUBMISSIONS_SQL = """
SELECT sa.student_id, a.name, sa.timestamp, a.duedate, sa.extension, COALESCE(SUM(sn.late_submission_penalty), 0.0)
FROM submitted_assignment sa
JOIN assignment a ON sa.assignment_id = a.id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
GROUP BY sa.id, sa.student_id, a.name, sa.timestamp, a.duedate, sa.extension
"""
"""Every submission with its hand-in time, due date, extension and late penalty (schema of nbgrader 0.9)."""


def read_submissions(url: str) -> tuple[Submission, ...]:
    """Every graded copy: hand-in time (``timestamp.txt``) and lateness, computed as nbgrader's ``total_seconds_late``."""
    import sqlalchemy

    query = sqlalchemy.text(_SUBMISSIONS_SQL).columns(
        sqlalchemy.column("student_id", sqlalchemy.String), sqlalchemy.column("name", sqlalchemy.String),
        sqlalchemy.column("timestamp", sqlalchemy.DateTime), sqlalchemy.column("duedate", sqlalchemy.DateTime),
        sqlalchemy.column("extension", sqlalchemy.Interval), sqlalchemy.column("penalty", sqlalchemy.Float))
    with _connection(url) as conn:
        rows = conn.execute(query).all()
    out = []
    for student, assignment, timestamp, duedate, extension, penalty in rows:
        late = 0.0
        if timestamp is not None and duedate is not None:
            late = max(0.0, (timestamp - (duedate + extension if extension is not None else duedate)).total_seconds())
        out.append(Submission(student, assignment, _iso(timestamp), late, float(penalty or 0.0)))
    return tuple(out)


def add_students(url: str, students: list[Student]) -> None:
    """Register (or update) students in the gradebook."""
    from nbgrader.api import Gradebook

    scripts_on_path()
    try:
        gb = Gradebook(url)
    except Exception as exc:  # noqa: BLE001 - turned into a French message
        raise _unreachable(url, exc) from None
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


def set_manual_grade(url: str, student_id: str, assignment: str, notebook: str, grade_id: str, score: float,
                     comment: str = "") -> None:
    """Record an instructor's grade for one cell, and their comment when given, as formgrader does."""
    with open_gradebook(url) as gb:
        grade = gb.find_grade(grade_id, notebook, assignment, student_id)
        if not 0 <= score <= grade.max_score:
            raise CpmcError(f"Note {score} hors barème (0 à {grade.max_score}) pour {assignment}/{notebook}/{grade_id}.")
        grade.manual_score = score
        grade.needs_manual_grade = False
        if comment:
            gb.find_comment(grade_id, notebook, assignment, student_id).manual_comment = comment
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


def _alembic_version(conn) -> str | None:
    import sqlalchemy

    if not sqlalchemy.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar()


def copy_gradebook(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every row of an nbgrader gradebook into a new one (SQLite → PostgreSQL), in one transaction.

    nbgrader offers no such migration (``nbgrader db upgrade`` only upgrades a
    gradebook's schema in place). Both gradebooks have nbgrader's schema (the
    target's is created here by nbgrader, as on first use) at the same
    version; the target must hold no grade yet. Rows keep their ids (nbgrader's
    ids are text, so there is no sequence to reset). Returns the rows copied
    per table. No row is copied when anything fails.
    """
    import sqlalchemy
    from nbgrader.api import Base, Gradebook

    with _connection(source_url) as source:
        try:
            gb = Gradebook(target_url)  # nbgrader creates its schema (and a "default_course" row)
        except Exception as exc:  # noqa: BLE001 - turned into a French message
            raise _unreachable(target_url, exc) from None
        gb.close()
        engine = sqlalchemy.create_engine(target_url)
        copied: dict[str, int] = {}
        try:
            with engine.begin() as target:
                versions = _alembic_version(source), _alembic_version(target)
                if versions[0] != versions[1]:
                    raise CpmcError(
                        f"Version du schéma nbgrader différente ({describe(source_url)} : {versions[0]}, {describe(target_url)} : "
                        f"{versions[1]}) : mettez d'abord le carnet source à jour (nbgrader db upgrade)."
                    )
                if target.execute(sqlalchemy.text("SELECT count(*) FROM student")).scalar():
                    raise CpmcError(f"Le carnet de notes cible n'est pas vide ({describe(target_url)}) : copie refusée.")
                for table in Base.metadata.sorted_tables:
                    rows = [dict(r) for r in source.execute(sqlalchemy.select(table)).mappings()]
                    if table.name == "course":
                        present = set(target.execute(sqlalchemy.select(table.c.id)).scalars())
                        rows = [r for r in rows if r["id"] not in present]
                    if rows:
                        target.execute(sqlalchemy.insert(table), rows)
                    copied[table.name] = len(rows)
        except sqlalchemy.exc.DBAPIError as exc:
            detail = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CpmcError(f"Copie vers {describe(target_url)} impossible : {detail}. Aucune ligne n'a été copiée.") from None
        finally:
            engine.dispose()
    return copied


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
