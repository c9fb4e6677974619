"""The bloc 4 lessons' case tables: the Fruitière des Combes, their training company.

The lessons and their checks read :func:`combes` only; the exam company's tables
are read by the épreuve and its tests through ``cpmc_course.datasets.CASES``
(``tests/b4/test_b4_separation.py``, ``tests/test_separation_across_blocs.py``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

COMBES_DIR = CASES["combes"].data_dir
"""Folder of the Fruitière des Combes CSV files (``case_studies/b4_combes/generate_data.py``)."""

COMBES_TABLES = tuple(CASES["combes"].tables)
"""Tables of the training case, in the order of its data dictionary."""


def combes(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the training case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    return CASES["combes"].load(table, data_dir=folder)
