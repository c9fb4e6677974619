"""Benchmark: how many candidates one JupyterHub machine holds (memory per server, spawn time, cell answer time).

Builds the hub of the live test (tests/hub/live.py: Unix accounts made for the run, `cpmc hub`'s folder, its
installer, ``jupyterhub -f`` on loopback), gives each candidate a copy of the bloc 5 épreuve
(``source/b5_donnees_marketing``, answered: the cells compute what a candidate's would), then for each N
(default 5, 10, 20): starts N servers at once through the hub's REST API, and in each one opens the first
notebook of the épreuve and runs its code cells one after the other, all N candidates at the same time
(every request goes through the hub's proxy, as a browser's would). Prints per N: time to spawn (median,
max), memory per candidate (resident memory of all the account's processes, server alone then with its
kernel after the cells), the time each cell takes to answer (median, 95th centile, max, share over 2 s),
and the N from which a cell takes over 2 s. Servers are stopped between two N; accounts and folders are
removed at the end. Run as root from the repository root:

    python benchmarks/hub_capacity.py --users 5 10 20

Nothing is asserted; the machine may be shared (the load average is printed before and after each N).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "hub")]

import aiohttp  # noqa: E402  (installed with jupyterhub-idle-culler, the `hub` extra)

import builders  # noqa: E402
from cpmc_course.cli import main  # noqa: E402
from cpmc_course.resources import init_course  # noqa: E402
from live import Hub, Machine, free_port, hub_overrides, missing_prerequisite  # noqa: E402

EPREUVE = ROOT / "source" / "b5_donnees_marketing"
NOTEBOOK = "1_collecte_et_tracking.ipynb"
TOKEN = secrets.token_hex(24)


BENCH_SERVICE = f'''c.JupyterHub.services.append({{"name": "banc", "api_token": {TOKEN!r}}})
c.JupyterHub.load_roles.append({{"name": "banc", "services": ["banc"],
                                 "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"]}})
'''
"""A service token that starts and stops the candidates' servers and reaches them."""


def build(machine: Machine, count: int) -> tuple[Hub, list[str]]:
    """The hub with ``count`` candidates, each holding a copy of the épreuve in their home."""
    prof = machine.add_user("prof")
    users = [machine.add_user(f"c{i:02d}") for i in range(count)]
    machine.users.append(f"grader-{machine.tag}")
    course = init_course(machine.base / "cours", origin=builders.make_course(machine.base / "origine", "b5_test"))
    port, out = free_port(), machine.base / "hub"
    assert main(["hub", "--out", str(out), "--cours-id", machine.tag, "--formateurs", prof, "--candidats", ",".join(users),
                 "--dossier-cours", str(course), "--echange", str(machine.base / "echange"), "--ip", "127.0.0.1",
                 "--port", str(port), "--port-formgrader", str(free_port()), "--python", machine.python]) == 0
    with (out / "jupyterhub_config.py").open("a", encoding="utf-8") as config:
        config.write(hub_overrides(machine, "benchmarks/hub_capacity.py", BENCH_SERVICE))
    subprocess.run(["sh", str(out / "installer.sh")], check=True, capture_output=True)
    for user in users:
        shutil.copytree(EPREUVE, Path(f"/home/{user}") / EPREUVE.name)
        subprocess.run(["chown", "-R", f"{user}:", f"/home/{user}/{EPREUVE.name}"], check=True)
    hub = Hub(out / "jupyterhub_config.py", f"http://127.0.0.1:{port}")
    hub.wait()
    return hub, users


def rss_mb(user: str) -> float:
    """Resident memory of every process of ``user``, in MB."""
    listed = subprocess.run(["ps", "-o", "rss=", "-u", user], capture_output=True, text=True).stdout.split()
    return sum(int(kb) for kb in listed) / 1024


async def spawn(http: aiohttp.ClientSession, hub: str, user: str) -> float:
    start = time.perf_counter()
    async with http.post(f"{hub}/hub/api/users/{user}/server") as response:
        assert response.status in (201, 202), await response.text()
    while True:
        async with http.get(f"{hub}/hub/api/users/{user}") as response:
            server = (await response.json()).get("servers", {}).get("")
        if server and server.get("ready"):
            return time.perf_counter() - start
        await asyncio.sleep(0.25)


async def stop(http: aiohttp.ClientSession, hub: str, user: str) -> None:
    async with http.delete(f"{hub}/hub/api/users/{user}/server"):
        pass
    while True:
        async with http.get(f"{hub}/hub/api/users/{user}") as response:
            if not (await response.json()).get("servers"):
                return
        await asyncio.sleep(0.25)


def _execute_request(code: str) -> dict:
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "banc", "session": uuid.uuid4().hex,
              "version": "5.3", "date": ""}
    return {"header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": False}}


async def run_cells(http: aiohttp.ClientSession, hub: str, user: str, cells: list[str]) -> tuple[list[float], list[str]]:
    """Open the notebook in ``user``'s server (a session starts its kernel) and run ``cells``: their times, and
    the problems met (a cell in error; a kernel that stops answering ends this candidate's run)."""
    base = f"{hub}/user/{user}/api"
    body = {"path": f"{EPREUVE.name}/{NOTEBOOK}", "type": "notebook", "name": NOTEBOOK, "kernel": {"name": "python3"}}
    async with http.post(f"{base}/sessions", json=body) as response:
        kernel = (await response.json())["kernel"]["id"]
    times, problems = [], []
    try:
        async with http.ws_connect(f"{base}/kernels/{kernel}/channels".replace("http", "ws", 1), max_msg_size=0) as ws:
            for done, code in enumerate(cells):
                outcome = await asyncio.wait_for(_run_one(ws, code), timeout=300)
                if isinstance(outcome, float):
                    times.append(outcome)
                elif outcome.startswith("connexion"):
                    return times, [*problems, f"{outcome}, {len(cells) - done} cellule(s) non exécutée(s)"]
                else:
                    problems.append(outcome)
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        problems.append(f"noyau sans réponse ({type(exc).__name__}), {len(cells) - len(times)} cellule(s) non exécutée(s)")
    return times, problems


async def _run_one(ws, code: str) -> float | str:
    """The time ``code`` takes to answer, or what went wrong (French)."""
    request = _execute_request(code)
    start = time.perf_counter()
    await ws.send_str(json.dumps(request))
    async for message in ws:
        if message.type != aiohttp.WSMsgType.TEXT:
            return f"connexion perdue ({message.type.name} : {message.data})"
        reply = json.loads(message.data)
        if reply.get("parent_header", {}).get("msg_id") == request["header"]["msg_id"] and \
                reply["header"]["msg_type"] == "execute_reply":
            elapsed = time.perf_counter() - start
            return elapsed if reply["content"]["status"] == "ok" else f"cellule en erreur ({reply['content'].get('ename')})"
    return "connexion fermée"


def _cells() -> list[str]:
    import nbformat

    nb = nbformat.read(EPREUVE / NOTEBOOK, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


async def one_level(hub: str, users: list[str], cells: list[str]) -> dict:
    headers = {"Authorization": f"token {TOKEN}"}
    async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=1800)) as http:
        spawns = await asyncio.gather(*(spawn(http, hub, u) for u in users))
        idle = [rss_mb(u) for u in users]
        start = time.perf_counter()
        results = await asyncio.gather(*(run_cells(http, hub, u, cells) for u in users))
        run_wall = time.perf_counter() - start
        busy = [rss_mb(u) for u in users]
        await asyncio.gather(*(stop(http, hub, u) for u in users))
    times = sorted(t for result in results for t in result[0])
    return {"n": len(users), "spawn_median": statistics.median(spawns), "spawn_max": max(spawns),
            "idle_mb": statistics.mean(idle), "busy_mb": statistics.mean(busy), "cell_median": statistics.median(times),
            "cell_p95": times[int(0.95 * (len(times) - 1))], "cell_max": times[-1],
            "over_2s": sum(t > 2 for t in times) / len(times), "errors": [p for r in results for p in r[1]], "run_wall": run_wall}


def _print(row: dict, load: tuple[float, float]) -> None:
    print(f"N={row['n']:3d}  démarrage médian {row['spawn_median']:5.1f} s (max {row['spawn_max']:5.1f} s)  "
          f"mémoire par candidat {row['idle_mb']:4.0f} Mo serveur seul, {row['busy_mb']:4.0f} Mo avec son noyau  "
          f"cellule : médiane {row['cell_median']:5.2f} s, 95e centile {row['cell_p95']:5.2f} s, max {row['cell_max']:5.1f} s, "
          f"{row['over_2s']:4.0%} au-delà de 2 s  ({len(row['errors'])} incident(s), {row['run_wall']:.0f} s pour tout le notebook, "
          f"charge {load[0]:.1f} → {load[1]:.1f})", flush=True)
    for problem in sorted(set(row["errors"])):
        print(f"    incident : {problem} ({row['errors'].count(problem)} fois)", flush=True)


def main_bench(levels: list[int]) -> None:
    problem = missing_prerequisite()
    if problem:
        raise SystemExit(problem)
    cells = _cells()
    print(f"{os.cpu_count()} cœurs, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} Gio ; "
          f"{len(cells)} cellules de code de {EPREUVE.name}/{NOTEBOOK} par candidat", flush=True)
    machine, hub = Machine.make(), None
    try:
        hub, users = build(machine, max(levels))
        rows = []
        for n in levels:
            before = os.getloadavg()[0]
            rows.append(asyncio.run(one_level(hub.url, users[:n], cells)))
            _print(rows[-1], (before, os.getloadavg()[0]))
        for label, key in (("la médiane", "cell_median"), ("le 95e centile", "cell_p95")):
            over = [r["n"] for r in rows if r[key] > 2]
            print(f"Première N où {label} d'une cellule dépasse 2 s : {over[0] if over else 'aucune jusqu’à ' + str(levels[-1])}")
    finally:
        if hub is not None:
            hub.stop()
        machine.undo()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[5, 10, 20], help="nombres de candidats (défaut : 5 10 20)")
    main_bench(sorted(parser.parse_args().users))
