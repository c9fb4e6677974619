"""Which criteria and competencies of the référentiel the graded cells assess."""

from __future__ import annotations

from dataclasses import dataclass

from .mapping import GradedCell, Mapping
from .referential import Referential


@dataclass(frozen=True)
class CoverageItem:
    """One criterion or competency and the cells that assess it."""

    code: str
    """Qualified criterion code (``B5.CE34``) or competency code (``C35``)."""
    kind: str
    """``critère`` or ``compétence``."""
    bloc: str
    text: str
    cells: tuple[GradedCell, ...]

    @property
    def assessed(self) -> bool:
        """True when at least one graded cell evidences it."""
        return bool(self.cells)

    @property
    def auto_assessed(self) -> bool:
        """True when at least one autograded cell evidences it."""
        return any(c.kind == "auto" for c in self.cells)

    @property
    def points(self) -> float:
        """Total points of the cells that assess it."""
        return sum(c.points for c in self.cells)


def coverage(mapping: Mapping, ref: Referential) -> tuple[CoverageItem, ...]:
    """Every criterion then every competency of the référentiel, bloc by bloc."""
    items = []
    for bloc in ref.blocs:
        for crit in bloc.criteria:
            items.append(CoverageItem(crit.qualified, "critère", bloc.code, crit.text, mapping.for_criterion(crit.qualified)))
        for comp in bloc.competencies:
            items.append(CoverageItem(comp.code, "compétence", bloc.code, comp.text, mapping.for_competency(comp.code)))
    return tuple(items)


def missing(items: tuple[CoverageItem, ...]) -> tuple[CoverageItem, ...]:
    """The items no graded cell assesses."""
    return tuple(i for i in items if not i.assessed)
