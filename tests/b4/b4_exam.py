"""The bloc 4 exam company's tables for the tests (the lessons' package serves only the training company)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cpmc_course.datasets import CASES

TABLES = tuple(CASES["vallon"].tables)
"""Tables of the exam case, in the order of its data dictionary."""


def vallon(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the exam case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    return CASES["vallon"].load(table, data_dir=folder)
