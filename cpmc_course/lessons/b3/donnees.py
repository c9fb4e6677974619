"""Loaders of the bloc 3 cases: Cyclette, the lessons' training company, and Lunéa, the épreuves' exam company."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

LUNEA_DIR = CASES["lunea"].data_dir
"""Folder of the Lunéa CSV files (written by ``generate_data.py``)."""

TABLES = CASES["lunea"].tables
"""Table name → its date columns, parsed on loading (the instructor's labels are not a table here)."""


def lunea(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Lunéa case, with its date columns parsed (see :class:`~cpmc_course.datasets.Case`)."""
    return CASES["lunea"].load(table, data_dir=data_dir)


def cyclette(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Cyclette training case (the lessons' company), with its date columns parsed."""
    return CASES["cyclette"].load(table, data_dir=data_dir)
