"""A real JupyterHub for the live test: Unix accounts made for it, `cpmc hub`'s folder, the hub process; all undone.

Everything the hub leaves behind is the test's: accounts named with a random tag (``zh`` + 6 hex digits),
their homes and processes, one folder under /tmp, and, when this machine's Python lies in a folder other
accounts cannot cross (pyenv under /root, mode 700), a read-only bind mount of it inside that folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mot-de-passe-du-test-" + secrets.token_hex(4)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_prerequisite() -> str | None:
    """What keeps a hub from starting here (French), or ``None``."""
    if os.geteuid() != 0:
        return "le test du hub crée des comptes Unix : il doit tourner en root"
    for program in ("useradd", "userdel", "runuser", "configurable-http-proxy"):
        if shutil.which(program) is None:
            return f"{program} est absent (scripts/install-system.sh installe configurable-http-proxy)"
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        return "jupyterhub ou jupyterhub-idle-culler est absent : pip install -e '.[test]'"
    return None


def _crossable(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [*path.parents, path])


@dataclass
class Machine:
    """The accounts, folders and mount the test made; :meth:`undo` removes them all."""

    base: Path
    tag: str
    users: list[str] = field(default_factory=list)
    mount: Path | None = None
    python: str = sys.executable

    @classmethod
    def make(cls) -> "Machine":
        base = Path(tempfile.mkdtemp(prefix="cpmc-hub-"))
        base.chmod(0o755)  # every account reads the hub's jupyter/ folder and crosses to the exchange
        machine = cls(base=base, tag="zh" + secrets.token_hex(3))
        machine.python = machine._shared_python()
        return machine

    def _shared_python(self) -> str:
        """This Python, at a path every account can run (bind-mounted when its own folder is private)."""
        if _crossable(Path(sys.executable).resolve()):
            return sys.executable
        self.mount = self.base / "python"
        self.mount.mkdir()
        subprocess.run(["mount", "--bind", sys.base_prefix, str(self.mount)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(self.mount)], check=True)
        interpreter = self.mount / "bin" / Path(sys.executable).resolve().name
        if sys.prefix == sys.base_prefix:
            return str(interpreter)
        # a virtual environment on a private base interpreter: the same environment, seen through the mounted base
        # (pyvenv.cfg names the base by its mounted path; the environment's packages stay where they are)
        if not _crossable(Path(sys.prefix)):
            raise RuntimeError(f"l'environnement virtuel {sys.prefix} n'est pas accessible aux autres comptes")
        shim = self.base / "venv"
        (shim / "bin").mkdir(parents=True)
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        (shim / "lib").mkdir()
        (shim / "lib" / version).symlink_to(Path(sys.prefix) / "lib" / version)
        for entry in Path(sys.prefix).iterdir():  # share/jupyter (language pack, lab extensions), etc/jupyter…
            if entry.name not in ("bin", "lib", "pyvenv.cfg"):
                (shim / entry.name).symlink_to(entry)
        (shim / "bin" / "python").symlink_to(interpreter)
        (shim / "pyvenv.cfg").write_text(f"home = {self.mount / 'bin'}\ninclude-system-site-packages = false\n"
                                         f"version = {sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}\n")
        shim.chmod(0o755)
        return str(shim / "bin" / "python")

    def environment(self) -> dict[str, str]:
        """What a server of the hub needs beyond the configuration: this tree first, the mounted libpython."""
        env = {"PYTHONPATH": str(ROOT)}
        if self.mount:
            env["LD_LIBRARY_PATH"] = str(self.mount / "lib")
            env["PATH"] = f"{Path(self.python).parent}:{self.mount / 'bin'}:/usr/local/bin:/usr/bin:/bin"
        return env

    def add_user(self, role: str) -> str:
        name = f"{self.tag}{role}"
        # homes private, as a school sets HOME_MODE 0700 (Debian's default umask leaves them readable by all)
        subprocess.run(["useradd", "--create-home", "-K", "HOME_MODE=0700", "--shell", "/bin/sh", name], check=True)
        self.users.append(name)
        subprocess.run(["chpasswd"], input=f"{name}:{PASSWORD}\n", text=True, check=True)
        return name

    def run_as(self, user: str, *command: str, cwd: Path | None = None, check: bool = True,
               timeout: float = 600) -> subprocess.CompletedProcess:
        """``command`` under ``user``'s account, with the servers' environment."""
        env = {"HOME": f"/home/{user}", **self.environment()}
        if "PATH" not in env:
            env["PATH"] = f"{Path(self.python).parent}:/usr/local/bin:/usr/bin:/bin"
        done = subprocess.run(["runuser", "-u", user, "--", "env", *(f"{k}={v}" for k, v in env.items()), *command],
                              cwd=cwd or self.base, capture_output=True, text=True, timeout=timeout)
        if check:
            assert done.returncode == 0, f"{command} ({user}) : {done.stdout[-2000:]}{done.stderr[-3000:]}"
        return done

    def undo(self) -> None:
        for user in self.users:
            _kill_processes_of(user)
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        if self.mount and subprocess.run(["umount", str(self.mount)], capture_output=True).returncode:
            subprocess.run(["umount", "--lazy", str(self.mount)], capture_output=True)  # still busy: detached now
        if not self.mount or not os.path.ismount(self.mount):
            shutil.rmtree(self.base, ignore_errors=True)


def _kill_processes_of(user: str) -> None:
    """Stop what is left of a test account (by process id: only that account's processes)."""
    listed = subprocess.run(["ps", "-o", "pid=", "-u", user], capture_output=True, text=True)
    for pid in listed.stdout.split():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass


def hub_overrides(machine: Machine, purpose: str, extra: str = "") -> str:
    """Lines appended to `cpmc hub`'s ``jupyterhub_config.py`` by ``purpose`` (a test, a benchmark): free loopback
    ports for the hub's API and the proxy's, this tree's package first, the bind-mounted Python's library."""
    env = machine.environment()
    return f'''

# Only for {purpose}: free loopback ports, this tree's package, the library of the bind-mounted Python
# (tests/hub/live.py).
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.Spawner.environment.update({env!r})
for _service in c.JupyterHub.services:
    _service.setdefault("environment", {{}}).update({env!r})
{extra}'''


class Hub:
    """``jupyterhub -f`` on loopback, started and stopped by the test."""

    def __init__(self, config: Path, url: str):
        self.config, self.url = config, url
        self.log = config.parent / "jupyterhub.log"
        with self.log.open("w") as log_file:
            self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=config.parent,
                                         stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"le hub s'est arrêté au démarrage :\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"le hub ne répond pas après {timeout:.0f} s :\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        """SIGTERM: the hub stops every user server and its services, then exits."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
