"""The one CSV writer of the package: every export and report CSV goes through it.

Cells are neutralised against formula injection: a spreadsheet runs a cell
that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return before
one of them) as a formula, so a student named ``=HYPERLINK("http://…")`` or a
comment holding one would run in the instructor's spreadsheet. Such a cell is
written with a leading apostrophe (OWASP's advice), which spreadsheets show as
text; a plain number (``-0.25``, ``-0,25``) is left as it is.

Two shapes: the machine one (``,``, UTF-8, LF) and the French spreadsheet one
(``;``, UTF-8 with a byte-order mark, so that LibreOffice and Excel in French
open it with accents and columns right).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as the start of a formula."""

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")

BOM = "\ufeff"


def neutralise(value: object) -> str:
    """The text of one cell, prefixed with ``'`` when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], delimiter: str = ",", bom: bool = False) -> str:
    """Rows as CSV text (LF line ends), every cell neutralised; with a byte-order mark when ``bom``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return (BOM if bom else "") + buffer.getvalue()


def french_csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as a French spreadsheet reads them: semicolons, UTF-8 with a byte-order mark."""
    return csv_text(rows, delimiter=";", bom=True)


def write_csv(path: Path, rows: Iterable[Iterable[object]], french: bool = False) -> None:
    """Write ``rows`` (header first) to ``path``, in the French spreadsheet shape when ``french``."""
    text = french_csv_text(rows) if french else csv_text(rows)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
