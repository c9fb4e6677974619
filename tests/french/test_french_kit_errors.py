"""The kit's error hints (cpmc_course/kit/erreurs.py) in an in-process IPython shell; the real kernel and
nbgrader are checked in test_french_nbgrader.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell

from cpmc_course.kit import erreurs
from cpmc_course.kit.erreurs import NBSP, assertion_lead, lead, name_hint


@pytest.fixture
def shell(capsys):
    shell = InteractiveShell.instance()
    try:
        assert erreurs.install()
        yield shell
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()


def test_a_name_error_leads_with_the_hint_and_still_fails(shell, capsys):
    result = shell.run_cell("entonnoir.sum()")
    assert isinstance(result.error_in_exec, NameError)  # the cell fails, as nbgrader needs
    shown = capsys.readouterr()
    lines = [line for line in shown.out.strip().splitlines() if line.strip()]
    assert lines[0] == name_hint("entonnoir")
    assert "NameError" in lines[-1]  # the traceback still ends on Python's line (the primer says: read the last line)
    assert shown.err == ""


def test_a_failed_check_leads_with_its_french_message(shell, capsys):
    result = shell.run_cell('assert 0.3 == 0.25, "Le taux attendu est 12 / 48."')
    assert isinstance(result.error_in_exec, AssertionError)
    out = capsys.readouterr().out
    assert out.lstrip().startswith(f"Test non réussi{NBSP}: Le taux attendu est 12 / 48.")


def test_other_errors_are_shown_as_usual(shell, capsys):
    result = shell.run_cell("1 / 0")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert "Test non réussi" not in capsys.readouterr().out and lead(ZeroDivisionError, ZeroDivisionError()) is None


def test_messages_are_french_sentences():
    assert name_hint("entonnoir") == (
        f"La variable «{NBSP}entonnoir{NBSP}» n'existe pas encore{NBSP}: exécutez d'abord les cellules précédentes "
        "(menu Exécution › Exécuter tout au-dessus de la cellule sélectionnée), puis cette cellule. "
        "Si l'erreur persiste, complétez la question qui la calcule (elle s'arrête peut-être sur une erreur) "
        "ou vérifiez l'orthographe du nom."
    )
    assert name_hint(None).startswith("Ce nom n'existe pas encore")
    assert assertion_lead(AssertionError()).startswith(f"Test non réussi{NBSP}: relisez la consigne")


def test_nothing_is_installed_outside_ipython():
    code = "import sys, cpmc_course.kit; from cpmc_course.kit import erreurs; print(erreurs.install(), 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]  # and the reports do not even import IPython
