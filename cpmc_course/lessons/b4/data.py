"""The Pépinières Vallon case data (bloc 4), loaded into pandas DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

VALLON_DIR = CASES["vallon"].data_dir
"""Folder of the Vallon CSV files (written by ``generate_data.py``)."""

TABLES = tuple(CASES["vallon"].tables)
"""Tables of the case, in the order of the data dictionary."""


def vallon(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    return CASES["vallon"].load(table, data_dir=folder)
