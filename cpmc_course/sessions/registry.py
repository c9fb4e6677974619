"""The blocs whose sujet a session can generate, and what each bloc's sujet module provides.

A bloc's sujet module (``b5_sujet`` for bloc 5) is registered in ``SUJETS`` and
provides ``EPREUVES``, the names of its épreuves' assignments in the public
example (a session's are suffixed ``_<session>``), and ``write_session``, which
writes every épreuve of the session into ``source_root/<épreuve>_<session>/``
(notebooks, data, brief) and the instructor notes into the session's folder
(``<BLOC>_NOTES_FORMATEUR.md``, more files if the bloc needs them). Registering a
bloc is the only change ``cpmc session`` needs.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

from cpmc_course.errors import CpmcError


class Sujet(Protocol):
    """What ``session.create_session`` needs from a bloc's sujet module."""

    EPREUVES: tuple[str, ...]

    def write_session(self, seed: int, session: str, source_root: Path, notes_dir: Path) -> int:
        """Write the session's épreuves and notes; return the draw of the seed that satisfied every story."""


SUJETS = {
    "B1": "cpmc_course.sessions.b1_sujet",
    "B2": "cpmc_course.sessions.b2_sujet",
    "B3": "cpmc_course.sessions.b3_sujet",
    "B4": "cpmc_course.sessions.b4_sujet",
    "B5": "cpmc_course.sessions.b5_sujet",
}
"""Bloc → module of its sujet (imported on first use: the generators load case data)."""


def sujet(bloc: str) -> Sujet:
    """The sujet module of ``bloc``; a French ``CpmcError`` for a bloc without a generated sujet."""
    if bloc not in SUJETS:
        raise CpmcError(f"le bloc {bloc} n'a pas encore de sujet générable ; "
                        f"blocs disponibles : {', '.join(sorted(SUJETS))}.")
    return importlib.import_module(SUJETS[bloc])
