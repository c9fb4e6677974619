"""Graded test cells run in an evaluator kernel that no student code ever ran in (worker side).

Before each test cell (visible and hidden asserts), the names the cell reads
are exported from the student's kernel as data (``evaluator.export``), written
into the evaluator's private folder, and loaded there by the restricted
unpickler (``evaluator.load``); the cell then runs in the evaluator, and its
outputs (errors, stderr) are what nbgrader grades. Nothing the copy did to its
own interpreter (patched modules, transformers, threads, callbacks, a replaced
shell) exists in the evaluator, and the hidden tests' source never enters the
student's kernel. The evaluator is forked from the same template as the
student's kernel, with the same confinement, in a folder of its own.

A worker keeps its evaluator from one notebook to the next (copies included):
after a notebook, ``evaluator.reset`` empties it (user namespace, history,
values received, figures, settings the tests could change) and it waits for
the next notebook that asks for the same preparation. One that ran past its
time, died, refused a hand-over, failed to reset, or used half its CPU time or
memory is stopped instead; a fresh one is started as before.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import shutil
import tempfile
from dataclasses import dataclass

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode

from ..kit.nombres import NNBSP
from . import kernels
from .admission import evaluator_root

_MODULE = "__import__('cpmc_course.engine.evaluator', fromlist=['load'])"
_GIVEN = "__import__('cpmc_course.engine.given', fromlist=['guard'])"
MAX_EXPORT_CHARS = 200 * 1024 * 1024
"""Largest hand-over from a copy's kernel (base64 text); a bigger one is refused."""
IPYTHON_NAMES = frozenset({"get_ipython", "display", "In", "Out", "exit", "quit"})


def error(ename: str, text: str) -> NotebookNode:
    """A French error output (nbgrader scores a cell with an error output 0)."""
    return NotebookNode(output_type="error", ename=ename, evalue=text, traceback=[f"{ename}{NNBSP}: {text}"])


def names_read(source: str) -> list[str]:
    """Names a test cell reads from the notebook's namespace, sorted (builtins and the cell's own bindings left out)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - plain Python is parsed as it is
        pass
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    local: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(node.name)
        elif isinstance(node, ast.arg):
            local.add(node.arg)
        elif isinstance(node, ast.comprehension):
            local |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            local |= {(a.asname or a.name).split(".")[0] for a in node.names}
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return sorted(loaded - local - set(dir(builtins)) - IPYTHON_NAMES)


@dataclass(frozen=True)
class Evaluator:
    """The evaluator kernel of one notebook: its manager, client and private folder."""

    km: object
    kc: object
    folder: str
    kit: bool = False
    """Whether it was prepared with the kit (its French errors and « Test réussi » lines)."""
    notebooks: int = 0
    """Notebooks it graded before this one."""


MAX_NOTEBOOKS = 40
"""Notebooks one evaluator grades before a fresh one replaces it."""
_PARKED: list[Evaluator] = []
"""The worker's evaluator between two notebooks (reset), at most one."""


class EvaluatedTests:
    """Mixin for ``SafeExecute``: start, feed and stop the evaluator; run a test cell there."""

    _evaluator: Evaluator | None = None
    _held: dict[str, str] = {}
    """Fingerprints of the values the evaluator holds (reset with it; replaced, never changed in place)."""

    _launched: Evaluator | None = None
    sujet: tuple[str, tuple[str, ...]] | None = None
    """The sujet's folder in ``source/`` and its given cells before the first answer (set per notebook)."""
    _given: frozenset[str] | None = None
    """Names the evaluator holds the sujet's values of, for this notebook (``None``: not asked yet)."""

    def launch_evaluator(self) -> None:
        """Ask for the evaluator kernel now: it starts while the student's kernel does (connected at the first test);
        nothing to do when the worker's evaluator of the previous notebook waits."""
        if self._evaluator is not None or self._launched is not None or _PARKED:
            return
        root = evaluator_root(kernels.SETTINGS.run_dir) if kernels.SETTINGS.run_dir else None
        if root:
            os.makedirs(root, exist_ok=True)  # a working folder the template server admits (pool.configure)
        folder = tempfile.mkdtemp(prefix="eval-", dir=root)
        saved = self.km, self.kc
        self.km = self.kc = None
        try:
            self.create_kernel_manager()
            self.start_new_kernel(cwd=folder)
            self._launched = Evaluator(self.km, None, folder)
        except Exception:  # noqa: BLE001 - connected (or reported) at the first test instead
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            self.km, self.kc = saved

    def _start_evaluator(self, kit: bool) -> Evaluator:
        if _PARKED:
            parked = _PARKED.pop()
            if parked.kit == kit and self._alive(parked):
                self._evaluator = parked
                return parked
            self._evaluator = parked
            self._stop_evaluator()
        self.launch_evaluator()
        launched, self._launched = self._launched, None
        if launched is None:
            raise RuntimeError("noyau d'évaluation indisponible")
        saved = self.km, self.kc
        self.km, self.kc = launched.km, None
        try:
            self.start_new_kernel_client()
            evaluator = Evaluator(self.km, self.kc, launched.folder)
        except BaseException:
            self._cleanup_kernel()
            shutil.rmtree(launched.folder, ignore_errors=True)
            raise
        finally:
            self.km, self.kc = saved
        self._evaluator = evaluator = Evaluator(evaluator.km, evaluator.kc, evaluator.folder, kit)
        self._evaluator_call(f"{_MODULE}.prepare({kit!r})")
        return evaluator

    @staticmethod
    def _alive(evaluator: Evaluator) -> bool:
        try:
            return bool(evaluator.km.provisioner and evaluator.km.provisioner.process.poll() is None)
        except Exception:  # noqa: BLE001 - a kernel that cannot say is not reused
            return False

    def _park(self, evaluator: Evaluator) -> bool:
        """Reset ``evaluator`` for the worker's next notebook; ``False`` when it must be stopped instead."""
        if evaluator.kc is None or evaluator.notebooks + 1 >= MAX_NOTEBOOKS or not self._alive(evaluator):
            return False
        self._evaluator = evaluator
        try:
            reset, text = self._evaluator_call(f"{_MODULE}.reset()", f"{_MODULE}.usage()")
            cpu_s, memory = ast.literal_eval(text) if reset and text else (float("inf"), 0)
        except Exception:  # noqa: BLE001 - an evaluator that cannot reset is not reused
            return False
        finally:
            self._evaluator = None
        limits = (kernels.SETTINGS.sandbox or {}).get("limits", {})
        if cpu_s > limits.get("cpu_s", 600) / 2 or memory > limits.get("memoire_mio", 3072) * 1024 * 1024 / 2:
            return False
        _PARKED.append(Evaluator(evaluator.km, evaluator.kc, evaluator.folder, evaluator.kit, evaluator.notebooks + 1))
        return True

    def _stop_evaluator(self, keep: bool = False) -> None:
        """Stop the evaluator (or, with ``keep``, reset it for the worker's next notebook when it can be)."""
        evaluator = self._evaluator or self._launched
        self._evaluator = self._launched = None
        self._held = {}
        self._given = None
        if evaluator is None or (keep and self._park(evaluator)):
            return
        saved = self.km, self.kc
        self.km, self.kc = evaluator.km, evaluator.kc
        mode, self.shutdown_kernel = self.shutdown_kernel, "immediate"  # nothing in it to save
        try:
            self._cleanup_kernel()  # also for a kernel launched but never connected (no client)
        except Exception:  # noqa: BLE001 - a dead evaluator has nothing left to stop
            pass
        finally:
            self.km, self.kc = saved
            self.shutdown_kernel = mode
            shutil.rmtree(evaluator.folder, ignore_errors=True)

    def _evaluator_call(self, code: str, expression: str = "") -> tuple[bool, str]:
        """Run trusted code silently in the evaluator: (succeeded, value of ``expression`` as text)."""
        evaluator = self._evaluator
        saved = self.km, self.kc
        self.km, self.kc = evaluator.km, evaluator.kc
        try:
            msg_id = self.kc.execute(code, silent=True, store_history=False,
                                     user_expressions={"v": expression} if expression else {})
            reply = self.wait_for_reply(msg_id)
        finally:
            self.km, self.kc = saved
        content = (reply or {}).get("content", {})
        value = content.get("user_expressions", {}).get("v", {}).get("data", {}).get("text/plain", "")
        return content.get("status") == "ok", value

    def _export(self, names: list[str]) -> str:
        """The copy's values of ``names`` as JSON text, from the student's kernel (``"{}"`` when it gives nothing usable)."""
        if not names:
            return "{}"
        known = {n: self._held[n] for n in names if n in self._held}
        expression = f"{_MODULE}.export(get_ipython().user_ns, {names!r}, {known!r})"
        try:
            reply = self.wait_for_reply(self.kc.execute("", silent=True, store_history=False, user_expressions={"v": expression}))
            text = reply["content"]["user_expressions"]["v"]["data"]["text/plain"]
        except Exception:  # noqa: BLE001 - a kernel that cannot answer gives no values
            return "{}"
        if len(text) > MAX_EXPORT_CHARS:
            return "{}"
        try:
            value = ast.literal_eval(text)
            found = json.loads(value) if isinstance(value, str) else None
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return "{}"
        if not isinstance(found, dict):
            return "{}"
        self._held = {**self._held, **{  # what the evaluator will hold after this load
            name: entry[2] for name, entry in found.items()
            if isinstance(entry, list) and len(entry) == 3 and entry[0] == "value" and isinstance(entry[2], str)}}
        return value

    def evaluate_test(self, cell, resources, index: int, bindings: dict, kit: bool) -> list[str]:
        """Run test cell ``cell`` in the evaluator with the copy's values; returns the refused values (French)."""
        names = names_read(cell.source)
        payload = self._export(names)
        try:
            evaluator = self._evaluator or self._start_evaluator(kit)
        except Exception:  # noqa: BLE001 - no evaluator: the test cannot be credited
            self._held = {}
            cell.outputs = [error("EvaluateurIndisponible", "le test n'a pas pu être exécuté (noyau d'évaluation indisponible)")]
            return []
        # the kernel's runtime folder is shared with it live (its working folder may be a private copy)
        path = os.path.join(getattr(evaluator.km.provisioner, "runtime", "") or evaluator.folder, "copie.json")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(payload)
        used = {n: list(bindings[n]) for n in names if n in bindings}
        watched = self._watched(names)
        guard = f"\n{_GIVEN}.guard({watched!r})" if watched else ""
        try:
            loaded, text = self._evaluator_call(f"{_MODULE}.load({path!r}, {names!r}, {used!r}){guard}",
                                                f"({_MODULE}.refusals(), {_GIVEN}.changed() if {bool(watched)} else [])")
            refused, changed = ast.literal_eval(text) if loaded and text else ([], [])
        except (DeadKernelError, CellTimeoutError, ValueError, SyntaxError):
            loaded, refused, changed = False, [], []
        finally:
            os.remove(path)
        if not loaded:
            self._stop_evaluator()
            cell.outputs = [error("EvaluateurIndisponible", "les valeurs de la copie n'ont pas pu être transmises au test")]
            return []
        refused = refused + [f"données de l'énoncé modifiées par la copie{NNBSP}: «{NNBSP}{n}{NNBSP}»" for n in changed]
        self._run_in_evaluator(cell, resources, index)
        refused_values = [r for r in refused if not r.startswith("données de l'énoncé")]
        if refused_values and any(o.get("output_type") == "error" for o in cell.outputs):
            cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=(
                f"Valeurs de la copie non transmises au test{NNBSP}: " + f"{NNBSP}; ".join(refused_values)
                + ". Seuls les nombres, textes, listes, dictionnaires, dates, tableaux numpy et pandas et figures sont acceptés.\n")))
        return refused

    def _watched(self, names: list[str]) -> list[str]:
        """The names the test reads that hold the sujet's data (``given``), once the evaluator holds the sujet."""
        if not self.sujet or not names:
            return []
        if self._given is None:
            self._given = self._hold_sujet()
        return [n for n in names if n in self._given]

    def _hold_sujet(self) -> frozenset[str]:
        """Have the evaluator run the sujet's given cells on the sujet's files (once per sujet and evaluator)."""
        folder, codes = self.sujet
        key = f"{os.path.abspath(folder)}|{hash(codes)}"
        try:
            ok, text = self._evaluator_call("", f"{_GIVEN}.holds({key!r})")
            held = ast.literal_eval(text) if ok and text else None
            if held is not None:
                return frozenset(held)
            evaluator = self._evaluator
            base = getattr(evaluator.km.provisioner, "runtime", "") or evaluator.folder
            files = tempfile.mkdtemp(prefix="sujet-", dir=base)
            try:
                for entry in os.scandir(folder):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.copytree(entry.path, os.path.join(files, entry.name), symlinks=False)
                    elif entry.is_file(follow_symlinks=False) and not entry.name.endswith(".ipynb"):
                        shutil.copy(entry.path, files)
                ok, text = self._evaluator_call(f"{_GIVEN}.given({files!r}, {list(codes)!r}, {key!r})",
                                                f"{_GIVEN}.holds({key!r})")
            finally:
                shutil.rmtree(files, ignore_errors=True)
            return frozenset(ast.literal_eval(text)) if ok and text and text != "None" else frozenset()
        except (DeadKernelError, CellTimeoutError, ValueError, SyntaxError, OSError):
            return frozenset()

    def _run_in_evaluator(self, cell, resources, index: int) -> None:
        evaluator = self._evaluator
        saved = self.km, self.kc
        self.km, self.kc = evaluator.km, evaluator.kc
        try:
            self.preprocess_cell(cell, resources, index)
        except DeadKernelError:
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            cell.outputs.append(error("NoyauArrete", "le test s'est arrêté avant la fin (mémoire épuisée ?)"))
            evaluator = None
        finally:
            self.km, self.kc = saved
        if evaluator is None or any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            self._stop_evaluator()  # a fresh one for the next test
