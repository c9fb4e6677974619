"""The revision notebook: one short hidden code cell per step, and it really shows the quiz and the carte."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "courses" / "revision" / "revision.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


def test_each_step_is_explained_and_its_code_hidden():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    assert len(code) == 2
    for i in code:
        cell = nb.cells[i]
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"cellule {i} visible"
        assert len(cell.source.strip().splitlines()) <= 3
        assert nb.cells[i - 1].cell_type == "markdown" and nb.cells[i - 1].source.startswith("## Étape")


def test_executed_notebook_shows_the_chosen_questions_and_the_carte(tmp_path, monkeypatch):
    progression = tmp_path / "progression.json"
    monkeypatch.setenv("CPMC_PROGRESSION", str(progression))
    monkeypatch.setenv("CPMC_REVISION_QUESTIONS", "b3-c21-nps,b2-c12-raci")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    quiz_cell, carte_cell = (c for c in nb.cells if c.cell_type == "code")
    for cell in (quiz_cell, carte_cell):
        assert [o.output_type for o in cell.outputs] == ["execute_result"]  # no error, no warning on stderr
        assert WIDGET in cell.outputs[0].data
    assert not progression.exists()  # showing questions records nothing
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    html = " ".join(str(m["state"].get("value", "")) for m in state.values() if m["model_name"] == "HTMLModel")
    assert "Question 1 · B3 · C21" in html and "Question 2 · B2 · C12" in html and "Question 3" not in html
    assert "Compétences révisées : 0 sur 37" in html
