"""The repository a review's checks look at: globs inside it, each file read and parsed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orr.checks.documents import parse_documents
from orr.errors import InputError
from orr.loading import read_text_and_digest

#: Folders no glob descends into: version control, and other people's code.
SKIPPED = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", ".terraform"})


@dataclass(frozen=True, slots=True)
class RepoFile:
    path: str  # relative to the repository's top level, with forward slashes
    text: str
    sha256: str


@dataclass
class Workspace:
    """A repository's files as the checks see them; every answer is cached for the run."""

    root: Path
    _globs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _files: dict[str, RepoFile] = field(default_factory=dict)
    _documents: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    def glob(self, pattern: str) -> tuple[str, ...]:
        """The files matching ``pattern`` (relative to the top level), sorted; none outside it."""
        if pattern not in self._globs:
            found = []
            for match in self.root.glob(pattern):
                rel = match.relative_to(self.root)
                if SKIPPED.intersection(rel.parts[:-1]) or not match.is_file():
                    continue
                if not match.resolve().is_relative_to(self.root):
                    continue  # a symbolic link out of the repository
                found.append(rel.as_posix())
            self._globs[pattern] = tuple(sorted(found))
        return self._globs[pattern]

    def matching(self, patterns: list[str]) -> tuple[str, ...]:
        """The files matching any of ``patterns``, each once, sorted."""
        return tuple(sorted({path for pattern in patterns for path in self.glob(pattern)}))

    def file(self, path: str) -> RepoFile:
        if path not in self._files:
            text, digest = read_text_and_digest(self.root / path)
            self._files[path] = RepoFile(path, text, digest)
        return self._files[path]

    def documents(self, path: str) -> list[Any]:
        """The file's YAML documents (or its JSON value) as plain data."""
        if path not in self._documents:
            self._documents[path] = parse_documents(self.file(path).text, self.root / path)
        return self._documents[path]

    def display(self, path: Path) -> str:
        """A path as records show it: inside the repository relative to it, else absolute."""
        resolved = path.resolve()
        if resolved.is_relative_to(self.root):
            return resolved.relative_to(self.root).as_posix()
        return resolved.as_posix()


def find_root(start: Path) -> Path:
    """The git top level above ``start`` (a file or folder), else ``start``'s folder."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def check_root(repo: Path) -> Path:
    if not repo.is_dir():
        raise InputError.at(repo, "is not a folder: give --repo the repository's top level")
    return repo.resolve()
