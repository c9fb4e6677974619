"""nbgrader, made cheaper per copy inside a long-lived worker; every grade and row it writes stays the same.

* ``warm_up`` (in the run's process, before the workers are forked): what every
  worker would otherwise import or compile on its first copy;
* ``install`` (in each worker): nbgrader's metadata checks compile their schema
  once, and its Gradebook keeps one database engine per worker instead of
  building one (and checking every table) at each of the twenty-odd openings
  of a copy (on SQLite, a worker waits up to a minute for the other's
  transaction instead of five seconds);
* ``BatchedSaveAutoGrades``: nbgrader's ``SaveAutoGrades`` with one commit per
  notebook instead of one per graded cell.

Each runs only on the library versions it was checked on (:mod:`.compat`).
"""

from __future__ import annotations

import importlib

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades

from . import compat

_PATCHED_MODULES = (
    "nbgrader.converters.autograde", "nbgrader.preprocessors.saveautogrades", "nbgrader.preprocessors.overwritecells",
    "nbgrader.preprocessors.latesubmissions", "nbgrader.preprocessors.overwritekernelspec",
)
"""Modules of the Autograde converter that open the gradebook."""

_ENGINES: dict[str, object] = {}
SQLITE_WAIT_S = 60


class _CachedJsonschema:
    """``jsonschema.validate`` as nbgrader calls it for every cell, with the schema checked and compiled once.

    Same checks and same first error as ``jsonschema.validate``; nbgrader spent
    about a tenth of a copy's grading time re-checking its own schema.
    """

    def __init__(self, module):
        self._module = module
        self._validators: dict[int, tuple[dict, object]] = {}

    def validate(self, instance, schema):
        entry = self._validators.get(id(schema))
        if entry is None or entry[0] is not schema:
            cls = self._module.validators.validator_for(schema)
            cls.check_schema(schema)
            entry = self._validators[id(schema)] = (schema, cls(schema))
        error = self._module.exceptions.best_match(entry[1].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._module, name)


class ReusedGradebook(Gradebook):
    """nbgrader's ``Gradebook`` on one engine per database URL for the whole worker.

    The first opening is nbgrader's own (it creates the tables if needed);
    later ones take a new session on the same engine and check the course
    row as nbgrader does. ``close`` ends the session and keeps the engine.
    """

    def __init__(self, db_url: str, course_id: str = "default_course", authenticator=None):
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        engine = _ENGINES.get(db_url)
        if engine is None:
            super().__init__(db_url, course_id, authenticator)
            if not db_url.startswith("sqlite"):
                _ENGINES[db_url] = self.engine
                return
            self.db.remove()
            self.engine.dispose()
            # the workers write to one SQLite file: a worker waits up to a minute for the other's
            # transaction (one notebook's grades) rather than SQLite's default five seconds
            engine = _ENGINES[db_url] = create_engine(db_url, future=True, connect_args={"timeout": SQLITE_WAIT_S})
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    def close(self):
        self.db.remove()


class _FlushOnCommit:
    """A session whose ``commit`` only flushes: the caller commits once at the end."""

    def __init__(self, session):
        self._session = session

    def commit(self):
        self._session.flush()

    def __getattr__(self, name):
        return getattr(self._session, name)


class BatchedSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, the same rows written in one transaction per notebook."""

    def preprocess(self, nb, resources):
        meta = resources["nbgrader"]
        self.notebook_id, self.assignment_id = meta["notebook"], meta["assignment"]
        self.student_id, self.db_url = meta["student"], meta["db_url"]
        self.gradebook = ReusedGradebook(self.db_url)
        with self.gradebook:
            session = self.gradebook.db
            self.gradebook.db = _FlushOnCommit(session)
            try:
                nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            finally:
                self.gradebook.db = session
            session.commit()
        return nb, resources


def warm_up() -> None:
    """Import and compile, in the run's process, what each worker would otherwise redo on its first copy."""
    import IPython.paths  # noqa: F401 - jupyter_client's kernel spec lookup imports it (a second per worker)
    import nbformat
    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    blank = nbformat.v4.new_notebook()
    nbformat.validate(blank)
    nbformat.validate(blank, relax_add_props=True)
    KernelProvisionerFactory.instance()  # reads the installed provisioners' entry points once


def install() -> None:
    """In a worker: nbgrader's schema checks compiled once, its gradebook openings on one engine."""
    from nbgrader.nbgraderformat import common

    if compat.enabled("schema_cache") and not isinstance(common.jsonschema, _CachedJsonschema):
        common.jsonschema = _CachedJsonschema(common.jsonschema)
    for name in _PATCHED_MODULES if compat.enabled("reused_gradebook") else ():
        module = importlib.import_module(name)
        if getattr(module, "Gradebook", None) is Gradebook:
            module.Gradebook = ReusedGradebook
