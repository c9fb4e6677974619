"""The bloc 4 lesson library: checks give the right French feedback, calculations match independent ones."""

from __future__ import annotations

import pytest

from cpmc_course.kit import RIGHT, WRONG, EMPTY
from b4_notebooks import REFERENCE_ALLOCATION
from cpmc_course.lessons import b4


@pytest.fixture(scope="module")
def case():
    return {t: b4.vallon(t) for t in b4.TABLES}


def _status(feedback) -> str:
    return feedback.status


def test_unknown_table_is_refused_in_french():
    with pytest.raises(ValueError, match="Table inconnue"):
        b4.vallon("clients")


def test_criticality_check():
    assert _status(b4.verifier_criticite(None, 2, 3)) == EMPTY
    assert _status(b4.verifier_criticite(6, 2, 3)) == RIGHT
    wrong = b4.verifier_criticite(5, 2, 3)
    assert _status(wrong) == WRONG and "additionné" in wrong.message


def test_duration_and_float_checks(case):
    taches = case["taches"]
    assert _status(b4.verifier_duree_projet(38, taches)) == RIGHT
    assert "additionné" in b4.verifier_duree_projet(int(taches["duree"].sum()), taches).message
    assert _status(b4.verifier_marge_totale(14, taches, "G")) == RIGHT
    assert "marge libre" in b4.verifier_marge_totale(11, taches, "G").message


def test_allocation_check_names_the_problem(case):
    good = dict(REFERENCE_ALLOCATION)
    assert _status(b4.verifier_affectation(good, case["taches"], case["equipe"])) == RIGHT
    overloaded = b4.verifier_affectation(dict(good, D="Julien Morel"), case["taches"], case["equipe"])
    assert _status(overloaded) == WRONG and "16 jours pour 12" in overloaded.message
    missing = dict(good)
    del missing["K"]
    assert "n'est affectée à personne" in b4.verifier_affectation(missing, case["taches"], case["equipe"]).message
    assert "prestataire" in b4.verifier_affectation(dict(good, C="Nadia Benali"), case["taches"], case["equipe"]).message
    assert "dictionnaire" in b4.problemes_affectation(["A"], case["taches"], case["equipe"])[0]
    # independent: internal cost by plain arithmetic from the brief's table
    assert b4.cout_interne(good, case["taches"], case["equipe"]) == 420 * 13 + 310 * 6 + 280 * 13 + 380 * 16 + 300 * 5 + 350 * 2 + 400 * 5
    assert dict(b4.charge_par_membre(good, case["taches"]))["Sophie Arnaud"] == 13


def test_budget_check_and_its_traps(case):
    good = dict(REFERENCE_ALLOCATION)
    other = float(case["autres_frais"]["montant_ht"].sum())
    args = (good, case["taches"], case["equipe"], case["devis"], other)
    assert _status(b4.verifier_budget(42_390, *args)) == RIGHT
    assert "moins cher" in b4.verifier_budget(21_240 + 6_900 + 7_800 + 11_400 + 9_950 + other, *args).message
    assert "autres frais" in b4.verifier_budget(21_240 + 16_850, *args).message


def test_pareto_and_tracking(case):
    table = b4.tableau_pareto(case["incidents"]["cause"].value_counts())
    assert table["part_cumulee"].iloc[-1] == pytest.approx(100)
    assert len(b4.causes_80(table)) == 4
    first = table.index.tolist()
    assert _status(b4.verifier_causes_80(first[:4], case["incidents"])) == RIGHT
    assert "franchir 80 %" in b4.verifier_causes_80(first[:3], case["incidents"]).message
    assert dict(b4.ecarts_suivi(case["suivi_semaine4"])) == {"A": 0.0, "B": 2.0, "C": 0.0, "D": -1.0, "E": 0.5, "F": 0.2, "G": 0.0, "H": 1.0, "L": 0.0}
    crit = b4.criticite(case["risques"])
    assert crit["R1"] == 12 and crit.max() == 12


@pytest.mark.parametrize("competence, motivation, style", [
    ("faible", "élevée", "directif"), ("faible", "faible", "persuasif"),
    ("élevée", "faible", "participatif"), ("élevée", "élevée", "délégatif"),
])
def test_situational_leadership(competence, motivation, style):
    assert b4.style_situationnel(competence, motivation) == style
    assert _status(b4.verifier_style(style, competence, motivation)) == RIGHT
    others = [s for s in b4.STYLES if s != style]
    assert _status(b4.verifier_style(others[0], competence, motivation)) == WRONG


def test_style_rejects_unknown_levels():
    with pytest.raises(ValueError, match="faible"):
        b4.style_situationnel("moyenne", "élevée")


def test_pert_explorer_moves_the_critical_path(case):
    import matplotlib

    matplotlib.use("Agg")
    explorer = b4.PertExplorer(case["taches"], ["D", "G"])
    assert "38 jours" in explorer.summary.value and "A → B → C → F → J → M → N" in explorer.summary.value
    explorer.sliders["D"].value = 21  # D's total float is 10 days: one more day makes it critical
    assert explorer.planning.duree == 39 and "D" in explorer.planning.chemin
    assert "39 jours" in explorer.summary.value


def test_objectives_show_the_official_wording():
    text = b4.objectives("C33", "CE32").data
    assert "Adapter son style de management" in text and "fiches de postes" in text


def test_lessons_teach_every_construct_of_the_model_answers():
    """What the solutions use beyond the primer is taught in a bloc 4 lesson."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    lessons = "".join(
        "".join(c["source"]) for p in (root / "courses" / "b4").glob("*.ipynb") for c in json.loads(p.read_text(encoding="utf-8"))["cells"]
    )
    for construct in [".isin(", "~", "sorted(set(", ".map(", "dropna(subset=", ".merge(", '["montant_ht"].min()', ".head(3).tolist()",
                      "nx.dag_longest_path(", "nx.dag_longest_path_length(", "for t in chemin if t not in", ".value_counts().to_frame(",
                      ".cumsum()", "< 80).sum() + 1", ".index[:nb_causes_80].tolist()", '.loc[suivi["ecart_jours"] > 0, "code"].tolist()']:
        assert construct in lessons, construct
