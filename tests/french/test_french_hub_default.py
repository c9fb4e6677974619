"""docs/passage-a-l-echelle.md: on a JupyterHub, the image makes French the default through Jupyter's labconfig."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jupyterlab_server.settings_utils import _get_overrides

OVERRIDES = Path(__file__).resolve().parents[2] / "cpmc_course" / "data" / "jupyterlab" / "settings" / "overrides.json"
DOC = Path(__file__).resolve().parents[2] / "docs" / "passage-a-l-echelle.md"


def test_the_documented_labconfig_file_makes_every_jupyterlab_french(tmp_path, monkeypatch):
    labconfig = tmp_path / "etc-jupyter" / "labconfig"
    labconfig.mkdir(parents=True)
    shutil.copy(OVERRIDES, labconfig / "default_setting_overrides.json")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "etc-jupyter"))
    overrides, error = _get_overrides(str(tmp_path / "aucun-reglage-propre"))
    assert not error
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    # the document quotes the very content `cpmc lab` applies
    assert json.dumps(json.loads(OVERRIDES.read_text(encoding="utf-8")), ensure_ascii=False) in DOC.read_text(encoding="utf-8")
