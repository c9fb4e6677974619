"""The report's CSV files (``criteria.csv``, ``competencies.csv``, ``blocs.csv``, ``items.csv``) in two shapes.

``tableur`` (the default): what a French spreadsheet opens right, like ``cpmc
export --format tableur`` — ``;`` separated, UTF-8 with a byte-order mark,
French headers, decimal commas, and a criterion « non évalué » (or a member
« absent ») with empty points, never 0.

``machine``: the shape tools and tests read — ``,``, English headers, decimal
points, as the report always wrote it.

:func:`read_report_rows` reads either shape back into the machine one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..items import ITEM_COLUMNS, ItemStats, item_rows
from ..mastery import ABSENT, NOT_ASSESSED, StudentResult
from .csvfile import BOM, write_csv

FORMATS = ("tableur", "machine")
"""Shapes of the report's CSV files (``cpmc report --format``)."""

MEASURE_COLUMNS = ["student_id", "bloc", "{code}", "score", "max_score", "ratio", "level", "pending_points", "source", "equipe"]
CRITERIA_COLUMNS = [c.format(code="criterion") for c in MEASURE_COLUMNS]
COMPETENCY_COLUMNS = [c.format(code="competency") for c in MEASURE_COLUMNS]
BLOC_COLUMNS = ["student_id", "bloc", "status", "criteria_acquired", "criteria_total", "certification"]

FRENCH_HEADERS = {
    "criteria.csv": ["etudiant", "bloc", "critere", "points", "bareme", "part", "niveau", "points_a_corriger", "source", "equipe"],
    "competencies.csv": ["etudiant", "bloc", "competence", "points", "bareme", "part", "niveau", "points_a_corriger", "source",
                         "equipe"],
    "blocs.csv": ["etudiant", "bloc", "statut", "criteres_acquis", "criteres_total", "certification"],
    "items.csv": ["sujet", "type", "item", "criteres", "bareme", "copies", "reussite", "discrimination", "ecart_haut_bas",
                  "signalements"],
}
"""French headers of each file, column for column with the machine ones."""

MACHINE_HEADERS = {"criteria.csv": CRITERIA_COLUMNS, "competencies.csv": COMPETENCY_COLUMNS, "blocs.csv": BLOC_COLUMNS,
                   "items.csv": ITEM_COLUMNS}

NUMBER_COLUMNS = frozenset({"score", "max_score", "ratio", "pending_points", "points", "difficulty", "discrimination", "upper_lower"})
"""Machine columns holding a decimal number (written with a comma in the French shape)."""

_UNSCORED = (NOT_ASSESSED, ABSENT)


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{round(value, digits):g}"


def measure_rows(results: Iterable[StudentResult], attr: str) -> list[list[str]]:
    """Machine rows of ``criteria.csv`` (``attr="criteria"``) or ``competencies.csv`` (``"competencies"``)."""
    return [
        [m.student_id, m.bloc, m.code, _num(m.score, 2), _num(m.max_score, 2), _num(m.ratio, 4), m.level,
         _num(m.pending_points, 2), m.source, m.team]
        for r in results
        for m in getattr(r, attr)
    ]


def bloc_rows(results: Iterable[StudentResult]) -> list[list[str]]:
    return [[b.student_id, b.bloc, b.status, str(b.acquired), str(b.total), r.certification] for r in results for b in r.blocs]


def french_rows(name: str, rows: list[list[str]]) -> list[list[str]]:
    """Machine rows of one file in the French shape: decimal commas, no points for what was not evaluated."""
    columns = MACHINE_HEADERS[name]
    numbers = [i for i, c in enumerate(columns) if c in NUMBER_COLUMNS]
    level = columns.index("level") if "level" in columns else None
    unscored = {columns.index(c) for c in ("score", "pending_points") if c in columns}
    out = []
    for row in rows:
        row = list(row)
        blank = level is not None and row[level] in _UNSCORED
        for i in numbers:
            row[i] = "" if blank and i in unscored else row[i].replace(".", ",")
        out.append(row)
    return [FRENCH_HEADERS[name], *out]


def write_report_csvs(folder: Path, results: tuple[StudentResult, ...], items: tuple[ItemStats, ...], fmt: str = "tableur") -> None:
    """Write the four CSV files of the report into ``folder`` in the shape ``fmt`` (see :data:`FORMATS`)."""
    files = {"criteria.csv": measure_rows(results, "criteria"), "competencies.csv": measure_rows(results, "competencies"),
             "blocs.csv": bloc_rows(results), "items.csv": item_rows(items)}
    for name, rows in files.items():
        if fmt == "machine":
            write_csv(folder / name, [MACHINE_HEADERS[name], *rows])
        else:
            write_csv(folder / name, french_rows(name, rows), french=True)


def read_report_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of one report CSV, in either shape, as machine rows (English keys, decimal points)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if not text.startswith(BOM):
        return list(csv.DictReader(io.StringIO(text)))
    reader = csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";")
    header = next(reader)
    columns = MACHINE_HEADERS[path.name] if header == FRENCH_HEADERS.get(path.name) else header
    rows = []
    for values in reader:
        row = dict(zip(columns, values))
        for key in NUMBER_COLUMNS & row.keys():
            row[key] = row[key].replace(",", ".")
        rows.append(row)
    return rows
