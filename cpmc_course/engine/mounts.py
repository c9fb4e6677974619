"""A kernel's private view of the file system: its own ``/proc``, ``/tmp`` and working folder, in memory.

``private_view`` runs in the kernel's supervisor once it has entered new mount,
PID and network namespaces (``zygote``), before the kernel is forked;
``mount_proc`` runs in the kernel, the first process of the new PID namespace.
Then, for the kernel and everything it starts:

* ``/tmp`` (and the run folder, when it is elsewhere) is an empty tmpfs: the
  template server's socket, the other kernels' folders and every socket or
  runtime folder of the grader in ``/tmp`` cannot even be named;
* its own runtime folder (connection file, Jupyter sockets) is bound back at
  the same path, so that the worker reaches the kernel's sockets;
* its working folder is a copy of the notebook's folder (regular files and
  folders only, links never followed) in that tmpfs, mounted at the same path:
  what the copy's code writes or links there never reaches the grader's disk;
* the tmpfs holds ``quota`` MiB beyond the copied files: the disk quota of the copy;
* a granted folder or file that lies in a hidden root (the Python environment or the
  package in a checkout under ``/tmp``) is bound back read-only at its path, so
  that the kernel sees what Landlock grants it wherever the course is installed;
* ``/proc`` shows only the kernel's own PID namespace (``hidepid=2``).

Nothing is propagated back to the grader's mounts (``/`` is made private first).
Linux only; standard library only (ctypes).
"""

from __future__ import annotations

import ctypes
import os
import stat

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 32, 4096, 16384, 1 << 18
MAX_INODES = 100_000
"""Files and folders the kernel may create in its tmpfs (each costs memory)."""
_MIB = 1024 * 1024


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    encode = (lambda s: None if s is None else os.fsencode(s))
    if libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _entries(dir_fd: int, prefix: str = "") -> list[tuple[str, bool, int]]:
    """(relative path, is a folder, size) under an open folder, links and special files left out."""
    found = []
    with os.scandir(dir_fd) as it:
        for entry in it:
            st = entry.stat(follow_symlinks=False)
            rel = prefix + entry.name
            if stat.S_ISDIR(st.st_mode):
                found.append((rel, True, 0))
                fd = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
                try:
                    found.extend(_entries(fd, rel + "/"))
                finally:
                    os.close(fd)
            elif stat.S_ISREG(st.st_mode):
                found.append((rel, False, st.st_size))
    return found


def _copy_into(src_fd: int, entries: list[tuple[str, bool, int]], target: str) -> None:
    for rel, is_dir, _size in entries:
        if is_dir:
            os.mkdir(os.path.join(target, rel), 0o755)
            continue
        src = os.open(rel, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=src_fd)
        try:
            dst = os.open(os.path.join(target, rel), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                while os.sendfile(dst, src, None, 1 << 24):
                    pass
            finally:
                os.close(dst)
        finally:
            os.close(src)


def _hidden_roots(run_dir: str) -> list[str]:
    """``/tmp``, plus the run folder when it is not inside ``/tmp``."""
    run = os.path.realpath(run_dir)
    return ["/tmp"] if run == "/tmp" or run.startswith("/tmp/") else ["/tmp", run]


def _granted_in(roots: list[str], granted) -> list[str]:
    """The granted folders and files inside a hidden root, an ancestor standing for its descendants.

    Files too: around a secret folder (the course a wheel ships) the sandbox grants its siblings one by one.
    """
    inside = sorted({os.path.realpath(p) for p in granted if os.path.isdir(p) or os.path.isfile(p)})
    inside = [p for p in inside if any(p == r or p.startswith(r + os.sep) for r in roots)]
    return [p for p in inside if not any(p.startswith(q + os.sep) for q in inside if q != p)]


def _bind_back(folders: dict[str, int]) -> None:
    """Bind each folder or file (open beforehand, before the tmpfs hid it) back at its path, read-only."""
    for path, fd in folders.items():
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.makedirs(path, exist_ok=True)
        else:  # a file: an empty mount point beside its granted siblings
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def private_view(cwd: str, runtime: str, run_dir: str, quota_mib: int, granted=()) -> str:
    """Set up the mounts described above in the calling process's (new) mount namespace; returns the scratch folder.

    ``granted``: the folders the sandbox lets the kernel read (those inside a hidden root are bound back).
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    src = os.open(cwd, os.O_RDONLY | os.O_DIRECTORY)
    own = os.open(runtime, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
    visible = {p: os.open(p, os.O_PATH) for p in _granted_in(_hidden_roots(run_dir), granted)}
    try:
        entries = _entries(src)
        size = quota_mib * _MIB + sum(size for _, _, size in entries) + len(entries) * 4096
        flags = MS_NOSUID | MS_NODEV
        roots = _hidden_roots(run_dir)
        _mount("tmpfs", roots[0], "tmpfs", flags, f"size={size},nr_inodes={MAX_INODES},mode=1777")
        for root in roots[1:]:
            _mount("tmpfs", root, "tmpfs", flags, "size=1m,nr_inodes=64,mode=700")
        _bind_back(visible)
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        _mount(f"/proc/self/fd/{own}", runtime, None, MS_BIND)
        scratch = os.path.join(roots[0], ".copie")
        os.mkdir(scratch, 0o755)
        _copy_into(src, entries, scratch)
        os.makedirs(cwd, exist_ok=True)  # inside the tmpfs when the course itself lives in /tmp
        _mount(scratch, cwd, None, MS_BIND)
    finally:
        for fd in (src, own, *visible.values()):
            os.close(fd)
    return scratch


def mount_proc() -> None:
    """A ``/proc`` of the caller's PID namespace, other processes hidden (call as its first process)."""
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
