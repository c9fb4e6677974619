"""Source notebooks say whether an assignment is a team assignment or an oral; notebooks of one assignment agree."""

import pytest

from builders import small_assignment, write
from cpmc_course.errors import MappingError
from cpmc_course.mapping import read_mapping
from team_builders import ORAL, PROJECT, oral_grid, team_course, team_project


def test_team_and_oral_assignments(tmp_path):
    mapping = read_mapping(team_course(tmp_path / "cours") / "source")
    assert mapping.is_team(PROJECT) and not mapping.is_oral(PROJECT)
    assert mapping.is_team(ORAL) and mapping.is_oral(ORAL)
    assert not mapping.is_team("b5_test") and not mapping.is_oral("b5_test")


def test_notebooks_of_one_assignment_must_agree(tmp_path):
    root = team_course(tmp_path / "cours")
    write(small_assignment(), root / "source" / PROJECT / "annexe.ipynb")  # no "equipe" key
    with pytest.raises(MappingError) as exc:
        read_mapping(root / "source")
    assert exc.value.problems == [
        f'{PROJECT} : les notebooks d\'un même sujet doivent s\'accorder sur "equipe" : '
        "true dans projet.ipynb, absent ou false dans annexe.ipynb."
    ]


def test_oral_must_be_a_team_grid(tmp_path):
    root = team_course(tmp_path / "cours")
    nb = oral_grid()
    nb.metadata["cpmc"]["equipe"] = False
    path = write(nb, root / "source" / ORAL / "grille.ipynb")
    with pytest.raises(MappingError) as exc:
        read_mapping(root / "source")
    assert exc.value.problems == [f'{path} : un oral se note en groupe sur une grille de jury : ajoutez "equipe": true à côté de "oral": true.']


def test_flags_are_booleans(tmp_path):
    root = team_course(tmp_path / "cours")
    nb = team_project()
    nb.metadata["cpmc"]["equipe"] = "oui"
    path = write(nb, root / "source" / PROJECT / "projet.ipynb")
    with pytest.raises(MappingError) as exc:
        read_mapping(root / "source")
    assert exc.value.problems == [f"{path} : la clé \"equipe\" des métadonnées cpmc doit valoir true ou false, trouvé : 'oui'."]
