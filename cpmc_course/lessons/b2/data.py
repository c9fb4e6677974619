"""The tables of the Outivis training case (bloc 2 lessons), read from ``case_studies/b2_outivis/data``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

OUTIVIS_DIR = CASES["outivis"].data_dir
TABLES = tuple(CASES["outivis"].tables)


def outivis(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the training case (file name without ``.csv``)."""
    return CASES["outivis"].load(table, data_dir=data_dir)
