"""The Ardène training case tables and the official wording of bloc 1 codes.

The lessons train on Ardène (a foundry of the Ardennes making wood and pellet stoves,
``case_studies/b1_ardene/``); the épreuve examines another company, whose tables no
lesson loads.
"""

from __future__ import annotations

import pandas as pd

from ...datasets import CASES
from ...kit.objectifs import objectives_table

ARDENE_DIR = CASES["ardene"].data_dir
"""Folder of the Ardène CSV files (written by ``generate_data.py``)."""

TABLES = tuple(CASES["ardene"].tables)


def ardene(table: str) -> pd.DataFrame:
    """One table of the Ardène case (``"campagnes_2025"``, ``"enquete_chauffage"``…), see :class:`~cpmc_course.datasets.Case`."""
    return CASES["ardene"].load(table)


def objectifs(*codes: str):
    """The official wording of competencies and bloc 1 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B1", *codes)
