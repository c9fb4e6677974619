"""The Rouline case tables and the official wording of bloc 1 codes."""

from __future__ import annotations

import pandas as pd

from ...datasets import CASES
from ...kit.objectifs import objectives_table

ROULINE_DIR = CASES["rouline"].data_dir
"""Folder of the Rouline CSV files (written by ``generate_data.py``)."""

TABLES = tuple(CASES["rouline"].tables)


def rouline(table: str) -> pd.DataFrame:
    """One table of the Rouline case (``"plan_media"``, ``"enquete_consommateurs"``…), see :class:`~cpmc_course.datasets.Case`."""
    return CASES["rouline"].load(table)


def objectifs(*codes: str):
    """The official wording of competencies and bloc 1 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B1", *codes)
