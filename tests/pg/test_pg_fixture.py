"""The PostgreSQL tests fail in CI, and are skipped elsewhere, when the throwaway server cannot start."""

from __future__ import annotations

import glob
import tempfile

import pytest

import pg_server


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), (None, pytest.skip.Exception)], ids=["CI", "poste"])
def test_no_server_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setenv("PG_BINDIR", "/nonexistent")  # no initdb there: the server cannot start
    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    before = set(glob.glob(f"{tempfile.gettempdir()}/cpmc-pg-*"))
    with pytest.raises(outcome, match="serveur PostgreSQL de test indisponible : initdb introuvable"):
        next(pg_server.serve())
    assert set(glob.glob(f"{tempfile.gettempdir()}/cpmc-pg-*")) <= before  # its temporary folder is removed
