"""Release and autograde: the entry points other modules call.

``release`` runs nbgrader's ``generate_assignment``. ``autograde`` hands the
copies to the engine (``cpmc_course.engine``): long-lived workers that run
nbgrader's own Autograde converter in-process, kernels forked from a template
that has already imported the scientific stack, each confined by the sandbox.
A copy that nbgrader cannot grade is reported with a French reason and never
stops the others; what it left in the gradebook is removed so that it cannot
pass for "awaiting manual grading".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from .engine.staging import fingerprint  # noqa: F401 - the copy fingerprint stays importable from here
from .errors import CpmcError
from .gradebook import check_reachable, db_url, describe, ensure_students, gradebook_exists, scripts_on_path
from .records import SubmissionOutcome, load_outcomes, save_outcomes

SANDBOX_MODES = ("auto", "required", "off")


def tools_on_path() -> dict:
    """The environment, with this interpreter's scripts folder on PATH (see ``gradebook.scripts_on_path``)."""
    scripts_on_path()
    return dict(os.environ)


def _nbgrader(args: list[str], course_dir: Path, timeout: float | None) -> subprocess.CompletedProcess:
    """Run an nbgrader command in the course directory with this interpreter.

    The environment is passed as it is: a warning printed by a test cell costs its
    points, as it does when the student validates in JupyterLab.
    """
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_dir,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=tools_on_path(),
    )


def _error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines()
            if "| ERROR]" in line or "| CRITICAL]" in line or line.startswith(("[ERROR]", "[CRITICAL]"))]


_RELEASE_ALL = """
import json, sys
from nbgrader.apps import NbGrader, NbGraderAPI
app = NbGrader()
app.load_config_file()
api = NbGraderAPI(config=app.config)
for assignment in sys.argv[1:]:
    result = api.generate_assignment(assignment, force=True)
    print(json.dumps({"assignment": assignment, "success": bool(result["success"]),
                      "log": result.get("log", "") + result.get("error", "")}), flush=True)
    if not result["success"]:
        break
"""
"""``nbgrader generate_assignment --force`` for each assignment named, in one process (nbgrader's own API, the
course's configuration read as its command does): one start of nbgrader instead of one per assignment."""


def assignments_in(directory: Path) -> list[str]:
    """Assignment folders of ``source/`` (or ``release/``), sorted."""
    if not directory.is_dir():
        return []
    return sorted(p.name for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))


def release(course_dir: str | Path, assignments: list[str] | None = None) -> list[str]:
    """``nbgrader generate_assignment`` for the named (or all) assignments into ``release/``."""
    course = Path(course_dir)
    available = assignments_in(course / "source")
    chosen = assignments or available
    unknown = [a for a in chosen if a not in available]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) dans {course / 'source'} : {', '.join(unknown)}. Disponibles : {', '.join(available) or 'aucun'}.")
    check_reachable(db_url(course))  # nbgrader records each assignment in the gradebook
    proc = subprocess.run([sys.executable, "-c", _RELEASE_ALL, *chosen], cwd=course, capture_output=True, text=True,
                          timeout=600 * len(chosen), stdin=subprocess.DEVNULL, env=tools_on_path())
    done = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            done[result["assignment"]] = result
    for assignment in chosen:
        result = done.get(assignment, {"success": False, "log": proc.stdout + proc.stderr})
        if not result["success"]:
            details = "\n".join(_error_lines(result["log"])[-5:]) or result["log"][-1500:]
            raise CpmcError(f"La génération de la version étudiante de {assignment} a échoué :\n{details}")
    return chosen


def submissions(course_dir: str | Path, assignments: list[str] | None = None) -> list[tuple[str, str]]:
    """(student, assignment) for every folder of ``submitted/``, sorted."""
    root = Path(course_dir) / "submitted"
    found = []
    for student in assignments_in(root):
        for assignment in assignments_in(root / student):
            if assignments is None or assignment in assignments:
                found.append((student, assignment))
    return found


def autograde(
    course_dir: str | Path,
    assignments: list[str] | None = None,
    jobs: int = 1,
    progress: bool = True,
    force: bool = False,
    on_result: Callable[[SubmissionOutcome], None] | None = None,
    sandbox: str = "auto",
) -> list[SubmissionOutcome]:
    """Autograde every submission, isolated and sandboxed, ``jobs`` workers at a time, with a progress bar.

    Copies already graded and unchanged since are skipped unless ``force``.
    Copies of an assignment that ``source/`` does not hold are reported, not
    graded. ``sandbox``: ``auto`` confines student code when the machine allows
    it (and says so in French otherwise), ``required`` refuses to grade without
    it, ``off`` runs student code unconfined. Outcomes are written to
    ``cpmc_autograde.json`` after every copy, so that an interrupted run loses
    nothing already graded and reports can say why a submission has no grade.
    """
    from .engine.pool import template_server

    course = Path(course_dir)
    if sandbox not in SANDBOX_MODES:
        raise CpmcError(f"--sandbox doit valoir {', '.join(SANDBOX_MODES)} (reçu : {sandbox}).")
    known = assignments_in(course / "source")
    unknown = [a for a in assignments or [] if a not in known]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) dans {course / 'source'} : {', '.join(unknown)}.")
    url = db_url(course)
    if not gradebook_exists(url):
        raise CpmcError(f"Carnet de notes introuvable ({describe(url)}) : lancez d'abord « cpmc release ».")
    found = submissions(course, assignments)
    if not found:
        raise CpmcError(f"Aucun devoir rendu dans {course / 'submitted'} (attendu : submitted/<étudiant>/<sujet>/*.ipynb).")
    if jobs < 1:
        raise CpmcError(f"--jobs doit valoir au moins 1 (reçu : {jobs}).")
    with template_server() as server:  # imports the scientific stack while nbgrader is imported here
        from .engine.run import grade_all, skip_iri_format_check

        skip_iri_format_check()
        ensure_students(url, sorted({s for s, _ in found}))  # a copy that fails still has its student
        outcomes: list[SubmissionOutcome] = [
            SubmissionOutcome(s, a, False, f"le sujet {a!r} n'existe pas dans source/ : copie non corrigée")
            for s, a in found if a not in known
        ]
        todo = [(s, a) for s, a in found if a in known]
        previous = {} if force else {(o.student_id, o.assignment): o for o in load_outcomes(course)}
        tools_on_path()
        for outcome in outcomes:
            save_outcomes(course, [outcome])
        outcomes += grade_all(course, todo, previous, jobs, progress, sandbox, on_result, server)
    outcomes.sort(key=lambda o: (o.student_id, o.assignment))
    save_outcomes(course, outcomes)
    return outcomes


def summary(outcomes: list[SubmissionOutcome]) -> str:
    """French end-of-run summary: graded, failed and why."""
    ok = [o for o in outcomes if o.ok and not o.skipped]
    skipped = [o for o in outcomes if o.skipped]
    failed = [o for o in outcomes if not o.ok]
    lines = [f"Correction terminée : {len(ok)} copie(s) corrigée(s), {len(failed)} en échec."]
    if skipped:
        lines.append(f"  {len(skipped)} copie(s) inchangée(s) depuis la dernière correction, conservée(s) telle(s) quelle(s) (--force pour tout recorriger).")
    for o in failed:
        lines.append(f"  ✗ {o.student_id} / {o.assignment} : {o.reason}")
    for o in outcomes:
        if o.tampering:
            lines.append(f"  ⚠ {o.student_id} / {o.assignment} : copie signalée ({' ; '.join(o.tampering)})")
    noted = [o for o in outcomes if o.ok and o.notes and not o.skipped]
    if noted:
        lines.append(f"  {len(noted)} copie(s) corrigée(s) avec remarques (détail dans cpmc_autograde.json) :")
        for o in noted:
            for note in o.notes:
                lines.append(f"    · {o.student_id} / {o.assignment} : {note}")
    return "\n".join(lines)
