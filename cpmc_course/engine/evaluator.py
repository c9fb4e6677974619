"""Both ends of the hand-over of a copy's values to the test evaluator, a kernel no student code ever ran in.

``export`` runs in the student's kernel before a test cell: it turns the names
the test reads into JSON (a module by its name, a library function by its
module and name, a matplotlib figure by what it draws, anything else pickled).
The student's kernel may have been rewritten by the copy, so what comes out is
only data, trusted by nobody.

``load`` runs in the evaluator kernel: it re-imports modules and library
functions cleanly (only from known libraries, never from the copy's folder),
redraws figures, and unpickles values with a restricted unpickler that builds
only the types that real data uses (numbers, strings, containers, dates,
numpy, pandas…): a class defined by the copy, a subclass of ``float`` or any
other type is refused, and the test that reads it fails with a French
explanation (``refusals``). The unpickler never sets an attribute on a class
nor calls anything but those types' own constructors.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib
import io
import json
import pickle
import sys
import types

LIBRARIES = frozenset({
    "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "networkx", "lifetimes", "cpmc_course", "math", "cmath",
    "statistics", "datetime", "decimal", "fractions", "collections", "itertools", "functools", "operator", "re", "json",
    "string", "urllib", "random", "typing", "dataclasses", "enum", "calendar", "time", "textwrap", "unicodedata",
    "numbers", "copy", "bisect", "heapq", "warnings", "importlib",
})
"""Top-level packages a module or function read by a test may be re-imported from."""

_DENIED = frozenset({("builtins", n) for n in ("getattr", "setattr", "delattr", "eval", "exec", "compile", "open",
                                               "__import__", "globals", "locals", "vars", "input", "breakpoint",
                                               "object", "type", "print", "exit", "quit", "help")}
                    | {("functools", "partial"), ("functools", "reduce"), ("operator", "attrgetter"),
                       ("operator", "methodcaller"), ("operator", "itemgetter")})
"""Callables that would let a pickle reach arbitrary code: never allowed, even if a sample pickle uses them."""

_BASIC = {("builtins", n) for n in ("complex", "range", "slice", "set", "frozenset", "bytearray", "bytes", "list",
                                    "dict", "tuple", "int", "float", "str", "bool")} | {
    ("collections", n) for n in ("OrderedDict", "Counter", "deque", "defaultdict")} | {
    ("datetime", n) for n in ("date", "datetime", "time", "timedelta", "timezone")} | {
    ("decimal", "Decimal"), ("fractions", "Fraction")}

NNBSP = "\u202f"
"""French typography before « : » and inside guillemets (the kit's constant; the kit is not imported here)."""
_REFUSED: list[str] = []
_IMPORTED: set[str] = set()
_FIGURES: dict[int, object] = {}
_HELD: dict[str, tuple[str, object]] = {}
"""Per name, the last value received (fingerprint, value as unpickled): an unchanged value is not sent again."""


def _samples() -> list:
    """Values of every kind a copy's answers use; the globals their pickles name make the allowed list."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({
        "i": [1, 2], "f": [1.5, np.nan], "s": ["a", None], "b": [True, False], "o": [{"k": 1}, [1]],
        "d": pd.to_datetime(["2024-01-01", "2024-02-01"]), "z": pd.to_datetime(["2024-01-01", "2024-02-01"], utc=True),
        "c": pd.Categorical(["u", "v"]), "n": pd.array([1, None], dtype="Int64"), "x": pd.array([1.0, None], dtype="Float64"),
        "t": pd.to_timedelta([1, 2], unit="D"), "p": pd.period_range("2024-01", periods=2, freq="M"),
        "l": pd.array([True, None], dtype="boolean"), "g": pd.array(["a", None], dtype="string"),
    })
    values = [frame, frame.set_index(["i", "s"]), frame.set_index("d"), frame.set_index("p"), frame.set_index("c"),
              frame.set_index("t"), frame["f"], pd.Series([1, 2], index=pd.Index([1.5, 2.5])), pd.interval_range(0, 2),
              pd.date_range("2024-01-01", periods=3, freq="D"), pd.date_range("2024-01-01", periods=3, freq="MS"),
              pd.date_range("2024-01-01", periods=3, freq="W-MON"), pd.date_range("2024-01-01", periods=3, freq="QS"),
              pd.date_range("2024-01-01", periods=3, freq="YS"), pd.date_range("2024-01-01", periods=3, freq="h"),
              pd.Timestamp("2024-01-01"), pd.Timedelta(days=1), pd.Period("2024-01", freq="M"), pd.NaT, pd.NA,
              np.arange(3), np.zeros((2, 2)), np.array(["a"]), np.array([1], dtype=object), np.datetime64("2024-01-01"),
              np.float64(1.5), np.int64(2), np.bool_(True), np.float32(1), np.int32(1), np.timedelta64(1, "D"),
              np.ma.masked_array([1, 2], mask=[0, 1]), np.random.default_rng(0).random(2), np.str_("a"),
              dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), dt.timedelta(1), dt.time(1)]
    try:
        values += [pd.array(["a", None], dtype="string[pyarrow]")]
    except Exception:  # noqa: BLE001 - pyarrow is optional
        pass
    return values


class _Recorder(pickle.Unpickler):
    found: set

    def find_class(self, module, name):
        self.found.add((module, name))
        return super().find_class(module, name)


def _allowed() -> frozenset:
    found: set = set()
    for value in _samples():
        recorder = _Recorder(io.BytesIO(pickle.dumps(value, protocol=5)))
        recorder.found = found
        recorder.load()
    return frozenset((found | _BASIC) - _DENIED)


_ALLOWED: list[frozenset] = []


def allowed() -> frozenset:
    """``(module, name)`` pairs the restricted unpickler may look up (computed once per process)."""
    if not _ALLOWED:
        _ALLOWED.append(_allowed())
    return _ALLOWED[0]


_CODE_LIKE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
              types.MethodWrapperType, types.WrapperDescriptorType, types.MethodDescriptorType)


class Refused(Exception):
    """A value whose type the evaluator does not rebuild."""


class RestrictedUnpickler(pickle._Unpickler):  # the Python unpickler: its BUILD step can be checked
    """Builds only the types of :func:`allowed`; never updates the state of a class, a module or a function."""

    dispatch = dict(pickle._Unpickler.dispatch)

    def find_class(self, module, name):
        if (module, name) not in allowed():
            raise Refused(f"{module}.{name}")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        raise Refused("référence persistante")

    def load_build(self):
        target = self.stack[-2]  # BUILD's stack: [..., object, state]
        if isinstance(target, _CODE_LIKE):
            raise Refused(f"modification de {getattr(target, '__name__', type(target).__name__)}")
        pickle._Unpickler.load_build(self)

    dispatch[pickle.BUILD[0]] = load_build


def _describe_figure(fig) -> dict:
    axes = []
    for ax in fig.axes:
        axes.append({
            "title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
            "bars": [[float(p.get_x()), float(p.get_y()), float(p.get_width()), float(p.get_height())]
                     for p in ax.patches if hasattr(p, "get_width")],
            "lines": [[[float(v) for v in line.get_xdata(orig=False)], [float(v) for v in line.get_ydata(orig=False)]]
                      for line in ax.lines],
            "points": [[[float(v) for v in xy] for xy in c.get_offsets()] for c in ax.collections],
        })
    return {"id": id(fig), "axes": axes}


def _export_one(value, known: str = "") -> list:
    if isinstance(value, types.ModuleType):
        return ["module", value.__name__]
    kind = type(value).__module__ + "." + type(value).__qualname__
    if kind == "matplotlib.figure.Figure":
        return ["figure", _describe_figure(value)]
    if kind.startswith("matplotlib.axes.") and value.figure is not None:
        return ["axes", _describe_figure(value.figure), value.figure.axes.index(value)]
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)) and value.__module__ not in (None, "__main__"):
        return ["ref", value.__module__, value.__qualname__]
    try:
        data = pickle.dumps(value, protocol=5)
        digest = hashlib.sha256(data).hexdigest()
        if digest == known:  # the evaluator holds this very value already: only its fingerprint travels
            return ["same", digest]
        return ["value", base64.b64encode(data).decode("ascii"), digest]
    except Exception:  # noqa: BLE001 - anything that cannot be pickled is refused on the other side
        return ["refused", type(value).__qualname__]


def export(namespace: dict, names: list[str], known: dict | None = None) -> str:
    """In the student's kernel: the values of ``names`` as JSON (names the copy lacks are left out).

    ``known``: fingerprints of the values the evaluator already holds (``{name: sha256}``).
    """
    found = {}
    for name in names:
        if name in namespace:
            found[name] = _export_one(namespace[name], (known or {}).get(name, ""))
    return json.dumps(found)


def _import(module: str, qualname: str = ""):
    if module.split(".")[0] not in LIBRARIES:
        raise Refused(module)
    value = importlib.import_module(module)
    for part in filter(None, qualname.split(".")):
        value = getattr(value, part)
    return value


def _figure(description: dict):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = _FIGURES.get(description["id"])
    if fig is not None:
        return fig
    fig = Figure()  # redrawn for the test only, never shown nor registered with pyplot
    FigureCanvasAgg(fig)
    for spec in description["axes"]:
        ax = fig.add_subplot(len(description["axes"]), 1, len(fig.axes) + 1)
        ax.set_title(str(spec["title"]))
        ax.set_xlabel(str(spec["xlabel"]))
        ax.set_ylabel(str(spec["ylabel"]))
        for x, y, width, height in spec["bars"]:
            ax.add_patch(Rectangle((float(x), float(y)), float(width), float(height)))
        for xs, ys in spec["lines"]:
            ax.plot([float(v) for v in xs], [float(v) for v in ys])
        for points in spec["points"]:
            ax.scatter([float(p[0]) for p in points], [float(p[1]) for p in points])
    _FIGURES[description["id"]] = fig
    return fig


def _rebuild(entry: list, name: str = ""):
    kind = entry[0]
    if kind == "module":
        return _import(str(entry[1]))
    if kind == "ref":
        value = _import(str(entry[1]), str(entry[2]))
        if not callable(value):
            raise Refused(f"{entry[1]}.{entry[2]}")
        return value
    if kind == "figure":
        return _figure(entry[1])
    if kind == "axes":
        return _figure(entry[1]).axes[int(entry[2])]
    if kind == "value":
        try:
            value = RestrictedUnpickler(io.BytesIO(base64.b64decode(entry[1], validate=True))).load()
        except Exception as exc:
            _HELD[name] = (str(entry[2]) if len(entry) > 2 else "", exc)  # the same bytes again: the same refusal
            raise
        if len(entry) > 2:
            _HELD[name] = (str(entry[2]), value)
        return copy.deepcopy(value)  # a test that changes it in place leaves the held value as the copy sent it
    if kind == "same":
        digest, value = _HELD.get(name, ("", Refused("valeur inconnue")))
        if digest != entry[1] or isinstance(value, Exception):
            raise value if isinstance(value, Exception) else Refused("valeur inconnue")
        return copy.deepcopy(value)
    raise Refused(str(entry[1]) if len(entry) > 1 else "inconnu")


def load(path: str, names: list[str], bindings: dict) -> None:
    """In the evaluator kernel: bind ``names`` in the user namespace from the JSON file ``path``.

    ``bindings`` are the instructor's own imports (``{name: [module, attribute]}``):
    those names get the genuine module or function whatever the copy holds.
    """
    namespace = get_ipython().user_ns  # noqa: F821 - run inside IPython
    _REFUSED.clear()
    _FIGURES.clear()
    with open(path, encoding="utf-8") as fh:
        found = json.load(fh)
    for name in names:
        if name in bindings:
            namespace[name] = _import(*bindings[name])
        elif name in found:
            try:
                namespace[name] = _rebuild(found[name], name)
            except Exception as exc:  # noqa: BLE001 - whatever the copy sent, the test runs without it
                namespace.pop(name, None)
                what = exc.args[0] if isinstance(exc, Refused) and exc.args else type(exc).__name__
                _REFUSED.append(f"«{NNBSP}{name}{NNBSP}» (type non accepté par la correction{NNBSP}: {what})")
                continue
        elif name in _IMPORTED:
            namespace.pop(name, None)  # the copy no longer has it: an older value must not stand in
            continue
        else:
            continue
        _IMPORTED.add(name)


def refusals() -> list[str]:
    """The values of the last ``load`` that were refused, in French."""
    return list(_REFUSED)


def prepare(kit: bool) -> None:
    """In a new evaluator kernel: nothing is imported from the copy's folder; the kit's French errors if used.

    What the tests may change in the interpreter is noted here, for :func:`reset`.
    """
    sys.path[:] = [p for p in sys.path if p not in ("", ".")]
    if kit:
        importlib.import_module("cpmc_course.kit")
    _START.clear()
    _START.update(_settings())


_START: dict = {}
"""The interpreter's settings as :func:`prepare` left them (what :func:`reset` puts back)."""


def _settings() -> dict:
    """Process-wide settings a test cell could change: folder, paths, environment, warnings, random state,
    and the display options of numpy, pandas and matplotlib."""
    import os
    import random
    import warnings

    import numpy as np

    found = {"cwd": os.getcwd(), "empty": not os.listdir(), "path": list(sys.path), "environ": dict(os.environ), "warnings": list(warnings.filters),
             "random": random.getstate(), "numpy": (np.get_printoptions(), np.geterr())}
    if "pandas" in sys.modules:
        from pandas._config import config

        found["pandas"] = {key: config.get_option(key) for key in config._registered_options
                           if key not in config._deprecated_options}
    if "matplotlib" in sys.modules:
        found["matplotlib"] = dict(sys.modules["matplotlib"].rcParams)
    return found


def reset() -> None:
    """Between two notebooks, in an evaluator that graded one: back to the state :func:`prepare` left.

    The user namespace, IPython's history and execution counter, the values received
    from the copy, every pyplot figure, the files of its working folder, and the settings of :func:`_settings`;
    nothing of the previous notebook's values or of its tests' names remains (IPython's
    own reset collects the garbage: cheap, the template's objects being frozen).
    """
    import os
    import random
    import shutil
    import warnings

    import numpy as np
    from IPython import get_ipython

    shell = get_ipython()
    shell.reset(new_session=True)
    for held in (_REFUSED, _FIGURES, _IMPORTED, _HELD):
        held.clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    start = _START
    os.chdir(start["cwd"])
    for entry in os.scandir(start["cwd"]) if start["empty"] else ():  # its own working folder, empty when it started
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
    sys.path[:] = start["path"]
    os.environ.clear()
    os.environ.update(start["environ"])
    warnings.filters[:] = start["warnings"]
    getattr(warnings, "_filters_mutated", lambda: None)()
    random.setstate(start["random"])
    np.random.seed()  # as a new kernel: a random state of its own
    np.set_printoptions(**start["numpy"][0])
    np.seterr(**start["numpy"][1])
    if "pandas" in start:
        from pandas._config import config

        for key, value in start["pandas"].items():
            if config.get_option(key) is not value and config.get_option(key) != value:
                config.set_option(key, value)
    if "matplotlib" in start:
        rc = sys.modules["matplotlib"].rcParams
        rc.update({k: v for k, v in start["matplotlib"].items() if k != "backend" and rc.get(k) != v})


def usage() -> list:
    """CPU seconds this kernel has used and its address space in bytes (its limits count both)."""
    import os

    times = os.times()
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[0])
    return [times.user + times.system, pages * os.sysconf("SC_PAGE_SIZE")]


if "pandas" in sys.modules:  # imported by the kernel template after the scientific stack: every kernel inherits the list
    allowed()
