"""Folders that a command writes and may replace: only an empty folder or one it marked itself, never the course."""

from __future__ import annotations

from pathlib import Path

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
