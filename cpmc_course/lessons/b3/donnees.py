"""Loader of the Lunéa case study (bloc 3), read from ``case_studies/b3_lunea/data``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...resources import content_path

LUNEA_DIR = content_path("case_studies", "b3_lunea", "data")
"""Folder of the Lunéa CSV files (written by ``generate_data.py``)."""

TABLES = {
    "centre_achat": (),
    "couts_solution": (),
    "parametres_offre": (),
    "planning_lancement": (),
    "enquete_satisfaction": (),
    "reclamations": ("date_reception", "date_cloture"),
    "options_solutions": (),
    "avis_social": ("date",),
}
"""Table name → its date columns, parsed on loading (the instructor's labels are not a table here)."""


def lunea(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Lunéa case, with its date columns parsed."""
    if table not in TABLES:
        raise KeyError(f"Table inconnue : {table!r}. Tables du cas Lunéa : {', '.join(TABLES)}.")
    folder = Path(data_dir) if data_dir is not None else LUNEA_DIR
    frame = pd.read_csv(folder / f"{table}.csv")
    for column in TABLES[table]:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
