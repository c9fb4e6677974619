"""nbgrader's Execute step, hardened: one faulty cell costs that cell, never the whole notebook.

* a cell that kills its kernel, or runs past its time, gets a French error
  output; the kernel is restarted and the earlier cells are run again silently,
  so the following cells are graded as they would have been without it;
* outputs are cut to ``sortie_kio`` per cell (a stderr stream or an error is
  always kept, so that the grade is nbgrader's);
* before every hidden test cell the tamper guard runs in the kernel
  (``guard.restore``); when it cannot confirm that it ran, the test cell is
  not credited. What it found is reported for the copy.
"""

from __future__ import annotations

import ast
import copy
import json
import secrets
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Integer

MAX_RESTARTS = 4
REPORTS: dict[str, dict] = {}
"""Per notebook name: ``faults`` (French, per cell) and ``tampering`` (what the guard restored)."""
CACHE_KEY = ""
"""Fingerprint of the copy being graded: an identical copy graded before in this process is not run again."""
_CACHE: dict[tuple[str, str], tuple[list, dict, dict]] = {}


def _error(ename: str, text: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=text, traceback=[f"{ename} : {text}"])


_GUARD = "__import__('sys').modules['cpmc_course.engine.guard']"


def names_read(source: str) -> list[str]:
    """Names a test cell reads (it may call them), sorted."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)})


def instructor_bindings(source_notebook: Path) -> dict[str, tuple[str, str]]:
    """Names the instructor's own code cells import: ``{name: (module, attribute or "")}``."""
    try:
        nb = json.loads(source_notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
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
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = (node.module, alias.name)
    return found


class SafeExecute(Execute):
    """nbgrader's ``Execute``, with restarts, bounded outputs and the tamper guard."""

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

    def _guard(self, bindings: dict, used: list[str]) -> tuple[bool, list[str]]:
        nonce = secrets.token_hex(8)
        code = f"{_GUARD}.restore(get_ipython(), {bindings!r}, {used!r}, {nonce!r})"
        try:
            msg_id = self.kc.execute(code, silent=True, store_history=False, user_expressions={"g": f"{_GUARD}.LAST"})
            reply = self.wait_for_reply(msg_id)
            text = reply["content"]["user_expressions"]["g"]["data"]["text/plain"]
            value = ast.literal_eval(text)
        except Exception:  # noqa: BLE001 - anything odd means the check did not run
            return False, ["le contrôle d'intégrité n'a pas pu s'exécuter"]
        if not isinstance(value, str) or not value.startswith(nonce + "|"):
            return False, ["le contrôle d'intégrité n'a pas pu s'exécuter"]
        found = value.split("|", 1)[1]
        return True, [f for f in found.split(",") if f]

    def _run_cell(self, cell, resources, index, bindings, report):
        guarded = cell.cell_type == "code" and is_grade(cell) and not is_solution(cell) and self._guard_available
        ok = True
        if guarded:
            ok, found = self._guard(bindings, names_read(cell.source))
            report["tampering"].extend(x for x in found if x not in report["tampering"])
        self.preprocess_cell(cell, resources, index)
        if guarded and not any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            try:
                self.wait_for_reply(self.kc.execute(f"{_GUARD}.reinstate(get_ipython())", silent=True, store_history=False))
            except Exception:  # noqa: BLE001 - a kernel that died in the test cell has nothing to give back
                pass
        if guarded and not ok:
            cell.outputs.append(_error("ControleIntegrite", "environnement de test modifié par le code rendu : cellule non créditée"))

    def _replay(self, upto: int, skip: set[int], resources) -> None:
        for i in range(upto):
            cell = self.nb.cells[i]
            if cell.cell_type == "code" and i not in skip:
                try:
                    self.execute_cell(copy.deepcopy(cell), i)
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

    def _execute(self, name, report, resources):
        meta = (resources or {}).get("nbgrader", {})
        source = Path("source") / meta.get("assignment", "") / f"{name}.ipynb"
        bindings = instructor_bindings(source) if source.exists() else {}
        from . import kernels

        self._guard_available = self.kernel_manager_class is kernels.ForkedKernelManager
        faulty: set[int] = set()
        start, restarts = 0, 0
        while start < len(self.nb.cells):
            index, replaying = start, bool(start)
            try:
                with self.setup_kernel():
                    info = self.wait_for_reply(self.kc.kernel_info())
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                    if start:
                        self._replay(start, faulty, resources)
                    replaying = False
                    for index in range(start, len(self.nb.cells)):
                        cell = self.nb.cells[index]
                        self._run_cell(cell, resources, index, bindings, report)
                        if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
                            raise CellTimeoutError("délai")
                    start = len(self.nb.cells)
            except (DeadKernelError, CellTimeoutError) as exc:
                restarts += 1
                if replaying and restarts <= MAX_RESTARTS:  # an earlier cell failed again while state was rebuilt: it is now skipped
                    continue
                cell = self.nb.cells[index]
                dead = isinstance(exc, DeadKernelError)
                reason = ("le noyau Python s'est arrêté pendant cette cellule (arrêt du processus ou mémoire épuisée)"
                          if dead else "délai d'exécution dépassé dans cette cellule (boucle infinie ou calcul trop long)")
                outputs = [o for o in cell.get("outputs", []) if o.get("ename") != "CellTimeoutError"]
                cell.outputs = outputs + [_error("NoyauArrete" if dead else "DelaiDepasse", reason)]
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cellule {index + 1}"
                report["faults"].append(f"{name} / {grade_id} : {reason}")
                faulty.add(index)
                start = index + 1
                if restarts > MAX_RESTARTS:
                    for later in self.nb.cells[start:]:
                        if later.cell_type == "code":
                            later.outputs = [_error("NoyauArrete", "cellule non exécutée : trop d'arrêts du noyau dans ce notebook")]
                    break
        self.set_widgets_metadata()
