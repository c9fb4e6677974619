"""The référentiel CPMC loaded from ``data/referentiel.json`` into frozen records.

The data file is the single source of truth: blocs, their competencies (C1–C37,
SC1–SC4), criteria (CE1–CE36, with CE16 printed in both bloc 2 and bloc 3) and
épreuves. Codes are qualified by their bloc (``B3.CE16``) wherever a bare code
could be ambiguous. Loading fails loudly on duplicates and dangling references.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ReferentialError

CODE_PATTERN = re.compile(r"^(?:(?P<bloc>B[1-5])\.)?(?P<code>CE\d+|C\d+|SC\d+)$")
"""A tag that names the référentiel: ``CE34``, ``C35``, ``SC2`` or qualified ``B3.CE16``."""


@dataclass(frozen=True)
class Competency:
    """A competency of the référentiel de compétences."""

    code: str
    """``C1``…``C37`` or ``SC1``…``SC4`` (unique across the référentiel)."""
    text: str
    """Official French wording, exactly as published."""
    bloc: str
    """Code of the bloc it belongs to (``B1``…``B5``)."""

    @property
    def qualified(self) -> str:
        """``B5.C35``: the code with its bloc."""
        return f"{self.bloc}.{self.code}"

    @property
    def socioprofessional(self) -> bool:
        """True for the savoirs socioprofessionnels (SC1–SC4)."""
        return self.code.startswith("SC")


@dataclass(frozen=True)
class Criterion:
    """An evaluation criterion (critère d'évaluation) of one bloc's épreuve."""

    code: str
    """``CE1``…``CE36``; ``CE16`` exists in bloc 2 and in bloc 3."""
    text: str
    """Official French wording, exactly as published."""
    bloc: str
    """Code of the bloc it belongs to."""
    epreuve: str
    """Qualified code of the épreuve that assesses it (``B3.E1``)."""

    @property
    def qualified(self) -> str:
        """``B3.CE16``: the unambiguous form."""
        return f"{self.bloc}.{self.code}"


@dataclass(frozen=True)
class Epreuve:
    """An examination of a bloc, with its official deliverables."""

    code: str
    """Qualified code, ``B3.E2``."""
    bloc: str
    title: str
    """``Épreuve``, ``Épreuve 1``… as printed."""
    description: tuple[str, ...]
    """Official description of the examination, paragraph by paragraph."""
    modality: str
    """``individuelle`` or ``groupe``."""
    form: str
    """``écrite`` or ``orale``."""
    duration_minutes: int | None
    """Duration set by the référentiel; ``None`` where it sets none (bloc 5)."""
    deliverables: tuple[str, ...]
    """Expected deliverables, in the published order."""
    assessment: str
    """How it is marked (``note individuelle``, ``note de groupe``…)."""
    criteria: tuple[str, ...]
    """Qualified codes of the criteria it assesses."""


@dataclass(frozen=True)
class Bloc:
    """A bloc de compétences, the unit an instructor validates."""

    code: str
    """``B1``…``B5``."""
    title: str
    activities: tuple[str, ...]
    """Paragraphs of the référentiel d'activités."""
    competencies: tuple[Competency, ...]
    criteria: tuple[Criterion, ...]
    epreuves: tuple[Epreuve, ...]


@dataclass(frozen=True)
class Referential:
    """The whole référentiel, with look-ups by code."""

    version: str
    certification: str
    blocs: tuple[Bloc, ...]

    @property
    def competencies(self) -> tuple[Competency, ...]:
        """All competencies, bloc by bloc."""
        return tuple(c for b in self.blocs for c in b.competencies)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria, bloc by bloc (CE16 twice)."""
        return tuple(c for b in self.blocs for c in b.criteria)

    def bloc(self, code: str) -> Bloc:
        """The bloc ``B1``…``B5``."""
        for bloc in self.blocs:
            if bloc.code == code:
                return bloc
        raise KeyError(code)

    def competency(self, code: str) -> Competency:
        """A competency by its bare or qualified code."""
        bare = code.split(".")[-1]
        for comp in self.competencies:
            if comp.code == bare and (bare == code or comp.qualified == code):
                return comp
        raise KeyError(code)

    def criterion(self, code: str, bloc: str | None = None) -> Criterion:
        """A criterion by qualified code, or by bare code within ``bloc``.

        A bare code without a bloc is accepted only when it is unambiguous.
        """
        if "." in code:
            bloc, code = code.split(".", 1)
        matches = [c for c in self.criteria if c.code == code and (bloc is None or c.bloc == bloc)]
        if len(matches) != 1:
            raise KeyError(code)
        return matches[0]

    def criteria_named(self, code: str) -> tuple[Criterion, ...]:
        """Every criterion printed with this bare code (two for CE16)."""
        return tuple(c for c in self.criteria if c.code == code)


MODALITIES = ("individuelle", "groupe")
FORMS = ("écrite", "orale")
BLOC_PATTERN = re.compile(r"^B\d+$")


def _check_epreuve(e: dict[str, Any], ecode: str, where: str) -> None:
    if e["modality"] not in MODALITIES:
        raise ReferentialError(f"{where} : épreuve {ecode}, modalité {e['modality']!r} inconnue (attendu : {' ou '.join(MODALITIES)}).")
    if e["form"] not in FORMS:
        raise ReferentialError(f"{where} : épreuve {ecode}, forme {e['form']!r} inconnue (attendu : {' ou '.join(FORMS)}).")
    duration = e["duration_minutes"]
    if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
        raise ReferentialError(f"{where} : épreuve {ecode}, durée {duration!r} invalide (un nombre entier de minutes, ou null).")
    for key in ("description", "deliverables"):
        if not isinstance(e[key], list) or not all(isinstance(x, str) and x for x in e[key]):
            raise ReferentialError(f"{where} : épreuve {ecode}, « {key} » doit être une liste de textes.")


def _records(raw: dict[str, Any], where: str) -> Referential:
    blocs = []
    for b in raw["blocs"]:
        bcode = b["code"]
        if not isinstance(bcode, str) or not BLOC_PATTERN.match(bcode):
            raise ReferentialError(f"{where} : code de bloc mal formé : {bcode!r} (attendu : B1, B2…).")
        codes = [c["code"] for c in b["criteria"]]
        for code in codes:
            if codes.count(code) > 1:
                raise ReferentialError(f"{where} : le critère {bcode}.{code} apparaît deux fois dans le bloc.")
        crit_epreuve: dict[str, str] = {}
        epreuves = []
        for e in b["epreuves"]:
            ecode = f"{bcode}.{e['code']}"
            _check_epreuve(e, ecode, where)
            for code in e["criteria"]:
                if code in crit_epreuve:
                    raise ReferentialError(
                        f"{where} : le critère {bcode}.{code} est rattaché à deux épreuves "
                        f"({crit_epreuve[code]} et {ecode})."
                    )
                crit_epreuve[code] = ecode
            epreuves.append(
                Epreuve(
                    code=ecode,
                    bloc=bcode,
                    title=e["title"],
                    description=tuple(e["description"]),
                    modality=e["modality"],
                    form=e["form"],
                    duration_minutes=e["duration_minutes"],
                    deliverables=tuple(e["deliverables"]),
                    assessment=e["assessment"],
                    criteria=tuple(f"{bcode}.{c}" for c in e["criteria"]),
                )
            )
        criteria = []
        for c in b["criteria"]:
            if c["code"] not in crit_epreuve:
                raise ReferentialError(
                    f"{where} : le critère {bcode}.{c['code']} n'est évalué par aucune épreuve du bloc."
                )
            criteria.append(Criterion(c["code"], c["text"], bcode, crit_epreuve.pop(c["code"])))
        if crit_epreuve:
            dangling = ", ".join(sorted(crit_epreuve))
            raise ReferentialError(
                f"{where} : l'épreuve du bloc {bcode} cite des critères inconnus : {dangling}."
            )
        blocs.append(
            Bloc(
                code=bcode,
                title=b["title"],
                activities=tuple(b["activities"]),
                competencies=tuple(Competency(c["code"], c["text"], bcode) for c in b["competencies"]),
                criteria=tuple(criteria),
                epreuves=tuple(epreuves),
            )
        )
    return Referential(raw["version"], raw["certification"], tuple(blocs))


def _check_unique(ref: Referential, where: str) -> None:
    seen: dict[str, str] = {}
    for label, codes in (
        ("bloc", [b.code for b in ref.blocs]),
        ("compétence", [c.code for c in ref.competencies]),
        ("critère", [c.qualified for c in ref.criteria]),
        ("épreuve", [e.code for b in ref.blocs for e in b.epreuves]),
    ):
        for code in codes:
            if not CODE_PATTERN.match(code.split(".")[-1]) and label in ("compétence", "critère"):
                raise ReferentialError(f"{where} : code de {label} mal formé : {code!r}.")
            if code in seen:
                raise ReferentialError(f"{where} : le code {code} apparaît deux fois ({label}).")
            seen[code] = label


def parse_referential(raw: dict[str, Any], where: str = "référentiel") -> Referential:
    """Build and validate a :class:`Referential` from its JSON document."""
    try:
        ref = _records(raw, where)
    except KeyError as exc:
        raise ReferentialError(f"{where} : champ obligatoire manquant : {exc.args[0]!r}.") from None
    _check_unique(ref, where)
    return ref


def load_referential_file(path: str | Path) -> Referential:
    """Load a référentiel from a JSON file (used to test the validation)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReferentialError(f"{path} : fichier de référentiel illisible ({exc}).") from None
    return parse_referential(raw, str(path))


@cache
def load_referential() -> Referential:
    """The référentiel shipped with the package (loaded once)."""
    data = resources.files("cpmc_course") / "data" / "referentiel.json"
    raw = json.loads(data.read_text(encoding="utf-8"))
    return parse_referential(raw, "cpmc_course/data/referentiel.json")
