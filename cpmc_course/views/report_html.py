"""What the report's pages share: the stylesheet, level badges, French points, the page frame and the rules."""

from __future__ import annotations

import functools
import html
import statistics

from ..kit.nombres import fr_nombre, fr_pourcent
from ..mastery import Thresholds

SEP = "\u00a0; "
"""French list separator (no-break space before the semicolon)."""

@functools.lru_cache(maxsize=8192)
def pts(value: float) -> str:
    """Points as a French reader reads them on the pages (``4,5``); the CSV files keep a machine format.

    Cached: a thousand student pages write the same few hundred values some 700 000 times."""
    return fr_nombre(value, 2, zeros=False)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#f5f5f5}.lv{font-weight:600;white-space:nowrap}
.acquis,.validé,.certifié{color:#2e7d32}.non-acquis,.non-validé,.non-certifié,.non-rendu,.non-corrigé{color:#c62828}.corrigé{color:#2e7d32}
.en-cours-d-acquisition{color:#8a6200}.absent{color:#6a1b9a}.à-corriger,.en-attente-de-correction,.en-cours{color:#1565c0}.non-évalué,.pas-encore-évalué,.autre-session{color:#757575}
.note{color:#555;font-size:.9rem}svg.barres{max-width:100%;height:auto}\n.grille{overflow:auto;max-height:40rem}details.items>summary{cursor:pointer;margin:.3rem 0}table.carte td{text-align:center;font-size:.8rem;padding:.15rem .3rem}
table.items{table-layout:fixed}table.items td:first-child,table.items th:first-child{width:40%;overflow-wrap:anywhere}
@media print{body{font-size:8pt;margin:0;max-width:none}th,td{font-size:8pt}thead{display:table-header-group}tr{break-inside:avoid}}
"""


def css_class(label: str) -> str:
    return label.replace(" ", "-").replace("'", "-")


def badge(label: str) -> str:
    return f'<span class="lv {css_class(label)}">{html.escape(label)}</span>'


def page(title: str, body: str, extra_style: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}{extra_style}</style></head><body><main>{body}</main></body></html>\n"
    )


def rules(t: Thresholds) -> str:
    return (
        f'<p class="note">Règles\u00a0: un critère est <b>acquis</b> à partir de {fr_pourcent(t.acquired, 0)} des points, '
        f"<b>en cours d'acquisition</b> à partir de {fr_pourcent(t.in_progress, 0)}, <b>non acquis</b> en dessous\u00a0; "
        "il reste <b>à corriger</b> tant qu'une de ses cellules attend une note manuelle. Sur une épreuve de groupe, "
        "chaque membre reçoit la note de la copie de son équipe\u00a0; un membre déclaré <b>absent</b> ne la reçoit pas. Un bloc est "
        "<b>validé</b> quand tous ses critères sont acquis\u00a0; la certification est obtenue quand les cinq blocs "
        "sont validés. Un critère évalué par plusieurs sujets (rattrapage, examen blanc, deux épreuves) est "
        f"calculé selon la méthode\u00a0: <b>{html.escape(t.method_label)}</b>. Seuils et méthode réglables dans "
        "<code>autograder/cpmc.toml</code>.</p>"
    )


def source_label(m) -> str:
    """« individuelle » or « d'équipe (Alpha) » for the HTML tables."""
    if m.source == "équipe":
        return "d'équipe" + (f" ({html.escape(m.team)})" if m.team else "")
    return "individuelle"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
