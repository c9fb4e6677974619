"""A throwaway PostgreSQL server for the gradebook tests: Debian's ``postgresql`` package, initdb + pg_ctl.

The fixture ``pg_server`` (``conftest.py``) starts one per test session.
``PG_BINDIR`` names the folder of initdb and pg_ctl when they are neither on
PATH nor in ``/usr/lib/postgresql/<version>/bin``.

The server lives in a temporary folder (data, Unix socket, log), listens on a
free port of the loopback address with password authentication, and is stopped
and removed at the end of the session. ``initdb`` refuses to run as root: as
root, the folder is given to the ``postgres`` user (or ``nobody``) and the
server runs as that user. In CI (``CI`` set) a server that cannot start fails
the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN, ADMIN_PASSWORD = "cpmc_admin", "admin-secret"


@dataclass(frozen=True)
class PgServer:
    """A running throwaway server: superuser URL and a helper that creates one course database."""

    host: str
    port: int
    folder: Path

    def url(self, user: str, password: str, database: str) -> str:
        """The form docs/gradebook-postgresql.md gives (driver named: right with SQLAlchemy 2.0 and 2.1 alike)."""
        return f"postgresql+psycopg://{user}:{password}@{self.host}:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(ADMIN, ADMIN_PASSWORD, database)

    def create_course_database(self, name: str, password: str) -> str:
        """A role and a UTF8 database owned by it, as docs/gradebook-postgresql.md tells the school's IT to do."""
        import psycopg
        from psycopg import sql

        con = psycopg.connect(self.admin_url().replace("+psycopg", ""), autocommit=True)
        try:
            with con.cursor() as cur:
                cur.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), password))
                cur.execute(sql.SQL("CREATE DATABASE {0} OWNER {0} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
        finally:
            con.close()
        return self.url(name, password, name)


def _bindir() -> Path | None:
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _runner() -> tuple[list[str], int | None, int | None]:
    """Command prefix to run the server's programs, and the uid/gid that must own its folder (as root)."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        prefix = ["runuser", "-u", name, "--"] if shutil.which("runuser") else ["su", name, "-s", "/bin/sh", "-c"]
        return prefix, entry.pw_uid, entry.pw_gid
    raise RuntimeError("exécution en root sans utilisateur « postgres » ni « nobody » pour lancer initdb")


def _run(prefix: list[str], argv: list[str], timeout: float) -> subprocess.CompletedProcess:
    if prefix and prefix[0] == "su":
        import shlex

        argv = [shlex.join(argv)]
    return subprocess.run(prefix + argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _start(folder: Path) -> PgServer:
    bindir = _bindir()
    if bindir is None or not (bindir / "initdb").exists():
        raise RuntimeError("initdb introuvable (paquet Debian postgresql : bash scripts/install-system.sh)")
    prefix, uid, gid = _runner()
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    pwfile = folder / "pwfile"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if uid is not None:
        for path in (folder, sock, pwfile):
            os.chown(path, uid, gid)
    init = _run(prefix, [str(bindir / "initdb"), "-D", str(data), "-U", ADMIN, f"--pwfile={pwfile}", "-E", "UTF8",
                         "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256"], timeout=120)
    if init.returncode != 0:
        raise RuntimeError(f"initdb a échoué : {init.stderr.strip() or init.stdout.strip()}")
    port = _free_port()
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections=40 -c fsync=off"
    start = _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options,
                          "-w", "-t", "60", "start"], timeout=90)
    if start.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-1500:] if (folder / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start a échoué : {start.stderr.strip()} {log}")
    return PgServer("127.0.0.1", port, folder)


def _stop(folder: Path) -> None:
    bindir = _bindir()
    if bindir is not None and (folder / "data" / "postmaster.pid").exists():
        prefix, _uid, _gid = _runner()
        _run(prefix, [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"], timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


def serve():
    """Start the server, yield it, stop it; when it cannot start: ``pytest.fail`` in CI (``CI`` set), ``pytest.skip`` elsewhere."""
    folder = Path(tempfile.mkdtemp(prefix="cpmc-pg-"))
    try:
        import psycopg  # noqa: F401 - the driver of postgresql:// URLs (SQLAlchemy 2.1's default, the [postgres] extra)

        server = _start(folder)
    except Exception as exc:  # noqa: BLE001 - reported as the reason of the failure or skip
        _stop(folder)
        reason = f"serveur PostgreSQL de test indisponible : {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield server
    finally:
        _stop(folder)
