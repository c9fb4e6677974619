"""Turn a handed-in folder into a copy nbgrader can grade safely, and say in French what was wrong.

Only regular files with one name are copied (a symbolic or hard link, a
device or a pipe is never followed nor read); an nbformat 3 notebook is upgraded; graded cells are
checked against ``source/``: a duplicated, renamed or deleted graded cell is
neutralised so that the rest of the copy is graded, and listed so that it
scores 0. A copy nothing can be graded from (no notebook, empty, not UTF-8,
invalid JSON, a notebook too big or nested too deep for the grader) gets a
French reason naming the file instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_COPY_BYTES = 200 * 1024 * 1024
"""A copy's files beyond this total are not staged (the disk is shared by the whole cohort)."""
SKIPPED_DIRS = {".ipynb_checkpoints", "__pycache__"}
MAX_JSON_DEPTH = 64
"""Nesting of lists and objects a notebook may have (Jupyter writes about ten; nbgrader recurses into each level)."""


@dataclass
class Staged:
    """Result of staging one copy."""

    fatal: str = ""
    """Why nothing can be graded, or ``""``."""
    notes: list[str] = field(default_factory=list)
    """French remarks on what was ignored or neutralised."""
    zero: dict[str, dict[str, str]] = field(default_factory=dict)
    """``{notebook: {grade_id: French reason}}``: graded cells to score 0 after grading."""


def _walk(root: Path):
    """(relative path, lstat) of every entry under ``root``, never following links."""
    stack = [Path()]
    while stack:
        rel = stack.pop()
        with os.scandir(root / rel) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                st = entry.stat(follow_symlinks=False)
                path = rel / entry.name
                yield path, st
                if stat.S_ISDIR(st.st_mode) and entry.name not in SKIPPED_DIRS:
                    stack.append(path)


def fingerprint(copy_dir: Path) -> str:
    """SHA-256 of a copy's names and regular files' contents; links hashed by their target, never read."""
    digest = hashlib.sha256()
    for rel, st in sorted(_walk(copy_dir)):
        digest.update(str(rel).encode("utf-8", "surrogateescape") + b"\0")
        if stat.S_ISREG(st.st_mode):
            with open(copy_dir / rel, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        elif stat.S_ISLNK(st.st_mode):
            digest.update(b"->" + os.fsencode(os.readlink(copy_dir / rel)))
    return digest.hexdigest()


def _read_notebook(path: Path) -> tuple[dict | None, str]:
    import nbformat

    raw = path.read_bytes()
    if not raw.strip():
        return None, f"{path.name} : fichier vide"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, f"{path.name} : fichier illisible (encodage non UTF-8)"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, (f"{path.name} : notebook illisible, JSON invalide (ligne {exc.lineno}, colonne {exc.colno}) ; "
                      "le fichier est tronqué ou a été modifié hors de Jupyter")
    except (RecursionError, MemoryError):
        data = None
    if data is None or _too_deep(data):
        return None, (f"{path.name} : notebook refusé, JSON imbriqué sur plus de {MAX_JSON_DEPTH} niveaux ; "
                      "le fichier a été modifié hors de Jupyter, rendez-le tel que Jupyter l'enregistre")
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        return None, f"{path.name} : ce fichier n'est pas un notebook Jupyter (pas de liste de cellules)"
    if data.get("nbformat", 4) < 4:
        try:
            data = json.loads(nbformat.writes(nbformat.reads(text, as_version=4)))
        except Exception as exc:  # noqa: BLE001 - any failure of the upgrade is the copy's fault
            return None, f"{path.name} : notebook au format 3 impossible à convertir ({exc})"
    return data, ""


def _too_deep(data: object) -> bool:
    """Whether lists and objects are nested deeper than ``MAX_JSON_DEPTH`` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if level > MAX_JSON_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _cell_problem(cell: object) -> str:
    if not isinstance(cell, dict):
        return "une cellule n'est pas un objet JSON"
    meta = cell.get("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("nbgrader", {}), dict):
        return "les métadonnées d'une cellule sont mal formées"
    return ""


def _graded_cells(nb: dict) -> dict[str, dict]:
    found = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("grade_id"):
            found[meta["grade_id"]] = meta
    return found


def _repair(nb: dict, source: dict, name: str, staged: Staged) -> None:
    """Neutralise duplicated and unknown graded cells; list missing ones (score 0)."""
    expected = _graded_cells(source)
    seen: set[str] = set()
    zero = staged.zero.setdefault(name, {})
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        grade_id = meta.get("grade_id") if meta else None
        if not grade_id:
            continue
        if grade_id in seen:
            del cell["metadata"]["nbgrader"]
            zero[grade_id] = "cellule notée dupliquée dans la copie : elle compte 0"
        elif grade_id not in expected:
            del cell["metadata"]["nbgrader"]
            staged.notes.append(f"{name} : cellule notée inconnue {grade_id!r} (renommée ?) ignorée")
        seen.add(grade_id)
    for grade_id, meta in expected.items():
        if grade_id not in seen and (meta.get("grade") or meta.get("task")):
            zero[grade_id] = "cellule notée supprimée ou renommée dans la copie : elle compte 0"
    for grade_id, reason in zero.items():
        staged.notes.append(f"{name} / {grade_id} : {reason}")
    if not zero:
        del staged.zero[name]


def stage(copy_dir: Path, target: Path, source_dir: Path) -> Staged:
    """Copy ``copy_dir`` into ``target`` (emptied first) as described in the module docstring."""
    staged = Staged()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    notebooks = []
    total = 0
    for rel, st in _walk(copy_dir):
        if rel.parts[0] in SKIPPED_DIRS or any(p in SKIPPED_DIRS for p in rel.parts):
            continue
        if stat.S_ISDIR(st.st_mode):
            (target / rel).mkdir(exist_ok=True)
        elif stat.S_ISLNK(st.st_mode):
            staged.notes.append(f"{rel} : lien symbolique ignoré (jamais suivi)")
        elif not stat.S_ISREG(st.st_mode):
            staged.notes.append(f"{rel} : fichier spécial ignoré")
        elif st.st_nlink > 1:  # a hard link: its other names may be anywhere on the disk (the gradebook…)
            staged.notes.append(f"{rel} : fichier à plusieurs liens physiques ignoré (jamais lu)")
        elif len(rel.parts) == 1 and rel.suffix == ".ipynb" and (st.st_size > MAX_FILE_BYTES or total + st.st_size > MAX_COPY_BYTES):
            staged.fatal = (f"{rel.name} : notebook trop volumineux ({st.st_size / 2**20:.0f} Mio ; au plus {MAX_FILE_BYTES // 2**20} Mio "
                            f"par fichier et {MAX_COPY_BYTES // 2**20} Mio par copie) ; effacez les sorties des cellules avant de le rendre")
            return staged
        elif st.st_size > MAX_FILE_BYTES or total + st.st_size > MAX_COPY_BYTES:
            staged.notes.append(f"{rel} : fichier ignoré (plus de {MAX_FILE_BYTES // 2**20} Mio, ou copie de plus de {MAX_COPY_BYTES // 2**20} Mio)")
        elif len(rel.parts) == 1 and rel.suffix == ".ipynb":
            total += st.st_size
            notebooks.append(rel)
        else:
            total += st.st_size
            with open(copy_dir / rel, "rb") as src, open(target / rel, "xb") as dst:
                shutil.copyfileobj(src, dst)
    if not notebooks:
        ignored = [note for note in staged.notes if ".ipynb" in note.split(" : ")[0]]
        staged.fatal = "aucun notebook dans le dossier rendu" + (f" ({' ; '.join(ignored)})" if ignored else "")
        return staged
    for rel in notebooks:
        nb, reason = _read_notebook(copy_dir / rel)
        if nb is None:
            staged.fatal = reason
            return staged
        for cell in nb["cells"]:
            problem = _cell_problem(cell)
            if problem:
                staged.fatal = f"{rel.name} : {problem} ; le fichier a été modifié hors de Jupyter"
                return staged
        source_path = source_dir / rel.name
        if source_path.exists():
            source, _ = _read_notebook(source_path)
            if source:
                _repair(nb, source, rel.stem, staged)
        (target / rel).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    handed_in = {rel.name for rel in notebooks}
    for missing in sorted(p.name for p in source_dir.glob("*.ipynb") if p.name not in handed_in):
        staged.notes.append(f"{missing} : notebook absent de la copie, ses cellules notées comptent 0")
    return staged
