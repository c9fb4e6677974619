"""One reader for the CSV tables of the case studies (``case_studies/<bloc>_<entreprise>/data``).

Each bloc's loader (``lessons.b3.donnees.lunea``, ``lessons.b5.data.torvane``…)
declares its tables and their date columns and delegates the reading here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd


def read_case_table(folder: Path | str, table: str, tables: Mapping[str, Sequence[str]], company: str) -> pd.DataFrame:
    """``folder/table.csv`` with the date columns ``tables[table]`` parsed; a French KeyError for an unknown table."""
    if table not in tables:
        raise KeyError(f"Table inconnue : {table!r}. Tables du cas {company} : {', '.join(tables)}.")
    frame = pd.read_csv(Path(folder) / f"{table}.csv")
    for column in tables[table]:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
