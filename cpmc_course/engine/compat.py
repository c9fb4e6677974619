"""Which of the engine's patches of library internals may run: only on the library versions they were checked on.

The fast autograde path replaces or subclasses private parts of nbgrader,
nbclient, jupyter_client, ipykernel, IPython, stack_data and jsonschema
(:data:`PATCHES` says which, and where). Each was checked against the
versions its entry names; ``pyproject.toml`` caps the same libraries below
the next release line, and a test keeps both in step. On any other version
(an installation that ignored the caps, a library imported from elsewhere)
:func:`enabled` answers ``False`` and the caller keeps the library's own
behaviour: slower, never a different grade. :func:`warn_disabled`, called once
by the run's process before the workers fork, tells the instructor in French
which patches are off and why, one line each.
"""

from __future__ import annotations

import functools
import platform
import sys
from dataclasses import dataclass
from importlib import metadata

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Patch:
    """One patch of library internals, and the versions it was checked on."""

    what: str
    """What the instructor loses when it is off, in French (« correction accélérée : … »)."""
    where: str
    """The module that patches, and the internal it relies on."""
    checked: tuple[tuple[str, str], ...]
    """(distribution, versions checked as a PEP 440 specifier); ``python`` is the interpreter.

    The lower bound is the release the patch was read and tested against
    (2026-12: nbgrader 0.9.6, nbclient 0.11.0, jupyter_client 8.10.0,
    ipykernel 7.4.0, IPython 8.12.3, stack_data 0.6.3, jsonschema 4.26.0,
    nbconvert 7.17.2); the upper one excludes the next release line, whose
    internals may differ."""


PATCHES: dict[str, Patch] = {
    "schema_cache": Patch(
        "validation des métadonnées nbgrader compilée une fois par processus",
        "speedups.install: nbgrader.nbgraderformat.common.jsonschema",
        (("nbgrader", ">=0.9.6,<0.10"), ("jsonschema", ">=4.26,<5"))),
    "reused_gradebook": Patch(
        "une seule connexion au carnet de notes par processus",
        "speedups.ReusedGradebook: Gradebook.engine/db/check_course, module-level Gradebook of the Autograde converter",
        (("nbgrader", ">=0.9.6,<0.10"),)),
    "batched_save": Patch(
        "enregistrement des notes en une transaction par notebook",
        "speedups.BatchedSaveAutoGrades: SaveAutoGrades attributes and NbGraderPreprocessor.preprocess",
        (("nbgrader", ">=0.9.6,<0.10"),)),
    "hardened_execute": Patch(
        "exécution renforcée (redémarrage du noyau, sorties bornées, contrôle d'intégrité)",
        "execute.SafeExecute: nbgrader's Execute.preprocess, nbclient's NotebookClient internals",
        (("nbgrader", ">=0.9.6,<0.10"), ("nbclient", ">=0.11,<0.12"))),
    "forked_kernels": Patch(
        "noyaux confinés issus du serveur de modèles (sans eux, aucun confinement)",
        "kernels.ForkedKernelManager: AsyncKernelManager._async_pre_start_kernel, _async_wait, LocalProvisioner; "
        "kernels.ForkedKernelClient: AsyncKernelClient.wait_for_ready; zygote runs ipykernel's app",
        (("jupyter_client", ">=8.10,<9"), ("ipykernel", ">=7.4,<8"))),
    "tracebacks": Patch(
        "messages d'erreur des cellules calculés plus vite",
        "zygote._warm_up_tracebacks: stack_data.core._pygmented_with_ranges, inspect.getmodule",
        (("ipython", ">=8.12,<9"), ("stack_data", ">=0.6.3,<0.7"), ("python", ">=3.11,<3.14"))),
    "skip_iri_check": Patch(
        "import de jsonschema sans sa grammaire IRI",
        "run.skip_iri_format_check: jsonschema's optional import of rfc3987_syntax",
        (("jsonschema", ">=4.26,<5"),)),
}
"""Every patch of library internals, by the name its guard asks :func:`enabled` about."""

TEMPLATES_CHECKED = (("nbgrader", ">=0.9.6,<0.10"), ("nbconvert", ">=7.17,<8"))
"""The French feedback and formgrader templates are nbgrader 0.9.6's, on nbconvert 7's classic template.

They are kept on any version (they carry the pages' sanitising, which
nbgrader's own templates lack); only the pins guard them."""


def installed(distribution: str) -> str | None:
    """The installed version of ``distribution`` (``python``: the interpreter's), ``None`` when absent."""
    if distribution == "python":
        return platform.python_version()
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def unknown_versions(name: str) -> list[str]:
    """The libraries ``name`` relies on whose installed version it was not checked on (« jsonschema 5.0.1 »)."""
    found = []
    for distribution, spec in PATCHES[name].checked:
        version = installed(distribution)
        try:
            known = version is not None and SpecifierSet(spec).contains(Version(version), prereleases=True)
        except InvalidVersion:
            known = False
        if not known:
            found.append(f"{distribution} {version or 'absent'}")
    return found


@functools.cache
def enabled(name: str) -> bool:
    """Whether the patch called ``name`` may run here (every library it relies on is at a checked version)."""
    return not unknown_versions(name)


def warn_disabled(stream=None) -> list[str]:
    """Tell, once per process, which patches are off and why (French, one line each); returns those lines."""
    lines = []
    for name, patch in PATCHES.items():
        if not enabled(name) and name not in _WARNED:
            _WARNED.add(name)
            checked = ", ".join(f"{d} {s}" for d, s in patch.checked)
            lines.append(f"Attention\u202f: {patch.what} désactivé(e), version non vérifiée ({', '.join(unknown_versions(name))}"
                         f"\u202f; vérifiées\u202f: {checked}). La correction utilise le comportement d'origine de la bibliothèque.")
    for line in lines:
        print(line, file=stream or sys.stderr, flush=True)
    return lines


_WARNED: set[str] = set()
