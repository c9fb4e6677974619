"""Release and autograde around nbgrader's own commands.

Autograde runs one nbgrader process per (student, assignment): a submission
that makes nbgrader abort (a duplicated test cell, invalid JSON, a dead kernel,
a timeout) is reported with its reason and never stops the others. Known faults
are caught before nbgrader runs; when nbgrader itself fails, the half-written
submission it leaves in the gradebook is removed so that it cannot pass for
"awaiting manual grading".
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from .errors import CpmcError
from .gradebook import db_url, ensure_students, open_gradebook
from .records import SubmissionOutcome, load_outcomes, save_outcomes



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
    )


def _error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "| ERROR]" in line or "| CRITICAL]" in line]


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
    for assignment in chosen:
        proc = _nbgrader(["generate_assignment", assignment, "--force"], course, timeout=600)
        if proc.returncode != 0:
            details = "\n".join(_error_lines(proc.stdout + proc.stderr)[-5:]) or (proc.stdout + proc.stderr)[-1500:]
            raise CpmcError(f"La génération de la version étudiante de {assignment} a échoué :\n{details}")
    return chosen


def _cell_problem(cell: object) -> str:
    """What makes one cell unusable by nbgrader, or ``""``."""
    if not isinstance(cell, dict):
        return "une cellule n'est pas un objet JSON"
    meta = cell.get("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("nbgrader", {}), dict):
        return "les métadonnées d'une cellule sont mal formées"
    return ""


def precheck(submission_dir: Path) -> str:
    """French reason why nbgrader cannot grade this submission, or ``""``."""
    notebooks = sorted(submission_dir.glob("*.ipynb"))
    if not notebooks:
        return "aucun notebook dans le dossier rendu"
    for path in notebooks:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            return f"{path.name} : fichier illisible (encodage non UTF-8)"
        except json.JSONDecodeError as exc:
            return (
                f"{path.name} : notebook illisible, JSON invalide (ligne {exc.lineno}, colonne {exc.colno}) ; "
                "le fichier est tronqué ou a été modifié hors de Jupyter"
            )
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            return f"{path.name} : ce fichier n'est pas un notebook Jupyter (pas de liste de cellules)"
        seen = set()
        for cell in nb["cells"]:
            problem = _cell_problem(cell)
            if problem:
                return f"{path.name} : {problem} ; le fichier a été modifié hors de Jupyter"
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id and grade_id in seen:
                return (
                    f"{path.name} : la cellule notée {grade_id!r} apparaît deux fois "
                    "(copiée-collée par l'étudiant) ; supprimez le doublon puis relancez"
                )
            seen.add(grade_id)
    return ""


def fingerprint(submission_dir: Path) -> str:
    """SHA-256 of every file of a copy (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in submission_dir.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        digest.update(str(path.relative_to(submission_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _diagnose(log: str) -> str:
    if "Kernel died" in log or "DeadKernelError" in log:
        return "le noyau Python s'est arrêté pendant l'exécution (le code rendu termine le processus ou épuise la mémoire)"
    if "CellTimeoutError" in log or "TimeoutError" in log:
        return "délai d'exécution dépassé (boucle infinie ou calcul trop long dans le code rendu)"
    if "database is locked" in log:
        return "carnet de notes occupé (accès concurrent) ; relancez la correction de cet étudiant"
    errors = _error_lines(log)
    return "échec de nbgrader : " + (errors[-1].split("]", 1)[-1].strip() if errors else log.strip()[-300:])


def _discard(course: Path, student: str, assignment: str) -> None:
    """Remove what a failed autograde left behind (gradebook rows, autograded copy)."""
    with open_gradebook(db_url(course)) as gb:
        try:
            gb.remove_submission(assignment, student)
        except Exception:  # noqa: BLE001 - nothing was recorded: nothing to remove
            gb.db.rollback()
    shutil.rmtree(course / "autograded" / student / assignment, ignore_errors=True)


def _graded(course: Path, student: str, assignment: str) -> bool:
    with open_gradebook(db_url(course)) as gb:
        try:
            gb.find_submission(assignment, student)
            return True
        except Exception:  # noqa: BLE001 - MissingEntry
            return False


def _autograde_one(course: Path, student: str, assignment: str, timeout: float, previous: SubmissionOutcome | None) -> SubmissionOutcome:
    copy_dir = course / "submitted" / student / assignment
    digest = fingerprint(copy_dir)
    if previous and previous.ok and previous.fingerprint == digest and _graded(course, student, assignment):
        # nbgrader would flag every manual grade "to review" again: an unchanged copy keeps its grades
        return SubmissionOutcome(student, assignment, True, "", digest, skipped=True)
    reason = precheck(copy_dir)
    if reason:
        _discard(course, student, assignment)  # the grades of an older copy must not pass for this one's
        return SubmissionOutcome(student, assignment, False, reason, digest)
    log = ""
    for _attempt in range(2):
        try:
            proc = _nbgrader(["autograde", assignment, "--student", student, "--force"], course, timeout)
        except subprocess.TimeoutExpired:
            _discard(course, student, assignment)
            return SubmissionOutcome(student, assignment, False, f"correction interrompue après {timeout:.0f} s", digest)
        log = proc.stdout + proc.stderr
        if proc.returncode == 0 and not _error_lines(log) and _graded(course, student, assignment):
            return SubmissionOutcome(student, assignment, True, "", digest)
        _discard(course, student, assignment)
        if "database is locked" not in log:
            break
    return SubmissionOutcome(student, assignment, False, _diagnose(log), digest)


def autograde_one(
    course_dir: str | Path, student: str, assignment: str, timeout: float = 1800, previous: SubmissionOutcome | None = None
) -> SubmissionOutcome:
    """Autograde one copy in its own nbgrader process; never raises for a faulty copy.

    ``previous`` is the outcome of the last run: a copy graded then and unchanged
    since is skipped, so that its manual grades stay as the instructor left them.
    """
    try:
        return _autograde_one(Path(course_dir), student, assignment, timeout, previous)
    except Exception as exc:  # noqa: BLE001 - one copy must never stop the others
        return SubmissionOutcome(student, assignment, False, f"erreur inattendue pendant la correction : {exc}")


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
) -> list[SubmissionOutcome]:
    """Autograde every submission, isolated, ``jobs`` at a time, with a progress bar.

    Copies already graded and unchanged since are skipped unless ``force``.
    Copies of an assignment that ``source/`` does not hold are reported, not
    graded. Writes the outcomes to ``cpmc_autograde.json`` so that reports can
    say why a submission has no grade.
    """
    from tqdm import tqdm

    course = Path(course_dir)
    known = assignments_in(course / "source")
    unknown = [a for a in assignments or [] if a not in known]
    if unknown:
        raise CpmcError(f"Sujet(s) inconnu(s) dans {course / 'source'} : {', '.join(unknown)}.")
    if not (course / "gradebook.db").exists():
        raise CpmcError(f"Carnet de notes introuvable dans {course} : lancez d'abord « cpmc release ».")
    found = submissions(course, assignments)
    if not found:
        raise CpmcError(f"Aucun devoir rendu dans {course / 'submitted'} (attendu : submitted/<étudiant>/<sujet>/*.ipynb).")
    if jobs < 1:
        raise CpmcError(f"--jobs doit valoir au moins 1 (reçu : {jobs}).")
    ensure_students(db_url(course), sorted({s for s, _ in found}))  # a copy that fails still has its student
    outcomes: list[SubmissionOutcome] = [
        SubmissionOutcome(s, a, False, f"le sujet {a!r} n'existe pas dans source/ : copie non corrigée")
        for s, a in found if a not in known
    ]
    todo = [(s, a) for s, a in found if a in known]
    previous = {} if force else {(o.student_id, o.assignment): o for o in load_outcomes(course)}
    bar = tqdm(total=len(todo), desc="Correction", unit="copie", disable=not progress, file=sys.stderr)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(autograde_one, course, s, a, previous=previous.get((s, a))) for s, a in todo]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            bar.update(1)
            if on_result:
                on_result(outcome)
    bar.close()
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
    return "\n".join(lines)
