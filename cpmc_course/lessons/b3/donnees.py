"""Loader of the bloc 3 lessons' case: Mitonelle, their training company.

The exam company's tables are read by the épreuves and their tests through
``cpmc_course.datasets.CASES``, never from the lessons' package
(``tests/test_separation_across_blocs.py``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...datasets import CASES


def mitonelle(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Mitonelle training case (the lessons' company), with its date columns parsed."""
    return CASES["mitonelle"].load(table, data_dir=data_dir)
