"""The bloc 4 case tables: the Fruitière des Combes (the lessons' training company) and the exam company.

The lessons and their checks read :func:`combes` only, never the exam company's
tables (``tests/b4/test_b4_separation.py``); :func:`vallon` serves the épreuve's
instructor notes and tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

VALLON_DIR = CASES["vallon"].data_dir
"""Folder of the exam company's CSV files (written by its ``generate_data.py``)."""

TABLES = tuple(CASES["vallon"].tables)
"""Tables of the exam case, in the order of the data dictionary."""

COMBES_DIR = CASES["combes"].data_dir
"""Folder of the Fruitière des Combes CSV files (``case_studies/b4_combes/generate_data.py``)."""

COMBES_TABLES = tuple(CASES["combes"].tables)
"""Tables of the training case, in the order of its data dictionary."""


def vallon(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the exam case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    return CASES["vallon"].load(table, data_dir=folder)


def combes(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the training case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    return CASES["combes"].load(table, data_dir=folder)
