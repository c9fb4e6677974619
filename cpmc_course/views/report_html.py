"""What the report's pages share: French points, the list separator, medians."""

from __future__ import annotations

import statistics

from .templating import pts  # noqa: F401  (public: points as the pages write them)

SEP = "\u00a0; "
"""French list separator (no-break space before the semicolon)."""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
