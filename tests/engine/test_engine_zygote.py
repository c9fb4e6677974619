"""The kernel template server: started without the grader's secrets, it answers only the grader's own processes
holding the run's secret, and confines every kernel as the run's configuration says, whatever a request asks."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys

import pytest

from builders import make_course
from cpmc_course.engine import kernels, pool, sandbox
from cpmc_course.engine.run import _sandbox_settings

SECRETS = {"PGPASSWORD": "mdp-du-carnet-4242", "JUPYTERHUB_API_TOKEN": "jeton-du-hub-4242"}
ASK = """import socket, sys
conn = socket.socket(socket.AF_UNIX)
conn.connect(sys.argv[1])
try:
    conn.sendall(bytes.fromhex(sys.argv[2]) + sys.argv[3].encode() + b"\\n")
    conn.settimeout(20)
    print(repr(conn.recv(100)))
except (BrokenPipeError, ConnectionResetError):  # refused: closed by the server
    print(repr(b""))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    support = sandbox.probe()
    if not support.available:
        if os.environ.get("CI"):
            pytest.fail(f"bac à sable requis en CI : {support.describe()}")
        pytest.skip(support.describe())
    course = make_course(tmp_path_factory.mktemp("zygote") / "cours")
    work = course / "autograded" / "alice" / "b5_test"
    work.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as grader_shell:
        for name, value in SECRETS.items():
            grader_shell.setenv(name, value)
        with pool.template_server(preload=()) as running:
            assert pool.wait_zygote(running.process)
            confinement, _ = _sandbox_settings(course, "required", False)
            pool.configure(running, course, confinement)
            yield running, course, work, confinement


def _request(server, work, secret: bytes, **extra) -> bytes:
    """What the template server answers a request sent from this process (the grader)."""
    runtime = os.path.join(server.run_dir, "k-test")
    os.makedirs(runtime, exist_ok=True)
    conn = socket.socket(socket.AF_UNIX)
    conn.connect(server.socket)
    body = {"argv": ["-f", os.path.join(runtime, "kernel.json")], "cwd": str(work), "env": {}, "runtime": runtime, **extra}
    try:
        conn.sendall(secret + json.dumps(body).encode() + b"\n")
        conn.settimeout(20)
        return conn.recv(100)
    except (BrokenPipeError, ConnectionResetError):  # refused: closed by the server
        return b""
    finally:
        conn.close()


def test_server_environment_and_command_line_hold_no_secret(server):
    running, *_ = server
    with open(f"/proc/{running.process.pid}/environ", "rb") as fh:
        environ = fh.read()
    with open(f"/proc/{running.process.pid}/cmdline", "rb") as fh:
        cmdline = fh.read()
    assert b"PATH=" in environ and b"4242" not in environ and b"PGPASSWORD" not in environ
    assert running.socket.encode() not in cmdline and running.secret not in cmdline


def test_wrong_secret_or_foreign_folders_are_refused(server):
    running, course, work, _ = server
    assert _request(running, work, bytes(len(running.secret))) == b""
    assert _request(running, course, running.secret) == b""  # the course root is no kernel's working folder
    assert _request(running, work, running.secret, runtime=str(course)) == b""
    assert _request(running, work, running.secret).startswith(b'{"pid"')


def test_a_process_that_is_not_the_graders_child_is_refused_even_with_the_secret(server):
    """A kernel is a descendant of the template server, never a child of the grader: SO_PEERCRED tells them apart."""
    running, _, work, _ = server
    body = json.dumps({"argv": [], "cwd": str(work), "env": {}, "runtime": os.path.join(running.run_dir, "k-test")})
    inner = [sys.executable, "-c", ASK, running.socket, running.secret.hex(), body]
    outer = f"import subprocess, sys; sys.exit(subprocess.run({inner!r}).returncode)"
    grandchild = subprocess.run([sys.executable, "-c", outer], check=False, capture_output=True, text=True, timeout=60)
    assert grandchild.stdout.strip() == "b''", grandchild.stderr
    child = subprocess.run(inner, check=False, capture_output=True, text=True, timeout=60)
    assert child.stdout.startswith("b'{\"pid\""), child.stderr  # the same request from a child of the grader


def test_a_request_cannot_unconfine_its_kernel(server, monkeypatch):
    """A request carrying ``"sandbox": null`` (the escape of issue 20) still gets a confined kernel."""
    running, course, work, confinement = server
    for name, value in (("socket_path", running.socket), ("run_dir", running.run_dir), ("sandbox", confinement),
                        ("secret", running.secret)):
        monkeypatch.setattr(kernels.SETTINGS, name, value)
    dumps = json.dumps
    monkeypatch.setattr(kernels.json, "dumps", lambda obj, **kw: dumps(
        {**obj, "sandbox": None, "writable": ["/"]} if isinstance(obj, dict) and "runtime" in obj else obj, **kw))
    code = (f"import os\nprint(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
            f"for attempt in (lambda: open({str(course / 'nbgrader_config.py')!r}).read(), lambda: os.symlink('/', 'lien')):\n"
            f"    try:\n        attempt()\n    except OSError as exc:\n        print(type(exc).__name__)")
    printed = asyncio.run(_run_in_kernel(str(work), code))
    # its own PID namespace; the course (here in /tmp) out of sight; Landlock refuses a link
    assert printed == "['1']\nFileNotFoundError\nPermissionError\n", printed


async def _run_in_kernel(cwd: str, code: str) -> str:
    manager = kernels.ForkedKernelManager(kernel_name="python3")
    await manager.start_kernel(cwd=cwd)
    client = manager.client()
    client.start_channels()
    printed: list[str] = []
    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive(code, timeout=60, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
    return "".join(printed)
