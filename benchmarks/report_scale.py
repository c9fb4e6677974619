"""How long `cpmc report` takes, and how much memory, for a whole school's cohort.

Builds a course from this repository's `source/` and a gradebook of N students
(1 000 by default, in teams of 4 for the team assignments, with their roster) whose copies of every assignment are graded: scores drawn
from a seeded generator, a share of written answers still awaiting a manual
grade, a share of students who handed nothing in. The gradebook schema and the
graded cells come from nbgrader's own API; students, submissions and grades are
inserted in bulk (nbgrader's ORM would take minutes to build it). Then
`cpmc report` runs in a fresh process and the script prints its wall time, its
peak memory (max RSS) and both against the targets (10 s, 300 MB).

    python benchmarks/report_scale.py [--students 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cpmc_course.gradebook import db_url, describe, sqlite_path  # noqa: E402
from cpmc_course.mapping import AUTO, TASK, read_mapping  # noqa: E402
from cpmc_course.teams import team_id  # noqa: E402

TARGET_SECONDS, TARGET_MB = 10.0, 300.0


def _uid() -> str:
    return uuid.uuid4().hex


def build_course(course: Path, n_students: int, seed: int = 2026) -> int:
    """A course with this repository's source and a graded gradebook of ``n_students``; returns the grade count."""
    from nbgrader.api import Gradebook

    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "source", course / "source")
    if (ROOT / "autograder").is_dir():
        shutil.copytree(ROOT / "autograder", course / "autograder")
    mapping = read_mapping(course / "source")
    url = db_url(course)
    db = sqlite_path(url)  # rows are bulk-inserted with sqlite3 below
    if db is None:
        raise SystemExit(f"Ce banc d'essai remplit un carnet SQLite ; carnet configuré : {describe(url)}.")
    gb = Gradebook(url)
    for assignment in mapping.assignments:
        gb.add_assignment(assignment)
        for notebook in sorted({c.notebook for c in mapping.cells if c.assignment == assignment}):
            gb.add_notebook(notebook, assignment)
    for cell in mapping.cells:
        if cell.kind == TASK:
            gb.add_task_cell(cell.grade_id, cell.notebook, cell.assignment, max_score=cell.points, cell_type="markdown")
        else:
            gb.add_grade_cell(cell.grade_id, cell.notebook, cell.assignment, max_score=cell.points,
                              cell_type="code" if cell.kind == AUTO else "markdown")
    gb.close()

    rng = random.Random(seed)
    con = sqlite3.connect(db)
    ids = {}
    for assignment, notebook_id, notebook, assignment_id in con.execute(
        "SELECT a.name, n.id, n.name, a.id FROM notebook n JOIN assignment a ON n.assignment_id = a.id"
    ):
        ids[(assignment, notebook)] = (assignment_id, notebook_id)
    cell_ids = {
        (a, n, name): cid
        for cid, name, n, a in con.execute(
            "SELECT bc.id, bc.name, n.name, a.name FROM base_cell bc JOIN notebook n ON bc.notebook_id = n.id "
            "JOIN assignment a ON n.assignment_id = a.id"
        )
    }
    students, submissions, notebooks, grades = [], [], [], []

    def hand_in(submitter: str, assignment: str, skill: float) -> None:
        sub_id = _uid()
        submissions.append((sub_id, ids[(assignment, next(n for a, n in ids if a == assignment))][0], submitter))
        for notebook in sorted({c.notebook for c in mapping.cells if c.assignment == assignment}):
            nb_id = _uid()
            notebooks.append((nb_id, sub_id, ids[(assignment, notebook)][1]))
            for cell in (c for c in mapping.cells if c.assignment == assignment and c.notebook == notebook):
                share = min(1.0, max(0.0, rng.gauss(skill, 0.25)))
                if cell.kind == AUTO:
                    grades.append((_uid(), nb_id, cell_ids[cell.key], cell.points if share > 0.5 else 0.0, None, None, False))
                elif rng.random() < 0.1:
                    grades.append((_uid(), nb_id, cell_ids[cell.key], None, None, None, True))
                else:
                    grades.append((_uid(), nb_id, cell_ids[cell.key], None, round(cell.points * share * 2) / 2, None, False))

    team_assignments = sorted(mapping.team_assignments)
    roster = ["sujet;equipe;etudiant;statut"]
    for i in range(n_students):
        sid = f"etu{i + 1:04d}"
        students.append((sid, f"Prénom{i + 1}", f"Nom{i + 1}"))
        if rng.random() < 0.05:
            continue  # handed nothing in
        skill = rng.random()
        for assignment in mapping.assignments:
            if assignment not in team_assignments:
                hand_in(sid, assignment, skill)
    for start in range(0, n_students, 4):  # teams of 4 for the team assignments (blocs 3 and 4)
        name = f"Équipe {start // 4 + 1:03d}"
        members = [f"etu{j + 1:04d}" for j in range(start, min(start + 4, n_students))]
        for assignment in team_assignments:
            roster += [f"{assignment};{name};{m};" for m in members]
            students.append((team_id(assignment, name), "Équipe", name))
            hand_in(team_id(assignment, name), assignment, rng.random())
    (course / "autograder").mkdir(exist_ok=True)
    (course / "autograder" / "equipes.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    con.executemany("INSERT INTO student (id, first_name, last_name) VALUES (?, ?, ?)", students)
    con.executemany("INSERT INTO submitted_assignment (id, assignment_id, student_id) VALUES (?, ?, ?)", submissions)
    con.executemany("INSERT INTO submitted_notebook (id, assignment_id, notebook_id, flagged) VALUES (?, ?, ?, 0)", notebooks)
    con.executemany(
        "INSERT INTO grade (id, notebook_id, cell_id, auto_score, manual_score, extra_credit, needs_manual_grade) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        grades,
    )
    con.commit()
    con.close()
    return len(grades)


def run_report(course: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of `cpmc report` run in a fresh process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-m", "cpmc_course", "report", "--course-dir", str(course), "--out", str(course / "rapport")],
        capture_output=True, text=True, cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"cpmc report a échoué :\n{result.stdout}\n{result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--keep", help="build the course in this folder and keep it")
    args = parser.parse_args()
    course = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cpmc-report-bench-"))
    course.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        n_grades = build_course(course, args.students)
        print(f"Gradebook: {args.students} students, {n_grades} grades, built in {time.perf_counter() - start:.1f} s")
        seconds, mb = run_report(course)
        pages = len(list((course / "rapport" / "etudiants").glob("*.html")))
        print(f"cpmc report: {seconds:.2f} s, peak {mb:.0f} MB, {pages} student pages")
        print(f"time / target ({TARGET_SECONDS:.0f} s): {seconds / TARGET_SECONDS:.2f}   "
              f"memory / target ({TARGET_MB:.0f} MB): {mb / TARGET_MB:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(course, ignore_errors=True)


if __name__ == "__main__":
    main()
