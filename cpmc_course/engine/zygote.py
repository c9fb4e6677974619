"""Kernel fork server: imports the scientific stack once, then forks one confined kernel per notebook.

Started by the autograde run (``pool.start_zygote``) with the environment of
``sandbox.kernel_environment`` (never the grader's own: ``/proc/self/environ``
of every kernel is this one) as ``python -c "from cpmc_course.engine.zygote import serve; serve()"``.
The grader writes on its standard input, once: the run's secret (``SECRET_BYTES``
raw bytes, kept in memory that forked children see zeroed), then one JSON line,
the run's configuration: ``socket`` (where to listen), ``run_dir``, ``work_roots``
(folders a kernel's working folder may be in: the course's ``autograded/``) and
``sandbox`` (``None``: kernels unconfined, as with ``--sandbox=off``).
Confinement is decided there, never by a request. The server prints ``pret``
once the stack is imported, ``ecoute`` once it listens.

Asking for a kernel (the only API, the same for every kind of kernel): connect
to the socket from the grader's process or one of its children (checked by
``SO_PEERCRED``: a kernel, a descendant of this server, is refused), send the
secret's bytes, then one JSON line ``{"argv", "cwd", "env", "runtime"}``:
ipykernel's arguments, the notebook's folder, the kernel's environment
(filtered again here) and a folder of ``run_dir`` for its connection file and
sockets. The answer is a line ``{"pid"}``, later ``{"exit"}``; lines
``{"signal"}`` sent meanwhile are relayed to the kernel. A refused connection is
closed. ``kernels.ForkedKernelManager`` does all this: any kernel the grader
needs (a notebook's, an evaluator's) is asked for through it, and confined alike.

A supervisor process is forked per kernel: it enters new PID, mount and
network namespaces, gives the kernel its private view of the files
(``mounts``: its own ``/proc``, ``/tmp`` and a copy of its working folder in
memory, every socket of the grader out of sight) and forks the kernel, the
first process of its PID namespace: when it ends, every process the student
code started ends with it. The supervisor relays signals, reports the exit
status, and kills the kernel when the connection drops (its worker died).
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import time

from .admission import SECRET_BYTES, admit, parent_of, read_exactly, secret_memory
from .sandbox import CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, kernel_environment, unshare

CONFINED_ENV = {"TMPDIR": "/tmp", "HOME": "/tmp", "MPLCONFIGDIR": "/tmp/.matplotlib", "IPYTHONDIR": "/tmp/.ipython"}
"""Where a confined kernel's temporary files, caches and settings go: its private, size-bounded ``/tmp``."""

_PR_SET_PDEATHSIG, _PR_SET_CHILD_SUBREAPER = 1, 36

PRELOAD = (
    "numpy", "pandas", "scipy.stats", "statsmodels.api", "statsmodels.tsa.holtwinters",
    "statsmodels.stats.proportion", "matplotlib.pyplot", "lifetimes", "lifetimes.utils",
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython.core.interactiveshell", "matplotlib_inline.backend_inline",
    "pandas.plotting._matplotlib", "networkx", "ipykernel.debugger", "cpmc_course.engine.evaluator",
)
"""What the case-study notebooks and the kernel itself import (``ipykernel.debugger`` imports debugpy at every
kernel start, 0.7 s); importing it once here saves seconds per notebook."""

QUIET_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
"""debugpy, imported above, would otherwise print a warning on the template server's terminal."""

THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One thread per kernel: the machine's cores are already shared out between workers."""


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getppid()
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _send(conn: socket.socket, message: dict) -> None:
    try:
        conn.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass


def _kernel(request: dict, sandbox: dict) -> None:
    """In the forked kernel process: confine as the run's configuration says, then run ipykernel. Never returns."""
    try:
        _die_with_parent()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # C-level output of student code goes nowhere, never into the worker's terminal
            os.dup2(null, fd)
        os.closerange(3, 1 << 16)  # nothing inherited from the server (its configuration pipe…) stays open
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(kernel_environment(request["env"]))
        import tempfile

        tempfile.tempdir = None  # the template's cached answer (/tmp of the grader) is not the kernel's
        if sandbox:
            from .mounts import mount_proc
            from .sandbox import Limits, confine

            os.environ.update(CONFINED_ENV)
            mount_proc()
            confine(sandbox["readable"], [request["cwd"], "/tmp"], Limits(**sandbox["limits"]), sandbox["abi"],
                    [request["runtime"]])
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            numpy.random.seed()  # every fork would otherwise share the template's random state
        if sys.path and sys.path[0] == "":
            del sys.path[0]  # as ipykernel_launcher does; the kernel puts the notebook folder back
        argv = [str(arg) for arg in request["argv"]]
        if not any(arg.startswith("--HistoryManager.hist_file") for arg in argv):  # as nbgrader asks: no history file
            argv.append("--HistoryManager.hist_file=:memory:")
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    finally:
        os._exit(0)


def _descendants_of(pid: int) -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and parent_of(int(entry)) == pid]


def _reap_orphans() -> None:
    """Without a PID namespace: kill what the kernel left behind (reparented to this subreaper)."""
    for _ in range(50):
        orphans = _descendants_of(os.getpid())
        if not orphans:
            return
        for pid in orphans:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.02)


def _enter_pids_cgroup(limit: int) -> str:
    """Put this supervisor (and so its kernel) in a new pids cgroup capped at ``limit``; ``""`` when none is writable."""
    from .sandbox import pids_cgroup_base

    base = pids_cgroup_base()
    if not base:
        return ""
    path = os.path.join(base, f"cpmc-{os.getpid()}")
    try:
        os.mkdir(path)
        with open(os.path.join(path, "pids.max"), "w") as fh:
            fh.write(str(limit + 1))  # the supervisor itself is counted
        with open(os.path.join(path, "cgroup.procs"), "w") as fh:
            fh.write(str(os.getpid()))
    except OSError:
        return ""
    return path


def _leave_pids_cgroup(path: str) -> None:
    if not path:
        return
    try:
        with open(os.path.join(os.path.dirname(path), "cgroup.procs"), "w") as fh:
            fh.write(str(os.getpid()))
        for _ in range(50):
            try:
                os.rmdir(path)
                return
            except OSError:
                time.sleep(0.02)
    except OSError:
        pass


def _supervise(conn: socket.socket, request: dict, config: dict) -> None:
    """In the forked supervisor: start the kernel, relay signals, report its end."""
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    sandbox = config.get("sandbox") or {}
    flags = (CLONE_NEWPID | CLONE_NEWNS if sandbox else 0) | (CLONE_NEWNET if sandbox.get("network_namespace") else 0)
    cgroup = _enter_pids_cgroup(int(sandbox["limits"]["processus"])) if sandbox else ""
    if flags:
        unshare(flags)
        from .mounts import private_view

        private_view(request["cwd"], request["runtime"], config["run_dir"], int(sandbox["limits"]["disque_mio"]),
                     sandbox.get("readable", ()))
    else:
        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    pid = os.fork()
    if pid == 0:
        conn.close()
        _kernel(request, sandbox)
    _send(conn, {"pid": pid})
    try:
        ended = [os.pidfd_open(pid)]  # readable as soon as the kernel ends: its end is reported at once
    except (AttributeError, OSError):
        ended = []
    while True:
        ready, _, _ = select.select([conn, *ended], [], [], 0.05)
        if conn in ready:
            data = conn.recv(4096)
            if not data:  # the worker is gone: so is its kernel
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            for line in data.splitlines():
                try:
                    os.kill(pid, int(json.loads(line)["signal"]))
                except (OSError, ValueError, KeyError):
                    pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
            break
    if not sandbox:
        _reap_orphans()
    _leave_pids_cgroup(cgroup)


def _remember_moduleless_frames() -> None:
    import inspect

    original = inspect.getmodule
    moduleless: dict[str, int] = {}

    def getmodule(object, _filename=None):  # noqa: A002 - inspect's own signature
        if _filename is not None or not inspect.isframe(object):
            return original(object, _filename)
        filename = object.f_code.co_filename
        if moduleless.get(filename) == len(sys.modules):
            return None
        module = original(object)
        if module is None:
            moduleless[filename] = len(sys.modules)
        return module

    getmodule.__doc__ = original.__doc__
    inspect.getmodule = getmodule


def _warm_up_tracebacks() -> None:
    """Make IPython's coloured tracebacks cheap in every kernel, with the same text.

    A forked kernel starts with the caches of this template: ``inspect.getmodule``
    maps every imported module to its file once here (about 2 s of CPU at each
    kernel's first error otherwise); IPython's own ``interactiveshell.py``, which
    every traceback passes through, is parsed once; the Python lexer's rules are
    compiled once, and stack_data's highlighter reuses one lexer class instead of
    deriving (and compiling) a new one for every traceback. ``inspect.getmodule``
    of a frame whose file is no module's (a notebook cell: IPython asks for every
    frame of every traceback) walks the thousands of modules imported here twice
    to answer ``None``: that answer is kept until a module is imported.
    """
    _remember_moduleless_frames()
    try:
        import inspect

        import pygments
        from IPython.core import interactiveshell
        from pygments.lexers import get_lexer_by_name
        from stack_data import core, utils

        inspect.getmodule(sys._getframe())
        core.Source.for_filename(interactiveshell.__file__)

        class _RangesLexer(type(get_lexer_by_name("python3"))):
            ranges: tuple = ()

            def get_tokens(self, text):  # stack_data's own highlighting of the executing node
                length = 0
                for ttype, value in super().get_tokens(text):
                    if any(start <= length < end for start, end in self.ranges):
                        ttype = ttype.ExecutingNode
                    length += len(value)
                    yield ttype, value

        def pygmented_with_ranges(formatter, code, ranges):
            lexer = _RangesLexer(stripnl=False)
            lexer.ranges = ranges
            try:
                highlighted = pygments.highlight(code, lexer, formatter)
            except Exception:  # noqa: BLE001 - as stack_data: plain code rather than no traceback
                highlighted = code
            return highlighted.splitlines()

        if getattr(core, "_pygmented_with_ranges", None) is utils._pygmented_with_ranges:
            _RangesLexer(stripnl=False)
            core._pygmented_with_ranges = utils._pygmented_with_ranges = pygmented_with_ranges
    except Exception:  # noqa: BLE001 - a warm-up only saves time
        pass


def _warm_up() -> None:
    """Draw one small figure off-screen, so that fonts are loaded once here rather than in every kernel."""
    from . import compat

    if compat.enabled("tracebacks"):
        _warm_up_tracebacks()
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 2))
        ax = fig.add_subplot()
        ax.barh(["a", "b"], [1, 2])
        ax.set_title("é")
        ax.set_xlabel("x")
        FigureCanvasAgg(fig).draw()
    except Exception:  # noqa: BLE001 - a warm-up only saves time
        pass


def serve(preload: tuple[str, ...] = PRELOAD) -> None:
    """Import ``preload``, read the run's secret and configuration, then fork a supervised kernel per admitted connection."""
    _die_with_parent()
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for key, value in {**THREAD_ENV, **QUIET_ENV}.items():
        os.environ.setdefault(key, value)
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional library is imported (and fails) in the kernel as usual
            pass
    _warm_up()
    gc.freeze()  # the template's objects: never scanned by a kernel's garbage collector (nor copied for it)
    sys.stdout.write("pret\n")
    sys.stdout.flush()
    secret = secret_memory(SECRET_BYTES)
    if not read_exactly(lambda view: os.readv(0, [view]), secret):
        return
    config = json.loads(sys.stdin.buffer.readline())
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(config["socket"])
    listener.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the system
    sys.stdout.write("ecoute\n")
    sys.stdout.flush()
    while True:
        conn, _ = listener.accept()
        request = admit(conn, secret, config)
        if request is not None and os.fork() == 0:
            listener.close()
            try:
                _supervise(conn, request, config)
            finally:
                os._exit(0)
        conn.close()
