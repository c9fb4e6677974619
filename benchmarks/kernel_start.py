"""Benchmark: how long a confined kernel takes to start, and what its private mounts cost.

Starts the kernel template server as ``cpmc autograde`` does (``--sandbox=required``),
then asks it for ``--kernels`` kernels one after the other, each in a folder of
3 MB of data (as the largest case study), and prints the median time from the
request to the kernel's first reply. Then, in throwaway processes, it times the
namespaces alone and the namespaces with the kernel's private mounts
(``mounts.private_view`` and its own ``/proc``): the difference is what the
mount namespace adds to every kernel. Run from the repository root:

    python benchmarks/kernel_start.py --kernels 15

Nothing is asserted; the machine may be shared (the load average is printed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpmc_course.engine import kernels, mounts, pool, sandbox  # noqa: E402
from cpmc_course.engine.run import _sandbox_settings  # noqa: E402


async def _start_one(cwd: Path) -> float:
    manager = kernels.ForkedKernelManager(kernel_name="python3")
    start = time.perf_counter()
    await manager.start_kernel(cwd=str(cwd))
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    elapsed = time.perf_counter() - start
    client.stop_channels()
    await manager.shutdown_kernel(now=True)
    return elapsed


def kernel_starts(course: Path, work: Path, count: int) -> list[float]:
    with pool.template_server() as server:
        confinement, _ = _sandbox_settings(course, "required", False)
        if not pool.wait_zygote(server.process):
            raise SystemExit("le serveur de noyaux n'a pas démarré")
        pool.configure(server, course, confinement)
        for name, value in (("socket_path", server.socket), ("run_dir", server.run_dir), ("sandbox", confinement),
                            ("secret", server.secret)):
            setattr(kernels.SETTINGS, name, value)
        return [asyncio.run(_start_one(work)) for _ in range(count)]


def _namespaces_once(work: Path, with_mounts: bool) -> float:
    runtime = Path(tempfile.mkdtemp(prefix="k-", dir=work.parent))
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        sandbox.unshare(sandbox.CLONE_NEWPID | sandbox.CLONE_NEWNET | (sandbox.CLONE_NEWNS if with_mounts else 0))
        if with_mounts:
            mounts.private_view(str(work), str(runtime), str(work.parent), 256)
        child = os.fork()
        if child == 0:
            if with_mounts:
                mounts.mount_proc()
            os._exit(0)
        os.waitpid(child, 0)
        os._exit(0)
    os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    shutil.rmtree(runtime)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=15)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="cpmc-bench-noyau-"))
    try:
        course = base / "cours"
        work = course / "autograded" / "etudiant" / "sujet"
        (work / "data").mkdir(parents=True)
        for i in range(20):
            (work / "data" / f"table{i}.csv").write_bytes(os.urandom(150_000))
        print(f"charge (uptime, 1 min) : {os.getloadavg()[0]:.2f}")
        starts = kernel_starts(course, work, args.kernels)
        print(f"démarrage d'un noyau confiné ({args.kernels} noyaux) : médiane {statistics.median(starts) * 1000:.0f} ms, "
              f"minimum {min(starts) * 1000:.0f} ms")
        plain = [_namespaces_once(work, False) for _ in range(30)]
        private = [_namespaces_once(work, True) for _ in range(30)]
        print(f"espaces de noms seuls : médiane {statistics.median(plain) * 1000:.1f} ms ; avec les montages privés "
              f"(/tmp, dossier de travail de 3 Mo copié, /proc) : médiane {statistics.median(private) * 1000:.1f} ms")
        print(f"charge (uptime, 1 min) : {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
