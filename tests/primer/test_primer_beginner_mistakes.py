"""The primer's beginner mistakes each get a French explanation (issue 27), in an in-process IPython shell.

The kit's error hints (``cpmc_course/kit/erreurs.py``) are installed as the
notebooks install them (by importing the kit). Each mistake a beginner was seen
making is run as they type it and must print its French sentence before
Python's traceback; the checks explain a tuple or a text typed for a number;
an exercise whose new answer fails is no longer checked against the previous
exercise's answer; a check cell never crashes on a column the learner's cell
did not create; notebook 06 quotes what Jupyter really prints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell

from cpmc_course.kit import erreurs

ROOT = Path(__file__).resolve().parents[2]
PRIMER = ROOT / "courses" / "00_prise_en_main"
sys.path.insert(0, str(PRIMER))
import verifications as v  # noqa: E402  (the primer's checks live beside its notebooks)


@pytest.fixture(scope="module")
def shell():
    previous = os.getcwd()
    os.chdir(PRIMER)
    shell = InteractiveShell.instance()
    try:
        assert erreurs.install()
        shell.run_line_magic("colors", "nocolor")  # plain text, as compared below
        shell.run_cell("import pandas as pd\ncommandes = pd.read_csv('donnees/commandes.csv')\n"
                       "commandes['ca_ht'] = commandes['quantite'] * commandes['prix_unitaire_ht']\n"
                       "campagnes = pd.read_csv('donnees/campagnes.csv')\n"
                       "from verifications import verifier_canaux_nettoyes")
        yield shell
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
        os.chdir(previous)


def _first_line(shell, capsys, source: str) -> str:
    capsys.readouterr()
    result = shell.run_cell(source)
    assert not result.success  # the cell still fails: the learner sees Python's error too
    shown = capsys.readouterr()
    assert shown.err == ""
    return next(line for line in shown.out.splitlines() if line.strip())


@pytest.mark.parametrize("source, expected", [
    ("reponse = round(14,90*1.2, 2)", erreurs.COMMA_DECIMAL),
    ('commandes[commandes["canal"] == "Instagram" and commandes["appareil"] == "mobile"]', erreurs.SERIES_CONDITIONS),
    ('commandes[(commandes["canal"] == "Instagram") or (commandes["appareil"] == "mobile")]', erreurs.SERIES_CONDITIONS),
    ('commandes[commandes["canal"] == "Instagram" & commandes["appareil"] == "mobile"]', erreurs.MISSING_PARENTHESES),
    ('commandes[commandes["quantite"] > 1 & commandes["prix_unitaire_ht"] > 20]', erreurs.MISSING_PARENTHESES),
    ('campagnes["canal"] = campagnes["canal_saisi"].strip().lower()', erreurs.str_hint("strip")),
    ('commandes["canal"].lower()', erreurs.str_hint("lower")),
    ('commandes[commandes["produit"].contains("Café")]', erreurs.str_hint("contains")),
    ('commandes["Canal"].value_counts()', erreurs.key_hint("Canal")),
    ('pd.pivot_table(commandes, index="canal", columns="quantite", values="ca_ht", aggfunc="sum")["3"]',
     erreurs.key_hint("3")),
])
def test_each_beginner_mistake_gets_its_french_explanation(shell, capsys, source, expected):
    assert _first_line(shell, capsys, source) == expected


def test_the_explanations_name_the_fix():
    assert "14.90" in erreurs.COMMA_DECIMAL and "&" in erreurs.SERIES_CONDITIONS and "and" in erreurs.SERIES_CONDITIONS
    assert "parenthèses" in erreurs.MISSING_PARENTHESES and ".str.strip()" in erreurs.str_hint("strip")
    assert "sans guillemets" in erreurs.key_hint("3") and "print(list(tableau.columns))" in erreurs.key_hint("Canal")


def test_other_errors_keep_their_usual_traceback(shell, capsys):
    capsys.readouterr()
    shell.run_cell("1 / 0")
    shown = capsys.readouterr().out
    assert "ZeroDivisionError" in shown and " :" not in shown  # no French line added
    assert erreurs.lead(TypeError, TypeError("unsupported operand type(s) for +: 'int' and 'str'")) is None
    assert erreurs.lead(AttributeError, AttributeError("'Series' object has no attribute 'groupyb'")) is None


@pytest.mark.parametrize("answer, expected", [
    ((14, 108.0), "suite de 2 valeurs (14, 108) et non un nombre"),
    ("17,88", "texte entre guillemets («\u00a017,88\u00a0») et non un nombre"),
])
def test_a_comma_typed_as_decimal_separator_is_explained_by_the_check(answer, expected):
    feedback = v.verifier_prix_ttc(answer)
    assert expected in feedback.message and "point" in feedback.message, feedback.message


def _cells(name: str):
    return nbformat.read(PRIMER / f"{name}.ipynb", as_version=4).cells


def test_a_failed_answer_is_not_checked_against_the_previous_exercise(shell, capsys):
    exercises = [c for c in _cells("01_notebook_cellules_nombres") if "exercice" in c.metadata.get("tags", [])]
    shell.run_cell("reponse = round(14.90 * 1.2, 2)")  # the VAT exercise, done right
    lines = exercises[1].source.splitlines()  # the next exercise: its reset line, then the learner's line
    typed = "\n".join(lines[:-1] + ["reponse = round((prix_ht - cout_ht) / prix_ht * 100, 1"])  # missing parenthesis
    shell.run_cell(typed)
    shell.run_cell("prix_ht, cout_ht = 34.90, 9.80")
    shell.run_cell(typed.replace("* 100, 1", "* 100, 1)").replace("prix_ht - cout_ht", "prix_ht - cout_ht_"))  # NameError
    feedback = v.verifier_taux_de_marque(shell.user_ns["reponse"])
    assert "17,88" not in feedback.message and "Pas encore de réponse" in feedback.message, feedback.message
    assert all(c.source.splitlines()[0].endswith("ne modifiez pas cette ligne") for c in exercises)


def test_the_cleaning_check_never_crashes_on_a_missing_column(shell, capsys):
    cells = _cells("03_colonnes_taux_textes_dates")
    i = next(i for i, c in enumerate(cells) if c.source.startswith("campagnes = campagnes.drop"))
    exercise, check = cells[i].source, cells[i + 1].source
    typed = exercise.replace('campagnes["canal"] = None', 'campagnes["canal"] = campagnes["canal_saisi"].strip().lower()')
    shell.run_cell('campagnes["canal"] = "ancienne réponse"')  # an earlier attempt
    assert _first_line(shell, capsys, typed) == erreurs.str_hint("strip")
    capsys.readouterr()
    result = shell.run_cell(check)
    assert result.success and "Pas encore de réponse" in result.result.message


def test_notebook_06_quotes_what_jupyter_prints(shell, capsys):
    cells = _cells("06_lire_un_message_d_erreur")
    i = next(i for i, c in enumerate(cells) if c.source == 'round(commandes["ca_ht"].mean(), 2')
    capsys.readouterr()
    shell.run_cell(cells[i].source)
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    assert printed == "SyntaxError: incomplete input"
    assert f"`{printed}`" in cells[i + 1].source


def test_notebook_06_shows_each_beginner_mistake_with_its_explanation(shell, capsys):
    cells = _cells("06_lire_un_message_d_erreur")
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## 5. Les pièges des débutants"))
    end = next(i for i, c in enumerate(cells) if c.source.startswith("## 6."))
    raising = [c.source for c in cells[start:end] if "raises-exception" in c.metadata.get("tags", [])]
    expected = [erreurs.COMMA_DECIMAL, erreurs.SERIES_CONDITIONS, erreurs.MISSING_PARENTHESES, erreurs.str_hint("lower")]
    assert [_first_line(shell, capsys, source) for source in raising] == expected
