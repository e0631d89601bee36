"""Replace a file's content atomically: readers see the old text or the new, never a mix.

The new text goes to a temporary file in the same folder, is flushed and fsynced, gets the old
file's permission bits, and is renamed over the old file with ``os.replace`` (atomic on POSIX
and Windows); then the folder is fsynced so the rename itself survives a power cut. A crash or
``kill -9`` at any point leaves the old file intact, plus at worst a stray hidden
``.NAME.*.tmp`` file next to it (ignored by ``orr validate``; delete it at will).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that it is either wholly old or wholly new."""
    target = path.resolve()  # write through a symlink to its target instead of replacing it
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
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(target.parent)


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
