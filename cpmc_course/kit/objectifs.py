"""The « Ce que le référentiel attend » table every lesson opens with, in the référentiel's own words."""

from __future__ import annotations


def objectives_table(bloc: str, *codes: str):
    """Competencies (``C34``) and the bloc's criteria (``CE33``) as a Markdown table of their official texts.

    Codes are bare and read in ``bloc`` (``"B5"``), from the référentiel shipped
    with the package, so the notebook shows exactly the published text. The
    per-bloc ``objectives``/``objectifs`` helpers the lessons call delegate here
    (``cpmc_course.revise`` reads those calls to know what a lesson prepares).
    """
    from IPython.display import Markdown

    from ..referential import load_referential

    ref = load_referential()
    rows = ["| Code | Intitulé officiel |", "|---|---|"]
    for code in codes:
        record = ref.criterion(code, bloc=bloc) if code.startswith("CE") else ref.competency(code)
        kind = "critère" if code.startswith("CE") else "compétence"
        rows.append(f"| **{record.code}** ({kind}) | {record.text} |")
    return Markdown("\n".join(rows))
