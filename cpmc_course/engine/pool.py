"""Long-lived grading workers forked from the run's process, plus the kernel template server.

The run's process imports nbgrader once and forks ``jobs`` workers from it
(no thread is running at that moment); meanwhile the template server imports
the scientific stack. A task is a group of identical copies, graded by one
worker one after the other (the first is executed, the others reuse its
outputs). A worker that dies or overruns its time is replaced; only the copy
it was grading is reported. Every process of the run dies with it (parent-death
signal), so ``kill -9`` of the run leaves nothing behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import shutil
import sys
import tempfile
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterator

from ..records import SubmissionOutcome

ZYGOTE_START_TIMEOUT = 180


@dataclass(frozen=True)
class Copy:
    """One copy to grade."""

    student: str
    assignment: str
    digest: str


def start_zygote(run_dir: str) -> tuple[subprocess.Popen | None, str]:
    """Start the kernel template server; returns it (``None`` when it could not start) and its socket."""
    path = os.path.join(run_dir, "zygote.sock")
    code = f"from cpmc_course.engine.zygote import serve; serve({path!r})"
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    except OSError:
        return None, path
    return proc, path


@dataclass(frozen=True)
class TemplateServer:
    """The kernel template server of a run, its socket and the run's private folder."""

    process: subprocess.Popen | None
    socket: str
    run_dir: str


@contextmanager
def template_server() -> Iterator[TemplateServer]:
    """Start the kernel template server now, so that it imports the scientific stack while the caller
    prepares the run (nbgrader's own import takes as long); stopped, and its folder removed, on exit."""
    run_dir = make_run_dir()
    process, socket_path = start_zygote(run_dir)
    try:
        yield TemplateServer(process, socket_path, run_dir)
    finally:
        if process is not None:
            process.kill()
            process.wait()
        shutil.rmtree(run_dir, ignore_errors=True)


def wait_zygote(proc: subprocess.Popen | None) -> bool:
    """Whether the template server said it is ready."""
    if proc is None:
        return False
    line = proc.stdout.readline()
    return line.strip() == "pret"


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux only)
    except AttributeError:
        pass


def _worker(conn, course: str, settings: dict) -> None:
    _die_with_parent()
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own ORM warnings, not the instructor's business
    from . import kernels
    from . import speedups
    from .worker import grade_copy

    speedups.install()

    kernels.SETTINGS.socket_path = settings["socket"]
    kernels.SETTINGS.run_dir = settings["run_dir"]
    kernels.SETTINGS.sandbox = settings["sandbox"]
    while True:
        try:
            group = conn.recv()
        except EOFError:
            return
        if group is None:
            return
        for item in group:
            try:
                outcome = grade_copy(Path(course), item.student, item.assignment, item.digest, settings)
            except Exception as exc:  # noqa: BLE001 - one copy never stops the others
                outcome = SubmissionOutcome(item.student, item.assignment, False, f"erreur inattendue pendant la correction : {exc}", item.digest)
            conn.send(outcome)
        conn.send("fin")


class _Slot:
    def __init__(self, ctx, course: Path, settings: dict):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, str(course), settings), daemon=True)
        self.process.start()
        child.close()
        self.group: list[Copy] = []
        self.done = 0
        self.deadline = 0.0


def run(course: Path, groups: list[list[Copy]], jobs: int, settings: dict, copy_timeout: float,
        on_result: Callable[[SubmissionOutcome], None]) -> None:
    """Grade every group with ``jobs`` workers, in the order given (the longest first ends the run soonest);
    ``on_result`` is called once per copy, as soon as it is graded."""
    ctx = multiprocessing.get_context("fork")
    queue = deque(groups)
    slots: list[_Slot] = []

    def give(slot: _Slot) -> None:
        slot.group, slot.done = queue.popleft(), 0
        slot.deadline = time.monotonic() + copy_timeout * len(slot.group)
        slot.conn.send(slot.group)

    def fail_rest(slot: _Slot, reason: str) -> None:
        for item in slot.group[slot.done:]:
            on_result(SubmissionOutcome(item.student, item.assignment, False, reason, item.digest))
        slot.group = []

    for _ in range(min(jobs, len(queue))):
        slot = _Slot(ctx, course, settings)
        slots.append(slot)
        give(slot)
    try:
        while any(s.group for s in slots):
            busy = [s for s in slots if s.group]
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=1.0)
            for slot in busy:
                replace = ""
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):
                        message = None
                    if message == "fin":
                        slot.group = []
                    elif isinstance(message, SubmissionOutcome):
                        slot.done += 1
                        on_result(message)
                        continue
                    else:
                        replace = "le processus de correction s'est arrêté pendant cette copie"
                elif slot.process.sentinel in ready and not slot.process.is_alive():
                    replace = "le processus de correction s'est arrêté pendant cette copie"
                elif time.monotonic() > slot.deadline:
                    replace = f"correction interrompue : plus de {copy_timeout:.0f} s pour cette copie"
                if replace:
                    slot.process.kill()
                    slot.process.join()
                    fail_rest(slot, replace)
                    slots[slots.index(slot)] = slot = _Slot(ctx, course, settings)
                if not slot.group and queue:
                    give(slot)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in slots:
            slot.process.join(timeout=10)
            if slot.process.is_alive():
                slot.process.kill()


def make_run_dir() -> str:
    """A private folder for the run's sockets and kernel folders."""
    return tempfile.mkdtemp(prefix="cpmc-run-")
