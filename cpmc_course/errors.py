"""The one exception type the CLI turns into a French message and exit code 2."""

from __future__ import annotations


class CpmcError(Exception):
    """Bad input a user can act on: the message is French and names what to fix."""


class ReferentialError(CpmcError):
    """The référentiel data file is inconsistent (duplicate or dangling code)."""


class ProblemsError(CpmcError):
    """Bad input with several problems, each a French sentence naming the file (and line or cell)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class MappingError(ProblemsError):
    """Tags of a source notebook do not resolve against the référentiel."""


class RosterError(ProblemsError):
    """The team roster (``autograder/equipes.csv``) is invalid."""
