"""The tables of the Torvane training case (bloc 5 lessons), read from ``case_studies/b5_torvane/data``.

Torvane is the training company of bloc 5: the lessons and their checks read
these files only, never the exam company's (``tests/b5/test_b5_separation.py``); once merged
with the case registry ``cpmc_course.datasets.CASES`` of main, this loader becomes one ``Case`` entry.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...resources import content_path

TORVANE_DIR = content_path("case_studies", "b5_torvane", "data")
"""Folder of the Torvane CSV files (written by ``generate_data.py``)."""

TABLES = {
    "visites": ("date",),
    "clics_cta": (),
    "prospects": ("date_creation", "date_conversion"),
    "couts_canaux": (),
    "requetes_seo": (),
    "clients": ("date_premiere_commande", "date_derniere_commande"),
    "commandes": ("date",),
    "relance_abonnes": (),
    "ca_mensuel": (),
    "produits_par_segment": (),
}
"""Table name → its date columns, parsed into ``datetime64`` on loading."""


def torvane(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Torvane case (file name without ``.csv``), with its date columns parsed."""
    if table not in TABLES:
        raise KeyError(f"Table inconnue : {table!r}. Tables du cas Torvane : {', '.join(TABLES)}.")
    frame = pd.read_csv(Path(data_dir if data_dir is not None else TORVANE_DIR) / f"{table}.csv")
    for column in TABLES[table]:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
