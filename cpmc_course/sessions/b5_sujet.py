"""Bloc 5: render the complete Calyce sujet of one session from its seed.

The public example session (``source/b5_donnees_marketing/`` and
``case_studies/b5_calyce/NOTES_FORMATEUR.md``) is the template: its notebooks
(solutions, hidden tests, model answers, rubrics) and notes are copied with every
data figure of their markdown recomputed on the session's data (``figures.render``
with the tables of ``b5_figures``). Code cells never quote a figure: hidden tests
recompute their answers from the data beside the notebook, visible tests use
neutral example values.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from cpmc_course.resources import content_path
from cpmc_course.sessions import b5_data, b5_stories
from cpmc_course.sessions.b5_figures import TABLES
from cpmc_course.sessions.figures import render, render_notebook_file

EPREUVE = "b5_donnees_marketing"
"""The épreuve's assignment name in the example; a session's is ``b5_donnees_marketing_<session>``."""
NOTEBOOKS = tuple(name for name in TABLES if name.endswith(".ipynb"))
NOTES = "NOTES_FORMATEUR.md"
BRIEF = "cahier_des_charges.md"


def example_seed() -> int:
    """The seed of the public example session (the generator's ``SEED``)."""
    return b5_data.generator().SEED


def render_notebook(name: str, session: str | None) -> nbformat.NotebookNode:
    """The example's notebook ``name`` with its markdown figures recomputed on the bound data.

    ``session`` (None for the example itself) is written into the notebook's
    metadata with the bloc and the épreuve: ``"cpmc": {"bloc": "B5", "session": …}``.
    """
    return render_notebook_file(b5_data.EXAMPLE / name, TABLES[name], EPREUVE, session, name)


def render_notes() -> str:
    """The instructor notes of the example with their figures recomputed on the bound data."""
    template = content_path("case_studies", "b5_calyce", NOTES).read_text(encoding="utf-8")
    return render(template, TABLES[NOTES], NOTES)


def write_sujet(seed: int, session: str | None, assignment: Path, notes: Path) -> int:
    """Write the sujet of ``seed`` into ``assignment`` (notebooks, ``data/``, brief) and its notes into ``notes``.

    Returns the number of the draw whose data satisfied every story (0 = first);
    raises ``CpmcError`` when no draw does, or when a figure has no entry.
    """
    data = assignment / "data"
    draw = b5_stories.draw(seed, data)
    shutil.copyfile(b5_data.EXAMPLE / BRIEF, assignment / BRIEF)
    with b5_data.bound_to(data):
        for name in NOTEBOOKS:
            nbformat.write(render_notebook(name, session), assignment / name)
        notes.write_text(render_notes(), encoding="utf-8")
    return draw


EPREUVES = (EPREUVE,)
"""The bloc's épreuves (``registry.Sujet``): bloc 5 has one."""


def write_session(seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
    """Write the session's épreuve into ``source_root`` and its notes into ``notes_dir`` (``registry.Sujet``)."""
    assignment = source_root / f"{EPREUVE}_{session}"
    assignment.mkdir(parents=True)
    return write_sujet(seed, session, assignment, notes_dir / "B5_NOTES_FORMATEUR.md")
