"""The primer trains on Torvane and shows nothing of bloc 5's exam (CONTENT.md §8, bloc 5's separation rule).

Every file of ``courses/00_prise_en_main`` is read by bloc 5's own leak finder
(``tests/separation.py``) against the exam's data, its company and loaders, and the
figures of its executed solution (``tests/b5_exam_run.py``: executed once per run
and shared with ``tests/b5/``). The scan can fail: a name, a data row and a figure
planted in a copy of the primer are all reported.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRIMER = ROOT / "courses" / "00_prise_en_main"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "b5"))
from b5_exam_run import ALLOWED, executed_exam  # noqa: E402
from separation import find_leaks  # noqa: E402
from test_b5_separation import EXAM_DATA, EXAM_NAMES  # noqa: E402  (one definition of what the exam is)


@pytest.fixture(scope="module")
def exam_figures(tmp_path_factory) -> list:
    return [f for _name, run in sorted(executed_exam(tmp_path_factory).items()) for f in run["figures"]]


def _leaks(folder: Path, exam_figures: list) -> list[str]:
    return find_leaks(exam_data=EXAM_DATA, exam_names=EXAM_NAMES, exam_figures=exam_figures, lessons=[folder], allowed=ALLOWED)


def test_the_primer_shows_nothing_of_the_b5_exam(exam_figures):
    leaks = _leaks(PRIMER, exam_figures)
    assert not leaks, "\n".join(leaks)


def test_a_name_row_or_figure_planted_in_the_primer_is_caught(exam_figures, tmp_path):
    copy = tmp_path / "00_prise_en_main"
    shutil.copytree(PRIMER, copy, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    row = (ROOT / "case_studies" / "b5_calyce" / "data" / "couts_campagnes.csv").read_text(encoding="utf-8").splitlines()[2]
    with open(copy / "donnees" / "generer_donnees.py", "a", encoding="utf-8") as file:
        file.write(f"# {row}\n")
    notebook = copy / "03_colonnes_taux_textes_dates.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "Le ROI de la relance est de 163,7 %."})
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    (copy / "README.md").write_text("Les exemples portent sur Calyce.\n", encoding="utf-8")
    text = "\n".join(_leaks(copy, exam_figures))
    for expected in ("generer_donnees.py : recopie une ligne de couts_campagnes.csv", "03_colonnes_taux_textes_dates.ipynb, cellule",
                     "« 163,7 »", "README.md : nomme l'entreprise ou le chargeur de l'épreuve « calyce »"):
        assert expected in text, text
