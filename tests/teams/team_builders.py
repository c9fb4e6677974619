"""A small team assignment, an oral jury grid and rosters, built in code for the team tests."""

from __future__ import annotations

from pathlib import Path

import shutil

from builders import ROOT, graded_test, make_course, manual, notebook, solution, write

PROJECT = "b4_projet_test"
ORAL = "b3_oral_test"
INDIVIDUAL = "b5_test"


def team_project():
    """Bloc 4 team project: budget (2 pts, CE27, auto) and team rules (3 pts, CE28, by hand)."""
    nb = notebook([
        solution("b4_budget_calc", "budget = 3 * 400"),
        graded_test("b4_budget_total", "# Vérifie le budget de l'équipe\nassert budget == 1200, \"Le budget attendu est 3 × 400 €.\"", 2, ["CE27", "C28"]),
        manual("b4_regles_equipe", "Réunion hebdomadaire, compte rendu partagé.\n\nGrille de correction : 3 points.", 3, ["CE28", "C32"]),
    ], bloc="B4")
    nb.metadata["cpmc"]["equipe"] = True
    return nb


def oral_grid():
    """Bloc 3 oral: the jury's grid, one manual part per criterion (4 + 4 points)."""
    nb = notebook([
        manual("b3_oral_preconisations", "Phase 1 : les préconisations réduisent-elles les litiges ?\n\nGrille de correction : 4 points.", 4, ["CE22", "C25"]),
        manual("b3_oral_argumentaire", "Phase 2 : l'argumentaire permet-il de gérer la crise ?\n\nGrille de correction : 4 points.", 4, ["CE23", "SC1"]),
    ], bloc="B3")
    nb.metadata["cpmc"].update({"equipe": True, "oral": True})
    return nb


def team_course(root: Path, individual: bool = True) -> Path:
    """A course with the team project, the oral grid and (optionally) the small individual assignment."""
    if individual:
        make_course(root, INDIVIDUAL)
    else:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    write(team_project(), root / "source" / PROJECT / "projet.ipynb")
    write(oral_grid(), root / "source" / ORAL / "grille.ipynb")
    return root


def roster(root: Path, text: str) -> Path:
    """Write ``autograder/equipes.csv``."""
    path = root / "autograder" / "equipes.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
