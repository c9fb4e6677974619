"""The référentiel and the results in the formats other systems import.

* Moodle competency framework (the CSV that « Importer un référentiel de
  compétences », ``admin/tool/lpimportcsv``, reads: its 14 columns, one row for
  the framework, then one row per bloc, competency and criterion, each naming
  its parent by id number).
* 1EdTech CASE 1.0 package (JSON: ``CFDocument``, ``CFItems`` with their
  ``CFItemType``, ``CFAssociations`` of type ``isChildOf``); identifiers are
  UUIDs derived from the codes, so a re-export keeps them.
* Results: a Moodle grade-import CSV (one row per student, one column per
  assignment, the total out of the assignment's points) and a per-cell CSV
  (student, assignment, notebook, grade_id, score, max, criteria).

* The spreadsheet (``tableur``): one row per student and assignment, the copy's
  status and total as :class:`~cpmc_course.grading.copies.CopyState` decided
  them, and the level of each criterion.

Pure functions over the package's records; the writers only serialise, through
the one CSV writer (:mod:`cpmc_course.views.csvfile`), which neutralises every
cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Iterable
from collections.abc import Mapping as Mapping_

from .grading.copies import CopyState, CopyStatus
from .mapping import Mapping
from .mastery import Thresholds, measure_cells
from .records import CellGrade, Student, Submission
from .views.csvfile import csv_text, french_csv_text
from .referential import Referential

MOODLE_FRAMEWORK_HEADER = [
    "Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross referenced competency id numbers", "Exported id (optional)", "Is framework", "Taxonomy",
]
"""Columns of Moodle's competency framework CSV, in the order its importer reads them."""

MOODLE_SCALE = "Non acquis,En cours d'acquisition,Acquis"
"""The mastery scale given to Moodle; its third value (« Acquis ») is the default and proficient one."""

MOODLE_SCALE_CONFIGURATION = '[{"scaleid":"0"},{"id":3,"scaledefault":1,"proficient":1}]'
"""Scale configuration: Moodle replaces the scale id on import; item 3 is default and proficient."""

FRAMEWORK_ID = "CPMC"
HTML_FORMAT = "1"
"""Moodle's FORMAT_HTML: descriptions are escaped paragraphs."""

CASE_NAMESPACE = uuid.UUID("7b1f6f6e-2f53-5c2c-9a52-6d8b1b1c0c5a")
"""Namespace of the CASE identifiers (uuid5 of a code in it is stable across exports)."""
CASE_BASE_URI = "urn:cpmc:case:"


def _html(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def moodle_framework_rows(ref: Referential) -> list[list[str]]:
    """Rows of the Moodle competency framework CSV, header first.

    Hierarchy: framework → bloc (domain) → competencies and criteria
    (competency). Id numbers are qualified (``B2.CE16`` and ``B3.CE16`` stay
    distinct).
    """
    rows = [MOODLE_FRAMEWORK_HEADER]
    exported = 0

    def row(parent: str, idnumber: str, shortname: str, description: str, is_framework: bool = False) -> list[str]:
        nonlocal exported
        exported += 1
        return [
            parent, idnumber, shortname[:100], _html(description), HTML_FORMAT,
            MOODLE_SCALE if is_framework else "", MOODLE_SCALE_CONFIGURATION if is_framework else "",
            "", "", "", "", str(exported), "1" if is_framework else "",
            "domain,competency" if is_framework else "",
        ]

    rows.append(row("", FRAMEWORK_ID, ref.certification, f"Référentiel {ref.certification}, version {ref.version}.", True))
    for bloc in ref.blocs:
        rows.append(row("", bloc.code, f"{bloc.code} — {bloc.title}", bloc.title))
        for comp in bloc.competencies:
            rows.append(row(bloc.code, comp.qualified, f"{comp.code} — {comp.text}", comp.text))
        for crit in bloc.criteria:
            rows.append(row(bloc.code, crit.qualified, f"{crit.qualified} — {crit.text}", crit.text))
    return rows


def _csv_text(rows: Iterable[list[str]], delimiter: str = ",") -> str:
    return csv_text(rows, delimiter=delimiter)


def moodle_framework_csv(ref: Referential) -> str:
    """The Moodle competency framework import file, as text (UTF-8, comma-separated)."""
    return _csv_text(moodle_framework_rows(ref))


def _case_id(code: str) -> str:
    return str(uuid.uuid5(CASE_NAMESPACE, code))


def _node(identifier: str, title: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": CASE_BASE_URI + identifier}


def case_package(ref: Referential, last_change: str) -> dict:
    """A CASE 1.0 package (``CFPackage``) of the référentiel.

    ``last_change`` is the ISO 8601 timestamp written in every
    ``lastChangeDateTime`` (passed in, so that the package is reproducible).
    Items: one ``Bloc de compétences`` per bloc, one ``Compétence`` per
    competency (``Savoir socioprofessionnel`` for SC1–SC4), one ``Critère
    d'évaluation`` per criterion; each is ``isChildOf`` its bloc, and each bloc
    ``isChildOf`` the document.
    """
    doc_id = _case_id(FRAMEWORK_ID)
    document = {
        "identifier": doc_id,
        "uri": CASE_BASE_URI + doc_id,
        "creator": "Cours CPMC (cpmc-course)",
        "title": ref.certification,
        "version": ref.version,
        "language": "fr",
        "lastChangeDateTime": last_change,
        "CFPackageURI": _node(doc_id, ref.certification),
    }
    items: list[dict] = []
    associations: list[dict] = []

    def item(code: str, statement: str, item_type: str, parent_id: str, parent_title: str) -> None:
        identifier = _case_id(code)
        items.append({
            "identifier": identifier,
            "uri": CASE_BASE_URI + identifier,
            "CFDocumentURI": _node(doc_id, ref.certification),
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": item_type,
            "language": "fr",
            "lastChangeDateTime": last_change,
        })
        association = _case_id(f"{code}>isChildOf>{parent_id}")
        associations.append({
            "identifier": association,
            "uri": CASE_BASE_URI + association,
            "associationType": "isChildOf",
            "CFDocumentURI": _node(doc_id, ref.certification),
            "originNodeURI": _node(identifier, code),
            "destinationNodeURI": _node(parent_id, parent_title),
            "lastChangeDateTime": last_change,
        })

    for bloc in ref.blocs:
        item(bloc.code, bloc.title, "Bloc de compétences", doc_id, ref.certification)
        bloc_id = _case_id(bloc.code)
        for comp in bloc.competencies:
            kind = "Savoir socioprofessionnel" if comp.socioprofessional else "Compétence"
            item(comp.qualified, comp.text, kind, bloc_id, bloc.code)
        for crit in bloc.criteria:
            item(crit.qualified, crit.text, "Critère d'évaluation", bloc_id, bloc.code)
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def case_json(ref: Referential, last_change: str) -> str:
    """The CASE package as indented JSON text."""
    return json.dumps(case_package(ref, last_change), ensure_ascii=False, indent=1) + "\n"


def _assignment_points(mapping: Mapping) -> dict[str, float]:
    points: dict[str, float] = {}
    for cell in mapping.cells:
        points[cell.assignment] = points.get(cell.assignment, 0.0) + cell.points
    return points


def _fmt(value: float) -> str:
    return f"{round(value, 2):g}"


def _fmt_fr(value: float) -> str:
    """A number as a French spreadsheet reads it in a « ; » file: decimal comma (``6,5``)."""
    return _fmt(value).replace(".", ",")


def moodle_grades_rows(students: Iterable[Student], copies: Mapping_[tuple[str, str], CopyState], mapping: Mapping) -> list[list[str]]:
    """Moodle grade-import rows: id number, names, then one total per assignment.

    A total is written only when the copy is « corrigé » (no cell awaiting a
    manual grade, see :class:`CopyState`); otherwise the cell stays empty, so
    Moodle never records a partial total as a mark. Extra credit is capped at
    each cell's points, as in the competency report.
    """
    points = _assignment_points(mapping)
    assignments = sorted(points)
    header = ["ID number", "Prénom", "Nom"] + [f"{a} (/{_fmt(points[a])})" for a in assignments]
    rows = [header]
    for s in students:
        totals = [copies[(s.id, a)].points for a in assignments]
        rows.append([s.id, s.first_name or "", s.last_name or ""] + ["" if t is None else _fmt(t) for t in totals])
    return rows


def moodle_grades_csv(students: Iterable[Student], copies: Mapping_[tuple[str, str], CopyState], mapping: Mapping) -> str:
    """The Moodle grade-import file, as text."""
    return _csv_text(moodle_grades_rows(students, copies, mapping))


CELL_COLUMNS = ["student_id", "assignment", "notebook", "grade_id", "score", "max_score", "criteria", "competencies"]


def cell_rows(grades: Iterable[CellGrade], mapping: Mapping) -> list[list[str]]:
    """One row per graded cell of every copy; score empty while awaiting a manual grade.

    Criteria and competencies come from the mapping of ``source/`` (separated
    by spaces); grades of cells that ``source/`` no longer has are left out.
    """
    cells = {c.key: c for c in mapping.cells}
    rows = [CELL_COLUMNS]
    for g in sorted(grades, key=lambda g: (g.student_id, *g.key)):
        cell = cells.get(g.key)
        if cell is None:
            continue
        score = "" if g.pending else _fmt(min(g.score, cell.points))
        rows.append([g.student_id, *g.key, score, _fmt(cell.points), " ".join(cell.criteria), " ".join(cell.competencies)])
    return rows


def cells_csv(grades: Iterable[CellGrade], mapping: Mapping) -> str:
    """The per-cell file, as text."""
    return _csv_text(cell_rows(grades, mapping))


TIMEZONE = "Europe/Paris"
"""Hand-in times are shown in the school's time (nbgrader records them in UTC)."""


def french_timestamp(iso: str) -> str:
    """A UTC hand-in time (ISO 8601, naive or not) as « 27/11/2026 à 14 h 05 », Paris time; empty when unknown."""
    import datetime as _dt
    from zoneinfo import ZoneInfo

    if not iso:
        return ""
    when = _dt.datetime.fromisoformat(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    local = when.astimezone(ZoneInfo(TIMEZONE))
    return f"{local:%d/%m/%Y} à {local.hour} h {local.minute:02d}"


def french_delay(seconds: float) -> str:
    """A delay as « 2 j 3 h 05 min », « 3 h 05 min », « 12 min 30 s » or « 40 s » (started seconds count)."""
    import math

    total = max(1, math.ceil(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} j {hours} h {minutes:02d} min"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def lateness(submission: Submission | None) -> str:
    """« en retard de 3 h 05 min » (and nbgrader's late penalty, if any) for a late copy; empty otherwise."""
    if submission is None or not submission.late:
        return ""
    text = f"en retard de {french_delay(submission.seconds_late)}"
    if submission.late_penalty > 0:
        points = submission.late_penalty
        text += f" ; pénalité de retard nbgrader : {_fmt(points).replace('.', ',')} point{'s' if points >= 2 else ''}"
    return text


SPREADSHEET_STATUSES = tuple(CopyStatus)
"""Status of one copy in the spreadsheet export (:class:`~cpmc_course.grading.copies.CopyStatus`)."""

SPREADSHEET_HEADER = ["etudiant", "prenom", "nom", "sujet", "total", "bareme", "statut", "raison", "rendu_le", "retard"]


def _assessed_criteria(mapping: Mapping, ref: Referential) -> tuple[dict[str, list[str]], list[str]]:
    """Criteria each assignment assesses, and all of them in référentiel order."""
    by_assignment: dict[str, set[str]] = {}
    for cell in mapping.cells:
        by_assignment.setdefault(cell.assignment, set()).update(cell.criteria)
    criteria = {a: [c.qualified for c in ref.criteria if c.qualified in codes] for a, codes in by_assignment.items()}
    return criteria, [c.qualified for c in ref.criteria if any(c.qualified in codes for codes in by_assignment.values())]


def spreadsheet_rows(
    students: Iterable[Student],
    copies: Mapping_[tuple[str, str], CopyState],
    grades: Iterable[CellGrade],
    mapping: Mapping,
    ref: Referential,
    thresholds: Thresholds,
) -> list[list[str]]:
    """One row per student and assignment: total, status, reason, graded copy, and the level of each criterion it assesses.

    The status and the total come from the copy's :class:`CopyState` (never a 0
    for what was not graded: the total is empty unless the copy is « corrigé »;
    the levels are empty unless it has grades). ``rendu_le`` is the graded copy's
    hand-in time (nbgrader's ``timestamp.txt``, Paris time, « 27/11/2026 à 14 h 05 »),
    ``total`` and ``bareme`` have a decimal comma (``6,5``: the file is for a French spreadsheet, as the
report's CSV files). ``retard`` says « en retard de … » when nbgrader counts it late (with its late
    penalty, if any). nbgrader keeps the penalty apart from the points, and so does ``total``.
    """
    criteria, all_criteria = _assessed_criteria(mapping, ref)
    by_assignment: dict[str, list] = {}
    for cell in mapping.cells:
        by_assignment.setdefault(cell.assignment, []).append(cell)
    by_key = {(g.student_id, *g.key): g for g in grades}
    rows = [SPREADSHEET_HEADER + all_criteria]
    for s in students:
        for a in sorted(by_assignment):
            state = copies[(s.id, a)]
            levels = []
            for code in all_criteria:
                if code not in criteria[a] or not state.status.has_grades:
                    levels.append("")
                    continue
                tagged = [c for c in by_assignment[a] if code in c.criteria]
                levels.append(measure_cells(s.id, code, tagged, by_key, thresholds).level)
            total = "" if state.points is None else _fmt_fr(state.points)
            rows.append([s.id, s.first_name or "", s.last_name or "", a, total, _fmt_fr(state.max_points), state.status,
                         state.reason, french_timestamp(state.handed_in_at), lateness(state.submission)] + levels)
    return rows
def spreadsheet_csv(rows: list[list[str]]) -> str:
    """Rows as a French spreadsheet reads them: semicolons, UTF-8 with a byte-order mark."""
    return french_csv_text(rows)
