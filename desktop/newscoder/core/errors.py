"""Errors that describe a user's mistake or a bad file.

Anything raised as :class:`UserError` is shown to the user as one clear message
(CLI: on stderr with exit 1; GUI: a message box). Anything else is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: bad input, a wrong path, a refused file."""


class ProjectOpenError(UserError):
    """The file cannot be opened as a Newscoder project."""


class NotAProjectError(ProjectOpenError):
    """The file is SQLite, but not a Newscoder project."""


class CorruptProjectError(ProjectOpenError):
    """The file is damaged or is not SQLite at all."""


class NewerSchemaError(ProjectOpenError):
    """The file was written by a newer Newscoder."""


class ProjectNotFoundError(ProjectOpenError):
    """No project exists at the given path."""


class InputError(UserError):
    """An input file (article, CSV, codebook, QDPX) was refused."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems or [])

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problems:
            return base
        return base + "\n" + "\n".join(f"  {p}" for p in self.problems)


class EditError(UserError):
    """An edit cannot be applied (e.g. a duplicate code name)."""
