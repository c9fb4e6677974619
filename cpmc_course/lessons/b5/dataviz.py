"""Data visualisation for a manager (CE36): the message bar chart and its checks."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...kit.feedback import Feedback, accepted, check_choice, no_answer, rejected
from ...kit.nombres import fr_nombre

HIGHLIGHT = "#c2410c"
"""Colour of the bar that carries the message."""
MUTED = "#b8bec7"
"""Colour of the context bars."""


def message_bar_chart(
    serie: pd.Series,
    titre: str,
    *,
    mettre_en_avant: Any = None,
    unite: str = "",
    ax: Any = None,
):
    """Horizontal bars sorted from largest (top) to smallest, one bar highlighted, values written.

    The title states the message; context bars are grey, the bar named by
    ``mettre_en_avant`` is coloured; no frame, no gridlines. Returns the axes.
    """
    import matplotlib.pyplot as plt

    ordered = serie.sort_values(ascending=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * len(ordered) + 1.2))
    colours = [HIGHLIGHT if label == mettre_en_avant else MUTED for label in ordered.index]
    bars = ax.barh([str(i) for i in ordered.index], ordered.to_numpy(), color=colours)
    for bar, value in zip(bars, ordered.to_numpy()):
        ax.text(
            bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {fr_nombre(float(value))}{unite}", va="center", fontsize=9
        )
    ax.set_title(titre, loc="left", fontsize=12, fontweight="bold")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    return ax


def verifier_tri(reponse: Any, serie: pd.Series) -> Feedback:
    """Exercise: the series sorted from the largest to the smallest value."""
    if reponse is None:
        return no_answer()
    if not isinstance(reponse, pd.Series):
        return rejected("La réponse attendue est une Series pandas (utilisez .sort_values).")
    if sorted(map(str, reponse.index)) != sorted(map(str, serie.index)) or not np.allclose(
        np.sort(reponse.to_numpy(dtype=float)), np.sort(serie.to_numpy(dtype=float))
    ):
        return rejected("Votre Series n'a plus les mêmes valeurs : triez-la sans la modifier.")
    values = reponse.to_numpy(dtype=float)
    if np.all(np.diff(values) <= 0):
        return accepted("Du plus grand au plus petit : l'œil lit le classement sans effort.")
    if np.all(np.diff(values) >= 0):
        return rejected("Le tri est croissant : ajoutez ascending=False pour commencer par la plus grande valeur.")
    return rejected("Les valeurs ne sont pas triées : utilisez .sort_values(ascending=False).")


def verifier_graphique_manager(reponse: Any, serie: pd.Series, canal: str) -> Feedback:
    """Exercise: a horizontal bar chart (matplotlib Axes) of ``serie`` that highlights ``canal``.

    Checked: one bar per category, sorted with the largest on top, exactly one
    colour that differs from the others and it is ``canal``'s, and a title that
    states a message (more than a few words, not just the name of the measure).
    """
    if reponse is None:
        return no_answer()
    from matplotlib.axes import Axes
    from matplotlib.colors import to_hex

    if not isinstance(reponse, Axes):
        return rejected("La réponse attendue est le graphique (l'objet ax renvoyé par message_bar_chart ou plt.subplots).")
    bars = [p for p in reponse.patches if p.get_height() > 0 and p.get_width() > 0]
    if len(bars) != len(serie):
        return rejected(f"Le graphique doit avoir une barre par catégorie ({len(serie)}), il en a {len(bars)}.")
    labels = [t.get_text() for t in reponse.get_yticklabels()]
    if sorted(labels) != sorted(map(str, serie.index)):
        return rejected("Utilisez des barres horizontales (barh) avec les catégories en étiquettes de l'axe vertical.")
    widths = [b.get_width() for b in sorted(bars, key=lambda b: b.get_y())]
    if any(later < earlier for earlier, later in zip(widths, widths[1:])):
        return rejected("Triez les barres : la plus grande en haut (avec barh, la première valeur tracée est en bas).")
    colours = [to_hex(b.get_facecolor()) for b in sorted(bars, key=lambda b: b.get_y())]
    counts = pd.Series(colours).value_counts()
    if len(counts) != 2 or counts.iloc[-1] != 1:
        return rejected("Une seule barre doit ressortir : toutes les autres de la même couleur discrète (gris).")
    highlighted = labels[colours.index(counts.index[-1])] if len(labels) == len(colours) else None
    if highlighted != str(canal):
        return rejected(f"La barre mise en avant est {highlighted} : c'est {canal} qui porte le message.")
    title = reponse.get_title(loc="left") or reponse.get_title()
    if len(title.split()) < 5:
        return rejected("Le titre doit dire le message en une phrase (ce que le manager doit retenir), pas seulement nommer la mesure.")
    return accepted("Trié, une seule couleur qui attire l'œil, un titre qui dit la conclusion : le manager comprend en cinq secondes.")


CHART_QUIZ = {
    "a": "Un diagramme circulaire (camembert) à 8 parts",
    "b": "Des barres horizontales triées, le canal à discuter en couleur",
    "c": "Une courbe reliant les canaux",
}
"""Options of the quiz on comparing channels."""


def verifier_choix_graphique(reponse: Any) -> Feedback:
    """Quiz: the chart that compares eight channels for a manager."""
    return check_choice(
        reponse,
        "b",
        options=CHART_QUIZ,
        success="Des barres triées se comparent d'un coup d'œil ; la couleur montre où regarder.",
        hints={
            "a": "L'œil compare mal des angles : au-delà de 3 ou 4 parts, un camembert ne se lit plus.",
            "c": "Une courbe suggère une continuité (le temps) : les canaux sont des catégories sans ordre.",
        },
    )


TITLE_QUIZ = {
    "a": "Chiffre d'affaires par canal",
    "b": "Graphique 3 : CA 2025",
    "c": "Facebook attire beaucoup de visites mais rapporte le moins de chiffre d'affaires par visite",
}
"""Options of the quiz on the title of a chart for a manager."""


def verifier_titre(reponse: Any) -> Feedback:
    """Quiz: a title that states the message."""
    return check_choice(
        reponse,
        "c",
        options=TITLE_QUIZ,
        success="Le titre dit ce qu'il faut retenir : le manager lit la conclusion avant le graphique.",
        hints={
            "a": "Ce titre décrit les axes mais ne dit pas ce qu'il faut retenir.",
            "b": "Un numéro et une période ne disent rien : écrivez la conclusion dans le titre.",
        },
    )
