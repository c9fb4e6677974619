"""The template server's traceback shortcuts change no traceback text, and forget nothing when a module is imported.

Each check runs in a fresh interpreter: the shortcuts patch the process they run in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_TRACEBACKS = textwrap.dedent('''
    import json, re, sys
    from IPython.core.interactiveshell import InteractiveShell
    if sys.argv[1] == "warm":
        from cpmc_course.engine import zygote
        zygote._warm_up_tracebacks()
    shell = InteractiveShell.instance(colors="Linux")
    found = []
    shell._showtraceback = lambda etype, evalue, stb: found.append("\\n".join(stb))
    for cell in ["1 / 0", "import pandas as pd\\npd.DataFrame({'a': [1]})['b']", "def f():\\n    raise ValueError('taux négatif')\\nf()",
                 "total_leads + 1", "raise NotImplementedError()", "import numpy as np\\nnp.array([1, 2]) @ np.array([1, 2, 3])"]:
        shell.run_cell(cell)
    print(json.dumps([re.sub(r"ipython-input-\\d+-[0-9a-f]+", "CELL", text) for text in found]))
''')


def _run(code: str, *args: str, cwd: Path | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="agg")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip().splitlines()[-1]


def test_warmed_tracebacks_are_the_same_text():
    plain = json.loads(_run(_TRACEBACKS, "plain"))
    warm = json.loads(_run(_TRACEBACKS, "warm"))
    assert len(plain) == 6 and all("\x1b[" in text for text in plain)  # coloured, as in a notebook
    assert warm == plain


def test_a_cell_frame_finds_its_module_once_it_is_imported(tmp_path):
    (tmp_path / "module_tardif.py").write_text("VALEUR = 1\n", encoding="utf-8")
    code = textwrap.dedent('''
        import inspect, sys
        from cpmc_course.engine import zygote
        zygote._warm_up_tracebacks()
        path = sys.argv[1]
        frame = {}
        exec(compile("import sys\\nframe = sys._getframe()", path, "exec"), frame)
        before = [inspect.getmodule(frame["frame"]), inspect.getmodule(frame["frame"])]
        sys.path.insert(0, sys.argv[2])
        import module_tardif
        after = inspect.getmodule(frame["frame"])
        own = inspect.getmodule(sys._getframe())
        print(before == [None, None], after is module_tardif, inspect.getmodule(inspect) is inspect, own is sys.modules["__main__"] or own is None)
    ''')
    assert _run(code, str(tmp_path / "module_tardif.py"), str(tmp_path)) == "True True True True"
