"""Bloc 1: render the complete Rouline sujet of one session from its seed.

The public example session (``source/b1_plan_marketing/``, its brief
``cahier_des_charges.md`` and ``case_studies/b1_rouline/NOTES_FORMATEUR.md``) is
the template: its notebooks (solutions, hidden tests, model answers, rubrics), its
brief and its notes are copied with every data figure of their text recomputed on
the session's data (``figures.render`` with the tables of ``b1_figures``). Code
cells never quote a data figure: hidden tests recompute their answers from the
data beside the notebook, visible tests use neutral example values.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from cpmc_course.resources import content_path
from cpmc_course.sessions import b1_data, b1_stories
from cpmc_course.sessions.b1_figures import TABLES
from cpmc_course.sessions.figures import render, render_notebook_file

EPREUVE = "b1_plan_marketing"
"""The épreuve's assignment name in the example; a session's is ``b1_plan_marketing_<session>``."""
NOTEBOOKS = tuple(name for name in TABLES if name.endswith(".ipynb"))
NOTES = "NOTES_FORMATEUR.md"
BRIEF = "cahier_des_charges.md"


def example_seed() -> int:
    """The seed of the public example session (the generator's ``SEED``)."""
    return b1_data.generator().SEED


def render_notebook(name: str, session: str | None) -> nbformat.NotebookNode:
    """The example's notebook ``name`` with its markdown figures recomputed on the bound data.

    ``session`` (None for the example itself) is written into the notebook's
    metadata with the bloc and the épreuve: ``"cpmc": {"bloc": "B1", "session": …}``.
    """
    return render_notebook_file(b1_data.EXAMPLE / name, TABLES[name], EPREUVE, session, name)


def render_text(template: Path, name: str) -> str:
    """The example's text document ``template`` (brief or notes) with its figures recomputed on the bound data."""
    return render(template.read_text(encoding="utf-8"), TABLES[name], name)


def write_sujet(seed: int, session: str | None, assignment: Path, notes: Path) -> int:
    """Write the sujet of ``seed`` into ``assignment`` (notebooks, ``data/``, brief) and its notes into ``notes``.

    Returns the number of the draw whose data satisfied every story (0 = first);
    raises ``CpmcError`` when no draw does, or when a figure has no entry.
    """
    data = assignment / "data"
    draw = b1_stories.draw(seed, data)
    with b1_data.bound_to(data):
        (assignment / BRIEF).write_text(render_text(b1_data.EXAMPLE / BRIEF, BRIEF), encoding="utf-8")
        for name in NOTEBOOKS:
            nbformat.write(render_notebook(name, session), assignment / name)
        notes.write_text(render_text(content_path("case_studies", "b1_rouline", NOTES), NOTES), encoding="utf-8")
    return draw


EPREUVES = (EPREUVE,)
"""The bloc's épreuves (``registry.Sujet``): bloc 1 has one."""


def write_session(seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
    """Write the session's épreuve into ``source_root`` and its notes into ``notes_dir`` (``registry.Sujet``)."""
    assignment = source_root / f"{EPREUVE}_{session}"
    assignment.mkdir(parents=True)
    return write_sujet(seed, session, assignment, notes_dir / "B1_NOTES_FORMATEUR.md")
