"""`cpmc demo`: a whole term in one command, on the course shipped with the package.

Builds a course in its own folder (nothing written outside), simulates a cohort (complete, partial,
blank and broken copies), autogrades with real nbgrader, enters a few manual grades and writes the report.
Teams (``"equipe": true``): teams of 3 or 4, ``autograder/equipes.csv`` (one member of the last team
absent), one copy per team (the first team two, an hour apart) with its ``contributions.csv`` (the first
team rates its last member far below the others); the jury fills the grid of every oral.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .course import Course, autograde_course, make_report, package_course_root
from .errors import CpmcError
from .feedback_pages import make_feedback
from .gradebook import add_students, db_url, read_grades, set_manual_grade
from .grading.notebook import cell_source, nbgrader_meta, notebook_cells
from .mapping import read_mapping
from .pipeline import assignments_in, release
from .records import Student, SubmissionOutcome
from .teams import ROSTER_FILE, TeamCopy, is_team_id, team_id
from .teams.contributions import CONTRIBUTIONS_FILE, contribution_record

MARKER = ".cpmc-demo"

NAMES = [
    ("Camille", "Martin"), ("Lucas", "Bernard"), ("Inès", "Dubois"), ("Hugo", "Thomas"),
    ("Léa", "Robert"), ("Mathis", "Richard"), ("Chloé", "Petit"), ("Nathan", "Durand"),
    ("Manon", "Leroy"), ("Yanis", "Moreau"), ("Sarah", "Simon"), ("Théo", "Laurent"),
    ("Jade", "Lefebvre"), ("Enzo", "Michel"), ("Zoé", "Garcia"), ("Adam", "David"),
    ("Louise", "Bertrand"), ("Raphaël", "Roux"), ("Alice", "Vincent"), ("Louis", "Fournier"),
    ("Lina", "Morel"), ("Gabriel", "Girard"), ("Rose", "André"), ("Arthur", "Lefèvre"),
    ("Anna", "Mercier"), ("Jules", "Dupont"), ("Mila", "Lambert"), ("Noah", "Bonnet"),
    ("Ambre", "François"), ("Sacha", "Martinez"), ("Julia", "Legrand"), ("Tom", "Garnier"),
    ("Lou", "Faure"), ("Nolan", "Rousseau"), ("Eva", "Blanc"), ("Malo", "Guerin"),
]
"""First and last names of the simulated cohort, paired differently beyond the first 36 students."""

MAX_STUDENTS = 200
"""Largest simulated cohort (several classes)."""


def cohort_names(n: int) -> list[tuple[str, str]]:
    """``n`` distinct (first name, last name) pairs: the list as written, then other pairings of it."""
    size = len(NAMES)
    return [(NAMES[i % size][0], NAMES[(i + i // size) % size][1]) for i in range(n)]


PROFILES = [
    "excellent", "bon", "moyen", "partiel", "blanc", "json_invalide",
    "bon", "excellent", "doublon_test", "moyen", "partiel", "noyau_arrete",
]
"""Cycled over the cohort: a realistic spread, including copies nbgrader cannot grade."""

ANSWERED = {"excellent": 1.0, "bon": 0.85, "moyen": 0.6, "partiel": 0.3, "blanc": 0.0,
            "json_invalide": 0.85, "doublon_test": 0.85, "noyau_arrete": 0.85}
"""Share of the solution cells a profile fills in."""

MANUAL_QUALITY = {"excellent": 0.9, "bon": 0.75, "moyen": 0.55, "partiel": 0.35}
"""Share of the points an instructor gives to a profile's written answers."""

TEAM_NAMES = ["Alpha", "Bêta", "Gamma", "Delta", "Epsilon", "Zêta", "Êta", "Thêta", "Iota", "Kappa", "Lambda", "Mu", "Nu"]
"""Team names of the simulated cohort (teams of 3 or 4), numbered « Alpha 2 »… beyond the thirteenth."""

TEAM_PROFILES = ["excellent", "bon", "moyen", "partiel"]
"""Cycled over the teams: how well each team's copy (and its oral) goes."""

HAND_IN = "2026-06-15 {hour:02d}:00:00.000000 UTC"
"""Hand-in time written in team copies' ``timestamp.txt`` (as nbgrader's collect does)."""


@dataclass(frozen=True)
class DemoResult:
    """Where the demo put its course and report, and how long it took."""

    course_dir: Path
    report: Path
    outcomes: tuple[SubmissionOutcome, ...]
    seconds: float
    team_copies: tuple[TeamCopy, ...] = ()
    """Which copy each team was graded on (empty when ``source/`` has no team assignment)."""
    not_handed_in: tuple[tuple[str, str], ...] = ()
    """(student, assignment) copies the demo leaves out: a team member who hands in nothing for the individual part."""
    feedback: Path | None = None
    """The folder of the students' feedback pages (``cpmc feedback``)."""


def _prepare(out: Path, origin: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise CpmcError(f"{out} existe déjà et n'est pas un dossier de démonstration : choisissez un dossier vide ou nouveau.")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("Dossier créé par « cpmc demo » ; il peut être supprimé.\n", encoding="utf-8")
    shutil.copy2(origin / "nbgrader_config.py", out / "nbgrader_config.py")
    with (out / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        # A gradebook server set for the school (~/.jupyter, /etc/jupyter) must never receive simulated students.
        config.write("\n# Démonstration : carnet de notes local, jamais celui du serveur de l'établissement.\n"
                     f"c.CourseDirectory.db_url = {'sqlite:///' + str((out / 'gradebook.db').resolve())!r}\n")
    shutil.copytree(origin / "source", out / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    if (origin / "autograder" / "cpmc.toml").exists():
        (out / "autograder").mkdir()
        shutil.copy2(origin / "autograder" / "cpmc.toml", out / "autograder" / "cpmc.toml")


SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
"""nbgrader's region markers: a student's copy never holds them."""

MODEL_LABEL = re.compile(r"^\*\*Réponse modèle(?: \([^)\n]*\))?\*\*\s*(?:—\s*)?", re.M)
"""The heading of a model answer (« **Réponse modèle** — », « **Réponse modèle (extrait, pour une équipe…)** »)."""

OPENERS = ("", "", "D'après les données du cas, ", "Mon analyse\u00a0: ", "Pour répondre à la question, ", "En résumé, ")
"""How a student may start a written answer (none half of the time)."""

WEAK_ENDINGS = (
    "Je n'ai pas eu le temps de chiffrer cette partie.",
    "Il faudrait compléter avec les chiffres du cas.",
    "À approfondir avec l'équipe.",
    "Je ne suis pas sûr·e de ce dernier point.",
    "Le reste reste à préciser.",
)
"""What a student adds when an answer is incomplete."""


def _without_rubric(text: str) -> str:
    """A model answer without the instructor's rubric and without its « Réponse modèle » heading."""
    for marker in ("Grille de correction", "GRILLE DE CORRECTION"):
        if marker in text:
            text = text[: text.index(marker)]
    text = MODEL_LABEL.sub("", text.strip()).rstrip(" \n#*-").strip()
    return text[:1].upper() + text[1:] if text else "Réponse rédigée."


def _units(text: str) -> list[str]:
    """A written answer cut into what a student keeps or leaves out: paragraphs, top-level bullets, whole tables."""
    units: list[str] = []
    for line in text.split("\n"):
        starts = bool(re.match(r"(\s{0,1}[-*] |\d+[.)] |\*\*|#)", line)) and not line.startswith("  ")
        in_table = line.lstrip().startswith("|") and units and units[-1].lstrip().startswith("|")
        if not line.strip():
            if units and units[-1] != "":
                units.append("")
        elif units and units[-1] != "" and (in_table or not starts):
            units[-1] += "\n" + line
        else:
            units.append(line)
    return [u for u in units if u]


def student_text(model: str, quality: float, rng: random.Random) -> str:
    """A written answer as a student of this ``quality`` (share of the points, 0 to 1) might hand it in.

    Built from the model answer: its heading and rubric removed, a share of its
    paragraphs, bullets and tables kept in order (all for a strong student, one
    or two for a weak one), a student's opening words and, when incomplete, a
    closing admission. Deterministic for a given ``rng``.
    """
    units = _units(_without_rubric(model))
    keep = max(1, round(len(units) * min(1.0, quality + 0.1)))
    chosen = sorted(rng.sample(range(len(units)), keep))
    parts = [units[i] for i in chosen]
    opener = rng.choice(OPENERS)
    if opener and parts[0][:1].isalpha() and parts[0][1:2].islower() and parts[0].rstrip().endswith("."):
        parts[0] = opener + parts[0][0].lower() + parts[0][1:]
    if keep < len(units):
        parts.append(rng.choice(WEAK_ENDINGS))
    return "\n\n".join(parts)


def _student_code(source: str) -> str:
    """A solution code cell as a student writes it: no nbgrader region markers, no rubric comment block."""
    kept, in_rubric = [], False
    for line in source.split("\n"):
        comment = line.lstrip().startswith("#")
        in_rubric = comment and (in_rubric or "grille de correction" in line.lower())
        if line.strip() not in SOLUTION_MARKERS and not in_rubric:
            kept.append(line)
    return "\n".join(kept)


def _fill(release_nb: dict, source_nb: dict, share: float, rng: random.Random, quality: float = 0.6) -> dict:
    """The release notebook with a share of its solution cells answered as a student would (see :func:`student_text`)."""
    answers = {c.grade_id: c.source for c in notebook_cells(source_nb, "", "") if c.grade_id}
    nb = copy.deepcopy(release_nb)
    for cell in nb["cells"]:
        nbg = nbgrader_meta(cell)
        if nbg.get("solution") and rng.random() < share:
            src = answers.get(nbg.get("grade_id"), cell_source(cell))
            cell["source"] = student_text(src, quality, rng) if cell["cell_type"] == "markdown" else _student_code(src)
    return nb


def _break(nb: dict, profile: str) -> str:
    """Serialised notebook, broken the way the profile says."""
    if profile == "doublon_test":
        tests = [c for c in nb["cells"] if nbgrader_meta(c).get("grade") and c["cell_type"] == "code"]
        if tests:
            dup = {k: v for k, v in copy.deepcopy(tests[0]).items() if k != "id"}  # a duplicate without its cell id
            nb["cells"].append(dup)
    if profile == "noyau_arrete":
        for cell in nb["cells"]:
            if nbgrader_meta(cell).get("solution") and cell["cell_type"] == "code":
                cell["source"] = "import os\nos._exit(1)  # le programme s'arrête brutalement"
                break
    text = json.dumps(nb, ensure_ascii=False, indent=1)
    if profile == "json_invalide":
        text = text[: len(text) // 2]
    return text


def _submit(out: Path, students: list[Student], profiles: dict[str, str], seed: int, skip: frozenset[str] = frozenset(),
            missing: frozenset[tuple[str, str]] = frozenset()) -> None:
    for assignment in assignments_in(out / "release"):
        if assignment in skip:
            continue
        notebooks = sorted((out / "release" / assignment).glob("*.ipynb"))
        for nb_path in notebooks:
            release_nb = json.loads(nb_path.read_text(encoding="utf-8"))
            source_nb = json.loads((out / "source" / assignment / nb_path.name).read_text(encoding="utf-8"))
            first = nb_path == notebooks[0]  # broken profiles break the first notebook of each assignment
            for s in students:
                if (s.id, assignment) in missing:
                    continue
                profile = profiles[s.id]
                rng = random.Random(f"{seed}-{s.id}-{assignment}-{nb_path.stem}")
                nb = _fill(release_nb, source_nb, ANSWERED[profile], rng, MANUAL_QUALITY.get(profile, 0.6))
                target = out / "submitted" / s.id / assignment
                target.mkdir(parents=True, exist_ok=True)
                for extra in (out / "release" / assignment).iterdir():
                    if extra.suffix != ".ipynb" and not (target / extra.name).exists():
                        (shutil.copytree if extra.is_dir() else shutil.copy2)(extra, target / extra.name)
                text = _break(nb, profile) if first else json.dumps(nb, ensure_ascii=False, indent=1)
                (target / nb_path.name).write_text(text, encoding="utf-8")


def form_teams(students: list[Student]) -> list[tuple[str, list[str]]]:
    """Consecutive teams of 3 or 4 (as even as the cohort allows), named Alpha, Bêta…"""
    count = max(1, -(-len(students) // 4))
    teams, start = [], 0
    for index in range(count):
        size = len(students) // count + (index < len(students) % count)
        name = TEAM_NAMES[index % len(TEAM_NAMES)] + (f" {index // len(TEAM_NAMES) + 1}" if index >= len(TEAM_NAMES) else "")
        teams.append((name, [s.id for s in students[start:start + size]]))
        start += size
    return teams


def _individual_parts(mapping, team_assignments: list[str]) -> list[str]:
    """Individual assignments of a bloc whose épreuve also has a written team part (bloc 4's own part, bloc 3's offer)."""
    team_blocs = {c.bloc for c in mapping.cells if c.assignment in team_assignments and not mapping.is_oral(c.assignment)}
    return sorted({c.assignment for c in mapping.cells if c.bloc in team_blocs and c.assignment not in team_assignments})


def _member_without_individual_part(teams: list[tuple[str, list[str]]], absent: str) -> str:
    """A present member of the last team, who will hand in nothing for the individual parts."""
    present = [m for m in teams[-1][1] if m != absent]
    return present[0] if present else ""


def _write_roster(out: Path, teams: list[tuple[str, list[str]]], team_assignments: list[str]) -> str:
    """``autograder/equipes.csv`` as a French spreadsheet saves it; returns the absent member ("" if none)."""
    absent = teams[-1][1][-1] if len(teams[-1][1]) >= 3 else ""
    lines = ["sujet;equipe;etudiant;statut"]
    for assignment in team_assignments:
        for name, members in teams:
            lines += [f"{assignment};{name};{m};{'absent' if m == absent else ''}" for m in members]
    path = out / ROSTER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return absent


def _hand_in_team(out: Path, assignment: str, member: str, share: float, hour: int, seed: str, quality: float = 0.6) -> None:
    """One member's copy of a team assignment, with nbgrader's ``timestamp.txt``."""
    target = out / "submitted" / member / assignment
    target.mkdir(parents=True, exist_ok=True)
    for extra in (out / "release" / assignment).iterdir():
        if extra.is_dir():
            shutil.copytree(extra, target / extra.name, dirs_exist_ok=True)
        elif extra.suffix != ".ipynb":
            shutil.copy2(extra, target / extra.name)
    for nb_path in sorted((out / "release" / assignment).glob("*.ipynb")):
        release_nb = json.loads(nb_path.read_text(encoding="utf-8"))
        source_nb = json.loads((out / "source" / assignment / nb_path.name).read_text(encoding="utf-8"))
        nb = _fill(release_nb, source_nb, share, random.Random(f"{seed}-{nb_path.stem}"), quality)
        (target / nb_path.name).write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    (target / "timestamp.txt").write_text(HAND_IN.format(hour=hour), encoding="utf-8")


def _submit_teams(out: Path, teams: list[tuple[str, list[str]]], absent: str, written: list[str], seed: int) -> None:
    """One copy per team; the first team hands in two differing copies: a blank one by mistake, then its work."""
    for assignment in written:
        for index, (name, members) in enumerate(teams):
            present = [m for m in members if m != absent]
            profile = TEAM_PROFILES[index % len(TEAM_PROFILES)]
            share = ANSWERED[profile]
            if index == 0 and len(present) > 1:
                _hand_in_team(out, assignment, present[1], ANSWERED["blanc"], 9, f"{seed}-{assignment}-{name}-brouillon")
            _hand_in_team(out, assignment, present[0], share, 10, f"{seed}-{assignment}-{name}", MANUAL_QUALITY[profile])
            if (out / "source" / assignment / CONTRIBUTIONS_FILE).is_file():  # one member contributed little
                (out / "submitted" / present[0] / assignment / CONTRIBUTIONS_FILE).write_text(contribution_record(
                    members, present, low=present[-1] if index == 0 else ""), encoding="utf-8")


GRADER_COMMENTS = (
    (0.8, "Réponse complète et appuyée sur les chiffres du cas ; les recommandations découlent du diagnostic."),
    (0.5, "Bonne base, mais l'argumentation reste générale : citez les chiffres du cas et reliez chaque choix à un constat."),
    (0.0, "Réponse incomplète : reprenez la grille de lecture vue en cours, chiffrez vos constats et concluez par une recommandation."),
)
"""What a grader writes beside a written answer, by the share of its points it earned (the demo's comments)."""


def _comment(share: float) -> str:
    return next(text for floor, text in GRADER_COMMENTS if share >= floor)


def _grade_by_hand(out: Path, profiles: dict[str, str], share_of_students: float = 0.67) -> int:
    """Enter manual grades for the first two thirds of the cohort; the rest stays « à corriger ».

    Teams are always graded: the jury fills every oral grid, as it does right after the oral.
    """
    url = db_url(out)
    pending = [g for g in read_grades(url) if g.pending]
    students = sorted({g.student_id for g in pending if not is_team_id(g.student_id)})
    graded = set(students[: round(len(students) * share_of_students)]) | {g.student_id for g in pending if is_team_id(g.student_id)}
    count = 0
    for g in pending:
        quality = MANUAL_QUALITY.get(profiles.get(g.student_id, ""), 0.5)
        if g.student_id in graded:
            score = min(g.max_score, round(g.max_score * quality * 2) / 2)
            set_manual_grade(url, g.student_id, g.assignment, g.notebook, g.grade_id, score,
                             _comment(score / g.max_score if g.max_score else 0.0))
            count += 1
    return count


@contextmanager
def _contained(out: Path) -> Iterator[None]:
    """Point Jupyter, IPython and matplotlib state into the demo folder, then restore the environment."""
    names = {"JUPYTER_RUNTIME_DIR": "runtime", "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "matplotlib"}
    saved = {name: os.environ.get(name) for name in names}
    for name, sub in names.items():
        os.environ[name] = str(out / ".etat-jupyter" / sub)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_demo(out_dir: str | Path, n_students: int = 12, seed: int = 2026, jobs: int = 2, progress: bool = True,
             origin: Path | None = None) -> DemoResult:
    """Build, simulate, grade and report; returns where the report is."""
    if not 1 <= n_students <= MAX_STUDENTS:
        raise CpmcError(f"Nombre d'étudiants invalide : {n_students} (entre 1 et {MAX_STUDENTS}).")
    start = time.perf_counter()
    out = Path(out_dir).resolve()
    origin = origin or package_course_root()
    if not assignments_in(origin / "source"):
        raise CpmcError(f"Aucun sujet dans {origin / 'source'} : rien à corriger pour la démonstration.")
    _prepare(out, origin)
    students = [Student(f"etu{i + 1:03d}" if n_students > 99 else f"etu{i + 1:02d}", *name)
                for i, name in enumerate(cohort_names(n_students))]
    profiles = {s.id: PROFILES[i % len(PROFILES)] for i, s in enumerate(students)}
    mapping = read_mapping(out / "source")
    team_assignments = sorted(mapping.team_assignments)
    missing: frozenset[tuple[str, str]] = frozenset()
    with _contained(out):
        add_students(db_url(out), students)
        release(out)
        if team_assignments:
            teams = form_teams(students)
            absent = _write_roster(out, teams, team_assignments)
            idle = _member_without_individual_part(teams, absent)
            missing = frozenset((idle, a) for a in _individual_parts(mapping, team_assignments) if idle)
        _submit(out, students, profiles, seed, skip=frozenset(team_assignments), missing=missing)
        if team_assignments:
            _submit_teams(out, teams, absent, [a for a in team_assignments if not mapping.is_oral(a)], seed)
            profiles.update({team_id(a, name): TEAM_PROFILES[i % len(TEAM_PROFILES)]
                             for a in team_assignments for i, (name, _) in enumerate(teams)})
        result = autograde_course(Course(out), jobs=jobs, progress=progress)
        _grade_by_hand(out, profiles)
        report = make_report(Course(out), out / "rapport")
        feedback = make_feedback(Course(out), out / "retours")
    return DemoResult(out, report, result.outcomes, time.perf_counter() - start, result.team_copies, tuple(sorted(missing)),
                      feedback[0].parent if feedback else out / "retours")
