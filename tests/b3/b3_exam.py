"""The bloc 3 exam company's tables for the tests (the lessons' package serves only the training company)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cpmc_course.datasets import CASES


def lunea(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Lunéa case, with its date columns parsed (see :class:`~cpmc_course.datasets.Case`)."""
    return CASES["lunea"].load(table, data_dir=data_dir)
