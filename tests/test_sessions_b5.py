"""Certification sessions of bloc 5: ``cpmc session creer`` on a fresh ``cpmc init`` course, graded for real.

One course, three sessions (``s2`` from the seed 12345 of the issue, two more
seeds), created through the CLI; then one ``pipeline.autograde(jobs=2)`` run
grades, for every session, the solution and the blank release, and for ``s2`` every
solution code cell replaced by its release stub (the hidden tests recompute from
the data beside the notebook, so the other seeds' regions would be removed the
same way); stubs that cannot influence each other's cells share a copy
(``tests/cell_dependencies.py``), each judged on the cells it can influence.
Each session's data differ from the example's, every planted story holds, every
number of its model answers, rubrics and instructor notes matches its data, its
solution scores every automatic point, its blank release none, and every
solution region is needed. The public example is what the generator renders for
the example seed, byte for byte.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import nbformat
import pytest
from b5_exam_run import ALLOWED, LESSONS
from builders import nbgrader_meta
from separation import find_leaks, written_figures
from session_checks import auto_score, free_removals, grade_sessions, session_course

from cpmc_course.cli import main
from cpmc_course.sessions import b5_data, b5_stories, b5_sujet
from cpmc_course.sessions.b5_figures import TABLES
from cpmc_course.sessions.figures import problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "source" / b5_sujet.EPREUVE
SEEDS = {"s2": 12345, "s3": 3, "s4": 4}
MUTATED = "s2"
"""The session whose every solution region is removed in turn (the other two: solution and blank release only)."""
NOTEBOOKS = b5_sujet.NOTEBOOKS

pytestmark = pytest.mark.nbgrader


def _assignment(session: str) -> str:
    return f"{b5_sujet.EPREUVE}_{session}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh ``cpmc init`` course holding the three sessions, created through the CLI."""
    return session_course(tmp_path_factory, "B5", SEEDS)


@pytest.fixture(scope="module")
def graded(course):
    """Solution, blank release and the stubbed copies of every solution cell of ``MUTATED``, graded in one batch."""
    return grade_sessions(course, {_assignment(s): NOTEBOOKS for s in SEEDS}, {_assignment(MUTATED)})


def test_sessions_are_recorded_and_listed(course, capsys):
    assert main(["--course-dir", str(course), "session", "liste"]) == 0
    out = capsys.readouterr().out
    for name, seed in SEEDS.items():
        assert f"{name} : créée le" in out and _assignment(name) in out
        record = json.loads((course / "sessions" / name / "session.json").read_text(encoding="utf-8"))
        assert (record["name"], record["seed"], record["blocs"], record["assignments"]) == (name, seed, ["B5"], [_assignment(name)])
        for nb_name in NOTEBOOKS:
            meta = nbformat.read(course / "source" / _assignment(name) / nb_name, as_version=4).metadata["cpmc"]
            assert meta == {"bloc": "B5", "session": name, "epreuve": b5_sujet.EPREUVE}
        assert (course / "release" / _assignment(name) / "data" / "leads.csv").is_file(), "data inside the student folder"
    assert not list(course.glob(".session-*")), "temporary folders are removed"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_data_stories_and_figures_of_a_session(course, session):
    folder = course / "source" / _assignment(session)
    for table in ("sessions.csv", "leads.csv", "clients_crm.csv", "campagne_fidelite.csv", "ventes_mensuelles.csv"):
        assert (folder / "data" / table).read_bytes() != (EXAMPLE / "data" / table).read_bytes(), table
    assert b5_stories.failing(folder / "data") == []
    notes = (course / "sessions" / session / "B5_NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    template = (ROOT / "case_studies" / "b5_calyce" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    assert notes != template, "the notes quote this session's figures"
    found = []
    with b5_data.bound_to(folder / "data"):
        found += problems(template, notes, TABLES["NOTES_FORMATEUR.md"], "notes")
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
    """The separation check of the example (tests/b5/test_b5_separation.py) on a generated session's written figures.

    Its model answers, rubrics and notes, its data rows and file names. Four significant
    digits: a fresh draw's three-digit figures meet the lessons' numbers by chance
    (s2's 218,69 against lesson 04's 219,00), the example's own check keeps three.
    """
    folder = course / "source" / _assignment(session)
    texts = [(course / "sessions" / session / "B5_NOTES_FORMATEUR.md").read_text(encoding="utf-8")]
    for name in NOTEBOOKS:
        texts += [c.source for c in nbformat.read(folder / name, as_version=4).cells
                  if c.cell_type == "markdown" and nbgrader_meta(c).get("solution")]
    figures = [f for text in texts for f in written_figures(text)]
    assert len(figures) > 300
    leaks = find_leaks(exam_data=[folder / "data"], exam_names=["Calyce", "calyce("], exam_figures=figures,
                       lessons=LESSONS, allowed=ALLOWED, min_digits=4)
    assert not leaks, "\n".join(leaks)


def test_a_wrong_figure_in_a_session_is_caught(course):
    folder = course / "source" / _assignment("s2")
    template = (ROOT / "case_studies" / "b5_calyce" / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    with b5_data.bound_to(folder / "data"):
        # the example's notes are false on this session's data
        assert problems(template, template, TABLES["NOTES_FORMATEUR.md"], "notes")


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
    assert total_auto == 43
    assert len([k for k in variants if k[1] == assignment]) >= 20 or session != MUTATED
    kept = free_removals(grades, variants, assignment)
    assert not kept, f"{session}: replacing these solution cells by the stub costs no point: {kept}"


def test_the_example_session_is_what_the_generator_renders(tmp_path):
    notes = tmp_path / "notes.md"
    (tmp_path / "sujet").mkdir()
    assert b5_sujet.write_sujet(b5_sujet.example_seed(), None, tmp_path / "sujet", notes) == 0
    fresh = sorted(p.relative_to(tmp_path / "sujet") for p in (tmp_path / "sujet").rglob("*") if p.is_file())
    assert fresh == sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*") if p.is_file())
    for path in fresh:
        assert filecmp.cmp(tmp_path / "sujet" / path, EXAMPLE / path, shallow=False), f"{path}: regenerate the example"
    assert notes.read_bytes() == (ROOT / "case_studies" / "b5_calyce" / "NOTES_FORMATEUR.md").read_bytes()


def test_bad_input_is_refused_in_french_and_writes_nothing(course, monkeypatch, capsys):
    before = sorted(p.relative_to(course) for p in course.rglob("*") if "submitted" not in p.parts and "autograded" not in p.parts)

    def run(*args: str) -> str:
        assert main(["--course-dir", str(course), "session", "creer", *args]) == 2
        return capsys.readouterr().err

    assert "le bloc B9 n'a pas encore de sujet générable" in run("s9", "--graine", "5", "--blocs", "B5,B9")
    assert "existe déjà" in run("s2", "--graine", "5")
    assert "nom de session invalide" in run("S 9", "--graine", "5")
    never = b5_stories.Story("histoire_impossible", "jamais vraie", lambda: False)
    monkeypatch.setattr(b5_stories, "STORIES", (*b5_stories.STORIES[:1], never))
    monkeypatch.setattr(b5_stories, "MAX_DRAWS", 1)
    assert "« histoire_impossible » n'est pas vérifiée" in run("s9", "--graine", "3")
    after = sorted(p.relative_to(course) for p in course.rglob("*") if "submitted" not in p.parts and "autograded" not in p.parts)
    assert after == before
