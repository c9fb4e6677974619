"""The bloc 4 lesson library on the training case (Fruitière des Combes): checks give the right French feedback,
calculations match independent ones, the lessons' written figures match the data, the generator is reproducible."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cpmc_course.kit import EMPTY, RIGHT, WRONG
from cpmc_course.lessons import b4

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "case_studies" / "b4_combes"
LESSONS = ROOT / "courses" / "b4"
GOOD = {"A": "Élodie Vuillemin", "L": "Élodie Vuillemin", "M": "Élodie Vuillemin", "B": "Inès Mougin",
        "F": "Inès Mougin", "C": "Rémi Jacquet", "I": "Rémi Jacquet", "H": "Chloé Bourgeois",
        "G": "Bastien Cuenot", "J": "Lucas Girardot", "K": "Lucas Girardot"}
"""An allocation that fits skills and availabilities (the lesson 2 correction)."""


@pytest.fixture(scope="module")
def case():
    return {t: b4.combes(t) for t in b4.COMBES_TABLES}


def _status(feedback) -> str:
    return feedback.status


def _forward_pass(taches: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Independent earliest dates: plain recursion over the predecessors (no networkx)."""
    rows = {r.code: (int(r.duree), [p for p in r.predecesseurs.split(";") if p]) for r in taches.itertuples()}
    memo: dict[str, int] = {}

    def start(code: str) -> int:
        if code not in memo:
            memo[code] = max((start(p) + rows[p][0] for p in rows[code][1]), default=0)
        return memo[code]

    return {c: (start(c), start(c) + rows[c][0]) for c in rows}


def test_unknown_table_is_refused_in_french():
    with pytest.raises(ValueError, match="Table inconnue"):
        b4.combes("clients")


def test_criticality_check():
    assert _status(b4.verifier_criticite(None, 2, 3)) == EMPTY
    assert _status(b4.verifier_criticite(6, 2, 3)) == RIGHT
    wrong = b4.verifier_criticite(5, 2, 3)
    assert _status(wrong) == WRONG and "additionné" in wrong.message


def test_pert_dates_by_hand_and_their_checks(case):
    taches = case["taches"]
    dates = _forward_pass(taches)
    assert max(end for _, end in dates.values()) == 22 == b4.planifier(taches).duree
    assert dates["K"] == (19, 21) and dates["G"] == (15, 19)
    assert _status(b4.verifier_debut_tot(19, taches, "K")) == RIGHT
    assert "plus petite fin" in b4.verifier_debut_tot(9, taches, "K").message
    assert _status(b4.verifier_fin_tard(15, taches, "D")) == RIGHT  # G must start at 15 at the latest
    assert "plus grand début" in b4.verifier_fin_tard(16, taches, "D").message
    assert _status(b4.verifier_duree_projet(22, taches)) == RIGHT
    assert "additionné" in b4.verifier_duree_projet(int(taches["duree"].sum()), taches).message


def test_free_float_is_measured_to_the_earliest_successor(case):
    taches = case["taches"]
    dates = _forward_pass(taches)
    # I ends at 12; its successors K and L start at 19 and 15: free float 3, not 7; total float 5
    assert min(dates["K"][0], dates["L"][0]) - dates["I"][1] == 3
    assert _status(b4.verifier_marge_libre(3, taches, "I")) == RIGHT
    assert "successeur K" in b4.verifier_marge_libre(7, taches, "I").message
    assert "marge totale" in b4.verifier_marge_libre(5, taches, "I").message
    assert _status(b4.verifier_marge_totale(2, taches, "D")) == RIGHT
    plan = b4.planifier(taches).dates
    assert plan.loc["D", "marge_libre"] == 0 and plan.loc["H", "marge_totale"] == 10


def test_every_critical_path_is_shown_ties_included(case):
    taches = case["taches"]
    plan = b4.planifier(taches)
    assert plan.chemins == (("A", "B", "C", "F", "K", "M"), ("A", "B", "C", "G", "K", "M"))
    assert _status(b4.verifier_taches_critiques(set("ABCFGKM"), taches)) == RIGHT
    assert _status(b4.verifier_taches_critiques(list("MKGFCBA"), taches)) == RIGHT
    assert "même longueur" in b4.verifier_taches_critiques(set(plan.chemin), taches).message
    assert "pas un texte" in b4.verifier_taches_critiques("ABCFGKM", taches).message
    assert len(b4.planifier(taches, {"D": 11}).chemins) == 3
    longer = b4.planifier(taches, {"D": 12})
    assert longer.duree == 23 and longer.chemins == (("A", "D", "G", "K", "M"),)


def test_pert_explorer_shows_all_critical_paths(case):
    import matplotlib

    matplotlib.use("Agg")
    explorer = b4.PertExplorer(case["taches"], ["D", "G"])
    assert "22 jours" in explorer.summary.value and "2 chemins critiques à égalité" in explorer.summary.value
    assert "A → B → C → F → K → M" in explorer.summary.value and "A → B → C → G → K → M" in explorer.summary.value
    explorer.sliders["D"].value = 12  # D's total float is 2 days: 3 more days make it the only critical path
    assert explorer.planning.duree == 23 and "A → D → G → K → M" in explorer.summary.value
    assert "égalité" not in explorer.summary.value


def test_allocation_and_budget(case):
    t, e, d = case["taches"], case["equipe"], case["devis"]
    assert _status(b4.verifier_affectation(GOOD, t, e)) == RIGHT
    overloaded = b4.verifier_affectation(dict(GOOD, C="Chloé Bourgeois"), t, e)
    assert _status(overloaded) == WRONG and "7 jours pour 6" in overloaded.message
    assert "prestataire" in b4.verifier_affectation(dict(GOOD, D="Lucas Girardot"), t, e).message
    # independent: workload × daily cost by plain arithmetic from the brief's tables
    internal = 390 * (3 + 3 + 1) + 320 * (4 + 3) + 300 * (5 + 2) + 260 * 2 + 340 * 4 + 350 * (2 + 2)
    assert b4.cout_interne(GOOD, t, e) == internal == 10_350
    other = float(case["autres_frais"]["montant_ht"].sum())
    args = (GOOD, t, e, d, other)
    assert _status(b4.verifier_budget(internal + 8_400 + 5_200 + 3_100, *args)) == RIGHT
    by_duration = 390 * (4 + 4 + 1) + 320 * (5 + 4) + 300 * (6 + 3) + 260 * 5 + 340 * 4 + 350 * (3 + 2)
    assert "durée" in b4.verifier_budget(by_duration + 8_400 + 5_200 + 3_100, *args).message
    assert "moins cher" in b4.verifier_budget(internal + float(d["montant_ht"].sum()) + other, *args).message


def test_risks_ranked_by_criticality_not_probability(case):
    risques = case["risques"]
    assert b4.risques_prioritaires(risques) == {"R4", "R1", "R2"}
    assert _status(b4.verifier_risques_prioritaires(["R2", "R1", "R4"], risques)) == RIGHT
    assert "probabilité" in b4.verifier_risques_prioritaires(["R3", "R4", "R7"], risques).message
    assert _status(b4.verifier_risques_prioritaires(None, risques)) == EMPTY


def test_tracking_reforecast_and_pareto(case):
    taches, suivi = case["taches"], case["suivi_semaine3"]
    assert dict(b4.ecarts_suivi(suivi)) == {"A": 0.0, "B": 1.0, "C": 0.5, "D": 0.0, "E": 0.5, "H": 0.0, "I": -0.5, "J": 0.0}
    # by hand: C ends at 15 + 3 = 18, F and G at 22, K at 24 (after F, G), M at 25
    assert max(b4.reprevoir(taches, suivi, 15).values()) == 25
    assert _status(b4.verifier_fin_reprevue(25, taches, suivi, 15)) == RIGHT
    assert "durée prévue" in b4.verifier_fin_reprevue(22, taches, suivi, 15).message
    assert pd.bdate_range("2027-06-07", periods=25)[-1] == pd.Timestamp("2027-07-09")
    table = b4.tableau_pareto(case["incidents"]["cause"].value_counts())
    assert list(table["nombre"]) == [14, 11, 8, 3, 2, 2] and len(b4.causes_80(table)) == 3
    first = table.index.tolist()
    assert _status(b4.verifier_causes_80(first[:3], case["incidents"])) == RIGHT
    assert "franchir 80 %" in b4.verifier_causes_80(first[:2], case["incidents"]).message


def test_raci_rules():
    good = pd.DataFrame({"Élodie": ["R", "A"], "Inès": ["A", "C"], "Lucas": ["", "R"]}, index=["F", "K"])
    assert _status(b4.verifier_raci(good)) == RIGHT
    draft = pd.DataFrame({"Élodie": ["A", "A"], "Inès": ["C", "A"], "Rémi": ["I", "X"]}, index=["F", "K"])
    message = b4.verifier_raci(draft).message
    assert "F : personne ne la réalise" in message and "K : 2 approbateur" in message and "X" in message
    assert _status(b4.verifier_raci(None)) == EMPTY


@pytest.mark.parametrize("competence, motivation, slii, original", [
    ("faible", "élevée", "directif", "persuasif"), ("faible", "faible", "persuasif", "directif"),
    ("élevée", "faible", "participatif", "participatif"), ("élevée", "élevée", "délégatif", "délégatif"),
])
def test_situational_leadership_each_model_as_it_states_it(competence, motivation, slii, original):
    assert b4.style_situationnel(competence, motivation) == slii
    assert b4.style_situationnel(competence, motivation, "Hersey-Blanchard") == original
    assert _status(b4.verifier_style(slii, competence, motivation)) == RIGHT
    assert _status(b4.verifier_style(next(s for s in b4.STYLES if s != slii), competence, motivation)) == WRONG


def test_style_rejects_unknown_levels_and_models():
    with pytest.raises(ValueError, match="faible"):
        b4.style_situationnel("moyenne", "élevée")
    with pytest.raises(ValueError, match="Modèle inconnu"):
        b4.style_situationnel("faible", "élevée", "Tuckman")


def test_objectives_show_the_official_wording():
    text = b4.objectives("C33", "CE32").data
    assert "Adapter son style de management" in text and "fiches de postes" in text


def _lesson_text(name: str, kind: str = "markdown") -> str:
    cells = json.loads((LESSONS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


def test_the_figures_the_lessons_write_match_the_data(case):
    """The hand-computed PERT table of lesson 3 and the day numbers of lessons 3 and 4 are the data's."""
    dates = b4.planifier(case["taches"]).dates
    rows = re.findall(r"^\| ([A-M]) \| [^|]+ \| \**(\d+)\** \| (\d+) \| (\d+) \|$", _lesson_text("03_planifier_pert_gantt.ipynb"), re.MULTILINE)
    assert len(rows) == 5
    for code, start, duration, end in rows:
        assert (float(start), float(duration), float(end)) == tuple(dates.loc[code, ["debut_tot", "duree", "fin_tot"]])
    assert dates.loc["M", "fin_tard"] == 22 and dates.loc["M", "debut_tard"] == 21 and dates.loc["K", "fin_tard"] == 21
    assert dates.loc["C", "fin_tot"] == 15  # « elle devait finir au jour 15 » (lesson 4)
    for name, figure in [("03_planifier_pert_gantt.ipynb", "au jour 22"), ("04_suivre_resoudre_animer.ipynb", "au jour 15")]:
        assert figure in _lesson_text(name).replace("\u202f", " ")
    assert (dates.loc["F", "duree"], dates.loc["G", "duree"]) == (4, 4)  # « durent toutes deux quatre jours » (lesson 3)
    h = case["taches"].set_index("code").loc["H"]
    assert (h["duree"], h["charge_jours"]) == (5, 2)  # « sur cinq jours ouvrés (durée) … que deux jours (charge) » (lesson 2)
    risques = case["risques"].set_index("code")
    assert tuple(risques.loc["R1", ["probabilite", "impact"]]) == (2, 4) and tuple(risques.loc["R3", ["probabilite", "impact"]]) == (3, 2)
    assert dates.loc["G", "marge_totale"] == 0 and dates.loc["D", "marge_totale"] > 0  # R4 on a critical task, R1 with float (lesson 1)
    load = b4.charge_par_membre(dict(GOOD, C="Chloé Bourgeois"), case["taches"])["Chloé Bourgeois"]
    assert load > dict(zip(case["equipe"]["membre"], case["equipe"]["jours_disponibles"]))["Chloé Bourgeois"]


def test_lessons_teach_every_construct_of_the_model_answers():
    """What the épreuve's solutions use beyond the primer is taught in a bloc 4 lesson."""
    lessons = "".join(_lesson_text(p.name, "code") + _lesson_text(p.name) for p in LESSONS.glob("*.ipynb"))
    for construct in [".isin(", "~", "sorted(set(", ".map(", "dropna(subset=", ".merge(", '["montant_ht"].min()', ".head(3).tolist()",
                      "nx.dag_longest_path(", "nx.dag_longest_path_length(", "for t in chemin if t not in", ".value_counts().to_frame(",
                      ".cumsum()", "< 80).sum() + 1", ".index[:nb_causes_80].tolist()", '.loc[suivi["ecart_jours"] > 0, "code"].tolist()',
                      "default=0)", "default=duree_projet)", "reversed(list(", "pd.bdate_range(", 'dates.index[dates["marge_totale"] == 0]']:
        assert construct in lessons, construct


def test_lessons_read_the_training_case_only():
    code = "".join(_lesson_text(p.name, "code") for p in LESSONS.glob("*.ipynb"))
    assert 'combes("taches")' in code and "vallon" not in code.lower()


def test_training_case_is_regenerated_byte_for_byte_with_the_exam_columns(tmp_path):
    subprocess.run([sys.executable, str(CASE / "generate_data.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    names = sorted(p.name for p in (CASE / "data").iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    exam = ROOT / "case_studies" / "b4_vallon" / "data"
    for name in names:
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert fresh == (CASE / "data" / name).read_text(encoding="utf-8"), f"{name} differs from the committed data"
        if (exam / name).exists():
            theirs = (exam / name).read_text(encoding="utf-8").splitlines()
            ours, exam_columns = fresh.splitlines()[0].split(","), theirs[0].split(",")
            # the lessons train on the exam's table shapes; the exam may add columns of its own scenario
            # (the UX quotes' user-test option, coordination days) after them
            assert exam_columns[:len(ours)] == ours, f"{name}: the exam's columns, in the exam's order"
            assert not set(fresh.splitlines()[1:]) & set(theirs[1:]), f"{name}: no row of the exam's table"
