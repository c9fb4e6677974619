"""The one exception type the CLI turns into a French message and exit code 2."""

from __future__ import annotations


class CpmcError(Exception):
    """Bad input a user can act on: the message is French and names what to fix."""


class ReferentialError(CpmcError):
    """The référentiel data file is inconsistent (duplicate or dangling code)."""


class MappingError(CpmcError):
    """Tags of a source notebook do not resolve against the référentiel."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
