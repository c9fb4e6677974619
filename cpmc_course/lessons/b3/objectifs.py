"""The official wording of the référentiel codes a bloc 3 lesson works on."""

from __future__ import annotations

from IPython.display import Markdown

from ...referential import load_referential


def objectifs(*codes: str) -> Markdown:
    """The official wording of competencies and bloc 3 criteria (``C17``, ``CE22``, ``SC1``), as a Markdown table."""
    ref = load_referential()
    rows = ["| Code | Intitulé officiel |", "|---|---|"]
    for code in codes:
        record = ref.criterion(code, bloc="B3") if code.startswith("CE") else ref.competency(code)
        kind = "critère" if code.startswith("CE") else "compétence"
        rows.append(f"| **{record.code}** ({kind}) | {record.text} |")
    return Markdown("\n".join(rows))
