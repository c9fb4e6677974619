"""The official wording of the référentiel codes a lesson works on."""

from __future__ import annotations

from IPython.display import Markdown

from ...referential import load_referential


def objectives(*codes: str):
    """The official wording of competencies and bloc 5 criteria, as a Markdown table.

    Codes are bare (``C34``, ``CE33``) and read from the référentiel shipped with
    the package, so the notebook shows exactly the published text.
    """
    ref = load_referential()
    rows = ["| Code | Intitulé officiel |", "|---|---|"]
    for code in codes:
        record = ref.criterion(code, bloc="B5") if code.startswith("CE") else ref.competency(code)
        kind = "critère" if code.startswith("CE") else "compétence"
        rows.append(f"| **{record.code}** ({kind}) | {record.text} |")
    return Markdown("\n".join(rows))
