"""The primer ``courses/00_prise_en_main``: data, checks and notebooks.

- the data files are what the seeded generator writes, byte for byte;
- every check accepts the right answer computed here with pandas (a route other
  than the check's own ``csv`` recomputation), refuses the plausible mistakes and
  the next value at the stated precision, and says « pas encore de réponse » to None;
- each notebook, with every exercise replaced by its correction, runs without error
  and every check then says « Bravo » (nbval runs the notebooks as shipped);
- the messages the charts' titles state hold on the data.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
PRIMER = ROOT / "courses" / "00_prise_en_main"
NOTEBOOKS = sorted(PRIMER.glob("*.ipynb"))

sys.path.insert(0, str(PRIMER))
import verifications as v  # noqa: E402  (the primer's checks live beside its notebooks)

COMMANDES = pd.read_csv(PRIMER / "donnees" / "commandes.csv")
COMMANDES["ca_ht"] = COMMANDES["quantite"] * COMMANDES["prix_unitaire_ht"]
CAMPAGNES = pd.read_csv(PRIMER / "donnees" / "campagnes.csv").set_index("campagne")


def _status(feedback):
    return feedback.status


# ---------------------------------------------------------------- data

def test_data_files_are_the_generator_output():
    spec = importlib.util.spec_from_file_location("generer_donnees", PRIMER / "donnees" / "generer_donnees.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rng = np.random.default_rng(gen.SEED)
    assert gen.commandes(rng).to_csv(index=False) == (PRIMER / "donnees" / "commandes.csv").read_text(encoding="utf-8")
    assert gen.campagnes().to_csv(index=False) == (PRIMER / "donnees" / "campagnes.csv").read_text(encoding="utf-8")


def _primer_files() -> list[Path]:
    return [p for p in PRIMER.rglob("*") if p.is_file() and not {"__pycache__", ".ipynb_checkpoints"} & set(p.parts)]


def test_primer_trains_on_torvane_never_on_the_b5_exam_company():
    """Bloc 5's exam company (Calyce, organic cosmetics) stays out of the primer: names, files, products, URLs."""
    cosmetics = ("calyce", "cosm\u00e9t", "s\u00e9rum", "solaire", "flacon", "cr\u00e8me")
    found = [(p.relative_to(PRIMER).as_posix(), word) for p in _primer_files() for word in cosmetics
             if word in p.relative_to(PRIMER).as_posix().lower() + p.read_text(encoding="utf-8", errors="replace").lower()]
    assert not found, found
    assert "**Torvane**" in (PRIMER / "README.md").read_text(encoding="utf-8")
    assert "**Torvane**" in nbformat.read(NOTEBOOKS[0], as_version=4).cells[0].source
    assert CAMPAGNES["lien_suivi"].str.startswith("https://www.torvane.fr/").all()


def test_chart_titles_state_what_the_data_show():
    ca_canal = COMMANDES.groupby("canal")["ca_ht"].sum()
    assert ca_canal.idxmax() == "SEO" and ca_canal.idxmin() == "Facebook"
    par_mois = COMMANDES.groupby(COMMANDES["date"].str[:7])["ca_ht"].sum()
    assert par_mois.idxmax() == "2026-12"  # « les fêtes de décembre »
    ete = par_mois[["2026-06", "2026-07", "2026-08"]]
    assert (ete > par_mois.drop(ete.index).drop("2026-12").max()).all()  # « l'été du cold brew », second pic


# ---------------------------------------------------------------- checks: right, wrong, next value, empty

def _ca(mask=None):
    table = COMMANDES if mask is None else COMMANDES[mask]
    return table["ca_ht"]


def _clients_for_80_percent():
    """Smallest number of top clients whose revenue reaches 80 % (numpy: searchsorted on the cumulated shares)."""
    shares = np.sort(COMMANDES.groupby("client_id")["ca_ht"].sum().to_numpy())[::-1]
    cumulated = np.cumsum(shares) / shares.sum()
    return int(np.searchsorted(cumulated, 0.8 - 1e-12) + 1)


RIGHT_AND_WRONG = [
    (v.verifier_prix_ttc, round(14.9 * 1.2, 2), [2.98, 12.42], 0.01),
    (v.verifier_taux_de_marque, round(100 * (1 - 12.6 / 29.9), 1), [137.3, 0.579], 0.1),
    (v.verifier_commandes_instagram_mobile,
     int(((COMMANDES["canal"] == "Instagram") & (COMMANDES["appareil"] == "mobile")).sum()),
     [int((COMMANDES["canal"] == "Instagram").sum())], 1),
    (v.verifier_clients_distincts, COMMANDES["client_id"].nunique(), [len(COMMANDES)], 1),
    (v.verifier_commandes_avec_avis, int(COMMANDES["note_avis"].notna().sum()), [int(COMMANDES["note_avis"].isna().sum())], 1),
    (v.verifier_ca_total, round(_ca().sum()), [round(COMMANDES["prix_unitaire_ht"].sum())], 1),
    (v.verifier_taux_de_marque_global,
     round(100 * (1 - (COMMANDES["quantite"] * COMMANDES["cout_unitaire_ht"]).sum() / _ca().sum()), 1), [], 0.1),
    (v.verifier_taux_de_clic, round(100 * CAMPAGNES.loc["Défi latte art", "clics"] / CAMPAGNES.loc["Défi latte art", "impressions"], 2),
     [0.019], 0.01),
    (v.verifier_cout_par_lead, round(CAMPAGNES.loc["Lancement abonnement", "cout_ht"] / CAMPAGNES.loc["Lancement abonnement", "leads"], 2),
     [round(6500 / 6150, 2)], 0.01),
    (v.verifier_part_avis_positifs, round(100 * (COMMANDES["note_avis"].dropna() >= 4).mean(), 1),
     [round(100 * (COMMANDES["note_avis"] >= 4).mean(), 1)], 0.1),
    (v.verifier_panier_moyen_instagram, round(_ca(COMMANDES["canal"] == "Instagram").mean(), 2), [round(_ca().mean(), 2)], 0.01),
    (v.verifier_ca_cafes_glaces_mobile, round(_ca((COMMANDES["gamme"] == "Cafés glacés") & (COMMANDES["appareil"] == "mobile")).sum()),
     [round(_ca(COMMANDES["gamme"] == "Cafés glacés").sum())], 1),
    (v.verifier_part_ca_mobile, round(100 * _ca(COMMANDES["appareil"] == "mobile").sum() / _ca().sum(), 1),
     [round(100 * (COMMANDES["appareil"] == "mobile").mean(), 1)], 0.1),
    (v.verifier_panier_moyen_corrige, round(_ca(COMMANDES["canal"] == "Facebook").mean(), 2), [], 0.01),
    (v.verifier_cartons, int(np.ceil(130 / 12)), [10], 1),
    (v.verifier_clients_80_pct, _clients_for_80_percent(), [round(0.8 * COMMANDES["client_id"].nunique())], 1),
]


@pytest.mark.parametrize("check, right, wrongs, step", RIGHT_AND_WRONG, ids=[c[0].__name__ for c in RIGHT_AND_WRONG])
def test_numeric_check_accepts_the_rounded_answer_only(check, right, wrongs, step):
    assert _status(check(None)) == "vide"
    assert _status(check(right)) == "juste", check(right).message
    assert "Bravo" in check(right).message
    for neighbour in (right - step, right + step):
        assert _status(check(neighbour)) == "à revoir", neighbour
    for wrong in wrongs:
        assert _status(check(wrong)) == "à revoir", wrong
    assert _status(check("12")) == "à revoir"  # a text is not a number


def test_traps_give_the_targeted_hint():
    assert "taux de marge" in v.verifier_taux_de_marque(137.3).message
    assert "proportion" in v.verifier_taux_de_marque(0.579).message
    assert "nombre de commandes" in v.verifier_clients_distincts(len(COMMANDES)).message
    assert "dénominateur" in v.verifier_part_avis_positifs(round(100 * (COMMANDES["note_avis"] >= 4).mean(), 1)).message
    assert "part des commandes" in v.verifier_part_ca_mobile(round(100 * (COMMANDES["appareil"] == "mobile").mean(), 1)).message


def test_choice_checks():
    assert _status(v.verifier_arrondi("b")) == "juste" and _status(v.verifier_arrondi("A")) == "à revoir"
    assert _status(v.verifier_produit_le_plus_commande(COMMANDES["produit"].value_counts().idxmax())) == "juste"
    assert _status(v.verifier_produit_le_plus_commande("Dripper céramique")) == "à revoir"
    assert _status(v.verifier_campagne_la_plus_chere(CAMPAGNES["cout_ht"].idxmax())) == "juste"
    assert _status(v.verifier_canal_premier(COMMANDES.groupby("canal")["ca_ht"].sum().idxmax())) == "juste"
    assert _status(v.verifier_canal_premier("Facebook")) == "à revoir"
    assert _status(v.verifier_choix_graphique("B")) == "juste" and _status(v.verifier_choix_graphique("C")) == "à revoir"
    assert _status(v.verifier_diagnostic_nameerror("A")) == "juste"
    assert _status(v.verifier_diagnostic_keyerror("C")) == "juste" and _status(v.verifier_diagnostic_keyerror("A")) == "à revoir"


def test_series_checks():
    campagnes = pd.read_csv(PRIMER / "donnees" / "campagnes.csv")
    assert _status(v.verifier_canaux_nettoyes(pd.Series([None] * 8))) == "vide"
    assert _status(v.verifier_canaux_nettoyes(campagnes["canal_saisi"].str.strip().str.lower())) == "juste"
    lower_only = v.verifier_canaux_nettoyes(campagnes["canal_saisi"].str.lower())
    assert _status(lower_only) == "à revoir" and "strip" in lower_only.message
    mois = pd.to_datetime(COMMANDES["date"]).dt.strftime("%Y-%m")
    assert _status(v.verifier_ca_par_mois(COMMANDES.groupby(mois)["ca_ht"].sum())) == "juste"
    assert _status(v.verifier_ca_par_mois(COMMANDES.groupby(mois)["ca_ht"].count())) == "à revoir"
    assert _status(v.verifier_ca_par_mois(COMMANDES.groupby(pd.to_datetime(COMMANDES["date"]).dt.month)["ca_ht"].sum())) == "à revoir"


# ---------------------------------------------------------------- notebooks

_CORRECTION = re.compile(r"```python\n(.*?)```", re.S)


def _with_corrections(path: Path) -> tuple[nbformat.NotebookNode, list[int]]:
    """The notebook with each exercise cell replaced by its correction; indices of the check cells."""
    nb = nbformat.read(path, as_version=4)
    checks = []
    for i, cell in enumerate(nb.cells):
        if "exercice" in cell.metadata.get("tags", []):
            correction = nb.cells[i + 2]
            assert correction.cell_type == "markdown" and correction.source.startswith("<details>"), (path.name, i)
            cell.source = _CORRECTION.search(correction.source).group(1)
            checks.append(i + 1)
    return nb, checks


def test_there_are_five_or_six_notebooks_and_a_readme():
    assert 4 <= len(NOTEBOOKS) <= 6
    assert (PRIMER / "README.md").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_with_its_corrections_says_bravo_everywhere(path):
    nb, checks = _with_corrections(path)
    assert checks, "un carnet de prise en main sans exercice"
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(PRIMER)}}).execute()
    for i in checks:
        text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in nb.cells[i].outputs)
        assert "Bravo" in text, (path.name, i, text)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
            assert not [o for o in cell.outputs if o.output_type == "error"], (path.name, i)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_exercise_states_unit_and_rounding_when_numeric(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if "exercice" in cell.metadata.get("tags", []):
            consigne = nb.cells[i - 1].source
            check = nb.cells[i + 1].source
            numeric = any(name in check for name in (
                "prix_ttc", "taux_de_marque", "ca_total", "taux_de_clic", "cout_par_lead", "part_", "panier_moyen", "ca_cafes_glaces"))
            if numeric:
                assert re.search(r"arrondie?\s+(au|à\s+l')", consigne), (path.name, consigne)
                assert re.search(r"en[\s\u202f]%|en\s+euros", consigne), (path.name, consigne)
