"""The official wording of the référentiel codes a bloc 3 lesson works on."""

from __future__ import annotations

from ...kit.objectifs import objectives_table


def objectifs(*codes: str):
    """The official wording of competencies and bloc 3 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B3", *codes)
