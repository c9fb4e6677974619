"""The tables of the Nettalpe case study (bloc 2), read from ``case_studies/b2_nettalpe/data``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES

NETTALPE_DIR = CASES["nettalpe"].data_dir
TABLES = tuple(CASES["nettalpe"].tables)


def nettalpe(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the case (file name without ``.csv``); ``planning_2027`` has its start dates parsed."""
    return CASES["nettalpe"].load(table, data_dir=data_dir)
