"""Build hook: the wheel carries the course (``source/``, ``release/``, ``courses/``…) in ``cpmc_course/_cours/``.

Metadata lives in ``pyproject.toml``; this file only maps the repository's
course folders into the package when a wheel is built, so that
``pip install .`` works without the repository. An editable install skips the
copy and keeps reading the live folders (see ``cpmc_course/resources.py``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CONTENT = ("source", "release", "courses", "case_studies", "autograder", "nbgrader_config.py")  # = resources.CONTENT
IGNORED = (".ipynb_checkpoints", "__pycache__", "*.pyc", ".nbgrader.log")  # = resources.IGNORED


class build_py_with_course(build_py):
    """``build_py``, then a copy of the course folders into ``<build>/cpmc_course/_cours``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "cpmc_course" / "_cours"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in CONTENT:
            origin = ROOT / name
            if origin.is_dir():
                shutil.copytree(origin, target / name, ignore=shutil.ignore_patterns(*IGNORED))
            elif origin.is_file():
                shutil.copy2(origin, target / name)
            else:
                raise SystemExit(f"setup.py : {origin} manque ; le paquet doit embarquer le cours complet.")


setup(cmdclass={"build_py": build_py_with_course})
