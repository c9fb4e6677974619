"""``kill -9`` of ``cpmc autograde`` mid-batch: no process left behind, nothing graded lost, a re-run ends with
the grades of an uninterrupted run for every cell of every copy (the one being graded when killed included)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from builders import make_course
from cpmc_course.gradebook import db_url, read_grades
from cpmc_course.pipeline import release

pytestmark = pytest.mark.nbgrader
A = "b5_test"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _tree(pid: int) -> set[int]:
    """``pid`` and every live descendant (zombies excluded)."""
    parents: dict[int, int] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            if fields[0] != b"Z":
                parents[int(entry)] = int(fields[1])
        except (OSError, IndexError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        found |= frontier
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
    return {p for p in found if p in parents}


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                if fh.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    alive.add(pid)
        except OSError:
            continue
    return alive


def _grades(root):
    return {(g.student_id, g.grade_id): g.score for g in read_grades(db_url(root))}


def test_kill_9_leaves_nothing_behind_and_rerun_matches(tmp_path):
    root = make_course(tmp_path / "cours")
    release(root)
    src = json.loads((root / "source" / A / "exercice.ipynb").read_text(encoding="utf-8"))
    expected = {}
    for i in range(4):  # a different grade pattern per copy: right, taux wrong, leads wrong, both wrong
        nb = json.loads(json.dumps(src))
        taux = "12 / 48" if i in (0, 2) else "0.3"
        nb["cells"][1]["source"] = (  # a file left by the killed run would change the answer
            f"import subprocess, time\nsubprocess.Popen(['sleep', '{600 + i}'])\nopen('passages.txt', 'a').write('x')\n"
            f"time.sleep(3)\ntaux = {taux} if open('passages.txt').read() == 'x' else 1.0")
        if i >= 2:
            nb["cells"][3]["source"] = "leads = [1, 2]\ntotal_leads = 3"
        expected.update({(f"etu{i}", "b5_taux_conversion"): 2.0 if i in (0, 2) else 0.0,
                         (f"etu{i}", "b5_total_leads"): 3.0 if i < 2 else 0.0, (f"etu{i}", "b5_synthese"): None})
        target = root / "submitted" / f"etu{i}" / A
        target.mkdir(parents=True)
        (target / "exercice.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "cpmc_course", "--course-dir", str(root), "autograde", "--quiet", "--jobs", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status = root / "cpmc_autograde.json"
    deadline = time.monotonic() + 240
    seen: set[int] = set()
    while time.monotonic() < deadline and not (status.exists() and json.loads(status.read_text(encoding="utf-8"))):
        seen |= _tree(proc.pid)
        time.sleep(0.2)
    seen |= _tree(proc.pid)
    assert status.exists(), "aucune copie corrigée avant l'interruption"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while _alive(seen - {proc.pid}) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(seen - {proc.pid}), "processus restants après kill -9"
    graded_before = {o["student_id"] for o in json.loads(status.read_text(encoding="utf-8")) if o["ok"]}
    assert graded_before
    before = _grades(root)
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    after = _grades(root)
    outcomes = {o["student_id"]: o for o in json.loads(status.read_text(encoding="utf-8"))}
    assert all(o["ok"] for o in outcomes.values()) and len(outcomes) == 4
    for student in graded_before:  # nothing already graded was lost, nor graded again
        assert outcomes[student]["skipped"]
        assert {k: v for k, v in before.items() if k[0] == student} == {k: v for k, v in after.items() if k[0] == student}
    assert after == expected  # every copy, the one killed mid-grading included, has the grades of an uninterrupted run
