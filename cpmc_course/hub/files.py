"""The files of a course's JupyterHub folder, rendered from the templates beside this module, written at once."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..lab import LOCALE_PLUGIN
from ..resources import course_root, new_folder
from .settings import HubSettings, check_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"

LABCONFIG = Path("jupyter") / "labconfig" / "default_setting_overrides.json"
"""JupyterLab's defaults for every user server (found through ``JUPYTER_CONFIG_PATH``)."""

LAB_DEFAULTS = {
    LOCALE_PLUGIN: {"locale": "fr_FR"},
    # no pop-up asking each candidate whether to fetch Jupyter's news, no update check: nothing to do with the course
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
"""French menus for everyone; a user's own choice in *Paramètres* still wins."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["py"] = repr  # values go into Python files as literals, whatever characters they hold
    return env


def hub_files(settings: HubSettings) -> dict[Path, str]:
    """Relative path → text of every file of the hub folder (the settings are checked first)."""
    s = check_settings(settings)
    env = _environment()
    course_config = (course_root() / "nbgrader_config.py").read_text(encoding="utf-8")
    return {
        Path("jupyterhub_config.py"): env.get_template("jupyterhub_config.py.j2").render(s=s),
        Path("jupyter") / "nbgrader_config.py": env.get_template("nbgrader_users.py.j2").render(s=s),
        LABCONFIG: json.dumps(LAB_DEFAULTS, indent=2) + "\n",
        Path("cours") / "nbgrader_config.py": course_config + env.get_template("nbgrader_course.py.j2").render(s=s),
        Path("installer.sh"): env.get_template("installer.sh.j2").render(s=s),
        Path("README.md"): env.get_template("README.md.j2").render(s=s),
    }


def write_hub(settings: HubSettings, out: str | Path) -> Path:
    """Write the hub folder of ``settings`` into ``out`` (new or empty); returns its path.

    Everything is written in a temporary folder beside ``out`` and renamed at the end: bad settings or an
    error leave nothing behind.
    """
    files = hub_files(settings)
    target = Path(out).resolve()
    with new_folder(target, "la configuration du hub") as work:
        for relative, text in files.items():
            (work / relative).parent.mkdir(parents=True, exist_ok=True)
            (work / relative).write_text(text, encoding="utf-8")
        (work / "installer.sh").chmod(0o755)
        work.chmod(0o755)  # every user server reads jupyter/ (JUPYTER_CONFIG_PATH)
    return target
