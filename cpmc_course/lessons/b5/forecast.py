"""Sales forecasting (C37, CE35): yearly growth, seasonal coefficients, MAPE."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from ...kit.feedback import Feedback, check_number
from ...kit.nombres import fr_nombre

def verifier_croissance_annuelle(reponse: Any, ventes: pd.Series, annee: int) -> Feedback:
    """Exercise: growth of ``annee``'s total sales over the previous year (a proportion)."""
    totals = ventes.groupby(ventes.index.year).sum()
    expected = totals[annee] / totals[annee - 1] - 1
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Les ventes {annee} progressent de {fr_nombre(expected * 100)} % sur un an.",
        traps=[
            (totals[annee] / totals[annee - 1], "C'est le rapport entre les deux années : retirez 1 pour obtenir la croissance."),
            (1 - totals[annee - 1] / totals[annee], "Divisez par l'année de départ (N − 1), pas par l'année N."),
            (totals[annee] - totals[annee - 1], "C'est l'écart en valeur : la croissance est une proportion (écart / année N − 1)."),
        ],
        hint="Croissance = ventes N / ventes N − 1 − 1, sur les totaux annuels.",
    )


def verifier_coefficient_saisonnier(reponse: Any, ventes: pd.Series, mois: int) -> Feedback:
    """Exercise: average-ratio seasonal coefficient of a calendar month (month / its year's monthly mean)."""
    frame = pd.DataFrame({"ventes": ventes.to_numpy(), "annee": ventes.index.year, "mois": ventes.index.month})
    ratio = frame["ventes"] / frame.groupby("annee")["ventes"].transform("mean")
    expected = float(ratio[frame["mois"] == mois].mean())
    naive = float(frame.loc[frame["mois"] == mois, "ventes"].mean() / frame["ventes"].mean())
    return check_number(
        reponse,
        expected,
        success=f"Le mois {mois} vend en moyenne {fr_nombre(expected)} fois un mois moyen de son année.",
        traps=[
            (float(frame.loc[frame["mois"] == mois, "ventes"].mean()), "C'est le niveau moyen des ventes du mois : divisez chaque année par la moyenne mensuelle de cette année."),
            (naive, "Vous avez divisé par la moyenne de toute la période : avec une tendance, comparez chaque mois à la moyenne de sa propre année."),
        ],
        hint="Coefficient saisonnier = moyenne, sur les années, de (ventes du mois / moyenne mensuelle de l'année).",
    )


def mape(reel: Iterable[float], prevu: Iterable[float]) -> float:
    """Mean absolute percentage error (a proportion), relative to the actual values."""
    actual = np.asarray(list(reel), dtype=float)
    forecast = np.asarray(list(prevu), dtype=float)
    return float(np.mean(np.abs(actual - forecast) / np.abs(actual)))


def verifier_mape(reponse: Any, reel: pd.Series, prevu: pd.Series) -> Feedback:
    """Exercise: MAPE of a forecast against the actual values."""
    actual = np.asarray(reel, dtype=float)
    forecast = np.asarray(prevu, dtype=float)
    expected = mape(actual, forecast)
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"La prévision se trompe en moyenne de {fr_nombre(expected * 100)} % par mois.",
        traps=[
            (float(np.mean(np.abs(actual - forecast) / np.abs(forecast))), "Divisez l'erreur par la valeur réelle, pas par la prévision."),
            (float(np.mean((actual - forecast) / actual)), "Prenez la valeur absolue des écarts : sinon les erreurs positives et négatives se compensent."),
            (float(np.mean(np.abs(actual - forecast))), "C'est l'erreur absolue moyenne (en euros) : rapportez chaque écart à la valeur réelle."),
        ],
        hint="MAPE = moyenne de |réel − prévu| / réel.",
    )
