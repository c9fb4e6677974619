"""Customer base studies (C35, CE34, CE35): segmentation criteria, CSAT, RFM scores, cohorts and CLV."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...kit.feedback import Feedback, accepted, check_number, no_answer, rejected
from ...kit.nombres import fr_nombre

CRITERIA_FAMILIES = {
    "sociodémographique": ("sexe", "age", "region", "csp", "taille_foyer"),
    "psychographique": (
        "motivation_principale",
        "sensibilite_ecologique",
        "accord_payer_plus_equitable",
        "attente_principale",
        "satisfaction",
    ),
    "comportemental": (
        "nb_commandes",
        "ca_total_ht",
        "date_premiere_commande",
        "date_derniere_commande",
        "canal_achat",
        "optin_newsletter",
    ),
}
"""Columns of the Torvane CRM file by family of segmentation criteria (``mode_preparation`` is a need, left aside)."""


def verifier_colonnes_psychographiques(reponse: Any) -> Feedback:
    """Exercise: the psychographic columns of the Torvane CRM file (attitudes, motivations, values)."""
    if reponse is None:
        return no_answer()
    if isinstance(reponse, str) or not isinstance(reponse, (list, tuple, set)):
        return rejected("La réponse attendue est une liste de noms de colonnes, par exemple [\"age\", \"csp\"].")
    given = {str(c) for c in reponse}
    expected = set(CRITERIA_FAMILIES["psychographique"])
    if given == expected:
        return accepted("Motivations, attitudes et opinions : ce que pense le client, pas qui il est ni ce qu'elle fait.")
    for family in ("sociodémographique", "comportemental"):
        intruders = sorted(given & set(CRITERIA_FAMILIES[family]))
        if intruders:
            return rejected(f"{', '.join(intruders)} : critère(s) {family}(s), pas psychographique(s).")
    unknown = sorted(given - expected)
    if unknown:
        return rejected(f"Colonne(s) non psychographique(s) ou inconnue(s) : {', '.join(unknown)}.")
    return rejected(f"Il en manque {len(expected - given)} : relisez les questions du questionnaire (opinions, motivations, satisfaction).")


def verifier_csat(reponse: Any, crm: pd.DataFrame) -> Feedback:
    """Exercise: CSAT = share of answers 4 or 5 on the 1–5 satisfaction scale."""
    notes = crm["satisfaction"]
    expected = float(notes.isin([4, 5]).mean())
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"CSAT = {fr_nombre(expected * 100)} % de clients satisfaits (notes 4 ou 5).",
        traps=[
            (float(notes.mean() / 5), "Vous avez divisé la note moyenne par 5 : le CSAT est une part de répondants (notes 4 et 5)."),
            (float(notes.mean()), "C'est la note moyenne : le CSAT est la part des notes 4 ou 5."),
            (float((notes == 5).mean()), "Vous n'avez gardé que les 5 : les notes 4 comptent aussi comme satisfaites."),
            (float((notes >= 3).mean()), "La note 3 est neutre : seules les notes 4 et 5 comptent."),
            (float(notes.isin([4, 5]).sum()), "C'est un nombre de clients : divisez-le par le nombre de répondants."),
        ],
        hint="CSAT = nombre de notes 4 ou 5 / nombre de réponses.",
    )


def rfm_table(
    transactions: pd.DataFrame,
    date_reference: pd.Timestamp | str,
    *,
    client: str = "client_id",
    date: str = "date",
    montant: str = "montant_ht",
) -> pd.DataFrame:
    """Recency, frequency and monetary value per customer.

    ``recence`` is the number of days between the last purchase day and
    ``date_reference``; ``frequence`` the number of distinct purchase days
    (several lines on one day make one order); ``montant`` the total spent.
    """
    tx = transactions[[client, date, montant]]
    days = tx[date].dt.normalize()
    grouped = tx.assign(_day=days).groupby(client)
    table = pd.DataFrame(
        {
            "recence": (pd.Timestamp(date_reference) - grouped["_day"].max()).dt.days,
            "frequence": grouped["_day"].nunique(),
            "montant": grouped[montant].sum(),
        }
    )
    table.index.name = client
    return table


def quintile_score(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1–5 by quintile; ties are split by order of appearance (rank "first").

    With ``higher_is_better=False`` (recency), the smallest values get 5.
    """
    labels = [1, 2, 3, 4, 5] if higher_is_better else [5, 4, 3, 2, 1]
    return pd.qcut(values.rank(method="first"), 5, labels=labels).astype(int).rename(values.name)


FREQUENCY_BINS = (0, 1, 2, 4, 9, float("inf"))
"""Edges of the frequency score: 1 order → 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10 or more → 5."""


def frequency_score(frequence: pd.Series) -> pd.Series:
    """Frequency score 1–5 by business thresholds (:data:`FREQUENCY_BINS`).

    Quintiles do not work when many customers bought once (the training case's and most
    web shops' case): they
    would give different scores to identical customers.
    """
    return pd.cut(frequence, FREQUENCY_BINS, labels=[1, 2, 3, 4, 5]).astype(int).rename(frequence.name)


def rfm_scores(rfm: pd.DataFrame) -> pd.DataFrame:
    """R, M scores by quintile, F score by thresholds, and the three-digit code ``RFM``."""
    scores = pd.DataFrame(
        {
            "R": quintile_score(rfm["recence"], higher_is_better=False),
            "F": frequency_score(rfm["frequence"]),
            "M": quintile_score(rfm["montant"]),
        }
    )
    scores["RFM"] = scores["R"].astype(str) + scores["F"].astype(str) + scores["M"].astype(str)
    return scores


RFM_SEGMENTS = ("Champions", "Prometteurs", "À développer", "À risque", "Hibernants")
"""Segments of :func:`rfm_segment` (the grid of the bloc 5 case study)."""


def rfm_segment(r: int, f: int) -> str:
    """A business segment from the R and F scores, rules applied in order.

    Champions: R ≥ 4 and F ≥ 4; Prometteurs: R ≥ 4 and F ≤ 2; À risque: R ≤ 2
    and F ≥ 3; Hibernants: R ≤ 2 and F ≤ 2; otherwise À développer.
    """
    if r >= 4:
        if f >= 4:
            return "Champions"
        if f <= 2:
            return "Prometteurs"
    if r <= 2:
        return "À risque" if f >= 3 else "Hibernants"
    return "À développer"


def cohort_retention(
    transactions: pd.DataFrame, *, client: str = "client_id", date: str = "date"
) -> pd.DataFrame:
    """Share of each monthly acquisition cohort that buys again, month by month.

    Rows: month of first purchase (``Period[M]``); columns: months since the first
    purchase (0, 1, 2…); values: active customers / cohort size (month 0 is 1).
    Months after the end of the data are NaN, not 0.
    """
    month = transactions[date].dt.to_period("M")
    first = month.groupby(transactions[client]).transform("min")
    age = (month.dt.year - first.dt.year) * 12 + (month.dt.month - first.dt.month)
    active = (
        pd.DataFrame({"cohorte": first, "mois": age, client: transactions[client]})
        .groupby(["cohorte", "mois"])[client]
        .nunique()
        .unstack("mois", fill_value=0)
    )
    last = month.max()
    horizon = np.array([(last - cohort).n for cohort in active.index])
    observed = np.asarray(active.columns)[None, :] <= horizon[:, None]
    return active.div(active[0], axis=0).where(observed)


def verifier_retention(reponse: Any, transactions: pd.DataFrame, cohorte: str, mois: int) -> Feedback:
    """Exercise: retention of one cohort ``mois`` months after its first purchase."""
    if reponse is None:
        return no_answer()
    table = cohort_retention(transactions)
    period = pd.Period(cohorte, freq="M")
    expected = float(table.loc[period, mois])
    month = transactions["date"].dt.to_period("M")
    first = month.groupby(transactions["client_id"]).transform("min")
    in_cohort = first == period
    target = period + mois
    size = transactions.loc[in_cohort, "client_id"].nunique()
    buying_rows = int((in_cohort & (month == target)).sum())
    all_customers = transactions["client_id"].nunique()
    active = expected * size
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{fr_nombre(expected * 100)} % des clients de la cohorte {cohorte} achètent encore au mois {mois}.",
        traps=[
            (buying_rows / size, "Vous avez compté des lignes d'achat : comptez des clients distincts (nunique)."),
            (active / all_customers, "Divisez par la taille de la cohorte, pas par l'ensemble des clients."),
            (1 - expected, "C'est la part de clients perdus (attrition) ; on demande ceux qui rachètent."),
        ],
        hint="Rétention = clients de la cohorte actifs ce mois-là / taille de la cohorte.",
    )


def verifier_montant_par_client(reponse: Any, transactions: pd.DataFrame) -> Feedback:
    """Exercise: a Series of the total amount spent per customer."""
    if reponse is None:
        return no_answer()
    expected = transactions.groupby("client_id")["montant_ht"].sum()
    if not isinstance(reponse, pd.Series):
        return rejected("La réponse attendue est une Series pandas : un montant par client (groupby puis une agrégation).")
    if len(reponse) != len(expected):
        return rejected(f"Vous avez {len(reponse)} lignes ; il en faut une par client, soit {len(expected)}.")
    answer = reponse.reindex(expected.index)
    if answer.isna().any():
        return rejected("L'index de votre Series doit être l'identifiant client (groupby('client')).")
    if np.allclose(answer, expected, rtol=1e-6):
        return accepted(f"Les {len(expected)} clients ont dépensé {fr_nombre(expected.sum())} € HT au total.")
    if np.allclose(answer, transactions.groupby("client_id")["montant_ht"].mean(), rtol=1e-6):
        return rejected("Vous avez calculé un montant moyen par achat : on veut le total dépensé (sum).")
    if np.allclose(answer, transactions.groupby("client_id")["montant_ht"].count(), rtol=1e-6):
        return rejected("Vous avez compté les achats : on veut la somme des montants.")
    return rejected("Agrégez la colonne montant par client avec une somme.")


def verifier_part_acheteurs_uniques(reponse: Any, transactions: pd.DataFrame) -> Feedback:
    """Exercise: share of customers who bought on one single day."""
    days = transactions.assign(_d=transactions["date"].dt.normalize())
    per_client = days.groupby("client_id")["_d"].nunique()
    expected = float((per_client == 1).mean())
    lines = transactions.groupby("client_id").size()
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{fr_nombre(expected * 100)} % des clients n'ont acheté qu'une fois : la fidélisation est un enjeu majeur.",
        traps=[
            (float((lines == 1).mean()), "Vous avez compté des lignes : plusieurs lignes le même jour forment une seule commande (comptez les dates distinctes)."),
            (float((per_client == 1).sum()), "C'est un nombre de clients : divisez-le par le nombre total de clients."),
            (1 - expected, "C'est la part des clients qui ont racheté ; on demande ceux qui n'ont acheté qu'une fois."),
        ],
        hint="Comptez, par client, les jours d'achat distincts, puis la part de clients qui n'en ont qu'un.",
    )


def verifier_score_r(reponse: Any, rfm: pd.DataFrame) -> Feedback:
    """Exercise: the recency score R (1–5), 5 for the most recent customers."""
    if reponse is None:
        return no_answer()
    expected = quintile_score(rfm["recence"], higher_is_better=False)
    if not isinstance(reponse, pd.Series) or len(reponse) != len(expected):
        return rejected("La réponse attendue est une Series avec un score par client (même index que rfm).")
    answer = pd.to_numeric(pd.Series(reponse, copy=True), errors="coerce").reindex(expected.index)
    if answer.isna().any():
        return rejected("Des scores manquent ou ne sont pas des nombres : gardez l'index de rfm et des entiers de 1 à 5.")
    agreement = float((answer == expected).mean())
    if agreement >= 0.99:
        return accepted("Les clients les plus récents (petite récence) ont le score 5.")
    if float((answer == 6 - expected).mean()) >= 0.99:
        return rejected("Votre score est inversé : une petite récence (achat récent) est une bonne nouvelle et doit donner 5.")
    return rejected("Découpez la récence en 5 quintiles (pd.qcut sur le rang) avec les étiquettes 5, 4, 3, 2, 1.")


def clv_simple(marge_par_achat: float, achats_par_an: float, duree_annees: float) -> float:
    """CLV without discounting: margin per purchase × purchases per year × lifetime in years."""
    return marge_par_achat * achats_par_an * duree_annees


def clv_discounted(
    marge_annuelle: float, taux_actualisation: float, duree_annees: int, taux_retention: float = 1.0
) -> float:
    """Discounted CLV: the margin of year t (received at the end of year t) weighs r^(t−1) / (1 + a)^t.

    With ``taux_retention`` 1 this is the present value of an annuity.
    """
    return sum(
        marge_annuelle * taux_retention ** (t - 1) / (1 + taux_actualisation) ** t for t in range(1, duree_annees + 1)
    )


def verifier_clv_simple(
    reponse: Any, panier_moyen: float, taux_marque: float, achats_par_an: float, duree_annees: float
) -> Feedback:
    """Exercise: simple CLV on margin."""
    margin = panier_moyen * taux_marque
    expected = clv_simple(margin, achats_par_an, duree_annees)
    return check_number(
        reponse,
        expected,
        success=f"Un client rapporte {fr_nombre(expected)} € de marge sur sa durée de vie.",
        traps=[
            (clv_simple(panier_moyen, achats_par_an, duree_annees), "Vous avez utilisé le panier (chiffre d'affaires) : la CLV se calcule sur la marge (panier × taux de marque)."),
            (margin * achats_par_an, "C'est la marge d'une seule année : multipliez par la durée de vie."),
            (margin * duree_annees, "Vous avez oublié la fréquence d'achat annuelle."),
        ],
        hint="CLV = marge par achat × nombre d'achats par an × durée de vie (années).",
    )


def verifier_clv_actualisee(
    reponse: Any, marge_annuelle: float, taux_actualisation: float, duree_annees: int
) -> Feedback:
    """Exercise: discounted CLV with the margin received at the end of each year."""
    expected = clv_discounted(marge_annuelle, taux_actualisation, duree_annees)
    from_zero = sum(marge_annuelle / (1 + taux_actualisation) ** t for t in range(duree_annees))
    return check_number(
        reponse,
        expected,
        success=f"Actualisée à {fr_nombre(taux_actualisation * 100)} %, la CLV vaut {fr_nombre(expected)} € d'aujourd'hui.",
        traps=[
            (marge_annuelle * duree_annees, "Vous n'avez pas actualisé : un euro reçu dans 3 ans vaut moins qu'un euro aujourd'hui."),
            (from_zero, "Vous avez actualisé à partir de t = 0 : la marge de la première année arrive en fin d'année, divisez-la par (1 + a)."),
            (marge_annuelle * duree_annees / (1 + taux_actualisation) ** duree_annees, "Chaque année s'actualise avec sa propre puissance (1 + a)^t, pas toutes avec la dernière."),
        ],
        hint="CLV actualisée = somme sur t = 1…n de marge annuelle / (1 + a)^t.",
    )


def verifier_taux_reachat(reponse: Any, produits: pd.DataFrame, gamme: str, segment: str) -> Feedback:
    """Exercise: repurchase rate of a range in a segment = rebuyers / buyers, summed over the range's products."""
    rows = produits[(produits["gamme"] == gamme) & (produits["segment_psycho"] == segment)]
    expected = float(rows["reacheteurs"].sum() / rows["acheteurs"].sum())
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{fr_nombre(expected * 100)} % des clients « {segment} » qui ont acheté des {gamme} les ont rachetés.",
        traps=[
            (float((rows["reacheteurs"] / rows["acheteurs"]).mean()), "C'est la moyenne des taux des produits : additionnez les réacheteurs et les acheteurs de la gamme, puis divisez."),
            (float(rows["acheteurs"].sum() / rows["reacheteurs"].sum()), "Vous avez inversé le rapport : réacheteurs / acheteurs."),
            (float(rows["nb_avis"].sum() / rows["acheteurs"].sum()), "Ce sont les avis : le réachat se lit dans la colonne reacheteurs."),
        ],
        hint="Filtrez la gamme et le segment, puis divisez la somme des réacheteurs par la somme des acheteurs.",
    )
