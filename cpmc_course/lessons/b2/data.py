"""The tables of the Nettalpe case study (bloc 2), read from ``case_studies/b2_nettalpe/data``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...resources import content_path

NETTALPE_DIR = content_path("case_studies", "b2_nettalpe", "data")
TABLES = ("comptes", "zones", "commerciaux", "actions_2026", "plan_actions_2027", "operations_soutien", "planning_2027")


def nettalpe(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the case (file name without ``.csv``); ``planning_2027`` has its start dates parsed."""
    if table not in TABLES:
        raise KeyError(f"Table inconnue : {table!r}. Tables du cas Nettalpe : {', '.join(TABLES)}.")
    folder = Path(data_dir) if data_dir is not None else NETTALPE_DIR
    frame = pd.read_csv(folder / f"{table}.csv", keep_default_na=table != "planning_2027")
    if table == "planning_2027":
        frame["debut"] = pd.to_datetime(frame["debut"], format="%Y-%m-%d")
    return frame
