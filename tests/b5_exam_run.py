"""The bloc 5 épreuve's three instructor notebooks, executed ONCE per test run for every test file that reads them.

``tests/test_b5_solution_numbers.py`` recomputes their answers and
``tests/b5/test_b5_separation.py`` looks for their figures in the lessons. Each
notebook is executed once (nbclient, in its folder) with two cells appended: one
pickles the answers ``COLLECT`` names, one dumps the figures of its solution
(``separation.figure_dump_cell``). The results are kept in the run's shared
temporary folder (``--dist loadfile`` may send the two files to two workers; a
file lock makes the second wait for the first), under a key hashing the
notebooks, their data and the code of this module and of ``separation.py``, so a
changed notebook or data file is executed again.
"""

from __future__ import annotations

import fcntl
import hashlib
import pickle
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from separation import figure_dump_cell, figures_of_executed

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"
COLLECT = {
    "1_collecte_et_tracking": [
        "trafic_par_canal", "nb_visiteurs", "nb_leads", "nb_mql", "nb_clients", "taux_lead", "taux_mql",
        "taux_conversion_leads", "entonnoir", "taux_clic_cta", "taux_clic_global", "taux_commande_apres_panier",
        "seo_par_type", "opportunites_seo", "couts_par_canal", "intervalles_conversion",
    ],
    "2_segmentation_et_scores": [
        "profil_age", "poids_segments", "synthese_segments", "csat_segment_age", "resume", "clients_par_segment_rfm",
        "retention", "valeur_12_mois", "reachat_gamme_segment", "note_segment",
    ],
    "3_campagnes_previsions_synthese": [
        "taux_ouverture", "taux_clic_email", "taux_achat", "uplift_points", "ca_par_client", "nb_envois",
        "ca_incremental", "cout_campagne", "marge_incrementale", "roi", "p_value", "significatif", "prevision",
        "prevision_s1_2027", "evolution_s1", "bar_widths", "bar_labels", "marge_basse", "marge_haute", "roi_bas",
        "roi_haut",
    ],
}
"""Per notebook, the variables ``test_b5_solution_numbers`` recomputes."""
LESSONS = [
    ROOT / "courses" / "b5",
    ROOT / "cpmc_course" / "lessons" / "b5",
    ROOT / "cpmc_course" / "data" / "questions" / "b5.json",
    ROOT / "case_studies" / "b5_torvane" / "README.md",
    ROOT / "case_studies" / "b5_torvane" / "DICTIONNAIRE.md",
]
"""What bloc 5 trains on: it must never show an exam session (tests/b5/test_b5_separation.py, test_sessions_b5.py)."""
ALLOWED = ("365", "278")
"""365: days in a year, a threshold of lessons 3 and 4; 278: article 278-0 bis of the tax code, quoted in the brief."""
FIGURE_BARS = (
    "bar_widths = [b.get_width() for b in ax.patches]\n"
    "fig.canvas.draw()\n"
    "bar_labels = [t.get_text() for t in ax.get_yticklabels()]\n"
)
"""Read from the figure of part 3 before the answers are pickled."""


def run_root(tmp_path_factory) -> Path:
    """The temporary folder shared by every xdist worker of this run (the run's own folder with ``-n 0``)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def _key() -> str:
    digest = hashlib.sha256()
    files = sorted(SOURCE.glob("*.ipynb")) + sorted(p for p in (SOURCE / "data").rglob("*") if p.is_file())
    for path in [*files, Path(__file__), ROOT / "tests" / "separation.py"]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def executed_exam(tmp_path_factory) -> dict[str, dict]:
    """Per notebook stem: ``{"answers": {variable: value}, "figures": [numbers of its solution]}``."""
    root = run_root(tmp_path_factory)
    folder = root / f"b5_exam_{_key()}"
    with open(root / "b5_exam.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = folder / "results.pkl"
        if not done.is_file():
            folder.mkdir(exist_ok=True)
            results = {name: _execute(name, folder) for name in COLLECT}
            partial = folder / "results.tmp"
            partial.write_bytes(pickle.dumps(results))
            partial.rename(done)
    return pickle.loads(done.read_bytes())


def _execute(name: str, folder: Path) -> dict:
    import pandas as pd

    nb = nbformat.read(SOURCE / f"{name}.ipynb", as_version=4)
    answers, figures = folder / f"{name}.pkl", folder / f"{name}_figures.json"
    nb.cells.append(figure_dump_cell(nb, figures))
    listing = ", ".join(f"{v!r}: {v}" for v in COLLECT[name])
    extra = FIGURE_BARS if name.startswith("3_") else ""
    nb.cells.append(nbformat.v4.new_code_cell(f"{extra}pd.to_pickle({{{listing}}}, {str(answers)!r})"))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(SOURCE)}}).execute()
    return {"answers": pd.read_pickle(answers), "figures": figures_of_executed(nb, figures)}
