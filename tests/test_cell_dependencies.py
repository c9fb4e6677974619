"""The cell dependency analysis that lets independent edits (wrong answers, stubs) share one graded copy."""

from __future__ import annotations

from cell_dependencies import cell_effects, independent_groups, reached, reached_by_edit

CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.read_csv('x.csv')",  # 0
    "df['a'] = df['b'] * 2",                                                            # 1: changes df
    "total = df['a'].sum()",                                                            # 2
    "other = pd.Series([1, 2]).sum()",                                                  # 3: independent
    "assert total > 0",                                                                 # 4
    "assert other == 3",                                                                # 5
]


def test_a_column_assignment_reaches_every_later_reader():
    assert reached(CELLS, {1}) == {1, 2, 4}
    assert reached(CELLS, {3}) == {3, 5}


def test_in_place_changes_and_module_state_are_writes_pure_calls_are_not():
    effects = cell_effects(["import numpy as np\nimport matplotlib.pyplot as plt", "fig, ax = plt.subplots()\nax.bar([1], [2])",
                            "items.append(3)\ny = df.groupby('k').sum()\nz = np.random.default_rng(1)\nw = np.mean([1])",
                            "df.drop(columns=['a'], inplace=True)"])
    assert {"plt", "ax", "fig"} <= effects[1].writes
    assert {"items", "y", "np", "z", "w"} == effects[2].writes - {"df"} and "df" not in effects[2].writes
    assert "df" in effects[3].writes


def test_a_function_reads_and_writes_what_its_body_does():
    cells = ["def f():\n    return rate * 2", "rate = 3", "result = f()"]
    assert reached(cells, {1}) == {1, 2}


def test_an_edit_that_stops_writing_a_name_reaches_its_readers():
    cells = ["a = 1\nb = 2", "assert b == 2"]
    assert reached_by_edit(cells, 0, "a = 1") == {0, 1}


def test_dependent_edits_get_separate_copies_independent_ones_share():
    edits = {"total": (1, "df['a'] = df['b']", [4]), "other": (3, "other = 4", [5]), "sum": (2, "total = 0", [4])}
    assert independent_groups(CELLS, edits) == [["total", "other"], ["sum"]]
