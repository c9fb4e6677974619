"""The official wording of the bloc 2 codes a lesson works on."""

from __future__ import annotations

from IPython.display import Markdown

from ...referential import load_referential


def objectives(*codes: str) -> Markdown:
    """Competencies (``C11``) and bloc 2 criteria (``CE9``) as a Markdown table, in the référentiel's words."""
    ref = load_referential()
    rows = ["| Code | Intitulé officiel |", "|---|---|"]
    for code in codes:
        record = ref.criterion(code, bloc="B2") if code.startswith("CE") else ref.competency(code)
        kind = "critère" if code.startswith("CE") else "compétence"
        rows.append(f"| **{record.code}** ({kind}) | {record.text} |")
    return Markdown("\n".join(rows))
