"""Bloc 4: render the complete Pépinières Vallon sujet of one session from its seed.

Bloc 4 has three assignments: the team project (three notebooks, the case data,
the brief and the contribution record's template), each member's individual part,
and the jury's defence grid. The public example (``source/b4_*/`` and
``case_studies/b4_vallon/NOTES_FORMATEUR.md``) is the template: its notebooks and
notes are copied with every data figure of their markdown recomputed on the
session's data (``figures.render`` with the tables of ``b4_figures``). Code cells
never quote a figure: hidden tests recompute their answers from the data beside
the notebook, visible tests use neutral example values.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from cpmc_course.resources import content_path
from cpmc_course.sessions import b4_data, b4_stories
from cpmc_course.sessions.b4_figures import (
    GRID_NOTEBOOK,
    INDIVIDUAL_NOTEBOOK,
    NOTES,
    TABLES,
    TEAM_NOTEBOOKS,
)
from cpmc_course.sessions.figures import render, render_notebook_file

TEAM = "b4_projet_web_equipe"
INDIVIDUAL = "b4_projet_web_individuel"
GRID = "b4_soutenance_grille_jury"
EPREUVES = (TEAM, INDIVIDUAL, GRID)
"""The bloc's assignments (``registry.Sujet``): the team project, the individual part, the defence grid."""
NOTEBOOKS = {TEAM: TEAM_NOTEBOOKS, INDIVIDUAL: (INDIVIDUAL_NOTEBOOK,), GRID: (GRID_NOTEBOOK,)}
"""Épreuve → its notebooks."""
EXTRA_FILES = {TEAM: ("cahier_des_charges.md", "contributions.csv"), INDIVIDUAL: (), GRID: ()}
"""Épreuve → the files copied unchanged from the example (brief, contribution record template)."""


def example_seed() -> int:
    """The seed of the public example session (the generator's ``SEED``)."""
    return b4_data.generator().SEED


def render_notebook(epreuve: str, name: str, session: str | None) -> nbformat.NotebookNode:
    """The example's notebook ``name`` of ``epreuve`` with its markdown figures recomputed on the bound data.

    ``session`` (None for the example itself) is written into the notebook's metadata
    with the épreuve: ``"cpmc": {"bloc": "B4", …, "session": …, "epreuve": …}``.
    """
    return render_notebook_file(content_path("source", epreuve, name), TABLES[name], epreuve, session, f"{epreuve}/{name}")


def render_notes() -> str:
    """The instructor notes of the example with their figures recomputed on the bound data."""
    template = content_path("case_studies", "b4_vallon", NOTES).read_text(encoding="utf-8")
    return render(template, TABLES[NOTES], NOTES)


def write_session(seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
    """Write the session's three assignments into ``source_root`` and its notes into ``notes_dir`` (``registry.Sujet``).

    Returns the number of the draw whose data satisfied every story (0 = first);
    raises ``CpmcError`` when no draw does, or when a figure has no entry.
    """
    folders = {e: source_root / f"{e}_{session}" for e in EPREUVES}
    for folder in folders.values():
        folder.mkdir(parents=True)
    data = folders[TEAM] / "data"
    draw = b4_stories.draw(seed, data)
    with b4_data.bound_to(data):
        for epreuve, folder in folders.items():
            for name in NOTEBOOKS[epreuve]:
                nbformat.write(render_notebook(epreuve, name, session), folder / name)
            for extra in EXTRA_FILES[epreuve]:
                shutil.copyfile(content_path("source", epreuve, extra), folder / extra)
        (notes_dir / "B4_NOTES_FORMATEUR.md").write_text(render_notes(), encoding="utf-8")
    return draw
