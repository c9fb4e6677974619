"""The tables of the Torvane training case (bloc 5 lessons), read from ``case_studies/b5_torvane/data``.

Torvane is the training company of bloc 5: the lessons and their checks read
these files only, never the exam company's (``tests/b5/test_b5_separation.py``).
It is one entry of the course's case registry, ``cpmc_course.datasets.CASES``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

TORVANE_DIR = CASES["torvane"].data_dir
"""Folder of the Torvane CSV files (written by ``generate_data.py``)."""

TABLES = CASES["torvane"].tables
"""Table name → its date columns, parsed into ``datetime64`` on loading."""


def torvane(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Torvane case (file name without ``.csv``), with its date columns parsed."""
    return CASES["torvane"].load(table, data_dir=data_dir)
