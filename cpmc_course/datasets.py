"""Data sets of the course, loaded into pandas DataFrames.

Two sources:

- the real CDNOW transactions shipped inside the ``lifetimes`` package, read
  through ``importlib.resources`` (``import lifetimes.datasets`` needs
  ``pkg_resources``, which current setuptools no longer provides);
- the fictional Calyce case study of bloc 5, read from
  ``case_studies/b5_calyce/data`` of the course shipped with the package (the
  repository's folder in a checkout, the wheel's copy otherwise: see
  :mod:`cpmc_course.resources`).
"""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path

import pandas as pd

from .resources import content_path

CALYCE_DIR = content_path("case_studies", "b5_calyce", "data")
"""Folder of the Calyce CSV files (written by ``generate_data.py``)."""

CALYCE_TABLES = {
    "sessions": ("date",),
    "cta_evenements": (),
    "leads": ("date_creation", "date_conversion"),
    "clients_crm": ("date_premiere_commande", "date_derniere_commande"),
    "campagne_fidelite": (),
    "ventes_mensuelles": (),
    "couts_campagnes": (),
    "seo_requetes": (),
    "produits_segments": (),
}
"""Table name → its date columns, parsed into ``datetime64`` on loading."""

CDNOW_ROWS = 69_659
"""Number of purchases in ``CDNOW_master.txt``."""


def cdnow_transactions() -> pd.DataFrame:
    """The 69,659 CDNOW purchases (January 1997 – June 1998), one row per purchase.

    Columns: ``client_id`` (int, customer identifier, 1 to 23,570), ``date``
    (``datetime64``, day of the purchase), ``quantite`` (int, number of CDs
    bought) and ``montant_usd`` (float, amount paid in US dollars). Several
    purchases of one customer on the same day are kept as separate rows, as in
    the original file.
    """
    with warnings.catch_warnings():
        # importing lifetimes sets a pandas option that pandas 3 deprecates: harmless noise
        warnings.simplefilter("ignore")
        path = resources.files("lifetimes") / "datasets" / "CDNOW_master.txt"
    with resources.as_file(path) as file:
        raw = pd.read_csv(
            file,
            sep=r"\s+",
            header=0,
            names=["client_id", "date", "quantite", "montant_usd"],
            dtype={"client_id": "int64", "date": "str", "quantite": "int64", "montant_usd": "float64"},
        )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def calyce(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Calyce case study, with its date columns parsed.

    ``table`` is a file name without ``.csv`` (``"sessions"``, ``"leads"``…, see
    ``CALYCE_TABLES``). ``data_dir`` reads another copy of the files, for
    instance ``source/b5_donnees_marketing/data``.
    """
    if table not in CALYCE_TABLES:
        known = ", ".join(CALYCE_TABLES)
        raise KeyError(f"Table inconnue : {table!r}. Tables du cas Calyce : {known}.")
    folder = Path(data_dir) if data_dir is not None else CALYCE_DIR
    frame = pd.read_csv(folder / f"{table}.csv")
    for column in CALYCE_TABLES[table]:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
