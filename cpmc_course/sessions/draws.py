"""Redrawing a seed until a sujet's planted stories hold: shared by the blocs' story modules.

A bloc's story module (``b4_stories``) lists its ``Story`` checks and binds its
data module to a folder; ``failing`` runs the checks on one draw, ``first_valid``
writes draws of a seed until one satisfies them all.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from cpmc_course.errors import CpmcError


def failing(stories: Sequence, bound_to: Callable[[Path], AbstractContextManager], data: Path, first_only: bool = False) -> list[str]:
    """Names of ``stories`` (each with ``name`` and ``holds()``) that do not hold on the data of ``data``."""
    failed = []
    with bound_to(data):
        for story in stories:
            if not story.holds():
                failed.append(story.name)
                if first_only:
                    break
    return failed


def first_valid(write: Callable[[Path, int, int], None], check: Callable[[Path, bool], list[str]], seed: int, out: Path,
                max_draws: int) -> int:
    """Write into ``out`` the first draw of ``seed`` that ``check`` passes; return its number (0 = first).

    ``write(folder, seed, attempt)`` writes a draw, ``check(folder, first_only)`` names its
    failing stories. Raises a French ``CpmcError`` naming the stories that failed on the
    last draw when none of ``max_draws`` draws passes; ``out`` is then left unwritten.
    """
    failed: list[str] = []
    for attempt in range(max_draws):
        with tempfile.TemporaryDirectory(prefix="cpmc_tirage_") as tmp:
            write(Path(tmp), seed, attempt)
            failed = check(Path(tmp), attempt < max_draws - 1)
            if not failed:
                shutil.copytree(tmp, out, dirs_exist_ok=True)
                return attempt
    raise CpmcError(f"la graine {seed} ne donne pas un sujet valable en {max_draws} tirages : l'histoire "
                    f"« {failed[0] if len(failed) == 1 else ', '.join(failed)} » n'est pas vérifiée. "
                    "Choisissez une autre graine.")
