"""Replace a file's content atomically: readers see the old text or the new, never a mix.

The new text goes to a temporary file in the same folder, is flushed and fsynced, gets the old
file's permission bits, and is renamed over the old file with ``os.replace`` (atomic on POSIX
and Windows); then the folder is fsynced so the rename itself survives a power cut. A crash or
``kill -9`` at any point leaves the old file intact, plus at worst a stray hidden
``.NAME.*.tmp`` file next to it (ignored by ``orr validate``; delete it at will).

``update_locked`` is the read-modify-write on top of it: an exclusive ``flock`` on the file
keeps two orr processes from interleaving their edits, and the file's sha256 is compared again
just before the rename, so a person's edit saved meanwhile (their editor takes no lock) is
re-read and the change applied to it instead of being overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from orr.errors import UsageError

#: How long a save waits for another process's save of the same file to finish.
LOCK_TIMEOUT = 10.0
#: How often a save re-applies its change when the file keeps changing under it.
RETRIES = 5


class FileChanged(Exception):
    """The file's content changed after it was read; nothing was written."""


def write_atomic(path: Path, text: str, *, expect_sha256: str | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that it is either wholly old or wholly new.

    With ``expect_sha256``, the file must still hold bytes of that digest at the moment of
    the rename, else ``FileChanged`` is raised and nothing is written.
    """
    target = path.resolve()  # write through a symlink to its target instead of replacing it
    if target.exists() and not target.is_file():
        kind = "it is a folder" if target.is_dir() else "it is not a regular file"
        raise OSError(errno.EEXIST, kind, str(path))
    data = text.encode("utf-8")
    mode = _mode_for(target)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if expect_sha256 is not None and sha256_of(target) != expect_sha256:
            raise FileChanged(str(path))
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(target.parent)


def write_output(path: Path, text: str, what: str = "the file") -> None:
    """``write_atomic`` for a file orr produces, creating its folder; one-line errors (exit 2)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError as error:
        raise UsageError(
            f"{path}: cannot write {what} ({_reason(error)}); nothing was written"
        ) from None


def append_output(path: Path, text: str, what: str) -> None:
    """Append to a file orr does not own (a CI step summary); one-line errors (exit 2)."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot write {what} ({_reason(error)})") from None


def update_locked(
    path: Path, change: Callable[[str], str], read: Callable[[Path], tuple[str, str]]
) -> str:
    """Replace the file's text by ``change(text)``, with no other writer in between.

    ``read`` gives the file's text and the sha256 of its bytes (orr's size-limited UTF-8
    reader); ``change`` may raise to refuse, and is called again on the new text when the
    file changed before the rename. Returns the text written.
    """
    try:
        with _locked(path):
            for _ in range(RETRIES):
                text, digest = read(path)
                new = change(text)
                try:
                    write_atomic(path, new, expect_sha256=digest)
                except FileChanged:
                    continue
                return new
    except OSError as error:
        raise UsageError(f"{path}: cannot save ({_reason(error)}); nothing was written") from None
    raise UsageError(
        f"{path}: the file kept changing while orr saved it ({RETRIES} tries); nothing was "
        "written: close the other program editing it and try again"
    )


def sha256_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the file that ``path`` names now.

    The lock is on the file itself (no lock file left behind). A rename replaces the file,
    so after waiting the lock may be on the old one: then it is taken again on the new one.
    """
    target = path.resolve()
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise UsageError(
                            f"{path}: another program has been saving it for over "
                            f"{LOCK_TIMEOUT:g} s; nothing was written: try again"
                        ) from None
                    time.sleep(0.005)
            mine, now = os.fstat(fd), target.stat()
            if (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino):
                yield
                return
        finally:
            os.close(fd)  # releases the lock


def _reason(error: OSError) -> str:
    """``No space left on device`` -> ``no space left on device``."""
    text = str(error.strerror or error)
    return text[:1].lower() + text[1:]


def _mode_for(target: Path) -> int:
    """The permission bits the file has now, or what a new file would get under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open a folder, and that is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
