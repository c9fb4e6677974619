"""``cpmc autograde`` gives every cell the score plain ``nbgrader autograde`` gives it (real assignments, small cohort).

The engine patches nbgrader's internals (``engine/compat.py`` lists where):
this is the check that none of it changes a grade. The two quickest épreuves
of ``source/``, each handed in as the solution, a half-done copy and the blank
release (the cohort of ``benchmarks/autograde_engine.py``, one student per
kind); one course graded by nbgrader itself, an identical one by the engine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpmc_course.gradebook import db_url, read_grades
from cpmc_course.pipeline import autograde, tools_on_path

pytestmark = pytest.mark.nbgrader
ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ["b4_projet_web_individuel", "b3_oral_resolution_probleme"]
"""The épreuves with the fewest code cells (3 and 15), both with automatic tests."""


def _cohort(base: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from autograde_engine import build
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return build(base, ASSIGNMENTS, 1)


def _scores(course: Path) -> dict:
    return {(g.student_id, g.assignment, g.notebook, g.grade_id): g.score for g in read_grades(db_url(course))}


def test_engine_grades_equal_plain_nbgrader(tmp_path):
    (tmp_path / "a").mkdir()
    plain = _cohort(tmp_path / "a")
    engine = tmp_path / "b" / "cours"
    shutil.copytree(plain, engine)
    env = tools_on_path()
    env["PYTHONPATH"] = str(ROOT)
    for assignment in ASSIGNMENTS:
        done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment], cwd=plain, capture_output=True,
                              text=True, env=env, stdin=subprocess.DEVNULL, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    outcomes = autograde(engine, ASSIGNMENTS, jobs=2, progress=False)
    assert len(outcomes) == 6 and all(o.ok and not o.tampering for o in outcomes), outcomes
    reference, ours = _scores(plain), _scores(engine)
    automatic = {k: v for k, v in reference.items() if v is not None}
    assert len(reference) >= 20 and automatic
    assert ours == reference
    for assignment in ASSIGNMENTS:  # the cohort tells copies apart: the comparison is not between zeros
        total = {kind: sum(v or 0 for k, v in reference.items() if k[1] == assignment and k[0].startswith(kind))
                 for kind in ("solution", "vierge")}
        assert total["solution"] > total["vierge"], (assignment, total)
