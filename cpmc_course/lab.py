"""`cpmc lab`: JupyterLab on the course root, in French by default.

JupyterLab takes its default settings from ``overrides.json`` in its
application settings folder (``<sys.prefix>/share/jupyter/lab/settings`` unless
``LabApp.app_settings_dir`` says otherwise). A wheel could install a file
there, but an editable install (``pip install -e .``) installs no data files,
and a file there would change every JupyterLab of the environment. The
launcher instead points ``app_settings_dir`` at the package's own folder, whose
``overrides.json`` makes French (``jupyterlab-language-pack-fr-FR``) the
default locale: it works the same for editable and wheel installs, and a user
who picks another language in *Settings › Language* keeps it (user settings
come before the defaults). JupyterLab runs from the course root, so that
nbgrader's formgrader and Validate read the course's ``nbgrader_config.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SETTINGS_DIR = Path(__file__).resolve().parent / "data" / "jupyterlab" / "settings"
"""JupyterLab application settings of the course: ``overrides.json`` (locale ``fr_FR``)."""

LOCALE_PLUGIN = "@jupyterlab/translation-extension:plugin"


def lab_command(course_root: Path, extra: list[str] | None = None) -> list[str]:
    """The ``jupyter lab`` command line that opens ``course_root`` in French (``extra`` passed on)."""
    return [
        sys.executable, "-m", "jupyter", "lab",
        f"--LabApp.app_settings_dir={SETTINGS_DIR}",
        f"--ServerApp.root_dir={course_root}",
        *(extra or []),
    ]


def run_lab(course_root: Path, extra: list[str] | None = None) -> int:
    """Replace this process by JupyterLab on the course (Ctrl-C and signals reach JupyterLab itself, which shuts
    its kernels down); returns only where ``os.execv`` is replaced, as in the tests."""
    command = lab_command(course_root, extra)
    os.chdir(course_root)
    os.execv(command[0], command)
    return 0
