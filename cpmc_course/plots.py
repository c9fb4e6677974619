"""Matplotlib figures of the reports, returned as PNG bytes (Agg backend, no display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402

from .mastery import ABSENT, ACQUIRED, IN_PROGRESS, NOT_ACQUIRED, NOT_ASSESSED, PENDING, Measure, Thresholds  # noqa: E402

LEVEL_COLORS = {
    ACQUIRED: "#2e7d32",
    IN_PROGRESS: "#f9a825",
    NOT_ACQUIRED: "#c62828",
    PENDING: "#1565c0",
    NOT_ASSESSED: "#9e9e9e",
    ABSENT: "#6a1b9a",
}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def student_criteria(measures: list[Measure], t: Thresholds) -> bytes:
    """Horizontal bars: ratio per assessed criterion, coloured by level, with the thresholds."""
    shown = [m for m in measures if m.level != NOT_ASSESSED]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(shown), 2) + 1.2))
    labels = [m.code for m in shown]
    values = [m.ratio if m.ratio is not None else (m.score / m.max_score if m.max_score else 0) for m in shown]
    ax.barh(labels, values, color=[LEVEL_COLORS[m.level] for m in shown])
    ax.axvline(t.acquired, color="#2e7d32", linestyle="--", linewidth=1, label=f"seuil « acquis » ({t.acquired:.0%})")
    ax.axvline(t.in_progress, color="#f9a825", linestyle=":", linewidth=1, label=f"seuil « en cours » ({t.in_progress:.0%})")
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("Part des points obtenus")
    ax.set_title("Maîtrise par critère d'évaluation (en bleu : à corriger, points déjà notés)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8, frameon=False)
    return _png(fig)


def cohort_heatmap(students: list[str], criteria: list[str], ratios: list[list[float | None]]) -> bytes:
    """Students × criteria grid of ratios; grey where not evaluated or awaiting grading."""
    import numpy as np

    data = np.array([[np.nan if r is None else r for r in row] for row in ratios], dtype=float)
    fig, ax = plt.subplots(figsize=(1.0 + 0.6 * max(len(criteria), 2), 1.0 + 0.35 * max(len(students), 2)))
    cmap = ListedColormap(["#c62828", "#ef6c00", "#f9a825", "#9ccc65", "#2e7d32"]).with_extremes(bad="#e0e0e0")
    im = ax.imshow(np.ma.masked_invalid(data), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(criteria)), criteria, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(students)), students, fontsize=8)
    ax.set_title("Part des points par étudiant et par critère (gris : à corriger ou non évalué)")
    fig.colorbar(im, ax=ax, fraction=0.03, format=matplotlib.ticker.PercentFormatter(1.0))
    return _png(fig)


def cohort_levels(criteria: list[str], counts: dict[str, list[int]]) -> bytes:
    """Stacked bars: how many students reach each level on each criterion."""
    fig, ax = plt.subplots(figsize=(1.0 + 0.55 * max(len(criteria), 2), 4))
    bottom = [0] * len(criteria)
    for lv, values in counts.items():
        ax.bar(criteria, values, bottom=bottom, color=LEVEL_COLORS[lv], label=lv)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("Nombre d'étudiants")
    ax.set_title("Niveaux atteints par critère dans la cohorte")
    ax.tick_params(axis="x", rotation=60, labelsize=8)
    ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    return _png(fig)
