"""Rounding acceptance of every bloc 5 automatic cell whose answer is a rate or an amount.

Each question states its precision (« au millième », « au centime », « à la
centaine d'euros »). For every such answer, the test cell (visible and hidden
checks) must accept the solution's value rounded at that precision, and reject
the next values at that precision (rounded value ± one unit of the last digit).

The solution notebooks are run once, in this process (each code cell executed
in one namespace, in the assignment folder), then each test cell is executed
again on a copy of the namespace where only the answer under test is replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"

P1, P2, P3 = "1_collecte_et_tracking", "2_segmentation_et_scores", "3_campagnes_previsions_synthese"

CASES = [
    # notebook, test cell, variable, column (None: the whole value), decimals stated in the question
    (P1, "b5_seo_ctr", "seo_par_type", "ctr", 3),
    (P1, "b5_entonnoir", "taux_lead", None, 3),
    (P1, "b5_entonnoir", "taux_mql", None, 3),
    (P1, "b5_entonnoir", "taux_conversion_leads", None, 3),
    (P1, "b5_entonnoir_canal_taux", "entonnoir", "taux_lead_visite", 3),
    (P1, "b5_entonnoir_canal_taux", "entonnoir", "taux_mql", 3),
    (P1, "b5_entonnoir_canal_taux", "entonnoir", "taux_conversion", 3),
    (P1, "b5_cout_canal", "couts_par_canal", "cout_par_lead", 2),
    (P1, "b5_cout_canal", "couts_par_canal", "cout_par_client", 2),
    (P1, "b5_taux_clic_cta", "taux_clic_cta", None, 3),
    (P1, "b5_taux_clic_cta", "taux_clic_global", None, 3),
    (P1, "b5_commande_appareil", "taux_commande_apres_panier", None, 3),
    (P2, "b5_tranches_age", "profil_age", "ca_moyen", 0),
    (P2, "b5_segment_comportement", "poids_segments", "part_clients", 3),
    (P2, "b5_segment_comportement", "poids_segments", "part_ca", 3),
    (P2, "b5_synthese_segments", "synthese_segments", "ca_moyen", 0),
    (P2, "b5_synthese_segments", "synthese_segments", "commandes_moyennes", 1),
    (P2, "b5_synthese_segments", "synthese_segments", "csat", 3),
    (P2, "b5_synthese_segments", "csat_segment_age", None, 3),
    (P2, "b5_produits_reachat", "reachat_gamme_segment", None, 3),
    (P2, "b5_produits_notes", "note_segment", None, 2),
    (P2, "b5_retention_cohortes", "retention", None, 3),
    (P2, "b5_valeur_client", "valeur_12_mois", None, 2),
    (P3, "b5_indicateurs_campagne", "taux_ouverture", None, 3),
    (P3, "b5_indicateurs_campagne", "taux_clic_email", None, 3),
    (P3, "b5_indicateurs_campagne", "taux_achat", None, 3),
    (P3, "b5_indicateurs_campagne", "uplift_points", None, 1),
    (P3, "b5_roi_campagne", "ca_incremental", None, 0),
    (P3, "b5_roi_campagne", "marge_incrementale", None, 0),
    (P3, "b5_roi_campagne", "cout_campagne", None, 0),
    (P3, "b5_roi_campagne", "roi", None, 2),
    (P3, "b5_test_significativite", "p_value", None, 4),
    (P3, "b5_prevision_ventes", "prevision", None, -2),
    (P3, "b5_prevision_ventes", "prevision_s1_2027", None, -2),
    (P3, "b5_prevision_ventes", "evolution_s1", None, 3),
]


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


@pytest.fixture(scope="module")
def executed():
    """Per notebook: the namespace after running the solution, and the source of each test cell."""
    here = os.getcwd()
    os.chdir(SOURCE)
    try:
        out = {}
        for name in (P1, P2, P3):
            nb = nbformat.read(SOURCE / f"{name}.ipynb", as_version=4)
            namespace = {"__name__": "__main__", "display": lambda *a, **k: None}
            tests = {}
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and not meta.get("solution"):
                    tests[_grade_id(cell)] = cell.source
                exec(compile(cell.source, _grade_id(cell) or "cellule", "exec"), namespace)
            out[name] = (namespace, tests)
        return out
    finally:
        os.chdir(here)


def _rounded(value, column, decimals: int, shift: float = 0.0):
    """The answer rounded at ``decimals``, every value moved by ``shift`` units of the last digit."""
    unit = 10.0 ** -decimals
    if column is not None:
        frame = value.copy()
        frame[column] = frame[column].astype(float).round(decimals) + shift * unit
        return frame
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.astype(float).round(decimals) + shift * unit
    return round(float(value), decimals) + shift * unit


def _passes(executed, name: str, grade_id: str, variable: str, value) -> bool:
    namespace, tests = executed[name]
    trial = dict(namespace)
    trial[variable] = value
    here = os.getcwd()
    os.chdir(SOURCE)
    try:
        exec(compile(tests[grade_id], grade_id, "exec"), trial)
    except AssertionError:
        return False
    finally:
        os.chdir(here)
    return True


def test_every_automatic_cell_with_a_rate_or_an_amount_is_covered(executed):
    covered = {(name, gid) for name, gid, *_ in CASES}
    exempt = {
        "b5_source_utm", "b5_canal", "b5_seo_opportunites", "b5_entonnoir_canal", "b5_segment_psycho",
        "b5_frequence_recence", "b5_scores_rfm", "b5_figure_structure",
    }  # texts, counts, classes and lists: exact answers, nothing to round
    for name, (_, tests) in executed.items():
        for grade_id in tests:
            assert (name, grade_id) in covered or grade_id in exempt, grade_id


@pytest.mark.parametrize("name, grade_id, variable, column, decimals", CASES, ids=lambda v: str(v))
def test_rounded_value_passes_and_next_value_fails(executed, name, grade_id, variable, column, decimals):
    value = executed[name][0][variable]
    assert _passes(executed, name, grade_id, variable, value), "the unrounded solution must pass"
    assert _passes(executed, name, grade_id, variable, _rounded(value, column, decimals)), "rounded value rejected"
    for shift in (1.0, -1.0):
        assert not _passes(executed, name, grade_id, variable, _rounded(value, column, decimals, shift)), (
            f"{variable} rounded at {decimals} decimals and moved by {shift:+} unit is accepted"
        )
