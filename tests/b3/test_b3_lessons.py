"""The bloc 3 lesson checks and the price simulator: right answers pass, plausible mistakes get their hint."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from b3_exam import lunea

from cpmc_course.kit import EMPTY, RIGHT, WRONG
from cpmc_course.lessons import b3

COUTS = b3.mitonelle("couts_solution")
"""The lessons train on Mitonelle (the training company); Lunéa is the épreuves' exam company."""
COST = float(sum(Fraction(str(q)) * Fraction(str(c)) for q, c in zip(COUTS["quantite"], COUTS["cout_unitaire_ht"])))
NOTES_NPS = pd.Series([10, 9, 9, 8, 7, 6, 3, 0, 10, 5])  # 4 promoters, 2 passives, 4 detractors → NPS 0
NOTES_CSAT = pd.Series([5, 4, 4, 3, 1, 2, 5, 4])  # 5 satisfied of 8 → 62.5 %


def test_cost_price_check():
    assert b3.verifier_cout_de_revient(None, COUTS).status == EMPTY
    assert b3.verifier_cout_de_revient(COST, COUTS).status == RIGHT
    forgot = b3.verifier_cout_de_revient(COST - 5200, COUTS)
    assert forgot.status == WRONG and "frais généraux" in forgot.message
    assert b3.verifier_cout_de_revient(str(COST), COUTS).status == WRONG


def test_price_check_catches_the_margin_rate_confusion():
    assert b3.verifier_prix_de_vente(COST / 0.85, COST, 0.15).status == RIGHT
    wrong = b3.verifier_prix_de_vente(COST * 1.15, COST, 0.15)
    assert wrong.status == WRONG and "taux de MARGE" in wrong.message


def test_nps_check():
    assert b3.nps(NOTES_NPS) == 0
    assert b3.verifier_nps(0, NOTES_NPS).status == RIGHT
    passives = b3.verifier_nps(20, NOTES_NPS)  # 7-8 counted as promoters: 60 % − 40 %
    assert passives.status == WRONG and "passifs" in passives.message
    real = b3.mitonelle("enquete_satisfaction")["note_recommandation"]
    exact = b3.nps(real)
    assert b3.verifier_nps(round(exact), real).status == RIGHT
    assert b3.verifier_nps(round(exact) - 1, real).status == WRONG


def test_csat_ces_and_their_checks():
    assert b3.csat(NOTES_CSAT) == 62.5 and b3.ces(pd.Series([1, 7, 4])) == 4
    assert b3.verifier_csat(62.5, NOTES_CSAT).status == RIGHT
    only_fives = b3.verifier_csat(25.0, NOTES_CSAT)
    assert only_fives.status == WRONG and "notes 4" in only_fives.message


def test_pareto_check():
    categories = pd.Series(["a"] * 50 + ["b"] * 25 + ["c"] * 15 + ["d"] * 10)
    table = b3.pareto(categories)
    assert list(table["part_cumulee"]) == [50, 75, 90, 100]
    assert b3.causes_principales(table) == ["a", "b"]
    assert b3.verifier_causes_principales(["b", "a"], categories).status == RIGHT
    too_many = b3.verifier_causes_principales(["a", "b", "c"], categories)
    assert too_many.status == WRONG and "de trop" in too_many.message
    assert b3.verifier_causes_principales(3, categories).status == WRONG


def test_break_even_check():
    expected = math.ceil(170000 / (890 * 0.42))
    assert b3.verifier_seuil(expected, 170000, 890, 0.42).status == RIGHT
    floor = b3.verifier_seuil(expected - 1, 170000, 890, 0.42)
    assert floor.status == WRONG and "entier supérieur" in floor.message


def test_method_choice():
    assert b3.verifier_methode("5 Pourquoi").status == RIGHT
    pareto = b3.verifier_methode("pareto")
    assert pareto.status == WRONG and "hiérarchise" in pareto.message


def test_price_simulation_against_the_definitions():
    # Mitonelle: cost 79 590 €, taux de marque 30 % → 113 700 € (the margin is 30 % of the price, 3/7 of the cost)
    r = b3.simulate_prix(cout=COST, taux_de_marque=0.30, tva=0.20, budget=105000, panier=180, taux_marge_brute=0.35)
    assert COST == 79590 and r.prix_vente_ht == pytest.approx(113700)
    assert r.marge / r.prix_vente_ht == pytest.approx(0.30) and r.taux_de_marge == pytest.approx(3 / 7)
    assert r.prix_vente_ttc == pytest.approx(136440) and r.coefficient == pytest.approx(136440 / COST)
    assert not r.dans_le_budget
    assert r.seuil_commandes == math.ceil(113700 / (180 * 0.35)) == 1805
    low = b3.simulate_prix(cout=COST, taux_de_marque=0.18, tva=0.20, budget=105000, panier=180, taux_marge_brute=0.35)
    assert low.dans_le_budget


def test_price_simulator_widget_redraws_in_french():
    simulator = b3.PrixSimulator()
    assert simulator.result.prix_vente_ht == pytest.approx(113700)
    assert "113\u202f700" in simulator.kpis.value
    simulator.sliders["taux_de_marque"].value = 0.15
    assert "oui" in simulator.kpis.value
    assert simulator.readouts["taux_de_marque"].value.startswith("15,0")


def test_price_simulator_starts_on_the_training_company():
    """The lesson's simulator opens on Mitonelle's figures, never on the exam's (Lunéa's cost price is 150 330 €)."""
    params = b3.mitonelle("parametres_offre").set_index("parametre")["valeur"]
    params = params[~params.str.contains("-")].astype(float)
    simulator = b3.PrixSimulator()
    values = {name: slider.value for name, slider in simulator.sliders.items()}
    assert values["cout"] == COST
    assert values["taux_de_marque"] == params["taux_de_marque_cible"] / 100
    assert values["budget"] == params["budget_client_annee_1"] and values["panier"] == params["panier_moyen_mitonelle"]
    assert values["taux_marge_brute"] == params["taux_de_marge_brute_mitonelle"] / 100


def test_loader_and_bad_input():
    assert str(b3.mitonelle("reclamations")["date_reception"].dtype).startswith("datetime64")
    assert str(lunea("reclamations")["date_reception"].dtype).startswith("datetime64")
    with pytest.raises(KeyError, match="Table inconnue"):
        lunea("ventes")
    with pytest.raises(ValueError, match="proportion"):
        b3.prix_pour_taux_de_marque(100, 25)
    bad = COUTS.copy()
    bad.loc[0, "categorie"] = "divers"
    with pytest.raises(ValueError, match="Catégorie"):
        b3.couts_par_categorie(bad)


def test_classifier_bad_input_is_a_french_error():
    avis = b3.mitonelle("avis_social")
    with pytest.raises(ValueError, match="colonnes texte, annote"):
        b3.annoter(avis.drop(columns=["annote"]))
    with pytest.raises(ValueError, match="Aucun avis annoté"):
        b3.annoter(avis.assign(annote="non"))
