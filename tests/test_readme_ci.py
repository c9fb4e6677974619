"""CI runs the README's test command, and the README keeps exactly two set-up commands."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)


def test_two_setup_commands():
    commands = _commands()
    assert len(commands) == 2
    assert "cpmc demo" in commands[0] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci
