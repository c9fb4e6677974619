"""Benchmark: sequential ``nbgrader autograde`` against ``cpmc autograde`` on the same cohort.

Builds a throwaway course from the repository's ``source/`` (every assignment,
or those named with ``--assignment``): for each assignment, ``--students``
students hand in the solution, as many a half-done copy (the first half of the
answer cells filled in) and as many the blank release; every copy but the blank
ones carries its student's name in a comment, so that only blank copies are
identical (``cpmc autograde`` grades identical copies once). Two identical copies of
the course are graded, one by plain ``nbgrader autograde ASSIGNMENT`` (one
process, sequential), one by ``cpmc_course.pipeline.autograde(jobs=J)``; every
per-cell score is compared and the ratio printed, with the load average
(``uptime``) before and after each side: the machine may be shared, and a
ratio measured under load holds only when both sides share it. Run from the
repository root:

    python benchmarks/autograde_engine.py --students 2 --jobs 2

Nothing is asserted; the figures are for the release notes, not for the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpmc_course.gradebook import db_url, read_grades  # noqa: E402
from cpmc_course.pipeline import assignments_in, autograde, release, tools_on_path  # noqa: E402


def _partial(source: dict, released: dict) -> dict:
    """The release with the first half of its answer cells taken from the solution."""
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c for c in source["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    keep = set(list(answers)[: len(answers) // 2])
    for cell in released["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in keep:
            cell["source"] = answers[grade_id]["source"]
    return released


def _sign(nb: dict, student: str) -> None:
    """A comment naming the student in the first answer cell: real copies differ, only blank releases are identical."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = f"# copie de {student}\n" + text
            return


def build(base: Path, assignments: list[str], students: int) -> Path:
    course = base / "cours"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    for assignment in assignments:
        shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    release(course, assignments)
    for assignment in assignments:
        for i in range(students):
            for kind in ("solution", "partiel", "vierge"):
                target = course / "submitted" / f"{kind}{i:02d}" / assignment
                shutil.copytree(course / "release" / assignment, target)
                for nb_path in (course / "source" / assignment).glob("*.ipynb"):
                    if kind == "vierge":
                        continue
                    source = json.loads(nb_path.read_text(encoding="utf-8"))
                    released = json.loads((target / nb_path.name).read_text(encoding="utf-8"))
                    nb = source if kind == "solution" else _partial(source, released)
                    _sign(nb, f"{kind}{i:02d}")
                    (target / nb_path.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return course


def _scores(course: Path) -> dict:
    return {(g.student_id, g.assignment, g.notebook, g.grade_id): g.score for g in read_grades(db_url(course))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", action="append", default=None)
    parser.add_argument("--students", type=int, default=2, help="students per kind of copy (solution, partiel, vierge)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    assignments = args.assignment or assignments_in(ROOT / "source")
    with tempfile.TemporaryDirectory(prefix="cpmc-bench-") as tmp:
        (Path(tmp) / "a").mkdir()
        plain = build(Path(tmp) / "a", assignments, args.students)
        engine = Path(tmp) / "b" / "cours"
        shutil.copytree(plain, engine)
        copies = sum(1 for _ in (plain / "submitted").glob("*/*"))
        loads = [os.getloadavg()[0]]
        start = time.perf_counter()
        for assignment in assignments:
            done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"], cwd=plain,
                                  capture_output=True, text=True, env=tools_on_path())
            if done.returncode:  # nbgrader's own failure: its last lines say which copy and why
                print(f"nbgrader autograde {assignment} : code {done.returncode}\n" + done.stderr[-3000:], file=sys.stderr)
        sequential = time.perf_counter() - start
        loads.append(os.getloadavg()[0])
        start = time.perf_counter()
        outcomes = autograde(engine, assignments, jobs=args.jobs, progress=False, force=True)
        fast = time.perf_counter() - start
        loads.append(os.getloadavg()[0])
        reference, ours = _scores(plain), _scores(engine)
    failed = [o for o in outcomes if not o.ok]
    differing = sorted(k for k in reference.keys() | ours.keys() if reference.get(k, "absent") != ours.get(k, "absent"))
    print(f"sujets : {', '.join(assignments)} ; copies : {copies} ({args.students} solution, {args.students} partielle(s), "
          f"{args.students} vierge(s) par sujet) ; cellules notées comparées : {len(reference)}")
    print(f"nbgrader autograde séquentiel : {sequential:.1f} s ({sequential / copies:.2f} s par copie) ; "
          f"charge (uptime, 1 min) {loads[0]:.2f} → {loads[1]:.2f}")
    print(f"cpmc autograde --jobs {args.jobs} : {fast:.1f} s ({fast / copies:.2f} s par copie) ; copies en échec : {len(failed)} ; "
          f"charge {loads[1]:.2f} → {loads[2]:.2f}")
    print(f"accélération : {sequential / fast:.2f}× (machine de {os.cpu_count()} cœurs)")
    flagged = [o.student_id for o in outcomes if o.tampering or o.notes]
    print(f"copies signalées ou annotées (attendu : aucune) : {len(flagged)} {flagged[:5]}")
    print("notes par cellule identiques : " + ("oui" if not differing else f"NON, {len(differing)} différence(s) : {differing[:10]}"))


if __name__ == "__main__":
    main()
