"""The errors a user can cause. Each carries the file and, where known, line and column.

The core raises these; only the CLI prints them and picks the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one input file, at a place in it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class OrrError(Exception):
    """Base of every error orr reports to a user; exit code 2 unless a subclass says otherwise."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(OrrError):
    """One or more problems with input files, all collected before giving up."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str | Path, message: str, line: int = 0, column: int = 0) -> InputError:
        return cls([Problem(str(path), line, column, message)])


class UsageError(OrrError):
    """The command line asks for something that cannot be done."""
