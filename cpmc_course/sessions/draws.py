"""Planted stories of a sujet and the redraw loop that makes every one of them hold, shared by the blocs.

A bloc's stories module (``b2_stories``) lists its ``Story`` checks on the case
data bound with its data module's ``bound_to``; ``failing`` names those that do
not hold on a folder of data, ``draw`` writes the first draw of a seed on which
they all hold (the generator's ``write(folder, seed, draw)``), or raises a French
``CpmcError`` naming the stories that kept failing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from cpmc_course.errors import CpmcError


@dataclass(frozen=True)
class Story:
    """A property of the data that the sujet's questions, model answers and notes rely on."""

    name: str
    """Identifier, quoted in error messages and in the notes."""
    text: str
    """What a candidate should find, in French."""
    holds: Callable[[], bool]
    """The check, on the bound data."""


def failing(stories: Iterable[Story], bound_to: Callable[[Path], AbstractContextManager], data: Path,
            first_only: bool = False) -> list[str]:
    """Names of the ``stories`` that do not hold on the data in ``data`` (only the first one if ``first_only``)."""
    failed = []
    with bound_to(data):
        for story in stories:
            if not story.holds():
                failed.append(story.name)
                if first_only:
                    break
    return failed


def draw(seed: int, out: Path, *, write: Callable[[Path, int, int], None], stories: Iterable[Story],
         bound_to: Callable[[Path], AbstractContextManager], max_draws: int) -> int:
    """Write into ``out`` the first draw of ``seed`` on which every story holds; return its number (0 = first)."""
    stories = tuple(stories)
    failed: list[str] = []
    for attempt in range(max_draws):
        with tempfile.TemporaryDirectory(prefix="cpmc_tirage_") as tmp:
            write(Path(tmp), seed, attempt)
            failed = failing(stories, bound_to, Path(tmp), first_only=attempt < max_draws - 1)
            if not failed:
                shutil.copytree(tmp, out, dirs_exist_ok=True)
                return attempt
    raise CpmcError(f"la graine {seed} ne donne pas un sujet valable en {max_draws} tirages : l'histoire "
                    f"« {failed[0] if len(failed) == 1 else ', '.join(failed)} » n'est pas vérifiée. "
                    "Choisissez une autre graine.")
