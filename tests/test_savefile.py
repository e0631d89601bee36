"""An atomic save leaves the old file or the new one, whole, whatever happens during it."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orr import savefile
from orr.loading import read_document
from orr.savefile import write_atomic
from tests.conftest import ROOT

OLD = "service: old\nowner: o\nchecklists: [demo]\nanswers: {}\n"
#: Long enough to need many writes when each write is capped at 4 KiB.
NEW = "service: new\nowner: o\nchecklists: [demo]\nanswers:\n" + "".join(
    f"  demo/item-{n}:\n    status: met\n    notes: {'x' * 200}\n" for n in range(150)
)
STEPS = ("open", "write", "fchmod", "fsync", "close", "replace")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "review.yaml"
    write_atomic(target, NEW)
    assert target.read_text() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.yaml"]


def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "review.yaml"
    target.write_text(OLD)
    target.chmod(0o640)
    write_atomic(target, NEW)
    assert target.read_text() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(OLD)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, NEW)
    assert link.is_symlink()
    assert real.read_text() == NEW


class _Crash(BaseException):
    """Stands for the process dying: nothing after it runs, not even `except Exception`."""


def _instrument(monkeypatch: pytest.MonkeyPatch, on_call: Callable[[int], None]) -> None:
    """Count every file-system call the save makes; cap writes at 4 KiB so they come in parts."""
    count = 0

    def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            on_call(count)
            if name == "write":
                return real(args[0], bytes(args[1])[:4096])
            return real(*args, **kwargs)

        return call

    for name in STEPS:
        monkeypatch.setattr(savefile.os, name, wrap(name, getattr(os, name)))


def _count_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls: list[int] = []
    with monkeypatch.context() as patch:
        _instrument(patch, calls.append)
        write_atomic(tmp_path / "dry-run.yaml", NEW)
    (tmp_path / "dry-run.yaml").unlink()
    return len(calls)


def test_a_failure_at_any_step_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = _count_steps(tmp_path, monkeypatch)
    assert (
        steps >= 15
    )  # open, 9 writes, fchmod, fsync, close, replace, the folder: open, fsync, close
    target = tmp_path / "review.yaml"
    for fail_at in range(1, steps + 1):
        target.write_text(OLD)

        def crash(n: int, fail_at: int = fail_at) -> None:
            if n == fail_at:
                raise _Crash

        with monkeypatch.context() as patch:
            _instrument(patch, crash)
            with contextlib.suppress(_Crash):
                write_atomic(target, NEW)
        content = target.read_text()
        assert content in (OLD, NEW), f"failure at step {fail_at} left a mixed file"
        assert read_document(target).data["service"] in ("old", "new")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["review.yaml"]


_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from orr import savefile

    kill_at, count = int(sys.argv[2]), 0

    def wrap(name, real):
        def call(*args, **kwargs):
            global count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            if name == "write":
                return real(args[0], bytes(args[1])[:4096])
            return real(*args, **kwargs)
        return call

    for name in {steps!r}:
        setattr(savefile.os, name, wrap(name, getattr(os, name)))
    savefile.write_atomic(Path(sys.argv[1]), sys.stdin.read())
    print(count)
    """
).format(steps=STEPS)


def test_kill_9_at_every_step_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    """A real SIGKILL before each file-system call of the save, and once after the last."""
    target = tmp_path / "review.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def run(kill_at: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", _KILLER, str(target), str(kill_at)],
            input=NEW,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    target.write_text(OLD)
    dry = run(0)
    assert dry.returncode == 0, dry.stderr
    steps = int(dry.stdout)
    outcomes = []
    for kill_at in range(1, steps + 1):
        target.write_text(OLD)
        done = run(kill_at)
        assert done.returncode == -signal.SIGKILL
        content = target.read_text()
        assert content in (OLD, NEW), f"kill -9 at step {kill_at} left a mixed file"
        assert read_document(target).data["service"] in ("old", "new")
        outcomes.append(content == NEW)
        for stray in tmp_path.glob(".review.yaml.*.tmp"):
            stray.unlink()  # what a kill -9 can leave: a hidden temporary file, never the target
    # the file flips from old to new exactly once, at the rename, and never back
    assert outcomes == sorted(outcomes)
    assert outcomes[0] is False and outcomes[-1] is True
