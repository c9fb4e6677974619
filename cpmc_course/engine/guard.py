"""Tamper guard, run inside the student's kernel just before every hidden test cell.

``capture()`` runs in the kernel template, before any student code exists: it
keeps the genuine objects the tests rely on (``math.isclose``, ``numpy``,
``pandas.testing``, builtins such as ``abs`` or ``round``, IPython's cell
runner…). ``restore()`` puts back whatever the student code replaced, removes
student names that shadow them, and records what it found, so that a copy
that tampers scores no more than the same copy without tampering, and is
flagged. ``LAST`` holds the nonce of the last check: when it does not come
back, the check did not run and the test cell is not credited.
"""

from __future__ import annotations

import builtins
import importlib
import sys

MODULES = ("math", "cmath", "operator", "statistics", "numpy", "numpy.testing", "numpy.linalg", "pandas", "pandas.testing",
           "pandas.api.types", "scipy.stats", "unittest", "decimal", "fractions")
"""Modules whose functions hidden tests call; any replaced attribute is put back."""

CLASSES = (("pandas", "DataFrame"), ("pandas", "Series"), ("pandas", "Index"), ("numpy.testing", "TestCase"),
           ("IPython.core.interactiveshell", "InteractiveShell"), ("ipykernel.zmqshell", "ZMQInteractiveShell"),
           ("ipykernel.ipkernel", "IPythonKernel"), ("ipykernel.kernelbase", "Kernel"))
"""Classes whose methods the tests (or the cell runner) use."""

BUILTINS = ("abs", "round", "len", "sum", "min", "max", "float", "int", "bool", "str", "isinstance", "all", "any",
            "sorted", "set", "list", "dict", "tuple", "range", "zip", "map", "filter", "type", "print", "repr",
            "AssertionError", "Exception", "hasattr", "getattr", "callable", "pow", "divmod", "enumerate", "format")
"""Builtins a test may call; a student name shadowing one of them is removed before a test."""

ALIASES = {"np": "numpy", "pd": "pandas", "math": "math", "numpy": "numpy", "pandas": "pandas", "plt": "matplotlib.pyplot"}
"""Usual module aliases: rebinding one to anything but the module is undone."""

_KNOWN_HOOKS = ("IPython", "ipykernel", "matplotlib", "matplotlib_inline", "ipywidgets", "comm")

_pristine: dict[tuple[str, str], dict] = {}
_STASH: dict[str, object] = {}
LAST = ""


def capture() -> None:
    """Keep the genuine attributes of every guarded module and class (call before any student code)."""
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the environment lacks cannot be tampered with
            continue
        _pristine[("module", name)] = dict(vars(module))
    _pristine[("module", "builtins")] = {k: getattr(builtins, k) for k in BUILTINS if hasattr(builtins, k)}
    for module_name, class_name in CLASSES:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except Exception:  # noqa: BLE001
            continue
        _pristine[("class", f"{module_name}.{class_name}")] = dict(vars(cls))


def _guarded(key: str, value: object) -> bool:
    """Public or dunder callables and descriptors: what tests call, not caches libraries fill in later."""
    if key.startswith("_") and not (key.startswith("__") and key.endswith("__")):
        return False
    return callable(value) or isinstance(value, (property, staticmethod, classmethod))


def _restore_attributes(target, pristine: dict, label: str, found: list[str]) -> None:
    current = vars(target)
    for key, value in pristine.items():
        if not _guarded(key, value):
            continue
        if current.get(key, value) is not value or key not in current:
            try:
                setattr(target, key, value)
                found.append(f"{label}.{key}")
            except (AttributeError, TypeError):
                pass


def restore(shell, bindings: dict, used: list, nonce: str) -> None:
    """Undo tampering before a test cell.

    ``used``: names the test cell reads; ``bindings``: what the instructor's own
    cells bound to such names (``{name: (module, attribute)}``). Student names
    shadowing a builtin the test calls are set aside until ``reinstate()``.
    """
    global LAST
    found: list[str] = []
    sys.settrace(None)
    sys.setprofile(None)
    for (kind, name), pristine in _pristine.items():
        if kind == "module":
            target = builtins if name == "builtins" else sys.modules.get(name)
        else:
            module_name, class_name = name.rsplit(".", 1)
            target = getattr(sys.modules.get(module_name), class_name, None)
        if target is not None:
            _restore_attributes(target, pristine, name, found)
    for obj, label in ((shell, "shell"), (getattr(shell, "kernel", None), "kernel")):
        for key in [k for k, v in list(vars(obj).items()) if not k.startswith("_") and callable(v) and callable(getattr(type(obj), k, None))] if obj is not None else []:
            delattr(obj, key)
            found.append(f"{label}.{key}")
    events = getattr(shell, "events", None)
    for name, callbacks in (getattr(events, "callbacks", {}) or {}).items():
        for cb in list(callbacks):
            if not str(getattr(cb, "__module__", "") or "").startswith(_KNOWN_HOOKS):
                callbacks.remove(cb)
                found.append(f"événement {name}")
    namespace = shell.user_ns
    _STASH.clear()
    for name in used:
        if name in BUILTINS and name in namespace and namespace[name] is not _pristine[("module", "builtins")].get(name):
            value = namespace.pop(name)
            _STASH[name] = value  # put back after the test: an honest variable named `max` must survive
            if callable(value):
                found.append(name)
    for name, module_name in ALIASES.items():
        module = sys.modules.get(module_name)
        if name in used and module is not None and name in namespace and namespace[name] is not module:
            namespace[name] = module
            found.append(name)
    for name, (module_name, attr) in bindings.items():
        module = sys.modules.get(module_name)
        if name not in used or module is None:
            continue
        genuine = _pristine.get(("module", module_name), vars(module)).get(attr, getattr(module, attr, None)) if attr else module
        if genuine is not None and name in namespace and namespace[name] is not genuine:
            namespace[name] = genuine
            found.append(name)
    LAST = nonce + "|" + ",".join(sorted(set(found)))


def reinstate(shell) -> None:
    """After the test cell: give back the student names set aside by ``restore`` (unless the test rebound them)."""
    for name, value in _STASH.items():
        shell.user_ns.setdefault(name, value)
    _STASH.clear()
