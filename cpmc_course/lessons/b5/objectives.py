"""The official wording of the référentiel codes a lesson works on."""

from __future__ import annotations

from ...kit.objectifs import objectives_table


def objectives(*codes: str):
    """The official wording of competencies and bloc 5 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B5", *codes)
