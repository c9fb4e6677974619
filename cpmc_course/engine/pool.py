"""Long-lived grading workers forked from the run's process, plus the kernel template server.

The run's process imports nbgrader once and forks ``jobs`` workers from it
(no thread is running at that moment); meanwhile the template server imports
the scientific stack. A task is a group of identical copies, graded by one
worker one after the other (the first is executed, the others reuse its
outputs). A worker that dies or overruns its time is replaced; only the copy
it was grading is reported. Every process of the run dies with it (parent-death
signal), so ``kill -9`` of the run leaves nothing behind.

The template server starts with ``sandbox.kernel_environment`` (none of the
grader's secrets) and says ``pret`` once it has imported the stack; ``run``
then gives it, on its standard input, the run's secret and configuration
(confinement included, see ``zygote``) before any worker asks for a kernel.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import secrets
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

from ..errors import CpmcError
from ..records import SubmissionOutcome
from .admission import SECRET_BYTES, evaluator_root
from .sandbox import kernel_environment
from .zygote import PRELOAD, QUIET_ENV, THREAD_ENV

ZYGOTE_START_TIMEOUT = 180


@dataclass(frozen=True)
class Copy:
    """One copy to grade."""

    student: str
    assignment: str
    digest: str


def start_zygote(run_dir: str, preload: tuple[str, ...] = PRELOAD) -> tuple[subprocess.Popen | None, str]:
    """Start the kernel template server, with no secret of the grader's environment in its own;
    returns it (``None`` when it could not start) and its socket."""
    path = os.path.join(run_dir, "zygote.sock")
    code = "from cpmc_course.engine.zygote import serve; serve()" if preload == PRELOAD else (
        f"from cpmc_course.engine.zygote import serve; serve({tuple(preload)!r})")
    env = kernel_environment(dict(os.environ))
    for key, value in {"MPLBACKEND": "module://matplotlib_inline.backend_inline", **THREAD_ENV, **QUIET_ENV}.items():
        env.setdefault(key, value)
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stdin=subprocess.PIPE, env=env)
    except OSError:
        return None, path
    return proc, path


@dataclass(frozen=True)
class TemplateServer:
    """The kernel template server of a run, its socket, the run's private folder and secret."""

    process: subprocess.Popen | None
    socket: str
    run_dir: str
    secret: bytes = b""


_SERVERS: dict[str, TemplateServer] = {}
"""Template servers of this process by run folder: ``run`` configures the one its settings name."""
_CONFIGURED: set[str] = set()


@contextmanager
def template_server(preload: tuple[str, ...] = PRELOAD) -> Iterator[TemplateServer]:
    """Start the kernel template server now, so that it imports the scientific stack while the caller
    prepares the run (nbgrader's own import takes as long); stopped, and its folder removed, on exit."""
    run_dir = make_run_dir()
    process, socket_path = start_zygote(run_dir, preload)
    server = TemplateServer(process, socket_path, run_dir, secrets.token_bytes(SECRET_BYTES))
    _SERVERS[run_dir] = server
    try:
        yield server
    finally:
        del _SERVERS[run_dir]
        _CONFIGURED.discard(run_dir)
        if process is not None:
            process.kill()
            process.wait()
        shutil.rmtree(run_dir, ignore_errors=True)


def configure(server: TemplateServer, course: Path, sandbox: dict | None) -> None:
    """Give the ready template server the run's secret and configuration (once); returns once it listens."""
    if server.run_dir in _CONFIGURED:
        return
    config = {"socket": server.socket, "run_dir": server.run_dir, "sandbox": sandbox,
              "work_roots": [str(Path(course).resolve() / "autograded"), evaluator_root(server.run_dir)]}
    try:
        server.process.stdin.write(server.secret + json.dumps(config).encode() + b"\n")
        server.process.stdin.flush()
        listening = server.process.stdout.readline().strip() == b"ecoute"
    except (OSError, ValueError):
        listening = False
    if listening:
        _CONFIGURED.add(server.run_dir)
        return
    raise CpmcError("Le serveur de noyaux n'a pas accepté la configuration de la correction : correction interrompue.")


def wait_zygote(proc: subprocess.Popen | None) -> bool:
    """Whether the template server said it is ready."""
    if proc is None:
        return False
    line = proc.stdout.readline()
    return line.strip() == b"pret"


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
    kernels.SETTINGS.secret = settings.get("secret", b"")
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
    server = _SERVERS.get(settings.get("run_dir", ""))
    if settings.get("forked") and server is not None:
        configure(server, course, settings.get("sandbox"))
        settings = dict(settings, secret=server.secret)
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
