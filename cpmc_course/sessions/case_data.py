"""What every bloc's data module shares: its case generator, and the folders its figures are read from.

A bloc's data module (``b2_data``) computes every figure of its sujet from CSV
files: the public example's by default, a session's inside ``bound_to``. Two
pieces were written five times and live here once: ``load_generator`` imports a
case's ``generate_data.py`` as a module (its rules and draws), and ``Binding``
holds the folders with a ``bound`` block that rebinds them and clears the
module's caches on the way in and out.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType

from cpmc_course.resources import content_path


@cache
def load_generator(case: str) -> ModuleType:
    """The generator ``case_studies/<case>/generate_data.py``, imported once as a module."""
    path = content_path("case_studies", case, "generate_data.py")
    spec = importlib.util.spec_from_file_location(f"{case}_generate_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Binding:
    """The folders a bloc's figures are computed from, by name (``data``, ``source``…).

    ``clear`` empties the module's caches; it is called whenever the folders
    change, so that no figure of one session is served inside another's block.
    """

    def __init__(self, clear: Callable[[], None], **folders: Path) -> None:
        self._clear = clear
        self._folders = {name: Path(folder) for name, folder in folders.items()}

    def __getitem__(self, name: str) -> Path:
        return self._folders[name]

    @contextmanager
    def bound(self, **folders: Path | None) -> Iterator[None]:
        """Read the given folders (``None`` keeps the current one) inside the block."""
        before = dict(self._folders)
        self._folders.update({name: Path(f) for name, f in folders.items() if f is not None})
        self._clear()
        try:
            yield
        finally:
            self._folders = before
            self._clear()
