"""The Pépinières Vallon case data (bloc 4), loaded into pandas DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...resources import content_path

VALLON_DIR = content_path("case_studies", "b4_vallon", "data")
"""Folder of the Vallon CSV files (written by ``generate_data.py``)."""

TABLES = ("equipe", "taches", "devis", "autres_frais", "risques", "suivi_semaine4", "incidents")
"""Tables of the case, in the order of the data dictionary."""


def vallon(table: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One table of the case (``equipe``, ``taches``…); predecessors are read as text ("" when none)."""
    if table not in TABLES:
        raise ValueError(f"Table inconnue : {table!r} (tables du cas : {', '.join(TABLES)}).")
    path = Path(folder or VALLON_DIR) / f"{table}.csv"
    frame = pd.read_csv(path, keep_default_na=False) if table == "taches" else pd.read_csv(path)
    return frame
