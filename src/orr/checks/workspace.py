"""The repository a review's checks look at: globs inside it, each file read and parsed once.

What the query probes find in a file is kept too: found here, on demand, or beforehand by a
pool of processes (``checks.pool``), which hands each file's findings over with ``learn``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orr.checks.documents import parse_documents
from orr.checks.query import FileView, Found, QueryKey, find
from orr.errors import InputError, Problem
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
    #: Files no glob matches: the review itself, which recording changes (were it evidence,
    #: every check would be stale as soon as it was written).
    exclude: frozenset[Path] = frozenset()
    _globs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _files: dict[str, RepoFile] = field(default_factory=dict)
    _documents: dict[str, list[Any]] = field(default_factory=dict)
    _views: dict[str, FileView] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)  # of files read elsewhere
    _found: dict[str, dict[QueryKey, Found]] = field(default_factory=dict)
    _unreadable: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.exclude = frozenset(path.resolve() for path in self.exclude)

    def glob(self, pattern: str) -> tuple[str, ...]:
        """The files matching ``pattern`` (relative to the top level), sorted; none outside it."""
        if pattern not in self._globs:
            found = []
            for match in self.root.glob(pattern):
                rel = match.relative_to(self.root)
                if SKIPPED.intersection(rel.parts[:-1]) or not match.is_file():
                    continue
                resolved = match.resolve()
                if not resolved.is_relative_to(self.root):
                    continue  # a symbolic link out of the repository
                if resolved in self.exclude:
                    continue
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

    def sha256(self, path: str) -> str:
        known = self._digests.get(path)
        return known if known is not None else self.file(path).sha256

    def findings(self, path: str, key: QueryKey) -> Found:
        """What the query probe ``key`` finds in the file (an InputError if it cannot be read)."""
        if path in self._unreadable:
            raise InputError(list(self._unreadable[path]))
        known = self._found.get(path, {}).get(key)
        if known is not None:
            return known
        if path not in self._views:
            self._views[path] = FileView(path, self.file(path).text, self.documents(path))
        return find(key, self._views[path])

    def learn(
        self,
        path: str,
        sha256: str,
        found: dict[QueryKey, Found],
        problems: tuple[Problem, ...] = (),
    ) -> None:
        """Take what was found in the file elsewhere, or what kept it from being read."""
        if problems:
            self._unreadable[path] = problems
        else:
            self._digests[path] = sha256
            self._found[path] = found

    def forget(self, path: str) -> None:
        """Drop the file's text and data (a worker keeps only what it sends back)."""
        for cache in (self._files, self._documents, self._views):
            cache.pop(path, None)

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
