"""The sujet's own data for the hidden tests, in the evaluator: a copy cannot rewrite the data it is graded on.

The hidden tests recompute the expected answers from the tables the notebook's
first given cells load (``plan = pd.read_csv("data/plan.csv")``): they read those
names from the copy, like the candidate's answers. A copy could change them
(``plan["ca_attendu"] *= 10``) and answer consistently with its own data. So the
evaluator runs the same given cells itself — the instructor's code from
``source/``, on the sujet's files copied from ``source/`` (``given``) — and, before
each test cell, puts the sujet's values back in the names the test reads
(``guard``): a table keeps the columns the candidate added and rows in the
candidate's order, but every column of the sujet holds the sujet's values again.
A column the candidate only converted (to dates, numbers, categories) and whose
values the conversion keeps is left as converted. The names whose data the copy
had changed are returned, and the copy is flagged for the instructor.

Only the given cells before the notebook's first answer are run here: they load
the sujet's data; later given cells may read the candidate's answers.
"""

from __future__ import annotations

import contextlib
import io
import os

MAX_SUJETS = 6
"""Sujets (assignment notebooks) whose values an evaluator keeps: a worker alternates between a few."""
_SUJETS: dict[str, dict[str, object]] = {}
"""Sujet key → name → the sujet's value, as the given cells bind it on the sujet's own files (never handed out
itself; kept from one notebook to the next: no copy's code or value ever reaches it)."""
_CURRENT: list[str] = [""]
"""The key of the sujet being graded."""
_CHANGED: list[str] = []


def _is_data(value, depth: int = 0) -> bool:
    import datetime as dt
    import decimal
    import fractions

    import numpy as np
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index, np.ndarray, np.generic, bool, int, float, complex, str,
                          bytes, dt.date, dt.time, dt.timedelta, decimal.Decimal, fractions.Fraction)):
        return True
    if depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_data(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return all(_is_data(k, depth + 1) and _is_data(v, depth + 1) for k, v in value.items())
    return False


def holds(key: str) -> list[str] | None:
    """The names kept for the sujet ``key`` (it becomes the current sujet), ``None`` when it is not held."""
    if key not in _SUJETS:
        return None
    _CURRENT[0] = key
    return sorted(_SUJETS[key])


def given(folder: str, codes: list[str], key: str) -> list[str]:
    """Run the sujet's given cells in ``folder`` (its files); keep the data they bind; return their names."""
    import copy

    from IPython import get_ipython
    from IPython.core.inputtransformer2 import TransformerManager

    namespace = {"__name__": "__sujet__", "display": lambda *args, **kwargs: None, "get_ipython": get_ipython}
    here = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for code in codes:
                exec(compile(TransformerManager().transform_cell(code), "<sujet>", "exec"), namespace)  # noqa: S102 - source/
    finally:
        os.chdir(here)
        import sys

        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    _SUJETS[key] = {name: copy.deepcopy(value) for name, value in namespace.items()
                    if not name.startswith("_") and _is_data(value)}
    while len(_SUJETS) > MAX_SUJETS:
        _SUJETS.pop(next(iter(_SUJETS)))
    _CURRENT[0] = key
    return sorted(_SUJETS[key])


def _same(a, b) -> bool:
    try:
        result = a == b
        return bool(result) if isinstance(result, bool) else bool(getattr(result, "all", lambda: False)())
    except Exception:  # noqa: BLE001 - values that cannot be compared are different
        return False


def _column(sujet, candidate):
    """The column the test must read: the candidate's if it holds the sujet's values (maybe converted), else the sujet's."""
    import pandas as pd

    if candidate.equals(sujet):
        return candidate, True
    if candidate.dtype != sujet.dtype:
        try:
            if pd.api.types.is_datetime64_any_dtype(candidate.dtype):
                converted = pd.to_datetime(sujet).astype(candidate.dtype)
            else:
                converted = sujet.astype(candidate.dtype)
            if candidate.equals(converted):
                return candidate, True
        except (TypeError, ValueError, OverflowError):
            pass
    return sujet, False


def _restored(sujet, value):
    """``(value the test reads, whether the copy kept the sujet's data)``."""
    import copy

    import pandas as pd

    if isinstance(sujet, pd.DataFrame):
        if not isinstance(value, pd.DataFrame):
            return sujet.copy(), False
        same_rows = value.index.equals(sujet.index) or (
            value.index.is_unique and len(value.index) == len(sujet.index) and value.index.isin(sujet.index).all())
        if not same_rows:
            restored = sujet.copy()
            for name in value.columns.difference(sujet.columns, sort=False):
                restored[name] = value[name].reindex(restored.index) if value.index.is_unique else pd.NA
            return restored, False
        aligned = sujet.reindex(value.index)
        restored, kept = value.copy(), True
        for name in sujet.columns:
            if name in value.columns:
                column, same = _column(aligned[name], value[name])
            else:
                column, same = aligned[name], False
            restored[name] = column
            kept = kept and same
        return restored, kept
    if isinstance(sujet, pd.Series):
        if isinstance(value, pd.Series) and value.index.equals(sujet.index):
            column, same = _column(sujet, value)
            return column.copy(), same
        return sujet.copy(), False
    numbers = isinstance(sujet, (int, float)) and isinstance(value, (int, float)) and not isinstance(value, bool)
    if (numbers or type(value) is type(sujet)) and _same(sujet, value):
        return value, True
    return copy.deepcopy(sujet), False


def guard(names: list[str]) -> list[str]:
    """In the evaluator, after ``load``: the sujet's data back in ``names``; the names whose data the copy changed."""
    import copy

    from IPython import get_ipython

    namespace = get_ipython().user_ns
    sujet = _SUJETS.get(_CURRENT[0], {})
    _CHANGED.clear()
    for name in names:
        if name not in sujet or name not in namespace:
            continue
        try:
            value, kept = _restored(sujet[name], namespace[name])
        except Exception:  # noqa: BLE001 - a value that cannot be compared: the test reads the sujet's
            value, kept = copy.deepcopy(sujet[name]), True
        namespace[name] = value
        if not kept:
            _CHANGED.append(name)
    return list(_CHANGED)


def changed() -> list[str]:
    """The names whose data the copy had changed, at the last ``guard``."""
    return list(_CHANGED)
