"""Certification sessions of bloc 1: ``cpmc session creer … --blocs B1`` on a fresh ``cpmc init`` course, graded for real.

One course, two sessions (``s2`` from the seed 12345, ``s3`` from the seed 3),
created through the CLI; then one ``pipeline.autograde(jobs=2)`` run grades, for
both sessions, the solution and the blank release, and for ``s2`` every solution
code cell replaced by its release stub (stubs that cannot influence each other's
cells share a copy, ``tests/cell_dependencies.py``; each is judged on the cells it
can influence). Each session's data differ from the example's, every planted story
holds, every number of its brief, model answers, rubrics and instructor notes
matches its data, its solution scores every automatic point, its blank release
none, and every solution region is needed. The public example is what the
generator renders for the example seed, byte for byte.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import nbformat
import pytest
from builders import auto_cells
from separation import find_leaks, written_figures
from session_checks import auto_score, free_removals, grade_sessions, session_course

from cpmc_course.cli import main
from cpmc_course.sessions import b1_data, b1_stories, b1_sujet
from cpmc_course.sessions.b1_figures import TABLES
from cpmc_course.sessions.figures import problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "source" / b1_sujet.EPREUVE
CASE = ROOT / "case_studies" / "b1_rouline"
SEEDS = {"s2": 12345, "s3": 3}
MUTATED = "s2"
"""The session whose every solution region is removed in turn (the other: solution and blank release only)."""
NOTEBOOKS = b1_sujet.NOTEBOOKS

pytestmark = pytest.mark.nbgrader


def _assignment(session: str) -> str:
    return f"{b1_sujet.EPREUVE}_{session}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh ``cpmc init`` course holding the two sessions, created through the CLI."""
    return session_course(tmp_path_factory, "B1", SEEDS)


@pytest.fixture(scope="module")
def graded(course):
    """Solution, blank release and the stubbed copies of every solution cell of ``MUTATED``, graded in one batch."""
    return grade_sessions(course, {_assignment(s): NOTEBOOKS for s in SEEDS}, {_assignment(MUTATED)})


def test_sessions_are_recorded(course):
    for name, seed in SEEDS.items():
        record = json.loads((course / "sessions" / name / "session.json").read_text(encoding="utf-8"))
        assert (record["seed"], record["blocs"], record["assignments"]) == (seed, ["B1"], [_assignment(name)])
        for nb_name in NOTEBOOKS:
            meta = nbformat.read(course / "source" / _assignment(name) / nb_name, as_version=4).metadata["cpmc"]
            assert meta == {"bloc": "B1", "session": name, "epreuve": b1_sujet.EPREUVE}
        assert (course / "release" / _assignment(name) / "data" / "enquete_consommateurs.csv").is_file()
        assert (course / "release" / _assignment(name) / b1_sujet.BRIEF).is_file()


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_data_stories_and_figures_of_a_session(course, session):
    folder = course / "source" / _assignment(session)
    for table in ("ventes_marques.csv", "enquete_consommateurs.csv", "benchmark_concurrents.csv", "parcours_client.csv",
                  "plan_media.csv"):
        assert (folder / "data" / table).read_bytes() != (EXAMPLE / "data" / table).read_bytes(), table
    assert b1_stories.failing(folder / "data") == []
    notes = (course / "sessions" / session / "B1_NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    template = (CASE / b1_sujet.NOTES).read_text(encoding="utf-8")
    assert notes != template, "the notes quote this session's figures"
    found = []
    with b1_data.bound_to(folder / "data"):
        found += problems(template, notes, TABLES[b1_sujet.NOTES], "notes")
        brief = (EXAMPLE / b1_sujet.BRIEF).read_text(encoding="utf-8")
        found += problems(brief, (folder / b1_sujet.BRIEF).read_text(encoding="utf-8"), TABLES[b1_sujet.BRIEF], "brief")
        for name in NOTEBOOKS:
            model = nbformat.read(EXAMPLE / name, as_version=4).cells
            cells = nbformat.read(folder / name, as_version=4).cells
            assert [c.cell_type for c in cells] == [c.cell_type for c in model]
            for i, (old, new) in enumerate(zip(model, cells)):
                if new.cell_type == "markdown":
                    found += problems(old.source, new.source, TABLES[name], f"{name}, cellule {i}")
                else:
                    assert new.source == old.source, "code cells quote no figure"
    assert not found, "\n".join(found)


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_no_lesson_shows_a_session(course, session):
    """The lesson/exam separation check on a generated session's written figures, data rows and file names.

    Four significant digits, as for bloc 5: a fresh draw's three-digit figures meet the lessons' numbers by chance.
    """
    folder = course / "source" / _assignment(session)
    texts = [(course / "sessions" / session / "B1_NOTES_FORMATEUR.md").read_text(encoding="utf-8"),
             (folder / b1_sujet.BRIEF).read_text(encoding="utf-8")]
    for name in NOTEBOOKS:
        texts += [c.source for c in nbformat.read(folder / name, as_version=4).cells
                  if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    figures = [f for text in texts for f in written_figures(text)]
    assert len(figures) > 250
    leaks = find_leaks(exam_data=[folder / "data"], exam_names=["Rouline", "rouline("], exam_figures=figures,
                       lessons=[ROOT / "courses" / "b1", ROOT / "cpmc_course" / "lessons" / "b1"], min_digits=4)
    assert not leaks, "\n".join(leaks)


def test_a_wrong_figure_in_a_session_is_caught(course):
    folder = course / "source" / _assignment("s2")
    template = (CASE / b1_sujet.NOTES).read_text(encoding="utf-8")
    with b1_data.bound_to(folder / "data"):
        assert problems(template, template, TABLES[b1_sujet.NOTES], "notes"), "the example's notes are false on s2"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_solution_full_blank_zero_every_region_needed(course, graded, session):
    grades, variants = graded
    assignment = _assignment(session)
    total_auto = 0.0
    for name in NOTEBOOKS:
        scored, total = auto_score(grades, course, "solution", assignment, name)
        assert scored == total > 0, f"{session} {name}: the solution scores {scored}/{total}"
        total_auto += total
        blank, _ = auto_score(grades, course, "vierge", assignment, name)
        assert blank == 0, f"{session} {name}: the blank release scores {blank}"
    assert total_auto == sum(c.metadata["nbgrader"]["points"] for n in NOTEBOOKS
                             for c in nbformat.read(EXAMPLE / n, as_version=4).cells
                             if c.metadata.get("nbgrader", {}).get("grade_id") in auto_cells(nbformat.read(EXAMPLE / n, as_version=4)))
    assert len([k for k in variants if k[1] == assignment]) >= 15 or session != MUTATED
    kept = free_removals(grades, variants, assignment)
    assert not kept, f"{session}: replacing these solution cells by the stub costs no point: {kept}"


def test_the_example_session_is_what_the_generator_renders(tmp_path):
    notes = tmp_path / "notes.md"
    (tmp_path / "sujet").mkdir()
    assert b1_sujet.write_sujet(b1_sujet.example_seed(), None, tmp_path / "sujet", notes) == 0
    fresh = sorted(p.relative_to(tmp_path / "sujet") for p in (tmp_path / "sujet").rglob("*") if p.is_file())
    assert fresh == sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    for path in fresh:
        assert filecmp.cmp(tmp_path / "sujet" / path, EXAMPLE / path, shallow=False), f"{path}: regenerate the example"
    assert notes.read_bytes() == (CASE / b1_sujet.NOTES).read_bytes()


def test_a_seed_whose_stories_never_hold_is_refused_in_french(course, monkeypatch, capsys):
    never = b1_stories.Story("histoire_impossible", "jamais vraie", lambda: False)
    monkeypatch.setattr(b1_stories, "STORIES", (*b1_stories.STORIES[:1], never))
    monkeypatch.setattr(b1_stories, "MAX_DRAWS", 1)
    assert main(["--course-dir", str(course), "session", "creer", "s9", "--graine", "3", "--blocs", "B1"]) == 2
    assert "« histoire_impossible » n'est pas vérifiée" in capsys.readouterr().err
    assert not (course / "source" / _assignment("s9")).exists() and not (course / "sessions" / "s9").exists()


@pytest.mark.parametrize("seed", range(20, 26))
def test_every_seed_finds_a_draw_where_every_story_holds(tmp_path, seed):
    assert b1_stories.draw(seed, tmp_path / "data") < b1_stories.MAX_DRAWS
