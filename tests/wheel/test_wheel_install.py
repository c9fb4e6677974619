"""`pip install .` without the repository: build the wheel, install it in a fresh virtual environment, run the demo.

Nothing is downloaded: the wheel is built with ``--no-build-isolation --no-index``
(setuptools of this environment, ``setuptools>=70.1`` in the ``test`` extra) and
the virtual environment sees this environment's dependencies; only
``cpmc_course`` comes from the wheel. A venv made from a venv is made from the
*base* interpreter, so ``--system-site-packages`` alone would show the base
interpreter's packages, not the ones the project was installed with: the
running environment's site-packages are added by a ``.pth`` file (see
:func:`_see_this_environment`), so the test passes in a venv, in the system
interpreter and in CI alike. Every
command of the wheel runs from a folder outside the repository, without
``PYTHONPATH``, so the repository's package cannot shadow it.
"""

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from cpmc_course.resources import CONTENT, IGNORED, PACKAGED_DIR
from cpmc_course.views.report_csv import read_report_rows
from wheel_probes import CONFINED_READ

pytestmark = [pytest.mark.nbgrader, pytest.mark.wheel]

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "cpmc_course", *CONTENT)
"""What the build reads (copied, so that the build writes nothing in the repository)."""
REPORT_FILES = ("criteria.csv", "competencies.csv", "blocs.csv", "items.csv")
STUDENTS = "1"
"""The smallest cohort: every assignment is still released, handed in (alone or as a team of one) and graded."""
DEMO_TIMEOUT = 1800
"""Seconds for both demos (about 40 s of computing each; far more on a loaded machine)."""


def _run(cmd, env, cwd, timeout=600) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{cmd} : code {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _env(extra_path: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH")}
    env["PYTHONNOUSERSITE"] = "1"
    if extra_path:
        env["PATH"] = f"{extra_path}{os.pathsep}{env.get('PATH', '')}"
    return env


def outer_site_packages() -> list[str]:
    """The running interpreter's own site-packages when it is a virtual environment (empty otherwise)."""
    if sys.prefix == sys.base_prefix:
        return []
    paths = sysconfig.get_paths()
    return [p for p in dict.fromkeys([*site.getsitepackages(), paths["purelib"], paths["platlib"]]) if Path(p).is_dir()]


def _see_this_environment(python: Path, env: dict, cwd: Path) -> None:
    """Let the new venv import this environment's dependencies (after its own packages, so the wheel wins)."""
    outer = outer_site_packages()
    if outer:
        own = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env, cwd).stdout.strip()
        (Path(own) / "_cpmc_environnement_de_test.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh virtual environment outside the repository with the wheel installed: (bin folder, scratch folder)."""
    base = tmp_path_factory.mktemp("roue")
    project = base / "projet"
    project.mkdir()
    for name in PROJECT:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns(*IGNORED, PACKAGED_DIR))
        else:
            shutil.copy2(ROOT / name, project / name)
    env = _env()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(base / "dist"), str(project)], env, base)
    wheels = list((base / "dist").glob("cpmc_course-*.whl"))
    assert len(wheels) == 1, wheels
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(base / "venv")], env, base)
    bin_dir = base / "venv" / "bin"
    _see_this_environment(bin_dir / "python", env, base)
    # pip of the base environment installs into the interpreter that runs it; --ignore-installed: the base
    # environment's own cpmc-course (editable) is left alone and the wheel goes into the venv
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
          str(wheels[0])], env, base)
    (base / "ailleurs").mkdir()
    return bin_dir, base


def test_the_wheel_package_is_the_one_imported_and_carries_the_course(venv):
    bin_dir, base = venv
    probe = ("import cpmc_course, cpmc_course.resources as r, cpmc_course.datasets as d; "
             "print(cpmc_course.__file__); print(r.course_root()); print(d.calyce('leads').shape[0])")
    lines = _run([str(bin_dir / "python"), "-c", probe], _env(bin_dir), base / "ailleurs").stdout.split()
    package = Path(lines[0]).parent
    assert base / "venv" in package.parents, lines  # not the repository's package
    assert Path(lines[1]) == package / PACKAGED_DIR
    assert int(lines[2]) > 0
    for name in CONTENT:
        assert (package / PACKAGED_DIR / name).exists(), name
    shipped = sorted(p.relative_to(package / PACKAGED_DIR / "source") for p in (package / PACKAGED_DIR / "source").rglob("*") if p.is_file())
    assert shipped == sorted(p.relative_to(ROOT / "source") for p in (ROOT / "source").rglob("*")
                             if p.is_file() and not {".ipynb_checkpoints", "__pycache__"} & set(p.parts))


def test_the_sandbox_of_the_wheel_hides_the_packaged_course(venv):
    bin_dir, base = venv
    probe = ("from pathlib import Path; from cpmc_course.engine.sandbox import readable_paths; "
             "print('\\n'.join(readable_paths(Path('.'))))")
    granted = [Path(p).resolve() for p in _run([str(bin_dir / "python"), "-c", probe], _env(bin_dir), base / "ailleurs").stdout.split()]
    secret = next((base / "venv").rglob(PACKAGED_DIR)).resolve()
    assert secret.parent / "kit" in granted  # the rest of the package stays readable (the kit of the notebooks)
    # resolved: a venv's lib64 is a link to lib/, and granting it would grant the whole package with its course
    assert all(g != secret and g not in secret.parents and secret not in g.parents for g in granted)




def test_a_confined_kernel_of_the_wheel_cannot_read_the_shipped_solutions(venv):
    bin_dir, base = venv
    said = _run([str(bin_dir / "python"), "-c", CONFINED_READ], _env(bin_dir), base / "ailleurs").stdout.strip()
    if said == "sans Landlock" and not os.environ.get("CI"):
        pytest.skip("Landlock indisponible sur cette machine")
    assert said == "refusé"


def _report(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {name: read_report_rows(folder / "rapport" / name) for name in REPORT_FILES}


def test_the_demo_from_the_wheel_reports_what_the_demo_from_the_repository_reports(venv):
    bin_dir, base = venv
    repo_env = _env()
    repo_env["PYTHONPATH"] = str(ROOT)
    demo = ["demo", "--students", STUDENTS, "--jobs", "1", "--quiet", "--out"]
    runs = {  # both at once, one core each
        "paquet": subprocess.Popen([str(bin_dir / "cpmc"), *demo, str(base / "demo_paquet")], env=_env(bin_dir),
                                   cwd=base / "ailleurs", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "depot": subprocess.Popen([sys.executable, "-m", "cpmc_course", *demo, str(base / "demo_depot")], env=repo_env,
                                  cwd=base, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    }
    try:
        said = {name: run.communicate(timeout=DEMO_TIMEOUT) for name, run in runs.items()}
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
                run.wait()
    for name, run in runs.items():
        assert run.returncode == 0, f"démo {name} : code {run.returncode}\n{said[name][0][-3000:]}\n{said[name][1][-3000:]}"
    assert "0 en échec" in said["paquet"][0] and str(base / "demo_paquet") in said["paquet"][0]
    wheel_report, repo_report = _report(base / "demo_paquet"), _report(base / "demo_depot")
    for name in REPORT_FILES:
        assert len(wheel_report[name]) > 0, name
        assert wheel_report[name] == repo_report[name], name
    assert {row["bloc"] for row in wheel_report["blocs.csv"]} == {"B1", "B2", "B3", "B4", "B5"}


def test_init_from_the_wheel_makes_a_course_that_coverage_accepts(venv):
    bin_dir, base = venv
    course = base / "ailleurs" / "mon_cours"
    said = _run([str(bin_dir / "cpmc"), "init", str(course)], _env(bin_dir), base / "ailleurs").stdout
    assert "Cours complet copié" in said
    coverage = _run([str(bin_dir / "cpmc"), "coverage", "--strict"], _env(bin_dir), course).stdout
    assert "78 / 78 critères et compétences évalués." in coverage
    again = subprocess.run([str(bin_dir / "cpmc"), "init", str(course)], env=_env(bin_dir), cwd=base / "ailleurs",
                           capture_output=True, text=True)
    assert again.returncode == 2 and "n'est pas un dossier vide" in again.stderr
