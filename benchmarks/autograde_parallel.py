"""Benchmark: isolated autograde, one process per copy, sequential vs parallel.

Builds a throwaway course from the repository's ``source/`` (or the assignment
named with ``--assignment``), hands in the solution as N copies, autogrades with
``--jobs 1`` then ``--jobs J``, and prints the times and their ratio. Run from the
repository root:

    python benchmarks/autograde_parallel.py --copies 6 --jobs 2

Nothing is asserted: the figures are for the release notes, not for the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpmc_course.gradebook import db_url, read_grades  # noqa: E402
from cpmc_course.pipeline import assignments_in, autograde, release  # noqa: E402


def _course(base: Path, assignment: str, copies: int) -> Path:
    course = base / "cours"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    release(course, [assignment])
    for i in range(copies):
        target = course / "submitted" / f"etu{i:02d}" / assignment
        shutil.copytree(course / "source" / assignment, target)
    return course


def _timed(course: Path, assignment: str, jobs: int) -> float:
    start = time.perf_counter()
    outcomes = autograde(course, [assignment], jobs=jobs, progress=False, force=True)  # force: regrade unchanged copies
    elapsed = time.perf_counter() - start
    failed = [o for o in outcomes if not o.ok or o.skipped]
    if failed:
        raise SystemExit(f"copies en échec : {failed}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default=None)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    assignment = args.assignment or assignments_in(ROOT / "source")[0]
    with tempfile.TemporaryDirectory() as tmp:
        course = _course(Path(tmp), assignment, args.copies)
        sequential = _timed(course, assignment, 1)
        parallel = _timed(course, assignment, args.jobs)
        graded = {g.student_id for g in read_grades(db_url(course))}
    print(f"sujet : {assignment}, copies : {args.copies}, copies corrigées : {len(graded)}")
    print(f"--jobs 1 : {sequential:.1f} s ({sequential / args.copies:.1f} s par copie)")
    print(f"--jobs {args.jobs} : {parallel:.1f} s ({parallel / args.copies:.1f} s par copie)")
    print(f"accélération (jobs 1 / jobs {args.jobs}) : {sequential / parallel:.2f}")


if __name__ == "__main__":
    main()
