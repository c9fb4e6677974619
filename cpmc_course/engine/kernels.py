"""Kernel manager whose kernels are forked by the template server (``zygote``) instead of started afresh.

The kernel speaks the usual Jupyter protocol over Unix sockets (``ipc``
transport) in a private folder, so that it needs no network at all; the
provisioner's "process" is the supervisor connection: poll, signal and kill go
through it.

Starting and stopping a kernel waits only for the kernel itself:
jupyter_client's own client waits for a fifth of a second of silence on IOPub
once the kernel answered (``ForkedKernelClient`` stops at the end of the
answered request instead), its manager checks every tenth of a second whether a
stopped kernel has ended (here every hundredth), and the client's sockets, connected before the kernel
listens, retry every tenth of a second (here every hundredth). Nothing
else changes: messages are the same, and every caller filters them by request.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import default

from .sandbox import kernel_environment


@dataclass
class KernelSettings:
    """Where the template server listens and how kernels are confined (set once per worker)."""

    socket_path: str = ""
    run_dir: str = ""
    sandbox: dict | None = None
    """What the run gave the template server (which alone applies it); ``None``: not confined."""
    env: dict = field(default_factory=dict)
    secret: bytes = b""
    """The run's secret, sent first on every connection to the template server."""


SETTINGS = KernelSettings()


class _ForkedKernel:
    """Popen-like handle on a kernel forked by the template server."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket):
        self._conn = conn
        self._buffer = b""
        self.returncode: int | None = None
        self.pid = int(self._read(block=True)["pid"])

    def _read(self, block: bool) -> dict | None:
        while b"\n" not in self._buffer:
            if not block and not select.select([self._conn], [], [], 0)[0]:
                return None
            data = self._conn.recv(4096)
            if not data:
                return {"exit": -signal.SIGKILL}
            self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def poll(self) -> int | None:
        if self.returncode is None:
            message = self._read(block=False)
            if message and "exit" in message:
                self.returncode = int(message["exit"])
                self._conn.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        while self.poll() is None:
            select.select([self._conn], [], [], 0.1 if timeout is None else min(timeout, 0.1))
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            try:
                self._conn.sendall(json.dumps({"signal": int(signum)}).encode() + b"\n")
            except OSError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """Asks the template server for a kernel instead of running the kernel spec's command."""

    runtime: str = ""

    async def launch_kernel(self, cmd, **kwargs):
        argv = cmd[cmd.index("-f"):] if "-f" in cmd else cmd[1:]
        env = kernel_environment(dict(kwargs.get("env") or os.environ))
        env.update(SETTINGS.env)
        tmp = os.path.join(self.runtime, "tmp")
        os.makedirs(tmp, exist_ok=True)
        env.update({"TMPDIR": tmp, "HOME": tmp, "MPLCONFIGDIR": tmp, "IPYTHONDIR": os.path.join(tmp, ".ipython")})
        cwd = str(kwargs.get("cwd") or os.getcwd())
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(SETTINGS.socket_path)
        request = {"argv": argv, "cwd": cwd, "env": env, "runtime": self.runtime}
        conn.sendall(SETTINGS.secret + json.dumps(request).encode() + b"\n")
        self.process = _ForkedKernel(conn)
        self.pid = self.process.pid
        self.pgid = None
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        if not restart and self.runtime:
            shutil.rmtree(self.runtime, ignore_errors=True)


RECONNECT_MS = 10
"""How often a client socket retries a kernel that does not listen yet (zmq's default: 100 ms)."""
SHUTDOWN_POLL_S = 0.01
"""How often a stopping kernel is checked for its end (jupyter_client's default: 0.1 s)."""


def _ends_request(msg: dict, msg_id: str) -> bool:
    return (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
            and msg["parent_header"].get("msg_id") == msg_id)


class ForkedKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous client, ready once the answered ``kernel_info`` request has ended on IOPub."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """jupyter_client's handshake (``kernel_info`` until answered with IOPub connected), then IOPub drained
        up to the ``idle`` status of the answered request, or 0.2 s of silence as jupyter_client does."""
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:
                        pending = await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(reply)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        answered = reply["parent_header"].get("msg_id", "")
        while not _ends_request(pending, answered):
            try:
                pending = await self.iopub_channel.get_msg(timeout=0.2)
            except Empty:
                return


class ForkedKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` over the template server, on Unix sockets in a private folder."""

    client_class = "cpmc_course.engine.kernels.ForkedKernelClient"
    client_factory = ForkedKernelClient

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def _async_wait(self, pollinterval: float = SHUTDOWN_POLL_S) -> None:
        await super()._async_wait(min(pollinterval, SHUTDOWN_POLL_S))

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            runtime = tempfile.mkdtemp(prefix="k-", dir=SETTINGS.run_dir or None)
            self.transport = "ipc"
            self.ip = str(Path(runtime) / "s")
            self.connection_file = str(Path(runtime) / "kernel.json")
            self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            self.provisioner.runtime = runtime
        return await super()._async_pre_start_kernel(**kw)
