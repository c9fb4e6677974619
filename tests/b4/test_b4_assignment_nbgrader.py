"""The bloc 4 épreuve (team project and individual part) through real nbgrader, in one throwaway course.

One release and ONE ``pipeline.autograde(course, jobs=2)`` grade every variant:
the solution scores every automatic point, the blank release scores none, and
each copy of the solution whose only change is one solution region replaced by
its release stub loses points, and the fairness catalogue (``b4_fairness``) holds:
its two correct copies score every automatic point, each wrong answer loses its
target cells and only them. A mutant carries only the notebooks it changes,
and one mutant student stubs one region in each of several notebooks (notebooks
are graded separately), which keeps the number of nbgrader runs low.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from b4_fairness import CATALOGUE, correct_answers, notebooks, replaced, wrong_groups
from builders import nbgrader_meta as _meta
from builders import solution_code_cells as _solution_code_cells
from builders import stubbed as _stubbed

from cpmc_course import pipeline
from cpmc_course.gradebook import db_url, read_grades

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("b4_projet_web_equipe", "b4_projet_web_individuel")
AUTO_POINTS = {"b4_projet_web_equipe": 28, "b4_projet_web_individuel": 4}

pytestmark = pytest.mark.nbgrader


def _notebooks(folder: Path) -> dict[str, nbformat.NotebookNode]:
    return {p.stem: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}


def _auto_cells(nb) -> list[str]:
    return [_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(sources, variants, scores): scores[(student, assignment, notebook, grade_id)] = points."""
    course = tmp_path_factory.mktemp("cours_b4")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    for a in ASSIGNMENTS:
        shutil.copytree(ROOT / "source" / a, course / "source" / a)
    pipeline.release(course, list(ASSIGNMENTS))

    def submit(student: str, assignment: str, notebooks: dict) -> None:
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / f"{name}.ipynb")
        for extra in (course / "release" / assignment).iterdir():
            if extra.is_dir():
                shutil.copytree(extra, folder / extra.name)

    sources, variants = {}, {}
    for a in ASSIGNMENTS:
        sources[a] = _notebooks(ROOT / "source" / a)
        releases = _notebooks(course / "release" / a)
        submit("solution", a, sources[a])
        submit("vierge", a, releases)
        mutants: dict[str, dict] = {}
        for name, nb in sources[a].items():
            for k, grade_id in enumerate(_solution_code_cells(nb), start=1):
                student = f"mutant_{k}"
                variants[(student, a, name)] = grade_id
                mutants.setdefault(student, {})[name] = _stubbed(nb, releases[name], grade_id)
        for student, copies in mutants.items():
            submit(student, a, copies)
    for student, a, copies in _fairness_copies(sources):
        submit(student, a, copies)
    outcomes = pipeline.autograde(course, jobs=2, progress=False)
    failed = [(o.student_id, o.assignment, o.reason) for o in outcomes if not o.ok]
    assert not failed, failed
    scores = {(g.student_id, g.assignment, g.notebook, g.grade_id): g.score for g in read_grades(db_url(course))}
    return sources, variants, scores


def _fairness_copies(sources) -> list[tuple[str, str, dict]]:
    """(student, assignment, notebooks) of the catalogue: ``juste_a``/``juste_b``, and ``faux_k`` holding group k of each notebook."""
    copies: dict[tuple[str, str], dict] = {}
    for a, name in notebooks():
        for which in ("a", "b"):
            copies.setdefault((f"juste_{which}", a), {})[name] = replaced(sources[a][name], correct_answers(a, name, which))
        for k, group in enumerate(wrong_groups(a, name), start=1):
            answers = {gid: wrong.code for _label, gid, wrong in group}
            copies.setdefault((f"faux_{k}", a), {})[name] = replaced(sources[a][name], answers)
    return [(student, a, nbs) for (student, a), nbs in copies.items()]


def _auto_score(scores, sources, student: str, assignment: str, only: str | None = None) -> tuple[float, float]:
    got = total = 0.0
    for name, nb in sources[assignment].items():
        if only and name != only:
            continue
        for cell in nb.cells:
            meta = _meta(cell)
            if meta.get("grade") and not meta.get("solution"):
                total += meta["points"]
                got += scores.get((student, assignment, name, meta["grade_id"])) or 0.0
    return got, total


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_scores_every_automatic_point(graded, assignment):
    sources, _, scores = graded
    got, total = _auto_score(scores, sources, "solution", assignment)
    assert got == total == AUTO_POINTS[assignment]
    manual = [k for k, v in scores.items() if k[0] == "solution" and k[1] == assignment and v is None]
    assert manual, "written answers wait for manual grading (never graded 0 automatically)"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_release_scores_zero(graded, assignment):
    sources, _, scores = graded
    got, total = _auto_score(scores, sources, "vierge", assignment)
    assert total > 0 and got == 0


def test_every_solution_region_is_needed(graded):
    sources, variants, scores = graded
    assert len(variants) == sum(len(_solution_code_cells(nb)) for a in ASSIGNMENTS for nb in sources[a].values()) == 15
    free = []
    for (student, assignment, name), grade_id in sorted(variants.items()):
        got, total = _auto_score(scores, sources, student, assignment, only=name)
        if got >= total:
            free.append(grade_id)
    assert not free, f"replacing these solution regions by the stub costs no point: {free}"


def test_the_catalogue_covers_every_automatic_cell(graded):
    sources, _, _ = graded
    for a in ASSIGNMENTS:
        for name, nb in sources[a].items():
            regions = {(a, name, g) for g in _solution_code_cells(nb)}
            assert regions == {(r.assignment, r.notebook, g) for g, r in CATALOGUE.items() if (r.assignment, r.notebook) == (a, name)}
            for cell in _auto_cells(nb):
                wrong = [w for r in CATALOGUE.values() for w in r.wrong if cell in w.fails]
                assert len(wrong) >= 2, f"{cell} : {len(wrong)} mauvaises réponses"


@pytest.mark.parametrize("student", ["juste_a", "juste_b"])
def test_correct_variants_get_every_automatic_point(graded, student):
    sources, _, scores = graded
    for a, name in notebooks():
        got, total = _auto_score(scores, sources, student, a, only=name)
        lost = [g for g in _auto_cells(sources[a][name]) if not scores.get((student, a, name, g))]
        assert got == total > 0, f"{student}/{name} perd des points : {lost}"


def test_every_wrong_answer_loses_its_cells_and_only_them(graded):
    """A wrong answer loses the points of the cells it targets; the later cells it names keep theirs (no double penalty)."""
    sources, _, scores = graded
    points = {_meta(c)["grade_id"]: _meta(c)["points"] for a in ASSIGNMENTS for nb in sources[a].values()
              for c in nb.cells if _meta(c).get("grade")}
    wrong = []
    for a, name in notebooks():
        for k, group in enumerate(wrong_groups(a, name), start=1):
            for label, _gid, answer in group:
                wrong += [f"{label}/{c} : des points pour une réponse fausse" for c in answer.fails
                          if scores.get((f"faux_{k}", a, name, c))]
                wrong += [f"{label}/{c} : pénalisé deux fois" for c in answer.keeps
                          if (scores.get((f"faux_{k}", a, name, c)) or 0) < points[c]]
    assert not wrong, wrong
    assert sum(len(g) for a, n in notebooks() for g in wrong_groups(a, n)) == sum(len(r.wrong) for r in CATALOGUE.values())
