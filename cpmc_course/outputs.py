"""Folders that a command writes and may replace: only an empty folder or one it marked itself, never the course."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CpmcError


def check_owned_folder(out: Path, marker: str, protected: Path | None, *, place: str, example: str, content: str,
                       foreign: str) -> None:
    """Refuse ``out`` when it holds ``protected`` (the course), is a file, or is a non-empty folder without ``marker``.

    ``place`` names the folder asked for (« dossier de rapport »), ``example`` its usual name under the course,
    ``content`` what goes in it (« le rapport ») and ``foreign`` how to say a folder is not ours.
    """
    out = out.resolve()
    if protected is not None:
        protected = protected.resolve()
        if out == protected or out in protected.parents:
            raise CpmcError(f"{out} contient le cours lui-même : choisissez un {place} à part (par exemple {protected / example}).")
    if out.exists() and not out.is_dir():
        raise CpmcError(f"{out} est un fichier : choisissez un dossier pour {content}.")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).exists():
        raise CpmcError(f"{out} {foreign} : choisissez un dossier vide ou nouveau.")


@contextmanager
def staged_folder(out: Path, marker: str, note: str) -> Iterator[Path]:
    """A temporary folder beside ``out``, marked with ``marker`` (holding ``note``), that replaces ``out`` on success.

    Everything is written in the yielded folder; on any failure it is removed and ``out`` is left untouched, so a
    command never leaves a half-written folder. Call :func:`check_owned_folder` first.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the pages are meant to be opened by others
    try:
        (tmp / marker).write_text(note, encoding="utf-8")
        yield tmp
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
