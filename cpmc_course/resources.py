"""Where the course content is, and ``cpmc init``: a new course copied out of it.

The course content (assignments, lessons, case studies, instructor settings)
lives at the root of the repository, beside the package. A wheel carries a
copy of it inside the package, in ``cpmc_course/_cours/`` (``setup.py`` maps
the repository's folders there at build time). :func:`course_root` finds it:

- the repository root when the package runs from a checkout (editable install,
  ``PYTHONPATH``): the live folders everyone edits;
- the packaged tree otherwise (``pip install .``, a wheel).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CpmcError

PACKAGED_DIR = "_cours"
"""Folder of the package holding the course content in a wheel."""

CONTENT = ("source", "release", "courses", "case_studies", "autograder", "nbgrader_config.py")
"""What a course is made of, relative to its root: shipped in the wheel, copied by ``cpmc init``."""

IGNORED = (".ipynb_checkpoints", "__pycache__", "*.pyc", ".nbgrader.log")
"""Noise never shipped nor copied."""

ROSTER_EXAMPLE = Path("autograder") / "equipes.exemple.csv"
"""Example team roster written by ``cpmc init`` (the real one is ``autograder/equipes.csv``)."""

_PACKAGE = Path(__file__).resolve().parent


def _is_course(root: Path) -> bool:
    return (root / "source").is_dir() and (root / "nbgrader_config.py").is_file()


def repository_root() -> Path | None:
    """The checkout the package runs from, or None when it runs from an installed wheel."""
    root = _PACKAGE.parent
    return root if _is_course(root) else None


def packaged_root() -> Path:
    """The course tree inside the package (present in a wheel, absent from a checkout)."""
    return _PACKAGE / PACKAGED_DIR


def course_root() -> Path:
    """The course shipped with the package: the repository's live folders, else the wheel's copy."""
    root = repository_root() or packaged_root()
    if not _is_course(root):
        raise CpmcError(
            f"Cours du paquet introuvable (ni dépôt autour de {_PACKAGE}, ni copie dans {packaged_root()}) : "
            "réinstallez le paquet depuis sa roue ou son dépôt (pip install .) ou passez --course-dir vers une racine de cours."
        )
    return root


def content_path(*parts: str) -> Path:
    """A path inside the shipped course (``content_path("case_studies", "b5_calyce", "data")``).

    Never raises: a missing course shows up as a missing file when it is read.
    """
    return (repository_root() or packaged_root()).joinpath(*parts)


def secret_paths() -> list[Path]:
    """What the grading sandbox must not grant, whatever it grants around it (solutions, hidden tests, history).

    In a checkout: everything at the repository root but the package (``source/``,
    ``.git/``…); in a wheel: the packaged course.
    """
    repo = repository_root()
    if repo is None:
        return [packaged_root()]
    return sorted(p for p in repo.iterdir() if p != _PACKAGE)


def _roster_example(source: Path) -> str:
    """An example ``equipes.csv`` naming the course's team assignments (read by nobody until renamed)."""
    from .mapping import read_mapping

    team = sorted(read_mapping(source).team_assignments) or ["sujet_en_equipe"]
    lines = ["sujet;equipe;etudiant;statut"]
    for assignment in team:
        lines += [f"{assignment};Alpha;etu01;", f"{assignment};Alpha;etu02;", f"{assignment};Alpha;etu03;absent",
                  f"{assignment};Bêta;etu04;", f"{assignment};Bêta;etu05;"]
    return "\n".join(lines) + "\n"


EXCHANGE_DIR = "echange"
"""nbgrader's exchange folder of a course made by ``cpmc init`` (hand-in on one machine)."""

STUDENT_DIR = "travail_etudiant"
"""Where JupyterLab's *Assignment List* puts the assignments a student fetches, in a course made by ``cpmc init``."""


def course_id_for(folder: str) -> str:
    """nbgrader course id of a course folder: its name in lower case, letters, digits, ``-`` and ``_`` only."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", folder).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_name).strip("-_")
    return slug or "cpmc"


def one_machine_config(course_id: str) -> str:
    """The block ``cpmc init`` appends to the course's ``nbgrader_config.py``: exchange beside the config file."""
    return f'''

# Written by `cpmc init`: hand-in on this machine. JupyterLab's *Assignment List*
# (Devoirs) fetches and submits through this exchange folder, beside this file,
# so the course still works when its folder moves. On a shared server, set
# Exchange.root to the server's common exchange instead (docs/passage-a-l-echelle.md).
import os as _os  # noqa: E402

_COURSE = _os.path.dirname(_os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = _os.path.join(_COURSE, {EXCHANGE_DIR!r})
c.Exchange.assignment_dir = _os.path.join(_COURSE, {STUDENT_DIR!r})
'''


STUDENT_CONFIG = """# Written by `cpmc init`. JupyterLab's *Assignment List* reads nbgrader's
# configuration in this folder (Exchange.assignment_dir): it is the course's.
import os as _os  # noqa: E402

load_subconfig(_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), _os.pardir, "nbgrader_config.py"))  # noqa: F821
"""
"""``nbgrader_config.py`` of the student folder: the *Assignment List* loads its configuration from there."""


def _prepare_one_machine(work: Path, course_id: str) -> None:
    """Exchange and student folders of a new course, and the configuration naming them."""
    config = work / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + one_machine_config(course_id), encoding="utf-8")
    (work / EXCHANGE_DIR).mkdir()
    (work / EXCHANGE_DIR).chmod(0o1777)  # as nbgrader's documentation sets up an exchange: everyone writes, sticky
    (work / STUDENT_DIR).mkdir()
    (work / STUDENT_DIR / "nbgrader_config.py").write_text(STUDENT_CONFIG, encoding="utf-8")


@contextmanager
def new_folder(target: Path, what: str) -> Iterator[Path]:
    """A temporary folder beside ``target``, renamed ``target`` when the block ends without error.

    ``target`` must be new or empty (else a :class:`CpmcError` naming ``what`` the folder is for); on any
    error the temporary folder is removed: nothing is left half-written.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CpmcError(f"{target} existe déjà et n'est pas un dossier vide : choisissez un dossier nouveau ou vide pour {what}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield work
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def init_course(target: str | Path, origin: Path | None = None) -> Path:
    """Copy a complete course (``CONTENT``) into ``target``, which must be new or empty; returns its path.

    Everything is written in a temporary folder beside ``target`` and renamed at
    the end: an error leaves nothing behind.
    """
    target = Path(target).resolve()
    with new_folder(target, "le cours") as work:
        origin = origin or course_root()
        for name in CONTENT:
            if (origin / name).is_dir():
                shutil.copytree(origin / name, work / name, ignore=shutil.ignore_patterns(*IGNORED))
            elif (origin / name).is_file():
                shutil.copy2(origin / name, work / name)
        (work / ROSTER_EXAMPLE).parent.mkdir(exist_ok=True)
        (work / ROSTER_EXAMPLE).write_text(_roster_example(work / "source"), encoding="utf-8")
        _prepare_one_machine(work, course_id_for(target.name))
    return target
