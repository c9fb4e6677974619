"""Grade copies in-process with nbgrader's own Autograde converter (nbgrader imported once per run).

One call grades one copy: stage it (``staging``), run nbgrader's sanitising and
autograding preprocessors with the hardened Execute step (and the cheaper
steps of ``speedups``), then score 0 the graded cells the copy deleted or
duplicated. Copies identical to one already
graded in this process reuse its executed notebooks (same inputs, same outputs).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from ..gradebook import db_url, has_submission, remove_submission, zero_cells
from ..records import SubmissionOutcome
from . import execute, kernels
from .staging import stage

STAGING = ".cpmc/depot"
"""Where sanitised copies are staged, relative to the course root (nbgrader reads them from there)."""

_CONFIGS: dict[str, object] = {}


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.errors: list[str] = []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())


def _config(course: Path, cell_timeout: int | None, max_output: int, forked: bool):
    key = f"{course}|{cell_timeout}|{max_output}|{forked}"
    if key not in _CONFIGS:
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, IgnorePattern, LimitOutput, SaveAutoGrades
        from traitlets.config import Config

        from . import compat
        from .speedups import BatchedSaveAutoGrades
        from traitlets.config.loader import PyFileConfigLoader

        config = Config()
        if (course / "nbgrader_config.py").exists():
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
        hardened = compat.enabled("hardened_execute")  # else nbgrader's own Execute step, on an ordinary kernel
        config.Autograde.autograde_preprocessors = [
            execute.SafeExecute if hardened else Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
            BatchedSaveAutoGrades if compat.enabled("batched_save") else SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
        ]
        config.Exporter.optimistic_validation = True  # the notebook is checked once per pass, not after every preprocessor
        if forked and hardened:
            config.SafeExecute.kernel_manager_class = kernels.ForkedKernelManager
            config.SafeExecute.shutdown_kernel = "immediate"  # nothing in it to save: its files live in its own memory
        if cell_timeout:
            config.SafeExecute.timeout = config.Execute.timeout = cell_timeout
        config.SafeExecute.max_output_bytes = max_output
        _CONFIGS[key] = config
    return _CONFIGS[key]


def _diagnose(errors: list[str]) -> str:
    text = "\n".join(errors)
    if "database is locked" in text:
        return "carnet de notes occupé (accès concurrent) ; relancez la correction de cet étudiant"
    return "échec de nbgrader : " + (errors[-1].strip().splitlines()[-1] if errors else "raison inconnue")


def discard(course: Path, student: str, assignment: str) -> None:
    """Remove what a failed grading left (gradebook rows, autograded copy)."""
    remove_submission(db_url(course), assignment, student)
    shutil.rmtree(course / "autograded" / student / assignment, ignore_errors=True)


def _graded(url: str, assignment: str, student: str) -> bool:
    """Whether the gradebook holds this copy's submission, read on the worker's own engine when it may (``speedups``)."""
    from . import compat

    if not compat.enabled("reused_gradebook"):
        return has_submission(url, assignment, student)
    from nbgrader.api import MissingEntry

    from .speedups import ReusedGradebook

    with ReusedGradebook(url) as gb:
        try:
            gb.find_submission(assignment, student)
        except MissingEntry:
            return False
    return True


def grade_copy(course: Path, student: str, assignment: str, digest: str, settings: dict) -> SubmissionOutcome:
    """Grade one copy; never raises for a faulty copy."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    staged_dir = course / STAGING / student / assignment
    staged = stage(course / "submitted" / student / assignment, staged_dir, course / "source" / assignment)
    if staged.fatal:
        discard(course, student, assignment)  # the grades of an older copy must not pass for this one's
        shutil.rmtree(staged_dir, ignore_errors=True)
        return SubmissionOutcome(student, assignment, False, staged.fatal, digest)
    config = _config(course, settings.get("cell_timeout"), settings["max_output"], settings["forked"])
    url = db_url(course)  # read once per copy (each reading loads the nbgrader configuration files)
    execute.CACHE_KEY = digest
    errors: list[str] = []
    for _attempt in range(3):
        execute.REPORTS.clear()
        collector = _Collector()
        log = logging.getLogger(f"cpmc.autograde.{student}")
        log.handlers[:] = [collector]
        log.propagate = False
        log.setLevel(logging.INFO)
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(course)
        coursedir.db_url = url  # the course's gradebook as nbgrader's apps resolve it (Jupyter config folders too)
        coursedir.submitted_directory = STAGING
        coursedir.student_id = student
        coursedir.assignment_id = assignment
        converter = Autograde(coursedir=coursedir, config=config, log=log)
        converter.force = True
        failed = False
        try:
            converter.start()
        except Exception as exc:  # noqa: BLE001 - NbGraderException and anything nbgrader let through
            failed = True
            collector.errors.append(str(exc))
        errors = collector.errors if failed else []  # errors logged by a cell's execution are confined to that cell
        if not failed and _graded(url, assignment, student):
            break
        discard(course, student, assignment)
        if "database is locked" not in "\n".join(errors):
            break
    shutil.rmtree(staged_dir, ignore_errors=True)
    if failed or not _graded(url, assignment, student):
        return SubmissionOutcome(student, assignment, False, _diagnose(errors), digest)
    for notebook, cells in staged.zero.items():
        zero_cells(url, student, assignment, notebook, list(cells))
    notes = list(staged.notes)
    tampering = [f"{notebook} / {grade_id} : cellule notée dupliquée" for notebook, cells in staged.zero.items()
                 for grade_id, reason in cells.items() if "dupliquée" in reason]
    for report in execute.REPORTS.values():
        notes.extend(report["faults"])
        tampering.extend(t for t in report["tampering"] if t not in tampering)
    refused = [t for t in tampering if "dupliquée" not in t and "données de l'énoncé" not in t]
    if refused:
        notes.append("valeurs de la copie refusées par le correcteur (" + ", ".join(refused) + ") : les tests qui les lisent échouent, copie signalée")
    altered = [t for t in tampering if "données de l'énoncé" in t]
    if altered:
        notes.append("données de l'énoncé modifiées par la copie (" + ", ".join(altered) + ") : les tests ont lu les données du sujet, copie signalée")
    return SubmissionOutcome(student, assignment, True, "", digest, notes=tuple(notes), tampering=tuple(tampering))
