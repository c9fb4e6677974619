"""The instructor notes quote figures that the regenerated data still give."""

from __future__ import annotations

import pytest

from b2_paths import CASE, run_solution
from cpmc_course.kit import fr_euros, fr_nombre, fr_pourcent

NOTES = (CASE / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")


@pytest.fixture(scope="module")
def figures():
    ns = run_solution()
    p, z, cz = ns["portefeuille"], ns["potentiel_zones"], ns["charge_zones"]
    a = ns["actions"].set_index("action")
    k = ns["commerciaux"].set_index("commercial")
    o = ns["operations"].set_index("operation")
    comptes = ns["comptes"]
    seg = comptes.groupby("segment").agg(pot=("potentiel_annuel", "sum"), ca=("ca_2026", "sum"))
    share = p.groupby("classe")["ca_2026"].sum() / p["ca_2026"].sum()
    count = p["classe"].value_counts()
    savoie = "Savoie et Haute-Savoie"
    return [
        f"{len(p)} clients", f"{(comptes['statut'] == 'prospect').sum()} prospects",
        f"sont {count['A']} ({fr_pourcent(count['A'] / len(p))} des\n   clients)", fr_pourcent(share["A"]),
        f"{count['C']} clients C ({fr_pourcent(count['C'] / len(p))}", fr_pourcent(share["C"]),
        fr_nombre(z.loc[savoie, "part_potentiel"], 1) + " %", fr_nombre(z.loc[savoie, "taux_penetration"], 1) + " %",
        fr_nombre(z.loc["Lyon Métropole", "taux_penetration"], 1) + " %",
        fr_nombre(cz.loc[savoie, "commerciaux_necessaires"], 2) + " commercial",
        fr_nombre(ns["charge_visites"]) + " visites", f"{ns['nb_commerciaux']} commerciaux sont nécessaires",
        fr_pourcent(seg.loc["Santé", "ca"] / seg.loc["Santé", "pot"]) + " du potentiel",
        *(fr_nombre(a.loc[name, "roi"], 1) + " %" for name in a.index),
        fr_nombre(a.loc["Catalogue papier annuel", "taux_transformation"], 1) + " %",
        fr_nombre(a.loc["Webinaires protocoles EHPAD", "transformation_min_%"], 1) + " % à",
        fr_nombre(a.loc["Webinaires protocoles EHPAD", "transformation_max_%"], 1) + " %",
        f"{int(a.loc['Webinaires protocoles EHPAD', 'leads'])} leads",
        fr_euros(k.loc["Julien Bertrand", "ca_par_visite"]), fr_nombre(k.loc["Julien Bertrand", "taux_transformation"], 1) + " %",
        fr_nombre(k.loc["Camille Roux", "taux_transformation"], 1) + " %", fr_nombre(k.loc["Laura Perrin", "taux_realisation"], 1) + " %",
        fr_euros(ns["budget_total"]), fr_euros(-ns["ecart_enveloppe"]), fr_euros(ns["budget_total"] - 23_800),
        *(fr_euros(v) for v in o["marge_attendue"]), *(fr_nombre(v, 1) + " %" for v in o["roi_attendu"]),
        f"{ns['date_fin_lancement'].day} avril 2027", f"{ns['marge_jours']} jours de marge",
        f"charge tombe à {fr_nombre(ns['charge_visites'] - 2 * count['C'])} visites",
        f"({fr_nombre((ns['charge_visites'] - 2 * count['C']) / 840, 2)} commerciaux",
        f"{fr_nombre(k['visites_2026'].sum())} visites", f"{fr_nombre(comptes.loc[comptes['classe'] == 'A', 'visites_2026'].mean(), 1)} visites en moyenne",
        f"{round(comptes.loc[comptes['zone'] == savoie, 'trajet_min'].mean())} min",
    ]


def test_notes_figures_match_the_data(figures):
    notes = _plain(NOTES)
    missing = [f for f in figures if _plain(f) not in notes]
    assert not missing, f"figures not found in NOTES_FORMATEUR.md: {missing}"


def test_notes_list_every_graded_cell():
    from b2_paths import source_notebook

    for cell in source_notebook().cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            assert f"`{meta['grade_id']}` ({meta['points']}," in NOTES, meta["grade_id"]
