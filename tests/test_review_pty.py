"""orr review in a real pseudo-terminal: keys, arrows, Ctrl-C, and resuming where it stopped."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT, default_sigint

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

REVIEW_DATA = DATA / "review"
RIGHT, LEFT, DOWN = "\x1b[C", "\x1b[D", "\x1b[B"
WHEN = "2026-11-23T09:30:00Z"


def _spawn(path: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "LINES")}
    env.update(
        NO_COLOR="1",
        TERM="xterm",
        SOURCE_DATE_EPOCH="1795426200",
        PYTHONPATH=str(ROOT / "src"),
    )
    args = ["-m", "orr", "review", str(path), "--checklists", str(REVIEW_DATA / "checklists")]
    return pexpect.spawn(
        sys.executable,
        [*args, "--user", "dana", "--no-reports"],
        cwd=str(path.parent),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        preexec_fn=default_sigint,
        timeout=30,  # a hang guard, not a speed check: CI machines are shared
    )


def _status(child: pexpect.spawn, keys: str, picked: str) -> None:
    """At the status menu: press ``keys``, then see ``picked`` confirmed."""
    child.expect_exact("Status: ")
    child.send(keys)
    child.expect_exact(f"Status: {picked}\r\n")


def _line(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.send(text + "\r")


def _answers(path: Path) -> dict[str, dict[str, object]]:
    answers = yaml.safe_load(path.read_text())["answers"] or {}
    return {
        ref: {k: str(v) for k, v in a.items() if k != "fingerprint"} for ref, a in answers.items()
    }


def test_three_answers_survive_ctrl_c_and_the_next_run_resumes_at_the_fourth(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review.yaml"
    shutil.copy(REVIEW_DATA / "fresh.yaml", path)
    comments = [line for line in path.read_text().splitlines() if "#" in line]

    child = _spawn(path)
    child.expect_exact("1/5")
    _status(child, RIGHT + RIGHT + LEFT + LEFT + "\r", "met")  # arrows, then Enter
    _line(child, "Evidence", "https://ci.example.com/runs/1")
    _line(child, "Notes", "one box first")
    child.expect_exact("saved demo/one-box")
    child.expect_exact("2/5")
    _status(child, "p", "partial")  # a single key
    _line(child, "Evidence", "")
    _line(child, "Notes", "")
    child.expect_exact("saved demo/rollback")
    child.expect_exact("3/5")
    _status(child, DOWN + DOWN + "\r", "unmet")
    _line(child, "Notes", "no bake time")  # bake-time takes no evidence
    child.expect_exact("saved demo/bake-time")
    child.expect_exact("4/5")
    child.expect_exact("Which of these hold?")
    child.sendintr()
    child.expect_exact("interrupted; 3 answers saved in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    who = {"answered_by": "dana", "answered_at": "2026-11-23 09:30:00+00:00"}
    assert _answers(path) == {
        "demo/one-box": {
            "status": "met",
            "evidence": "['https://ci.example.com/runs/1']",
            "notes": "one box first",
        }
        | who,
        "demo/rollback": {"status": "partial"} | who,
        "demo/bake-time": {"status": "unmet", "notes": "no bake time"} | who,
    }
    assert f"    answered_at: {WHEN}\n" in path.read_text()
    assert [line for line in path.read_text().splitlines() if "#" in line] == comments

    child = _spawn(path)
    child.expect_exact("Which of these hold?")
    first_screen = child.before
    assert "4/5" in first_screen and "demo/runbooks" in first_screen
    assert "1/5" not in first_screen and "3/5" not in first_screen
    assert re.search(r"\x1b\[[0-9;]*m", first_screen) is None  # NO_COLOR: no colour codes
    child.send(" " + DOWN + "x" + "\r")  # choose paging; mark tested not applicable; done
    _line(child, "Evidence", "")
    _line(child, "Notes", "")
    child.expect_exact("saved demo/runbooks")
    child.expect_exact("5/5")
    _status(child, "q", "quit")
    child.expect_exact("Stopped at demo/on-call (5/5); 1 item still unanswered.")
    child.expect_exact("demo-api: NOT READY")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (
        _answers(path)["demo/runbooks"]
        == {"choices": "['paging']", "na_choices": "['tested']"} | who
    )


def test_ctrl_c_in_the_notes_keeps_the_status_and_evidence_already_given(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    shutil.copy(REVIEW_DATA / "fresh.yaml", path)

    child = _spawn(path)
    child.expect_exact("1/5")
    _status(child, "m", "met")
    _line(child, "Evidence", "https://ci.example.com/runs/7")
    child.expect_exact("Notes")
    child.send("half a no")  # typed, not confirmed with Enter
    child.sendintr()
    child.expect_exact(
        "interrupted; 1 answer saved in " + str(path) + " this time (the last, demo/one-box, "
        "with what was typed before Ctrl-C)"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert _answers(path) == {
        "demo/one-box": {
            "status": "met",
            "evidence": "['https://ci.example.com/runs/7']",
            "answered_by": "dana",
            "answered_at": "2026-11-23 09:30:00+00:00",
        }
    }


def test_a_new_review_offers_the_declared_values_as_a_menu(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    child = _spawn(path)
    _line(child, "Service name", "demo-api")
    _line(child, "Owning team", "")
    _line(child, "Checklists to use", "demo")
    child.expect_exact("a key: e c k l o -")
    child.expect_exact("[unset]")  # Enter would leave it unset
    child.send("l")
    child.expect_exact("compute (what runs the code): lambda\r\n")
    _line(child, "regions (how many regions the service is served from), an integer", "two")
    child.expect_exact("'two' is not an integer")
    _line(child, "an integer; empty leaves it unset", "2")
    child.expect_exact("created")
    _status(child, "q", "quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert yaml.safe_load(path.read_text())["context"] == {"compute": "lambda", "regions": 2}


def _tmux(socket: Path, *args: str) -> str:
    done = subprocess.run(
        ["tmux", "-S", str(socket), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def _until(probe: Callable[[], str], wanted: Callable[[str], bool]) -> str:
    """Poll ``probe`` until its value is ``wanted`` (up to 30 s, then fail with the last one)."""
    deadline = time.monotonic() + 30
    while True:
        value = probe()
        if wanted(value) or time.monotonic() > deadline:
            assert wanted(value), value
            return value
        time.sleep(0.1)


def _screen_when(socket: Path, text: str, *, escapes: bool = False) -> str:
    """The pane's screen once ``text`` shows on it."""
    flags = ["-p", "-e"] if escapes else ["-p"]
    return _until(lambda: _tmux(socket, "capture-pane", *flags, "-t", "orr"), lambda s: text in s)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_screen_fits_80_columns_with_colour_and_arrows_move_the_highlight(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review.yaml"
    shutil.copy(REVIEW_DATA / "fresh.yaml", path)
    socket = tmp_path / "tmux.sock"
    orr = shlex.join(
        [
            *(sys.executable, "-m", "orr", "review", str(path)),
            *("--checklists", str(REVIEW_DATA / "checklists"), "--no-reports"),
        ]
    )
    # through a shell that shows the exit status: tmux's own pane_dead_status is racy
    command = f"unset CI NO_COLOR; PYTHONPATH={shlex.quote(str(ROOT / 'src'))} {orr}; echo EXIT=$?"
    _tmux(socket, "new-session", "-d", "-s", "orr", "-x", "80", "-y", "24", command)
    _tmux(socket, "set-option", "-w", "-t", "orr", "remain-on-exit", "on")  # keep the last screen
    try:
        screen = _screen_when(socket, "Status: [met]")
        lines = screen.splitlines()
        assert max(len(line) for line in lines) <= 80
        assert "-" * 73 + " 1/5 --" in lines
        assert "HIGH RISK  MANDATORY  evidence required" + " " * 29 + "demo/one-box" in lines
        assert "Status: [met]  partial   unmet   n/a   skip   back   quit" in lines
        _tmux(socket, "send-keys", "-t", "orr", "Right")
        coloured = _screen_when(socket, "[partial]", escapes=True)
        assert "\x1b[7m[partial]" in coloured  # reverse video: stdout is a terminal, no NO_COLOR
        _tmux(socket, "send-keys", "-t", "orr", "C-c")
        screen = _screen_when(socket, "EXIT=")
        assert "orr review: interrupted; 0 answers saved in" in screen
        assert "EXIT=130" in screen
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], check=False)
    assert yaml.safe_load(path.read_text())["answers"] is None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_at_a_menu_gives_the_terminal_its_echo_back(
    tmp_path: Path, signum: signal.Signals
) -> None:
    path = tmp_path / "review.yaml"
    shutil.copy(REVIEW_DATA / "fresh.yaml", path)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="xterm", PYTHONPATH=str(ROOT / "src"))
    review = shlex.join(
        [sys.executable, "-m", "orr", "review", str(path), "--checklists",
         str(REVIEW_DATA / "checklists"), "--user", "dana", "--no-reports"]
    )  # fmt: skip
    shell = pexpect.spawn(
        "sh",
        ["-c", f"{review}; echo exit=$?; stty -a"],
        env=env,
        encoding="utf-8",
        timeout=30,
        preexec_fn=default_sigint,
    )
    shell.expect_exact("Status: ")  # the menu is open: cbreak mode, no echo
    children = Path(f"/proc/{shell.pid}/task/{shell.pid}/children").read_text().split()
    os.kill(int(children[0]), signum)
    shell.expect_exact("interrupted; 0 answers saved in")
    shell.expect_exact("exit=130")
    shell.expect(pexpect.EOF)
    modes = (shell.before or "").split()
    assert "echo" in modes and "icanon" in modes, modes
