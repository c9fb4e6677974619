"""Bloc 2: render the complete Nettalpe sujet of one session from its seed.

The public example session (``source/b2_plan_actions_commerciales/``, its brief
and ``case_studies/b2_nettalpe/NOTES_FORMATEUR.md``) is the template: the notebook
(solutions, hidden tests, model answers, rubrics), the brief and the notes are
copied with every data figure of their text recomputed on the session's data
(``figures.render`` with the tables of ``b2_figures``). Code cells quote no data
figure: hidden tests recompute their answers from the data beside the notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from cpmc_course.resources import content_path
from cpmc_course.sessions import b2_data, b2_stories
from cpmc_course.sessions.b2_figures import BRIEF, NOTEBOOK, NOTES, TABLES
from cpmc_course.sessions.figures import render, render_notebook_file

EPREUVE = "b2_plan_actions_commerciales"
"""The épreuve's assignment name in the example; a session's is ``b2_plan_actions_commerciales_<session>``."""
CASE = ("case_studies", "b2_nettalpe")
BRIEF_COPY = "cahier_des_charges.md"


def example_seed() -> int:
    """The seed of the public example session (the generator's ``SEED``)."""
    return b2_data.generator().SEED


def render_notebook(session: str | None) -> nbformat.NotebookNode:
    """The example's notebook with its markdown figures recomputed on the bound data (session in its metadata)."""
    return render_notebook_file(b2_data.EXAMPLE / NOTEBOOK, TABLES[NOTEBOOK], EPREUVE, session, NOTEBOOK)


def render_text(name: str) -> str:
    """The case's ``NOTES_FORMATEUR.md`` or ``README.md`` (the brief) with its figures recomputed on the bound data."""
    template = content_path(*CASE, name).read_text(encoding="utf-8")
    return render(template, TABLES[name], name)


def write_sujet(seed: int, session: str | None, assignment: Path, notes: Path) -> int:
    """Write the sujet of ``seed`` into ``assignment`` (notebook, ``data/``, brief) and its notes into ``notes``.

    Returns the number of the draw whose data satisfied every story (0 = first);
    raises ``CpmcError`` when no draw does, or when a figure has no entry.
    """
    data = assignment / "data"
    draw = b2_stories.draw(seed, data)
    with b2_data.bound_to(data):
        nbformat.write(render_notebook(session), assignment / NOTEBOOK)
        (assignment / BRIEF_COPY).write_text(render_text(BRIEF), encoding="utf-8")
        notes.write_text(render_text(NOTES), encoding="utf-8")
    return draw


EPREUVES = (EPREUVE,)
"""The bloc's épreuves (``registry.Sujet``): bloc 2 has one."""


def write_session(seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
    """Write the session's épreuve into ``source_root`` and its notes into ``notes_dir`` (``registry.Sujet``)."""
    assignment = source_root / f"{EPREUVE}_{session}"
    assignment.mkdir(parents=True)
    return write_sujet(seed, session, assignment, notes_dir / "B2_NOTES_FORMATEUR.md")
