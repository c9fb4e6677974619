"""Links of the feedback pages that open a notebook in JupyterLab, or its path as text when no server is known.

A notebook linked by a relative ``.ipynb`` path opens as raw JSON in a browser. With a server configured
(``[liens] serveur`` of ``autograder/cpmc.toml``, or ``cpmc feedback --serveur``), a lesson is linked as
``<serveur>/lab/tree/courses/b5/01_….ipynb``; on JupyterHub the server of each student is
``https://hub.ecole.fr/user/{utilisateur}``, ``{utilisateur}`` being replaced by the student's id. Without a
server, the page gives the path (``courses/b5/01_….ipynb``) to open from JupyterLab's file browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..errors import CpmcError
from ..settings import settings_table

USER = "{utilisateur}"
"""Placeholder of the server's address replaced by the student's id (JupyterHub's ``/user/<nom>/``)."""

_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class LabLinks:
    """Where the notebooks of ``courses/`` open: a JupyterLab server's address (template) or nowhere."""

    server: str = ""
    """``http(s)://…`` of the Jupyter server, ``{utilisateur}`` allowed; empty: paths given as text."""
    folder: str = "courses"
    """Folder of the lessons in the server's file tree (relative to the folder the server was started in)."""

    def path(self, relative: str | Path) -> str:
        """The notebook's path in the server's tree, as the page shows it (``courses/b5/01_….ipynb``)."""
        return "/".join(p for p in (self.folder.strip("/"), Path(relative).as_posix()) if p)

    def href(self, relative: str | Path, student_id: str) -> str:
        """The JupyterLab address of a notebook of ``courses/`` for one student; empty without a server."""
        if not self.server:
            return ""
        base = self.server.rstrip("/").replace(USER, quote(student_id, safe=""))
        return f"{base}/lab/tree/{quote(self.path(relative))}"


def check_server(server: str, where: str) -> str:
    """``server`` when it is an http(s) address whose only placeholder is ``{utilisateur}``; a French error otherwise."""
    if not server:
        return ""
    parts = urlsplit(server)
    unknown = [p for p in _PLACEHOLDER.findall(server) if p != USER]
    if parts.scheme not in ("http", "https") or not parts.netloc or unknown:
        raise CpmcError(f"{where} : adresse du serveur Jupyter invalide : {server!r}. Donnez une adresse http:// ou "
                        f"https:// (par exemple http://localhost:8888 ou https://hub.ecole.fr/user/{USER}) ; "
                        f"{USER} est le seul remplacement possible.")
    return server


def load_links(config: str | Path | None, server: str | None = None) -> LabLinks:
    """The ``[liens]`` table of ``config`` (keys ``serveur``, ``dossier_cours``); ``server`` given wins over the file."""
    table = settings_table(config, "liens", ("serveur", "dossier_cours"))
    if not all(isinstance(v, str) for v in table.values()):
        raise CpmcError(f"{config} : serveur et dossier_cours de [liens] sont des textes entre guillemets.")
    if server is not None:
        return LabLinks(check_server(server, "--serveur"), table.get("dossier_cours", "courses"))
    return LabLinks(check_server(table.get("serveur", ""), f"{config} [liens] serveur"), table.get("dossier_cours", "courses"))
