"""One autograde run: decide what to grade, start the workers over the template server, record every outcome.

This module imports nbgrader only when it grades: the caller starts the
template server (``pool.template_server``) first, so that both imports overlap.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Callable

from ..errors import CpmcError
from ..gradebook import db_url, has_submission
from ..records import SubmissionOutcome, save_outcomes
from . import compat, pool, sandbox
from .staging import fingerprint


def skip_iri_format_check() -> None:
    """Leave out jsonschema's optional IRI format checker in this process, as on an installation without it.

    When the optional ``rfc3987-syntax`` package is installed, importing
    jsonschema (which nbformat and nbgrader do) compiles its grammar: more than
    half of nbgrader's import time here (about 2.5 s of CPU). Neither nbformat
    nor nbgrader checks that format. Without effect once jsonschema is imported.
    """
    if "jsonschema" not in sys.modules and compat.enabled("skip_iri_check"):
        sys.modules.setdefault("rfc3987_syntax", None)  # an import of it raises ImportError, which jsonschema expects


def _notebook_bytes(course: Path, group: list[pool.Copy]) -> int:
    """What a group costs, roughly: the size of its first copy's notebooks (identical copies are executed once)."""
    folder = course / "submitted" / group[0].student / group[0].assignment
    try:
        return sum(p.lstat().st_size for p in folder.glob("*.ipynb"))
    except OSError:
        return 0


def _say(text: str, progress: bool) -> None:
    if progress:
        print(text, file=sys.stderr, flush=True)


def _sandbox_settings(course: Path, mode: str, progress: bool) -> tuple[dict | None, sandbox.Support]:
    support = sandbox.probe() if mode != "off" else sandbox.Support(problems=("désactivé par --sandbox=off",))
    if mode == "required" and not support.available:
        raise CpmcError(support.describe().replace("le code des copies s'exécute sans confinement", "correction refusée (--sandbox=required)"))
    if mode == "off" or not support.available:
        _say(support.describe(), progress or mode == "auto")
        return None, support
    _say(support.describe(), progress)
    limits = sandbox.load_limits(course)
    return {
        "readable": sandbox.readable_paths(course),
        "limits": limits.__dict__,
        "abi": support.landlock_abi,
        "pid_namespace": support.pid_namespace,
        "network_namespace": support.network_namespace,
    }, support


def grade_all(
    course: Path,
    todo: list[tuple[str, str]],
    previous: dict[tuple[str, str], SubmissionOutcome],
    jobs: int,
    progress: bool,
    mode: str,
    on_result: Callable[[SubmissionOutcome], None] | None,
    server: pool.TemplateServer,
) -> list[SubmissionOutcome]:
    """Grade ``todo`` (skipping copies unchanged since ``previous``) over ``server``, saving each outcome as it comes."""
    from tqdm import tqdm

    from . import speedups  # imports nbgrader once here, inherited by every worker
    from .worker import STAGING, discard

    limits = sandbox.load_limits(course)
    confinement, _support = _sandbox_settings(course, mode, progress)
    outcomes: list[SubmissionOutcome] = []
    groups: dict[str, list[pool.Copy]] = defaultdict(list)
    url = db_url(course)
    for student, assignment in todo:
        digest = fingerprint(course / "submitted" / student / assignment)
        before = previous.get((student, assignment))
        if before and before.ok and before.fingerprint == digest and has_submission(url, assignment, student):
            # nbgrader would flag every manual grade "to review" again: an unchanged copy keeps its grades
            outcomes.append(SubmissionOutcome(student, assignment, True, "", digest, skipped=True, notes=before.notes, tampering=before.tampering))
            continue
        groups[f"{assignment}:{digest}"].append(pool.Copy(student, assignment, digest))
    if not groups:
        return outcomes
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
    bar = tqdm(total=sum(map(len, groups.values())), desc="Correction", unit="copie", disable=not progress, file=sys.stderr)
    try:
        speedups.warm_up()
        compat.warn_disabled()  # once, before the workers fork: a patch left off on a library version it does not know
        forked = pool.wait_zygote(server.process) and compat.enabled("forked_kernels") and compat.enabled("hardened_execute")
        if not forked:
            if mode == "required":
                raise CpmcError("Le serveur de noyaux confinés n'a pas démarré : correction refusée (--sandbox=required).")
            _say("Serveur de noyaux indisponible : chaque notebook démarre un noyau Python ordinaire, sans confinement.", True)
            confinement = None
        settings = {
            "socket": server.socket, "run_dir": server.run_dir, "sandbox": confinement, "forked": forked,
            "cell_timeout": limits.delai_cellule_s, "max_output": limits.sortie_kio * 1024,
        }

        def record(outcome: SubmissionOutcome) -> None:
            if not outcome.ok:
                discard(course, outcome.student_id, outcome.assignment)
            outcomes.append(outcome)
            save_outcomes(course, [outcome])  # an interrupted run loses nothing already graded
            bar.update(1)
            if on_result:
                on_result(outcome)

        heaviest_first = sorted(groups.values(), key=lambda g: (_notebook_bytes(course, g), len(g)), reverse=True)
        pool.run(course, heaviest_first, jobs, settings, float(limits.delai_copie_s), record)
    finally:
        bar.close()
        shutil.rmtree(course / STAGING, ignore_errors=True)
        if (course / ".cpmc").is_dir() and not any((course / ".cpmc").iterdir()):
            os.rmdir(course / ".cpmc")
    return outcomes
