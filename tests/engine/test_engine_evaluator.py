"""The hand-over from a copy's kernel to the test evaluator, without kernels: what is rebuilt, what is refused."""

from __future__ import annotations

import base64
import json
import math
import os
import pickle

import numpy as np
import pandas as pd
import pytest

from cpmc_course.engine import evaluator
from cpmc_course.engine.evaluator import Refused, RestrictedUnpickler, _rebuild, export


def _through(value):
    """A value exported as a copy's kernel would, then rebuilt as the evaluator does."""
    return _rebuild(json.loads(export({"x": value}, ["x"]))["x"])


def test_real_data_is_rebuilt_with_its_exact_types():
    frame = pd.DataFrame({
        "canal": ["SEO", None], "visites": [3, 4], "taux": [0.25, np.nan], "jour": pd.to_datetime(["2026-01-02", "2026-02-03"]),
        "classe": pd.Categorical(["A", "B"]), "mois": pd.period_range("2026-01", periods=2, freq="M"),
    }).set_index("canal")
    assert _through(frame).equals(frame) and type(_through(frame)) is pd.DataFrame
    for value in (0.25, 12, "texte", [1, 2.5], {"a": (1, 2)}, {1, 2}, None, True, np.float64(1.5), np.arange(4),
                  frame["taux"], pd.Timestamp("2026-01-01")):
        rebuilt = _through(value)
        assert type(rebuilt) is type(value)
        assert rebuilt.equals(value) if hasattr(value, "equals") else np.array_equal(rebuilt, value) if isinstance(value, np.ndarray) else rebuilt == value


class Zero(float):
    def __sub__(self, other):
        return 0.0


class Trap:
    def __reduce__(self):
        return (os.system, ("touch /tmp/cpmc-piege",))


@pytest.mark.parametrize("value", [Zero(0.3), Trap(), [1, Zero(2)], pd.Series([Zero(1.0)], dtype=object)])
def test_foreign_types_are_refused(value):
    with pytest.raises(Refused):
        _through(value)


def test_a_pickle_cannot_rewrite_a_class():
    """BUILD with slot state on a class: plain ``pickle.loads`` would set ``Counter.__eq__ = bool``; refused here."""
    import collections
    import io

    crafted = b"\x80\x04ccollections\nCounter\n(N}(\x8c\x06__eq__cbuiltins\nbool\nutb."
    with pytest.raises(Refused):
        RestrictedUnpickler(io.BytesIO(crafted)).load()
    assert collections.Counter.__eq__ is not bool


@pytest.mark.parametrize("entry", [["module", "os"], ["module", "subprocess"], ["ref", "builtins", "eval"], ["ref", "posix", "system"],
                                   ["value", base64.b64encode(pickle.dumps(print)).decode()], ["autre", "x"]])
def test_forged_exports_are_refused(entry):
    with pytest.raises(Refused):
        _rebuild(entry)


def test_modules_and_library_functions_are_reimported():
    assert _through(np) is np and _through(math.isclose) is math.isclose and _through(pd.testing) is pd.testing


def test_figures_are_redrawn_from_what_they_show():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [3, 5])
    ax.plot([0, 1], [2, 4])
    ax.set_title("Titre")
    ax.set_xlabel("Canal")
    found = json.loads(export({"fig": fig, "ax": ax}, ["fig", "ax"]))
    evaluator._FIGURES.clear()
    new_fig, new_ax = _rebuild(found["fig"]), _rebuild(found["ax"])
    plt.close(fig)
    assert new_ax in new_fig.axes and new_ax.get_title() == "Titre" and new_ax.get_xlabel() == "Canal"
    assert [p.get_height() for p in new_ax.patches] == [3, 5] and list(new_ax.lines[0].get_ydata()) == [2, 4]


def test_no_course_cell_needs_a_name_only_a_test_cell_binds():
    """Test cells run in the evaluator: what they bind never reaches the student's kernel, so no later cell may read it."""
    import ast
    from pathlib import Path

    from cpmc_course.engine.evaluation import names_read

    root = Path(__file__).resolve().parents[2] / "source"
    found = []
    for path in sorted(root.glob("*/*.ipynb")):
        only_tests: set[str] = set()
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            bound = {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            if meta.get("grade") and not meta.get("solution"):
                only_tests |= bound
            else:
                found += [f"{path.name} : {name}" for name in names_read(source) if name in only_tests]
                only_tests -= bound
    assert not found


def test_an_unchanged_value_travels_as_its_fingerprint_only():
    frame = pd.DataFrame({"visites": [3, 4]})
    first = json.loads(export({"v": frame}, ["v"]))["v"]
    assert first[0] == "value" and _rebuild(first, "v").equals(frame)
    again = json.loads(export({"v": frame}, ["v"], {"v": first[2]}))["v"]
    assert again == ["same", first[2]]
    rebuilt = _rebuild(again, "v")
    rebuilt.loc[0, "visites"] = 99  # a test changing it in place does not change what the next test receives
    assert _rebuild(again, "v").equals(frame)
    with pytest.raises(Refused):
        _rebuild(["same", "0" * 64], "v")
    with pytest.raises(Refused):
        _rebuild(["same", first[2]], "autre_nom")


RESET = """
import json, os, sys, warnings
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.core.interactiveshell import InteractiveShell
from cpmc_course.engine import evaluator
shell = InteractiveShell.instance()
evaluator.prepare(False)
before = {"rows": pd.get_option("display.max_rows"), "precision": np.get_printoptions()["precision"],
          "dpi": matplotlib.rcParams["figure.dpi"], "filters": len(warnings.filters), "path": list(sys.path)}
shell.run_cell(
    "attendu = 42\\nimport pandas as pd, numpy as np, matplotlib, matplotlib.pyplot as plt, os, sys, warnings\\n"
    "pd.set_option('display.max_rows', 3)\\nnp.set_printoptions(precision=2)\\nmatplotlib.rcParams['figure.dpi'] = 33\\n"
    "warnings.simplefilter('ignore')\\nos.environ['TRACE'] = '1'\\nsys.path.append('/ailleurs')\\nplt.figure()\\n"
    "open('reste.txt', 'w').write('x')\\nos.makedirs('dossier')\\nos.chdir('dossier')\\n1 + 1")
evaluator._IMPORTED.add("taux")
evaluator._HELD["taux"] = ("empreinte", 0.3)
evaluator.reset()
print(json.dumps({
    "names": sorted(n for n in ("attendu", "pd", "np", "_", "_1") if n in shell.user_ns),
    "count": shell.execution_count, "history": len(shell.history_manager.input_hist_raw),
    "rows": pd.get_option("display.max_rows"), "precision": np.get_printoptions()["precision"],
    "dpi": matplotlib.rcParams["figure.dpi"], "filters": len(warnings.filters), "path": list(sys.path),
    "env": "TRACE" in os.environ, "cwd": os.getcwd(), "files": os.listdir(), "figures": plt.get_fignums(),
    "held": [len(evaluator._IMPORTED), len(evaluator._HELD)], "before": before,
}))
"""


def test_a_reused_evaluator_is_reset_to_its_prepared_state(tmp_path):
    """Between two notebooks the worker's evaluator keeps nothing of the previous one (names, history, counter,
    values received, figures, files, settings that tests could change)."""
    import subprocess
    import sys

    work = tmp_path / "evaluateur"
    work.mkdir()
    done = subprocess.run([sys.executable, "-c", RESET], cwd=work, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr[-2000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])
    before = state.pop("before")
    assert state["names"] == [] and state["count"] == 1 and state["history"] == 1
    assert {k: state[k] for k in before} == before
    assert not state["env"] and state["cwd"] == str(work) and state["files"] == [] and state["figures"] == []
    assert state["held"] == [0, 0]
