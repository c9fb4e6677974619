"""The « carte de révision »: mastery per competency and per bloc, as one matplotlib figure."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..referential import load_referential
from .progress import SEUIL_EN_COURS, SEUIL_MAITRISE, Mastery, bloc_mastery

COULEURS = {
    "maîtrisée": "#2e7d32",
    "en cours": "#f9a825",
    "à travailler": "#c62828",
    "non révisée": "#bdbdbd",
}
"""Colour of each mastery label (green, amber, red, grey)."""


def _couleur(level: float | None) -> str:
    if level is None:
        return COULEURS["non révisée"]
    if level >= SEUIL_MAITRISE:
        return COULEURS["maîtrisée"]
    if level >= SEUIL_EN_COURS:
        return COULEURS["en cours"]
    return COULEURS["à travailler"]


def carte_de_revision(masteries: dict[str, Mastery]) -> Figure:
    """Two panels: one bar per competency (grouped by bloc), one bar per bloc.

    Bars are in percent. A competency never revised shows an empty grey frame
    at full width, labelled « non révisée », so that it is not mistaken for 0 %.
    Built with :class:`matplotlib.figure.Figure` (no pyplot state), so it
    works headless and in notebooks alike.
    """
    ref = load_referential()
    codes = [c.code for c in ref.competencies if c.code in masteries]
    fig = Figure(figsize=(11, 0.26 * len(codes) + 1.8), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[3, 2])
    ax, axb = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])

    y = list(range(len(codes)))[::-1]
    levels = [masteries[c].level for c in codes]
    ax.barh(y, [100 if lv is None else 0 for lv in levels], color="none", edgecolor=COULEURS["non révisée"],
            hatch="//", linewidth=0.6, gid="non-revisees")
    ax.barh(y, [0 if lv is None else 100 for lv in levels], color="#f3f3f3", gid="piste")
    ax.barh(y, [0 if lv is None else lv * 100 for lv in levels], color=[_couleur(lv) for lv in levels],
            gid="maitrise")
    ax.set_yticks(y, [f"{masteries[c].bloc} · {c}" for c in codes], fontsize=8)
    for yi, lv, c in zip(y, levels, codes):
        m = masteries[c]
        text = "non révisée" if lv is None else f"{lv * 100:.0f} % ({m.correct}/{m.attempts})"
        ax.text(101, yi, text, va="center", fontsize=7, color="#555" if lv is None else _couleur(lv),
                fontweight="normal" if lv is None or lv >= SEUIL_EN_COURS else "bold")
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.axvline(SEUIL_MAITRISE * 100, color="#555", linestyle=":", linewidth=0.8)
    ax.set_xlabel("Maîtrise (%), réponses récentes pondérées")
    ax.set_title("Par compétence")

    blocs = bloc_mastery(masteries)
    bcodes = [b.code for b in ref.blocs if b.code in blocs]
    yb = list(range(len(bcodes)))[::-1]
    axb.barh(yb, [blocs[b] * 100 for b in bcodes], color=[_couleur(blocs[b]) for b in bcodes], gid="blocs")
    axb.set_yticks(yb, [f"{b}\n{ref.bloc(b).title}" for b in bcodes], fontsize=7)
    for yi, b in zip(yb, bcodes):
        axb.text(blocs[b] * 100 + 2, yi, f"{blocs[b] * 100:.0f} %", va="center", fontsize=8)
    axb.set_xlim(0, 115)
    axb.set_xticks([0, 25, 50, 75, 100])
    axb.set_xlabel("Maîtrise moyenne (%)")
    axb.set_title("Par bloc (non révisées = 0 %)")

    fig.legend(handles=[Patch(facecolor=c, label=k) for k, c in COULEURS.items()], loc="outside lower center",
               ncols=4, fontsize=8, frameon=False)
    fig.suptitle("Carte de révision")
    return fig
