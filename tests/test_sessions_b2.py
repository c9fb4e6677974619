"""Certification sessions of bloc 2: ``cpmc session creer --blocs B2`` on a fresh ``cpmc init`` course, graded for real.

One course, two sessions (``s2`` from the seed 12345, ``s3`` from the seed 3),
created through the CLI; then one ``pipeline.autograde(jobs=2)`` run grades, for
both sessions, the solution and the blank release, and for ``s2`` every solution
code cell replaced by its release stub (stubs that cannot influence each other's
cells share a copy, ``tests/cell_dependencies.py``). Each session's portfolio and
team differ from the example's, every planted story holds, every number of its
model answers, rubrics, brief and instructor notes matches its data, its solution
scores every automatic point, its blank release none, and every solution region
is needed. The public example is what the generator renders for the example seed.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import nbformat
import pytest
from builders import nbgrader_meta, solution_code_cells
from separation import find_leaks, written_figures
from session_checks import auto_score, free_removals, grade_sessions, session_course

from cpmc_course.cli import main
from cpmc_course.sessions import b2_data, b2_stories, b2_sujet
from cpmc_course.sessions.b2_figures import BRIEF, NOTEBOOK, NOTES, TABLES
from cpmc_course.sessions.figures import problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "source" / b2_sujet.EPREUVE
CASE = ROOT / "case_studies" / "b2_nettalpe"
SEEDS = {"s2": 12345, "s3": 3}
MUTATED = "s2"
"""The session whose every solution region is removed in turn (the other: solution and blank release only)."""
AUTO_POINTS = 35

pytestmark = pytest.mark.nbgrader


def _assignment(session: str) -> str:
    return f"{b2_sujet.EPREUVE}_{session}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh ``cpmc init`` course holding the two sessions, created through the CLI."""
    return session_course(tmp_path_factory, "B2", SEEDS)


@pytest.fixture(scope="module")
def graded(course):
    """Solution, blank release and the stubbed copies of every solution cell of ``MUTATED``, graded in one batch."""
    return grade_sessions(course, {_assignment(s): [NOTEBOOK] for s in SEEDS}, {_assignment(MUTATED)})


def test_sessions_are_recorded(course):
    for name, seed in SEEDS.items():
        record = json.loads((course / "sessions" / name / "session.json").read_text(encoding="utf-8"))
        assert (record["seed"], record["blocs"], record["assignments"]) == (seed, ["B2"], [_assignment(name)])
        meta = nbformat.read(course / "source" / _assignment(name) / NOTEBOOK, as_version=4).metadata["cpmc"]
        assert meta == {"bloc": "B2", "session": name, "epreuve": b2_sujet.EPREUVE}
        assert (course / "release" / _assignment(name) / "data" / "comptes.csv").is_file()


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_data_stories_and_figures_of_a_session(course, session):
    folder = course / "source" / _assignment(session)
    for table in ("comptes.csv", "commerciaux.csv"):
        assert (folder / "data" / table).read_bytes() != (EXAMPLE / "data" / table).read_bytes(), table
    assert b2_stories.failing(folder / "data") == []
    notes = (course / "sessions" / session / "B2_NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    template = (CASE / NOTES).read_text(encoding="utf-8")
    assert notes != template, "the notes quote this session's figures"
    found = []
    with b2_data.bound_to(folder / "data"):
        found += problems(template, notes, TABLES[NOTES], "notes")
        brief = (folder / "cahier_des_charges.md").read_text(encoding="utf-8")
        found += problems((CASE / BRIEF).read_text(encoding="utf-8"), brief, TABLES[BRIEF], "cahier des charges")
        model = nbformat.read(EXAMPLE / NOTEBOOK, as_version=4).cells
        cells = nbformat.read(folder / NOTEBOOK, as_version=4).cells
        assert [c.cell_type for c in cells] == [c.cell_type for c in model]
        for i, (old, new) in enumerate(zip(model, cells)):
            if new.cell_type == "markdown":
                found += problems(old.source, new.source, TABLES[NOTEBOOK], f"cellule {i}")
            else:
                assert new.source == old.source, "code cells quote no figure"
    assert not found, "\n".join(found)


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_no_lesson_shows_a_session(course, session):
    """The separation check of the example (tests/b2/test_b2_separation.py) on a session's written figures and data.

    Four significant digits, as for bloc 5: a fresh draw's three-digit figures meet the lessons' numbers by chance.
    """
    folder = course / "source" / _assignment(session)
    texts = [(course / "sessions" / session / "B2_NOTES_FORMATEUR.md").read_text(encoding="utf-8")]
    texts += [c.source for c in nbformat.read(folder / NOTEBOOK, as_version=4).cells
              if c.cell_type == "markdown" and nbgrader_meta(c).get("solution")]
    figures = [f for text in texts for f in written_figures(text)]
    assert len(figures) > 100
    lessons = [ROOT / "courses" / "b2", ROOT / "cpmc_course" / "lessons" / "b2", ROOT / "case_studies" / "b2_outivis"]
    leaks = find_leaks(exam_data=[folder / "data"], exam_names=["Nettalpe", "nettalpe("], exam_figures=figures,
                       lessons=lessons, allowed=(100, 0.95), min_digits=4)
    assert not leaks, "\n".join(leaks)


def test_a_wrong_figure_in_a_session_is_caught(course):
    folder = course / "source" / _assignment("s2")
    template = (CASE / NOTES).read_text(encoding="utf-8")
    with b2_data.bound_to(folder / "data"):
        assert problems(template, template, TABLES[NOTES], "notes"), "the example's notes are false on this session's data"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_solution_full_blank_zero_every_region_needed(course, graded, session):
    grades, variants = graded
    assignment = _assignment(session)
    source = nbformat.read(course / "source" / assignment / NOTEBOOK, as_version=4)
    scored, total = auto_score(grades, course, "solution", assignment, NOTEBOOK)
    assert scored == total == AUTO_POINTS, f"{session}: the solution scores {scored}/{total}"
    assert auto_score(grades, course, "vierge", assignment, NOTEBOOK)[0] == 0, f"{session}: the blank release scores points"
    if session != MUTATED:
        return
    assert len(variants) == len(solution_code_cells(source)) >= 11
    kept = free_removals(grades, variants, assignment)
    assert not kept, f"replacing these solution cells by the stub costs no point: {kept}"


def test_the_example_session_is_what_the_generator_renders(tmp_path):
    (tmp_path / "sujet").mkdir()
    notes = tmp_path / "notes.md"
    assert b2_sujet.write_sujet(b2_sujet.example_seed(), None, tmp_path / "sujet", notes) == 0
    fresh = sorted(p.relative_to(tmp_path / "sujet") for p in (tmp_path / "sujet").rglob("*") if p.is_file())
    assert fresh == sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    for path in fresh:
        assert filecmp.cmp(tmp_path / "sujet" / path, EXAMPLE / path, shallow=False), f"{path}: regenerate the example"
    assert notes.read_bytes() == (CASE / NOTES).read_bytes()


def test_a_seed_without_a_valid_draw_is_refused_in_french(course, monkeypatch, capsys):
    never = b2_stories.Story("histoire_impossible", "jamais vraie", lambda: False)
    monkeypatch.setattr(b2_stories, "STORIES", (never,))
    monkeypatch.setattr(b2_stories, "MAX_DRAWS", 1)
    assert main(["--course-dir", str(course), "session", "creer", "s9", "--graine", "9", "--blocs", "B2"]) == 2
    assert "« histoire_impossible » n'est pas vérifiée" in capsys.readouterr().err
    assert not (course / "sessions" / "s9").exists() and not (course / "source" / _assignment("s9")).exists()
