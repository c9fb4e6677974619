"""The `cpmc` command: outputs, exit codes (0 ok, 1 check failed, 2 bad input) and French messages."""

import json
from pathlib import Path

from builders import make_course, notebook, graded_test
from cpmc_course.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_referential_json(capsys):
    assert main(["referential", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["code"] for b in data["blocs"]] == ["B1", "B2", "B3", "B4", "B5"]
    for bloc in data["blocs"]:
        assert bloc["text"]
        for key in ("competencies", "criteria", "epreuves"):
            assert bloc[key] and all(item["code"] and item["text"] for item in bloc[key])
    b3 = data["blocs"][2]
    assert [e["code"] for e in b3["epreuves"]] == ["B3.E1", "B3.E2"]
    assert sum(len(b["criteria"]) for b in data["blocs"]) == 37
    assert sum(len(b["competencies"]) for b in data["blocs"]) == 41


def test_referential_text(capsys):
    assert main(["referential"]) == 0
    out = capsys.readouterr().out
    assert "B3.CE16" in out and "B2.CE16" in out and "Épreuve 2 : groupe, orale, 50 min" in out


def test_coverage_of_a_course(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    assert main(["--course-dir", str(root), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "✓ B5.CE35" in out and "b5_test/exercice/b5_taux_conversion (2 pt, auto)" in out
    assert "✗ B1.CE1" in out
    assert main(["--course-dir", str(root), "coverage", "--strict"]) == 1
    assert "non évalués" in capsys.readouterr().err
    assert main(["--course-dir", str(root), "coverage", "--json"]) == 0
    items = {i["code"]: i for i in json.loads(capsys.readouterr().out)}
    assert items["B5.CE35"]["assessed"] and items["B5.CE35"]["cells"][0]["grade_id"] == "b5_taux_conversion"
    assert not items["B1.CE1"]["assessed"]


def test_coverage_fails_on_invalid_tags(tmp_path, capsys):
    root = make_course(tmp_path / "cours", nb=notebook([graded_test("b5_x", "assert True", 1, ["CE99", "C35"])]))
    assert main(["--course-dir", str(root), "coverage"]) == 1
    err = capsys.readouterr().err
    assert "exercice.ipynb" in err and "'b5_x'" in err and "'CE99'" in err


def test_release_refuses_invalid_tags(tmp_path, capsys):
    root = make_course(tmp_path / "cours", nb=notebook([graded_test("b5_x", "assert True", 1, ["CE99", "C35"])]))
    assert main(["--course-dir", str(root), "release"]) == 2
    assert "'CE99'" in capsys.readouterr().err
    assert not (root / "release").exists()


def test_not_a_course_dir(tmp_path, capsys):
    assert main(["--course-dir", str(tmp_path), "coverage"]) == 2
    assert "n'est pas une racine de cours" in capsys.readouterr().err


def test_unknown_assignment(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    assert main(["--course-dir", str(root), "release", "b9_inconnu"]) == 2
    assert "Sujet(s) inconnu(s)" in capsys.readouterr().err


def test_autograde_without_copies(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    (root / "gradebook.db").touch()
    assert main(["--course-dir", str(root), "autograde", "--quiet"]) == 2
    assert "Aucun devoir rendu" in capsys.readouterr().err


def test_report_without_gradebook(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    assert main(["--course-dir", str(root), "report", "--out", str(tmp_path / "r")]) == 2
    assert "Carnet de notes introuvable" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path, capsys):
    (tmp_path / "travail.txt").write_text("important", encoding="utf-8")
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "n'est pas un dossier de démonstration" in capsys.readouterr().err
    assert (tmp_path / "travail.txt").read_text(encoding="utf-8") == "important"


def test_repository_coverage_passes_without_strict(capsys):
    """The repository's own source/ has valid tags."""
    assert main(["--course-dir", str(ROOT), "coverage"]) == 0


def test_questions_listing(capsys):
    assert main(["questions", "--bloc", "B2", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and {i["bloc"] for i in items} == {"B2"}
    for item in items:
        assert {"id", "bloc", "competency", "criterion", "kind", "question"} <= set(item)
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("question(s).")


def test_course_dir_after_the_command_and_report_refusal(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    (root / "gradebook.db").touch()
    assert main(["report", "--course-dir", str(root), "--out", str(root)]) == 2
    assert "contient le cours lui-même" in capsys.readouterr().err
    assert (root / "source").is_dir()


def test_argparse_messages_are_french(capsys):
    import pytest

    with pytest.raises(SystemExit) as info:
        main(["questions", "--bloc", "B9"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "erreur" in err and "bloc inconnu 'B9'" in err
