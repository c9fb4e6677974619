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

Pure functions over the package's records; the writers only serialise.
"""

from __future__ import annotations

import csv
import html
import io
import json
import uuid
from collections.abc import Iterable

from .mapping import Mapping
from .mastery import Thresholds, measure_cells
from .records import CellGrade, Student, Submission
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


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


def moodle_grades_rows(students: Iterable[Student], grades: Iterable[CellGrade], mapping: Mapping) -> list[list[str]]:
    """Moodle grade-import rows: id number, names, then one total per assignment.

    A total is written only when the copy is fully graded (no cell awaiting a
    manual grade); otherwise the cell stays empty, so Moodle never records a
    partial total as a mark. Extra credit is capped at each cell's points, as
    in the competency report.
    """
    points = _assignment_points(mapping)
    assignments = sorted(points)
    cells = {c.key: c for c in mapping.cells}
    totals: dict[tuple[str, str], float] = {}
    pending: set[tuple[str, str]] = set()
    for g in grades:
        cell = cells.get(g.key)
        if cell is None:
            continue
        key = (g.student_id, g.assignment)
        if g.pending:
            pending.add(key)
        else:
            totals[key] = totals.get(key, 0.0) + min(g.score, cell.points)
    header = ["ID number", "Prénom", "Nom"] + [f"{a} (/{_fmt(points[a])})" for a in assignments]
    rows = [header]
    for s in students:
        values = []
        for a in assignments:
            key = (s.id, a)
            values.append("" if key in pending or key not in totals else _fmt(totals[key]))
        rows.append([s.id, s.first_name or "", s.last_name or ""] + values)
    return rows


def moodle_grades_csv(students: Iterable[Student], grades: Iterable[CellGrade], mapping: Mapping) -> str:
    """The Moodle grade-import file, as text."""
    return _csv_text(moodle_grades_rows(students, grades, mapping))


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


SPREADSHEET_STATUSES = ("corrigé", "à corriger", "non corrigé", "non rendu", "absent")
"""Status of one copy in the spreadsheet export."""


def spreadsheet_rows(
    students: Iterable[Student],
    grades: Iterable[CellGrade],
    mapping: Mapping,
    ref: Referential,
    failures: dict[tuple[str, str], str],
    submitted: set[tuple[str, str]],
    thresholds: Thresholds,
    absent: set[tuple[str, str]] = frozenset(),
    graded_copies: dict[tuple[str, str], Submission] | None = None,
) -> list[list[str]]:
    """One row per student and assignment: total, status, reason, graded copy, and the level of each criterion it assesses.

    Status: ``corrigé`` (every cell graded), ``à corriger`` (a cell awaits a
    manual grade; the total is then empty), ``non corrigé`` (the copy could
    not be graded: ``failures`` gives the reason), ``non rendu`` (no copy and
    no grade), ``absent`` (marked absent in the roster of a team assignment).
    Never a 0 for what was not graded: the total and the levels are empty
    unless the copy is graded. ``submitted`` holds the (student, assignment)
    pairs that have a copy in ``submitted/``. ``graded_copies`` gives the graded
    copy of each (student, assignment): ``rendu_le`` is its hand-in time
    (nbgrader's ``timestamp.txt``, Paris time, « 27/11/2026 à 14 h 05 »),
    ``retard`` says « en retard de … » when nbgrader counts it late (with its
    late penalty, if any). nbgrader keeps the penalty apart from the points, and
    so does ``total``.
    """
    graded_copies = graded_copies or {}
    points = _assignment_points(mapping)
    assignments = sorted(points)
    by_assignment = {a: [c for c in mapping.cells if c.assignment == a] for a in assignments}
    criteria = {a: [c.qualified for c in ref.criteria if any(c.qualified in cell.criteria for cell in by_assignment[a])] for a in assignments}
    all_criteria = [c.qualified for c in ref.criteria if any(c.qualified in codes for codes in criteria.values())]
    by_key = {(g.student_id, *g.key): g for g in grades}
    header = ["etudiant", "prenom", "nom", "sujet", "total", "bareme", "statut", "raison", "rendu_le", "retard"] + all_criteria
    rows = [header]
    for s in students:
        for a in assignments:
            cells = by_assignment[a]
            own = [by_key.get((s.id, *c.key)) for c in cells]
            graded = [g for g in own if g is not None]
            reason = failures.get((s.id, a), "")
            if (s.id, a) in absent:
                status, graded = "absent", []
            elif reason:
                status = "non corrigé"
            elif not graded:
                status = "non corrigé" if (s.id, a) in submitted else "non rendu"
                if status == "non corrigé":
                    reason = "copie rendue mais pas encore corrigée (lancez « cpmc autograde »)"
            elif any(g.pending for g in graded):
                status = "à corriger"
            else:
                status = "corrigé"
            total = ""
            if status == "corrigé":
                total = _fmt(sum(min(g.score, c.points) for g, c in zip(own, cells) if g is not None))
            levels = []
            for code in all_criteria:
                if code not in criteria[a] or status in ("non corrigé", "non rendu", "absent"):
                    levels.append("")
                    continue
                tagged = [c for c in cells if code in c.criteria]
                levels.append(measure_cells(s.id, code, tagged, by_key, thresholds).level)
            copy = graded_copies.get((s.id, a)) if status not in ("non rendu", "absent") else None
            when = [french_timestamp(copy.submitted_at) if copy else "", lateness(copy)]
            rows.append([s.id, s.first_name or "", s.last_name or "", a, total, _fmt(points[a]), status, reason] + when + levels)
    return rows


def spreadsheet_csv(rows: list[list[str]]) -> str:
    """Rows as a French spreadsheet reads them: semicolons, UTF-8 with a byte-order mark."""
    return "\ufeff" + _csv_text(rows, delimiter=";")
