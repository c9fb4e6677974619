"""Confine a student's kernel: Landlock (files, TCP, signals), namespaces, resource limits, a clean environment.

``probe()`` says what this machine offers; ``confine()`` runs in the freshly
forked kernel process, before any student code, and cannot be undone by it
(the kernel's private mounts are ``mounts``'s). The kernel may create no
symbolic link and no hard link across folders anywhere (Landlock withholds
both rights). ``kernel_environment()`` is the only environment the template
server and its kernels ever get. Everything here is Linux-only and uses only
the standard library (ctypes).
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CpmcError
from ..settings import settings_table
from ..resources import secret_paths

_SYS_CREATE, _SYS_ADD, _SYS_RESTRICT = 444, 445, 446  # same numbers on x86_64 and aarch64
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH, _RULE_NET_PORT = 1, 2

_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_REMOVE_DIR, _REMOVE_FILE, _MAKE_CHAR, _MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
_MAKE_REG, _MAKE_SOCK, _MAKE_FIFO, _MAKE_BLOCK, _MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
_READ = _EXECUTE | _READ_FILE | _READ_DIR
_WRITE = _READ | _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE_DIR | _MAKE_REG | _MAKE_FIFO | _TRUNCATE
"""Rights in the kernel's own (in-memory) folders: never ``_MAKE_SYM`` nor ``_REFER`` (links), nor ``_MAKE_SOCK``."""
_SOCKETS = _READ | _MAKE_SOCK | _REMOVE_FILE
"""Rights in the kernel's runtime folder: read its connection file, create and remove its Jupyter sockets."""

# Files of /etc and /dev a Python kernel needs (fonts, certificates, time zone…); never /etc as a whole.
_ETC = ("fonts", "ssl", "ca-certificates", "localtime", "timezone", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
        "nsswitch.conf", "host.conf", "hosts", "mime.types", "matplotlibrc", "os-release", "locale.alias")
_DEV_READ = ("/dev/urandom", "/dev/random", "/dev/zero", "/dev/full")
_DEV_WRITE = ("/dev/null",)
_SYSTEM = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt", "/proc", "/sys", "/run/systemd/resolve")


@dataclass(frozen=True)
class Limits:
    """Bounds of one kernel, read from the ``[sandbox]`` section of ``autograder/cpmc.toml``."""

    memoire_mio: int = 3072
    """Address space of the kernel process, in MiB (a bigger allocation raises ``MemoryError``)."""
    cpu_s: int = 600
    """CPU seconds of one notebook's kernel before it is stopped."""
    processus: int = 64
    """Processes and threads the kernel may run at once (a pids cgroup as root, ``RLIMIT_NPROC`` otherwise)."""
    fichier_mio: int = 100
    """Largest file the kernel may write, in MiB."""
    disque_mio: int = 256
    """What the kernel may write in all (its working folder and ``/tmp``, both in memory), in MiB."""
    sortie_kio: int = 256
    """Output kept per cell in the graded notebook, in KiB (the rest is cut, with a French note)."""
    delai_cellule_s: int | None = None
    """Seconds one cell may run before it is interrupted (default: nbgrader's ``Execute.timeout``)."""
    delai_copie_s: int = 1800
    """Seconds one copy may take in all before its worker is stopped and the copy reported."""


@dataclass(frozen=True)
class Support:
    """What the sandbox can enforce on this machine."""

    landlock_abi: int = 0
    network_namespace: bool = False
    pid_namespace: bool = False
    process_limit: bool = False
    problems: tuple[str, ...] = field(default_factory=tuple)
    mount_namespace: bool = False

    @property
    def available(self) -> bool:
        """Files, network and leftover processes can all be confined."""
        return (self.landlock_abi >= 1 and (self.network_namespace or self.landlock_abi >= 4) and self.pid_namespace
                and self.mount_namespace)

    def describe(self) -> str:
        """One French sentence for the start of a run."""
        if self.available:
            net = "espace réseau isolé" if self.network_namespace else "connexions TCP interdites (Landlock)"
            count = "" if self.process_limit else " (nombre de processus non borné : aucun groupe de contrôle « pids » accessible)"
            return (f"Bac à sable actif : Landlock ABI {self.landlock_abi}, {net}, processus et fichiers temporaires privés, "
                    f"limites de ressources{count}.")
        return "Bac à sable indisponible sur cette machine (" + " ; ".join(self.problems) + ") : le code des copies s'exécute sans confinement."


_SECTION = "sandbox"


def load_limits(course_dir: str | Path) -> Limits:
    """``[sandbox]`` of ``autograder/cpmc.toml`` (defaults when absent); unknown keys are errors."""
    path = Path(course_dir) / "autograder" / "cpmc.toml"
    data = settings_table(path, _SECTION, Limits.__dataclass_fields__)
    for key, value in data.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise CpmcError(f"{path}, section [{_SECTION}] : {key} doit être un entier positif (reçu : {value!r}).")
    return Limits(**data)


SECRET_MARKERS = ("PASSWORD", "PASSWD", "TOKEN", "SECRET", "CREDENTIAL", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY")
"""Parts of an environment variable's name that say it holds a secret."""
SECRET_PREFIXES = ("PG", "AWS_", "AZURE_", "GOOGLE_APPLICATION_", "JUPYTERHUB_", "JPY_")
"""Prefixes of variables that reach a database or a service (``PGPASSWORD``, ``PGSERVICEFILE``, hub tokens)."""
SECRET_NAMES = frozenset({"DATABASE_URL", "SSH_AUTH_SOCK", "GNUPGHOME", "NETRC"})


def kernel_environment(grader_env: dict[str, str]) -> dict[str, str]:
    """The grader's environment without what could let student code reach the gradebook or a service.

    The kernel runs student code: a ``PGPASSWORD`` or a hub token inherited
    from the instructor's shell would be readable by any copy.
    """
    def secret(name: str) -> bool:
        upper = name.upper()
        return (upper in SECRET_NAMES or upper.startswith(SECRET_PREFIXES)
                or any(marker in upper for marker in SECRET_MARKERS))

    return {name: value for name, value in grader_env.items() if not secret(name)}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """Landlock ABI version of the running kernel, 0 when unavailable."""
    if platform.system() != "Linux":
        return 0
    try:
        version = _libc().syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000


def unshare(flags: int) -> None:
    """Enter new namespaces (a new user namespace too when not root, so that it needs no privilege)."""
    uid, gid = os.geteuid(), os.getegid()
    if uid != 0:
        flags |= CLONE_NEWUSER
    if _libc().unshare(ctypes.c_int(flags)) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    if uid != 0:  # files created in the new namespace keep their owner
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)


def _in_child(action) -> bool:
    """Whether ``action()`` runs without error in a throwaway child process."""
    pid = os.fork()
    if pid == 0:
        try:
            action()
            os._exit(0)
        except BaseException:  # noqa: BLE001 - report through the exit code only
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _try_unshare(flags: int) -> bool:
    """Whether a throwaway child can enter new namespaces of these kinds."""
    return platform.system() == "Linux" and _in_child(lambda: unshare(flags))


def _try_private_view() -> bool:
    """Whether a throwaway child gets the kernel's private mounts (``mounts``) and its own ``/proc``."""
    import shutil
    import tempfile

    from . import mounts

    base = tempfile.mkdtemp(prefix="cpmc-sonde-")
    try:
        work, runtime = os.path.join(base, "copie"), os.path.join(base, "run", "k")
        os.makedirs(work)
        os.makedirs(runtime)
        Path(work, "donnees.csv").write_text("a\n", encoding="utf-8")

        def check() -> None:
            unshare(CLONE_NEWNS | CLONE_NEWPID)
            mounts.private_view(work, runtime, os.path.join(base, "run"), 1)

            def inside() -> None:
                mounts.mount_proc()
                assert [p for p in os.listdir("/proc") if p.isdigit()] == ["1"]
                assert Path(work, "donnees.csv").read_text(encoding="utf-8") == "a\n" and os.path.isdir(runtime)

            assert _in_child(inside)

        return platform.system() == "Linux" and _in_child(check)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def pids_cgroup_base() -> str:
    """A writable pids cgroup folder (v1 controller or v2 hierarchy with ``pids``), or ``""``."""
    for base, controllers in (("/sys/fs/cgroup/pids", ""), ("/sys/fs/cgroup", "/sys/fs/cgroup/cgroup.controllers")):
        if not os.path.isfile(os.path.join(base, "cgroup.procs")) or not os.access(base, os.W_OK):
            continue
        if controllers:
            try:
                if "pids" not in Path(controllers).read_text().split():
                    continue
            except OSError:
                continue
        return base
    return ""


def probe() -> Support:
    """What this machine offers (runs two throwaway forks; call once per run)."""
    if platform.system() != "Linux":
        return Support(problems=(f"système {platform.system()} : Landlock et les espaces de noms sont propres à Linux",))
    abi = landlock_abi()
    net = _try_unshare(CLONE_NEWNET)
    pid = _try_unshare(CLONE_NEWPID)
    mnt = pid and _try_private_view()
    problems = []
    if abi < 1:
        problems.append("Landlock absent du noyau Linux")
    if not net and abi < 4:
        problems.append("ni espace réseau isolé ni filtrage TCP Landlock")
    if not pid:
        problems.append("espace de processus isolé refusé")
    if not mnt:
        problems.append("espace de montage privé (/proc, /tmp) refusé")
    return Support(abi, net, pid, bool(pids_cgroup_base()) or os.geteuid() != 0, tuple(problems), mnt)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= _REFER
    if abi >= 3:
        rights |= _TRUNCATE
    if abi >= 5:
        rights |= _IOCTL_DEV
    return rights


def _add_path(libc, ruleset: int, path: str, rights: int, handled: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # absent paths are simply not granted
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        attr = _PathBeneath(rights & handled, fd)
        if libc.syscall(_SYS_ADD, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH), ctypes.byref(attr), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
    finally:
        os.close(fd)


def _landlock(readable: list[str], writable: list[str], abi: int, sockets: list[str]) -> None:
    libc = _libc()
    handled = _handled_fs(abi)
    attr = _RulesetAttr(handled, (1 << 0 | 1 << 1) if abi >= 4 else 0, (1 << 0 | 1 << 1) if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(_SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        for path in readable:
            _add_path(libc, ruleset, path, _READ, handled)
        for path in _DEV_READ:
            _add_path(libc, ruleset, path, _READ_FILE, handled)
        for path in [*_DEV_WRITE, *writable]:
            _add_path(libc, ruleset, path, _WRITE | _IOCTL_DEV, handled)
        for path in sockets:
            _add_path(libc, ruleset, path, _SOCKETS, handled)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
        if libc.syscall(_SYS_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def readable_paths(course_dir: Path) -> list[str]:
    """The Python environment and system libraries, never the course folder nor its parents' other content."""
    course = course_dir.resolve()
    package = Path(__file__).resolve().parent.parent
    found = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(package), *_SYSTEM}
    found.update(str(Path("/etc") / name) for name in _ETC)
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        resolved = Path(entry).resolve()
        if resolved == course or course in resolved.parents or resolved in course.parents:
            continue  # the course checkout itself (editable install): only the package above is granted
        found.add(str(resolved))
    for secret in secret_paths():  # the course shipped with the package: solutions and hidden tests
        found = _without(found, secret.resolve())
    return sorted(found)


def _without(granted: set[str], secret: Path) -> set[str]:
    """The granted trees minus ``secret``: a granted ancestor of it is replaced by its other entries, level by level.

    Paths are resolved: Landlock grants what a link points to (``/lib`` → ``/usr/lib``, a venv's ``lib64`` → ``lib``).
    """
    def touches(path: Path) -> bool:
        return path == secret or path in secret.parents or secret in path.parents

    kept = set()
    for path in (Path(p).resolve() for p in granted):
        if not touches(path):
            kept.add(str(path))
        elif path in secret.parents:
            level = secret
            while level != path:
                kept.update(str(r) for r in (p.resolve() for p in level.parent.iterdir() if p != level) if not touches(r))
                level = level.parent
    return kept


def set_limits(limits: Limits) -> None:
    """Memory, CPU time, file size and core dumps of the calling process and its children."""
    mib = 1024 * 1024
    for which, value in (
        (resource.RLIMIT_AS, limits.memoire_mio * mib),
        (resource.RLIMIT_CPU, limits.cpu_s),
        (resource.RLIMIT_FSIZE, limits.fichier_mio * mib),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(which, (value, value))
    if os.geteuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processus, limits.processus))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with an error instead of killing the kernel


def confine(readable: list[str], writable: list[str], limits: Limits, abi: int, sockets: list[str] = ()) -> None:
    """Apply every restriction to the calling (single-threaded, freshly forked) process.

    ``writable``: the kernel's in-memory folders; ``sockets``: its runtime folder (Jupyter sockets only).
    """
    set_limits(limits)
    if abi >= 1:
        _landlock(readable, writable, abi, list(sockets))
