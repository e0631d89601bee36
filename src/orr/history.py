"""Reading many review files as they were at a git revision, for `orr portfolio --since`.

One ``git cat-file --batch`` process reads every old version (not one ``git show`` per file);
the versions are written to a scratch folder so that the same safe loader reads them, and every
problem they have is told against ``REV:path``. Comparing the two versions is ``orr.diff``'s.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from orr.errors import InputError, UsageError
from orr.loading import Document, read_document

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMEOUT = 120


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True, timeout=TIMEOUT
        )
    except FileNotFoundError:
        raise UsageError("--since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {TIMEOUT} seconds") from None
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        detail = lines[-1].removeprefix("fatal: ") if lines else "git failed"
        raise UsageError(f"git {args[0]}: {detail}") from None
    return done.stdout


def top_level(folder: Path) -> Path:
    """The working tree that holds ``folder``."""
    try:
        out = _git(folder, "rev-parse", "--show-toplevel")
    except UsageError:
        raise UsageError(f"--since: {folder} is not in a git repository") from None
    return Path(out.decode().strip())


def resolve(since: str, top: Path) -> str:
    """The commit ``since`` names: a revision, or a date (the last commit on or before it)."""
    if not since or since.startswith("-"):
        raise UsageError(f"--since {since!r}: a revision cannot start with '-'")
    if _DATE.fullmatch(since):
        out = _git(top, "rev-list", "-1", f"--before={since} 23:59:59", "HEAD", "--")
        commit = out.decode().strip()
        if not commit:
            raise UsageError(f"--since {since}: no commit on or before that day")
        return commit
    try:
        out = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", since + "^{commit}")
    except UsageError:
        raise UsageError(f"--since {since}: no such revision in {top}") from None
    return out.decode().strip()


def old_versions(paths: Sequence[str], commit: str, top: Path) -> dict[str, bytes]:
    """The bytes of each path at ``commit``; a path that did not exist then is left out."""
    wanted: dict[str, str] = {}
    for path in paths:
        try:
            relative = Path(path).resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{path}: outside the git repository at {top}") from None
        if "\n" not in relative:  # cannot be asked for on cat-file's line-based input
            wanted[path] = relative
    request = "".join(f"{commit}:{relative}\n" for relative in wanted.values()).encode()
    out = _git(top, "cat-file", "--batch", stdin=request)
    found: dict[str, bytes] = {}
    at = 0
    for path in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = out[at : at + size]
            at += size + 1  # the content is followed by a newline
        elif len(header) == 3:  # a tree or a link: skip its content
            at += int(header[2]) + 1
    return found


def write_copies(versions: dict[str, bytes], folder: Path) -> tuple[tuple[str, Path], ...]:
    """Each old version in a file of its own under ``folder``, with the same suffix."""
    copies = []
    for n, (path, data) in enumerate(sorted(versions.items())):
        copy = folder / f"{n}{Path(path).suffix}"
        copy.write_bytes(data)
        copies.append((path, copy))
    return tuple(copies)


def read_copy(copy: Path, label: str) -> Document:
    """The old version as a document whose path, and every problem's, is ``label``."""
    try:
        doc = read_document(copy)
    except InputError as error:
        raise InputError([dataclasses.replace(p, path=label) for p in error.problems]) from None
    return dataclasses.replace(doc, path=Path(label))
