"""nbgrader's Execute step, hardened: one faulty cell costs that cell, never the whole notebook.

* graded test cells never run in the student's kernel: each runs in the
  evaluator kernel with the copy's values handed over as data (``evaluation``);
* a cell that runs past its time is interrupted and gets a French error output;
  the kernel keeps what the cell had computed, as in nbgrader. A cell that
  kills its kernel (or an interrupt that does not come back) restarts it: the
  earlier cells are run again silently (a cell that killed the kernel with its
  exit calls turned into errors, so that what it computed before is kept), and
  the following cells are graded as they would have been without it;
* outputs are cut to ``sortie_kio`` per cell (a stderr stream or an error is
  always kept, so that the grade is nbgrader's).
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Integer

from .evaluation import EvaluatedTests, error

MAX_RESTARTS = 4
REPORTS: dict[str, dict] = {}
"""Per notebook name: ``faults`` (French, per cell) and ``tampering`` (values of the copy the evaluator refused)."""
CACHE_KEY = ""
"""Fingerprint of the copy being graded: an identical copy graded before in this process is not run again."""
_CACHE: dict[tuple[str, str], tuple[list, dict, dict]] = {}


def read_source(source_notebook: Path | dict | None) -> dict | None:
    """The instructor's notebook as JSON (``None`` when it cannot be read); an already read one is returned as is."""
    if source_notebook is None or isinstance(source_notebook, dict):
        return source_notebook
    try:
        return json.loads(source_notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def instructor_bindings(source_notebook: Path | dict | None) -> dict[str, tuple[str, str]]:
    """Names the instructor's own code cells import: ``{name: (module, attribute or "")}``."""
    nb = read_source(source_notebook) or {}
    found: dict[str, tuple[str, str]] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        source = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        found[alias.asname] = (alias.name, "")
                    else:
                        top = alias.name.split(".")[0]
                        found[top] = (top, "")
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def source_tests(source_notebook: Path | dict | None) -> frozenset[str] | None:
    """grade_ids of the test cells of the instructor's notebook (``None`` when it cannot be read)."""
    nb = read_source(source_notebook)
    if nb is None:
        return None
    return frozenset(meta["grade_id"] for cell in nb.get("cells", []) if cell.get("cell_type") == "code"
                     for meta in [cell.get("metadata", {}).get("nbgrader", {})]
                     if meta.get("grade") and not meta.get("solution") and meta.get("grade_id"))


def given_cells(source_notebook: Path | dict | None) -> tuple[str, ...]:
    """The instructor's given code cells before the notebook's first answer (they load the sujet's data)."""
    nb = read_source(source_notebook) or {}
    found = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") or meta.get("task"):
            break
        if cell.get("cell_type") == "code" and not meta.get("grade"):
            source = cell.get("source", "")
            found.append("".join(source) if isinstance(source, list) else source)
    return tuple(found)


NEUTRALISE = """
def _cpmc_neutralise():
    import os, signal
    kill, pid = os.kill, os.getpid()
    def stop(*args, **kwargs):
        raise RuntimeError("arrêt du noyau neutralisé pendant la reprise")
    def guarded_kill(target, signum):
        return stop() if target in (0, pid) else kill(target, signum)
    os._exit = os.abort = signal.raise_signal = stop
    os.kill = guarded_kill
_cpmc_neutralise()
del _cpmc_neutralise
"""
"""Run before replaying a cell that killed the kernel: its exit calls raise instead, so what it computed before is kept."""
RESTORE_EXITS = ("import os as _o, signal as _s, posix as _p, _signal\n"
                 "_o._exit, _o.abort, _o.kill, _s.raise_signal = _p._exit, _p.abort, _p.kill, _signal.raise_signal\n"
                 "del _o, _s, _p, _signal")


class SafeExecute(EvaluatedTests, Execute):
    """nbgrader's ``Execute``, with restarts, bounded outputs and test cells run in the evaluator."""

    max_output_bytes = Integer(256 * 1024, help="Output kept per cell, in bytes.").tag(config=True)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(json.dumps(content.get("data", content.get("text", ""))))
        used = self._output_sizes.get(cell_index, 0)
        self._output_sizes[cell_index] = used + size
        if used + size > self.max_output_bytes and msg["msg_type"] in ("stream", "display_data", "update_display_data"):
            if msg["msg_type"] == "stream" and content.get("name") == "stderr":
                if not any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in outs):
                    outs.append(NotebookNode(output_type="stream", name="stderr", text=content.get("text", "")[:1000]))
            elif cell_index not in self._truncated:
                self._truncated.add(cell_index)
                outs.append(NotebookNode(output_type="stream", name="stdout",
                                         text=f"\n[sortie tronquée : plus de {self.max_output_bytes // 1024} Kio]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _is_test(self, cell) -> bool:
        """A test cell as ``source/`` says (a copy's own flags are not trusted), never run in the student's kernel."""
        if cell.cell_type != "code":
            return False
        if self._tests is None:
            return is_grade(cell) and not is_solution(cell)
        return cell.metadata.get("nbgrader", {}).get("grade_id") in self._tests

    def _run_cell(self, cell, resources, index, report) -> bool:
        """Run one cell; ``True`` when it ran past its time and the interrupt gave the kernel back (state kept)."""
        if self._is_test(cell):
            refused = self.evaluate_test(cell, resources, index, self._bindings, self._kit)
            report["tampering"].extend(r for r in refused if r not in report["tampering"])
            return False
        self.preprocess_cell(cell, resources, index)
        if not any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            return False
        if not self._responsive():
            raise CellTimeoutError("délai")
        return True

    def _responsive(self) -> bool:
        """Whether the student's kernel came back from the interrupt that ended a cell past its time."""
        try:
            reply = self.wait_for_reply(self.kc.execute("", silent=True, store_history=False))
        except Exception:  # noqa: BLE001 - a dead or stuck kernel is not responsive
            return False
        return bool(reply) and reply["content"].get("status") == "ok"

    def _silent(self, code: str) -> None:
        try:
            self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
        except (DeadKernelError, CellTimeoutError):
            raise
        except Exception:  # noqa: BLE001 - best effort
            pass

    def _replay(self, upto: int, skip: set[int], died: set[int]) -> None:
        for i in range(upto):
            cell = self.nb.cells[i]
            if cell.cell_type != "code" or i in skip or self._is_test(cell):
                continue
            try:
                if i in died:
                    self._silent(NEUTRALISE)
                replayed = self.execute_cell(copy.deepcopy(cell), i)
                if i in died:
                    self._silent(RESTORE_EXITS)
                if any(o.get("ename") == "CellTimeoutError" for o in replayed.get("outputs", [])) and not self._responsive():
                    raise CellTimeoutError("délai")
            except (DeadKernelError, CellTimeoutError):
                skip.add(i)
                raise

    def preprocess(self, nb, resources=None, km=None):
        from nbclient import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._output_sizes: dict[int, int] = {}
        self._truncated: set[int] = set()
        meta = (resources or {}).get("nbgrader", {})
        name = meta.get("notebook", "")
        report = REPORTS.setdefault(name, {"faults": [], "tampering": []})
        cached = _CACHE.get((CACHE_KEY, name)) if CACHE_KEY else None
        if cached and len(cached[0]) == len(self.nb.cells):
            for cell, outputs in zip(self.nb.cells, cached[0]):
                if cell.cell_type == "code":
                    cell.outputs = copy.deepcopy(outputs)
            self.nb.metadata.update(copy.deepcopy(cached[1]))
            REPORTS[name] = copy.deepcopy(cached[2])
            return self.nb, self.resources
        self._execute(name, report, resources)
        if CACHE_KEY:
            _CACHE[(CACHE_KEY, name)] = (
                [copy.deepcopy(c.get("outputs", [])) for c in self.nb.cells],
                {"language_info": copy.deepcopy(self.nb.metadata.get("language_info", {}))},
                copy.deepcopy(report),
            )
        return self.nb, self.resources

    def _fault(self, name: str, index: int, report: dict, dead: bool) -> None:
        cell = self.nb.cells[index]
        reason = ("le noyau Python s'est arrêté pendant cette cellule (arrêt du processus ou mémoire épuisée)"
                  if dead else "délai d'exécution dépassé dans cette cellule (boucle infinie ou calcul trop long)")
        outputs = [o for o in cell.get("outputs", []) if o.get("ename") != "CellTimeoutError"]
        cell.outputs = outputs + [error("NoyauArrete" if dead else "DelaiDepasse", reason)]
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cellule {index + 1}"
        report["faults"].append(f"{name} / {grade_id} : {reason}")

    def _execute(self, name, report, resources):
        meta = (resources or {}).get("nbgrader", {})
        source = Path("source") / meta.get("assignment", "") / f"{name}.ipynb"
        nb = read_source(source)  # read once: imports, test cells and given cells all come from it
        self._bindings = instructor_bindings(nb)
        self._tests = source_tests(nb)
        codes = given_cells(nb)
        self.sujet = (str(source.parent), codes) if codes else None
        self._given = None
        self._kit = any(module.startswith("cpmc_course") for module, _ in self._bindings.values())
        skip: set[int] = set()
        died: set[int] = set()
        start, restarts = 0, 0
        try:
            while start < len(self.nb.cells):
                index, replaying = start, bool(start)
                if self._tests or self._tests is None:
                    self.launch_evaluator()
                try:
                    with self.setup_kernel():
                        info = self.wait_for_reply(self.kc.kernel_info())
                        self.nb.metadata["language_info"] = info["content"]["language_info"]
                        if start:
                            self._replay(start, skip, died)
                        replaying = False
                        for index in range(start, len(self.nb.cells)):
                            if self._run_cell(self.nb.cells[index], resources, index, report):
                                self._fault(name, index, report, dead=False)
                        start = len(self.nb.cells)
                except (DeadKernelError, CellTimeoutError) as exc:
                    restarts += 1
                    if replaying and restarts <= MAX_RESTARTS:  # an earlier cell failed again while state was rebuilt: it is now skipped
                        continue
                    dead = isinstance(exc, DeadKernelError)
                    self._fault(name, index, report, dead)
                    (died if dead else skip).add(index)
                    start = index + 1
                    if restarts > MAX_RESTARTS:
                        for later in self.nb.cells[start:]:
                            if later.cell_type == "code":
                                later.outputs = [error("NoyauArrete", "cellule non exécutée : trop d'arrêts du noyau dans ce notebook")]
                        break
        finally:
            self._stop_evaluator(keep=True)
        self.set_widgets_metadata()
