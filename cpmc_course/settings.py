"""The course's settings file, ``autograder/cpmc.toml``: one table at a time, unknown keys refused in French."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Iterable

from .errors import CpmcError


def settings_table(path: str | Path | None, section: str, known: Iterable[str]) -> dict:
    """The ``[section]`` table of the TOML file ``path`` (``{}`` when the file or the table is absent).

    An unreadable file or a key outside ``known`` is a :class:`CpmcError` naming the file and the section.
    """
    if path is None or not Path(path).is_file():
        return {}
    try:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get(section, {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CpmcError(f"{path} : fichier de réglages illisible ({exc}).") from None
    if not isinstance(table, dict):
        raise CpmcError(f"{path} : [{section}] doit être une section de réglages.")
    known = list(known)
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise CpmcError(f"{path}, section [{section}] : réglage(s) inconnu(s) {', '.join(unknown)} ; "
                        f"connus : {', '.join(known)}.")
    return table
