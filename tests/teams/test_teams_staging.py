"""Staging one copy per team, without nbgrader: newest present copy, every hand-in kept, jury grids opened."""

import json
import os

from cpmc_course.teams import (ARCHIVE_DIR, GRID_HEADER, Roster, Team, archive_member_copies, stage_team_copies,
                               team_id, unassigned_copies)

A, ORAL = "b4_projet_test", "b3_oral_test"
TEAM = Team(A, "Alpha", ("m1", "m2", "m3"), frozenset({"m3"}), 2)


def _drop(course, student, text, when=None, mtime=None, assignment=A):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "projet.ipynb").write_text(text, encoding="utf-8")
    if when:
        (folder / "timestamp.txt").write_text(f"2026-11-27 {when}:00.000000 UTC", encoding="utf-8")
    if mtime:
        os.utime(folder / "projet.ipynb", (mtime, mtime))


def _staged(course, team=TEAM):
    return (course / "submitted" / team.id / team.assignment / "projet.ipynb").read_text(encoding="utf-8")


def test_newest_present_copy_staged_others_kept_and_reported(tmp_path):
    _drop(tmp_path, "m1", "ancienne", "09:00")
    _drop(tmp_path, "m2", "récente", "10:00")
    _drop(tmp_path, "m3", "absent", "11:00")  # absent member: never chosen
    archive_member_copies(tmp_path, [A])
    (copy,) = stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    assert _staged(tmp_path) == "récente"
    assert (copy.chosen_member, copy.others, copy.absent_copies) == ("m2", (("m1", "2026-11-27T09:00:00+00:00"),), ("m3",))
    assert "copie différente de m1 rendue le 27/11/2026 à 10 h 00 non corrigée" in copy.describe()
    assert not (tmp_path / "submitted" / "m1").exists()
    assert (tmp_path / ARCHIVE_DIR / A / "m1").is_dir() and (tmp_path / ARCHIVE_DIR / A / "m3").is_dir()


def test_identical_copies_are_not_reported(tmp_path):
    _drop(tmp_path, "m1", "même copie", "09:00")
    _drop(tmp_path, "m2", "même copie", "10:00")
    archive_member_copies(tmp_path, [A])
    (copy,) = stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    assert copy.chosen_member == "m2" and copy.others == ()


def test_manual_drop_dated_by_its_files_and_a_new_hand_in_replaces_the_team_copy(tmp_path):
    _drop(tmp_path, "m1", "dépôt manuel", mtime=1_780_000_000)  # no timestamp.txt: the file's time counts
    archive_member_copies(tmp_path, [A])
    stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    assert _staged(tmp_path) == "dépôt manuel"
    _drop(tmp_path, "m1", "seconde version", "23:00")  # collected again later
    archive_member_copies(tmp_path, [A])
    (copy,) = stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    assert _staged(tmp_path) == "seconde version" and copy.others == ()
    assert len(list((tmp_path / ARCHIVE_DIR / A / "m1").iterdir())) == 2  # both hand-ins kept


def test_unchanged_copy_is_not_rewritten(tmp_path):
    _drop(tmp_path, "m1", "copie", "09:00")
    archive_member_copies(tmp_path, [A])
    stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    staged = tmp_path / "submitted" / TEAM.id / A / "projet.ipynb"
    before = staged.stat().st_ino
    stage_team_copies(tmp_path, Roster(tmp_path, (TEAM,)), [])
    assert staged.stat().st_ino == before


def test_copy_of_a_student_in_no_team_is_reported(tmp_path):
    _drop(tmp_path, "seul", "copie", "09:00")
    archive_member_copies(tmp_path, [A])
    (note,) = unassigned_copies(tmp_path, Roster(tmp_path, (TEAM,)), [A])
    assert note.startswith(f"{A} : copie de seul") and "n'est dans aucune équipe" in note


def test_individual_assignments_are_left_in_place(tmp_path):
    _drop(tmp_path, "m1", "individuel", "09:00", assignment="b5_test")
    archive_member_copies(tmp_path, [A])
    assert (tmp_path / "submitted" / "m1" / "b5_test" / "projet.ipynb").exists()


def test_oral_grid_prepared_once_with_answer_cells_opened(tmp_path):
    release = tmp_path / "release" / ORAL
    release.mkdir(parents=True)
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {"nbgrader": {"solution": True, "grade": True, "grade_id": "g1", "points": 4}}, "source": "VOTRE RÉPONSE ICI"},
        {"cell_type": "markdown", "metadata": {}, "source": "Consigne"},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (release / "grille.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    team = Team(ORAL, "Alpha", ("m1",), frozenset(), 2)
    (copy,) = stage_team_copies(tmp_path, Roster(tmp_path, (team,)), [ORAL])
    target = tmp_path / "submitted" / team_id(ORAL, "Alpha") / ORAL
    cells = json.loads((target / "grille.ipynb").read_text(encoding="utf-8"))["cells"]
    assert copy.grid and cells[0]["source"] == GRID_HEADER + "VOTRE RÉPONSE ICI" and cells[1]["source"] == "Consigne"
    stamp = (target / "timestamp.txt").read_text(encoding="utf-8")
    stage_team_copies(tmp_path, Roster(tmp_path, (team,)), [ORAL])
    assert (target / "timestamp.txt").read_text(encoding="utf-8") == stamp  # prepared once: the jury's work is kept
