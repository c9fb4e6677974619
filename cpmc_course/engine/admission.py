"""Who may ask the kernel template server for a kernel: the grader's own processes, holding the run's secret.

The secret lives in memory that forked processes see zeroed (``secret_memory``):
no supervisor nor kernel, all forked from the template server, inherits it. A
connection is admitted when its peer (``SO_PEERCRED``) is the grader or a child
of the grader (a worker) with the same user, it sends the secret's bytes first,
and its request names a working folder under the run's ``work_roots`` and a
runtime folder directly in the run folder. Kernels cannot even name the socket
(``mounts``); these checks hold even if one could.
"""

from __future__ import annotations

import hmac
import json
import mmap
import os
import socket
import struct

SECRET_BYTES = 32


def secret_memory(size: int) -> mmap.mmap:
    """Anonymous memory that every process forked afterwards sees zeroed (kernels never inherit the secret)."""
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    memory.madvise(getattr(mmap, "MADV_WIPEONFORK", 18))  # Linux 4.14+; not every Python names it
    return memory


def read_exactly(read_into, memory: mmap.mmap) -> bool:
    """Fill ``memory`` through ``read_into(view)`` (``recv_into``, ``readv``) without a copy; ``False`` at end of input."""
    view, done = memoryview(memory), 0
    try:
        while done < len(memory):
            count = read_into(view[done:])
            if not count:
                return False
            done += count
        return True
    finally:
        view.release()


def parent_of(pid: int) -> int:
    """The parent of process ``pid`` (as ``/proc`` of the caller shows it), ``-1`` when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return int(fh.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def admit(conn: socket.socket, secret: mmap.mmap, config: dict) -> dict | None:
    """The request of an authorised connection (the grader or a child of it, with the run's secret), else ``None``."""
    pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    grader = os.getppid()
    if uid != os.getuid() or (pid != grader and parent_of(pid) != grader):
        return None
    conn.settimeout(10)
    given = secret_memory(SECRET_BYTES)
    try:
        if not read_exactly(conn.recv_into, given) or not hmac.compare_digest(given, secret):
            return None
        request = json.loads(conn.makefile("rb").readline())
        if not (isinstance(request.get("argv"), list) and isinstance(request.get("env"), dict)
                and os.path.isdir(str(request.get("cwd"))) and _inside(request.get("cwd"), config["work_roots"])
                and os.path.dirname(os.path.realpath(str(request.get("runtime")))) == os.path.realpath(config["run_dir"])):
            return None
    except (OSError, ValueError, AttributeError):
        return None
    finally:
        given.close()
    conn.settimeout(None)
    return request


def evaluator_root(run_dir: str) -> str:
    """Folder of the evaluator kernels' empty working folders (``evaluation``), inside the run folder: a work root."""
    return os.path.join(run_dir, "evaluateurs")


def _inside(path: object, roots: list[str]) -> bool:
    real = os.path.realpath(str(path))
    return any(real.startswith(os.path.realpath(root) + os.sep) for root in roots)
