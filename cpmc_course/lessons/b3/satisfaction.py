"""Satisfaction indicators from survey answers, and the Pareto table of complaints.

* CSAT (%) = share of answers 4 or 5 on the 1–5 scale × 100;
* NPS (points, −100 to +100) = % of promoters (9–10) − % of detractors (0–6);
* CES = mean answer to « [l'entreprise] m'a permis de traiter ma demande facilement »
  on the 1–7 agreement scale (7 = tout à fait d'accord: the higher, the easier).
"""

from __future__ import annotations

import pandas as pd

from ...kit import formulas


def csat(notes: pd.Series) -> float:
    """CSAT in percent from 1–5 answers."""
    notes = notes.dropna()
    return formulas.csat(int((notes >= 4).sum()), len(notes))


def nps(notes: pd.Series) -> float:
    """NPS in points from 0–10 answers."""
    notes = notes.dropna()
    promoteurs = int((notes >= 9).sum())
    detracteurs = int((notes <= 6).sum())
    return formulas.nps(promoteurs, len(notes) - promoteurs - detracteurs, detracteurs)


def ces(notes: pd.Series) -> float:
    """CES: mean of the 1–7 answers (higher is easier)."""
    return float(notes.dropna().mean())


def pareto(categories: pd.Series) -> pd.DataFrame:
    """Count, share (%) and cumulative share (%) per category, largest first."""
    counts = categories.value_counts()
    table = pd.DataFrame({"nombre": counts})
    table["part"] = table["nombre"] / table["nombre"].sum() * 100
    table["part_cumulee"] = table["part"].cumsum()
    return table


def causes_principales(table: pd.DataFrame, seuil: float = 80) -> list[str]:
    """Categories whose cumulative share is at most ``seuil`` % (class A of the Pareto)."""
    return list(table.index[table["part_cumulee"] <= seuil + 1e-9])
