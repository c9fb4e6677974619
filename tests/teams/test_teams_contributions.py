"""The contribution record (split-100) and the WebPA factor, against hand-computed examples; a hostile record refused in French."""

import pytest

from cpmc_course.errors import CpmcError
from cpmc_course.grading.members import member_grades
from cpmc_course.records import CellGrade, Membership
from cpmc_course.teams.contributions import (FLAG_BELOW, Moderation, load_moderation, parse_contributions, team_contributions,
                                             webpa_factors)
from cpmc_course.views.contributions_html import FLAG, contributions_section

MEMBERS = ("alice", "bob", "chloe")
RECORD = "evaluateur;alice;bob;chloe\nalice;45;45;10\nbob;45;45;10\nchloe;30;30;40\n"


def test_webpa_factor_hand_computed():
    # alice: 0,45 + 0,45 + 0,30 = 1,20 ; bob the same ; chloe: 0,10 + 0,10 + 0,40 = 0,60 (sum n = 3)
    factors = {f.student_id: f for f in webpa_factors(parse_contributions(RECORD, MEMBERS, "f"), MEMBERS)}
    assert factors["alice"].factor == pytest.approx(1.2) and factors["bob"].factor == pytest.approx(1.2)
    assert factors["chloe"].factor == pytest.approx(0.6)
    assert [f.flagged for f in factors.values()] == [False, False, True] and FLAG_BELOW == 0.75
    # moderation p = 0,5: 1 − 0,5 + 0,5 × 0,6 = 0,8 ; off: 1
    assert factors["chloe"].multiplier(Moderation(True, 0.5)) == pytest.approx(0.8)
    assert factors["chloe"].multiplier(Moderation()) == 1.0


def test_missing_rater_scaled_by_n_over_raters_and_equal_shares_give_one():
    two = "evaluateur,alice,bob,chloe\nalice,40,40,20\nbob,40,40,20\n"
    factors = {f.student_id: f.factor for f in webpa_factors(parse_contributions(two, MEMBERS, "f"), MEMBERS)}
    assert factors["chloe"] == pytest.approx((0.2 + 0.2) * 3 / 2) and sum(factors.values()) == pytest.approx(3)
    equal = "evaluateur;chloe;alice;bob\nalice;33,3;33,3;33,4\n"  # columns in any order, decimal comma
    assert {round(f.factor, 3) for f in webpa_factors(parse_contributions(equal, MEMBERS, "f"), MEMBERS)} == {0.999, 1.002}


@pytest.mark.parametrize("text, expected", [
    ("", "fichier vide"),
    ("nom;alice;bob;chloe\nalice;40;40;20\n", "« evaluateur »"),
    ("evaluateur;alice;bob;zoe\nalice;40;40;20\n", "'zoe' n'est pas membre"),
    ("evaluateur;alice;bob\nalice;50;50\n", "manquant ou en double : chloe"),
    ("evaluateur;alice;bob;chloe\nzoe;40;40;20\n", "l'évaluateur 'zoe'"),
    ("evaluateur;alice;bob;chloe\nalice;40;40;30\n", "font 110"),
    ("evaluateur;alice;bob;chloe\nalice;120;-10;-10\n", "pas un nombre positif"),
    ("evaluateur;alice;bob;chloe\nalice;nan;50;50\n", "pas un nombre positif"),
    ("evaluateur;alice;bob;chloe\nalice;40;40\n", "3 note(s) attendue(s)"),
    ("evaluateur;alice;bob;chloe\nalice;40;40;20\nalice;30;30;40\n", "déjà noté"),
    ("evaluateur;alice;bob;chloe\n", "aucune ligne"),
])
def test_invalid_record_is_a_french_error_naming_file_and_line(text, expected):
    with pytest.raises(CpmcError) as err:
        parse_contributions(text, MEMBERS, "Équipe Alpha, b4/contributions.csv")
    assert expected in str(err.value) and "contributions.csv" in str(err.value)


def test_only_assignments_whose_source_ships_the_template_ask_for_a_record(tmp_path):
    from cpmc_course.teams.contributions import course_contributions

    members = [Membership(m, a, "Alpha") for a in ("b4", "oral") for m in MEMBERS]
    handed = {("equipe--b4--alpha", "b4"), ("equipe--oral--alpha", "oral")}
    ids = lambda a, t: f"equipe--{a}--{t.lower()}"  # noqa: E731
    assert course_contributions(tmp_path, members, handed, ids) == ()
    (tmp_path / "source" / "b4").mkdir(parents=True)
    (tmp_path / "source" / "b4" / "contributions.csv").write_text("evaluateur\n", encoding="utf-8")
    assert [(t.assignment, t.team) for t in course_contributions(tmp_path, members, handed, ids)] == [("b4", "Alpha")]


def test_team_without_valid_record_gets_no_factor_and_the_reason(tmp_path):
    folder = tmp_path / "submitted" / "equipe--b4--alpha" / "b4"
    missing = team_contributions(tmp_path, "b4", "Alpha", "equipe--b4--alpha", MEMBERS)
    assert not missing.factors and "non rendue" in missing.problem
    folder.mkdir(parents=True)
    (folder / "contributions.csv").write_bytes(b"evaluateur;alice\xff")
    bad = team_contributions(tmp_path, "b4", "Alpha", "equipe--b4--alpha", MEMBERS)
    assert not bad.factors and "UTF-8" in bad.problem
    (folder / "contributions.csv").write_text("evaluateur;alice;bob;chloe\n" + "alice;40;40;20\n" * 5000, encoding="utf-8")
    assert "trop volumineux" in team_contributions(tmp_path, "b4", "Alpha", "equipe--b4--alpha", MEMBERS).problem


def test_moderation_scales_each_member_cell_capped_at_its_points():
    grades = [CellGrade("equipe--b4--alpha", "b4", "nb", "c1", 2.0, 2.0), CellGrade("equipe--b4--alpha", "b4", "nb", "c2", None, 3.0)]
    members = [Membership(m, "b4", "Alpha") for m in MEMBERS]
    out = {(g.student_id, g.grade_id): g.score for g in member_grades(grades, members, ["b4"], {("chloe", "b4"): 0.8, ("alice", "b4"): 1.1})}
    assert out[("chloe", "c1")] == 1.6 and out[("alice", "c1")] == 2.0 and out[("bob", "c1")] == 2.0  # capped; unmoderated
    assert out[("chloe", "c2")] is None  # a cell still to grade stays to grade


def test_moderation_setting_off_by_default_and_checked(tmp_path):
    config = tmp_path / "cpmc.toml"
    assert load_moderation(config) == Moderation(False, 0.5)
    config.write_text("[equipes]\nmoderation_webpa = true\npoids_webpa = 1\n", encoding="utf-8")
    assert load_moderation(config) == Moderation(True, 1.0)
    for bad in ("moderation_webpa = 'oui'", "poids_webpa = 1.5", "seuil = 2"):
        config.write_text(f"[equipes]\n{bad}\n", encoding="utf-8")
        with pytest.raises(CpmcError, match=r"cpmc\.toml(, section \[equipes\])? : "):
            load_moderation(config)


def test_section_states_the_rule_the_flag_and_escapes_a_hostile_problem():
    factors = webpa_factors(parse_contributions(RECORD, MEMBERS, "f"), MEMBERS)
    from cpmc_course.teams.contributions import TeamContributions
    teams = (TeamContributions("b4", "Alpha", MEMBERS, MEMBERS, factors),
             TeamContributions("b4", "Bêta", ("d",), problem="Équipe Bêta : <script>x</script>"))
    off = contributions_section(teams, Moderation(), {"chloe": "Chloé Martin"})
    assert FLAG in off and "Chloé Martin" in off and "désactivée" in off and "0,75" in off
    assert off.count("⚠") == 1 and "<script>" not in off and "Coefficient" not in off
    on = contributions_section(teams, Moderation(True, 0.5), {})
    assert "activée" in on and "× 0,8" in on and "Coefficient appliqué" in on
    assert contributions_section((), Moderation(), {}) == ""


def test_the_demo_record_of_a_team_of_one_has_no_low_member():
    """``cpmc demo --students 1``: a team of one member rates itself 100, nobody is singled out (no crash)."""
    from cpmc_course.teams.contributions import contribution_record

    assert contribution_record(["ana"], ["ana"], low="ana") == "evaluateur;ana\nana;100,0\n"
    three = contribution_record(["ana", "bob", "eve"], ["ana", "bob"], low="eve").splitlines()
    assert three[1] == "ana;45,0;45,0;10,0" and three[2] == "bob;45,0;45,0;10,0"
