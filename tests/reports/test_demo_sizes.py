"""`cpmc demo --students N` works for every N its help promises (names and teams for any cohort size)."""

import pytest

from cpmc_course.demo import MAX_STUDENTS, cohort_names, form_teams, run_demo
from cpmc_course.errors import CpmcError
from cpmc_course.records import Student


def test_every_promised_size_has_distinct_names_and_teams():
    for n in range(1, MAX_STUDENTS + 1):
        names = cohort_names(n)
        assert len(set(names)) == n
        teams = form_teams([Student(f"e{i}", *name) for i, name in enumerate(names)])
        assert len({t for t, _ in teams}) == len(teams)
        assert sum(len(m) for _, m in teams) == n
        sizes = [len(m) for _, m in teams]
        assert max(sizes) <= 4 and max(sizes) - min(sizes) <= 1, n  # as even as the cohort allows
        if n >= 6:
            assert min(sizes) >= 3, n


def test_help_promises_what_the_demo_accepts():
    from cpmc_course.cli import build_parser

    help_text = build_parser()._subparsers._group_actions[0].choices["demo"].format_help()
    assert f"de 1 à {MAX_STUDENTS}" in help_text


@pytest.mark.parametrize("n", [0, MAX_STUDENTS + 1])
def test_sizes_outside_the_promise_are_refused_before_any_work(tmp_path, n):
    with pytest.raises(CpmcError, match=f"entre 1 et {MAX_STUDENTS}"):
        run_demo(tmp_path / "demo", n_students=n)
    assert not (tmp_path / "demo").exists()
