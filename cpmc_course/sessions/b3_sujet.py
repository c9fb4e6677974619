"""Bloc 3: render the complete Lunéa sujet of one session (both épreuves) from its seed.

The public example (``source/b3_offre_relation_client/``,
``source/b3_oral_resolution_probleme/``, ``source/b3_oral_grille_jury/`` and
``case_studies/b3_lunea/NOTES_FORMATEUR.md``) is the template: its notebooks
(solutions, hidden tests, model answers, rubrics) and notes are copied with every
data figure of their markdown recomputed on the session's data (``figures.render``
with the tables of ``b3_figures``). One draw of the seed gives both épreuves'
data: épreuve 2's incident is derived from épreuve 1's solution of the same draw
(the generator's ``incident``). Épreuve 1's folder receives only its own files and
the brief without section 5, so it never reveals épreuve 2; the instructor's
labels of the social-listening corpus stay in the session's folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nbformat

from cpmc_course.resources import content_path
from cpmc_course.sessions import b3_data, b3_stories
from cpmc_course.sessions.b3_figures import TABLES
from cpmc_course.sessions.figures import render, render_notebook_file

OFFRE, ORAL, GRILLE = "b3_offre_relation_client", "b3_oral_resolution_probleme", "b3_oral_grille_jury"
EPREUVES = (OFFRE, ORAL, GRILLE)
"""The bloc's assignments (``registry.Sujet``): the written offer (épreuve 1), the group's file and the jury grid (épreuve 2)."""
NOTEBOOKS = {OFFRE: ("offre_relation_client.ipynb",), ORAL: ("preparation_groupe.ipynb",), GRILLE: ("grille_jury.ipynb",)}
NOTES = "NOTES_FORMATEUR.md"
BRIEF = "cahier_des_charges.md"
LABELS = "avis_social_etiquettes.csv"
"""The instructor's labels of every post: kept in the session's folder, never handed out."""


def example_seed() -> int:
    """The seed of the public example session (the generator's ``SEED``)."""
    return b3_data.generator().SEED


def data_files(epreuve: str) -> tuple[str, ...]:
    """The CSV files handed out with ``epreuve`` (none with the jury grid)."""
    generator = b3_data.generator()
    return {OFFRE: generator.OFFRE_FILES, ORAL: generator.ORAL_FILES}.get(epreuve, ())


def brief(epreuve: str) -> str | None:
    """The brief handed out with ``epreuve``: épreuve 2's adds its section 5 (the incident), épreuve 1's stops before."""
    case = content_path("case_studies", "b3_lunea")
    text = (case / "README.md").read_text(encoding="utf-8")
    if epreuve == ORAL:
        return text + "\n" + (case / "EPREUVE_2.md").read_text(encoding="utf-8")
    return text if epreuve == OFFRE else None


def render_notebook(epreuve: str, name: str, session: str | None) -> nbformat.NotebookNode:
    """The example's notebook ``name`` of ``epreuve`` with its markdown figures recomputed on the bound data."""
    return render_notebook_file(content_path("source", epreuve, name), TABLES[name], epreuve, session, f"{epreuve}/{name}")


def render_notes() -> str:
    """The instructor notes of the example with their figures recomputed on the bound data."""
    template = content_path("case_studies", "b3_lunea", NOTES).read_text(encoding="utf-8")
    return render(template, TABLES[NOTES], NOTES)


def write_epreuve(epreuve: str, session: str, data: Path, folder: Path) -> None:
    """Write ``epreuve``'s notebooks, its own data files (from the full draw in ``data``) and its brief into ``folder``."""
    folder.mkdir(parents=True)
    files = data_files(epreuve)
    if files:
        (folder / "data").mkdir()
        for name in files:
            shutil.copyfile(data / name, folder / "data" / name)
    text = brief(epreuve)
    if text is not None:
        (folder / BRIEF).write_text(text, encoding="utf-8")
    for name in NOTEBOOKS[epreuve]:
        nbformat.write(render_notebook(epreuve, name, session), folder / name)


def write_session(seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
    """Write the session's three assignments into ``source_root`` and its notes into ``notes_dir`` (``registry.Sujet``).

    Returns the number of the draw whose data satisfied every story (0 = first);
    raises ``CpmcError`` when no draw does, or when a figure has no entry.
    """
    with tempfile.TemporaryDirectory(prefix="cpmc_b3_") as tmp:
        data = Path(tmp)
        draw = b3_stories.draw(seed, data)
        with b3_data.bound_to(data):
            for epreuve in EPREUVES:
                write_epreuve(epreuve, session, data, source_root / f"{epreuve}_{session}")
            (notes_dir / f"B3_{NOTES}").write_text(render_notes(), encoding="utf-8")
        shutil.copyfile(data / LABELS, notes_dir / f"B3_{LABELS}")
    return draw
