"""The Rouline case tables and the official wording of bloc 1 codes."""

from __future__ import annotations

import pandas as pd

from ...errors import CpmcError
from ...kit.objectifs import objectives_table
from ...resources import content_path

ROULINE_DIR = content_path("case_studies", "b1_rouline", "data")
"""Folder of the Rouline CSV files (written by ``generate_data.py``)."""

TABLES = (
    "ventes_marques",
    "marche_segments",
    "enquete_consommateurs",
    "benchmark_concurrents",
    "parcours_client",
    "veille_outils",
    "plan_media",
)


def rouline(table: str) -> pd.DataFrame:
    """One table of the Rouline case (``"plan_media"``, ``"enquete_consommateurs"``…)."""
    if table not in TABLES:
        raise CpmcError(f"Table inconnue du cas Rouline : {table!r}. Tables disponibles : {', '.join(TABLES)}.")
    path = ROULINE_DIR / f"{table}.csv"
    if not path.exists():
        raise CpmcError(f"Fichier introuvable : {path}. Lancez « python case_studies/b1_rouline/generate_data.py ».")
    return pd.read_csv(path)


def objectifs(*codes: str):
    """The official wording of competencies and bloc 1 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B1", *codes)
