"""Two `orr review` sessions and a hand editor on one file: no acknowledged answer is lost.

Every save is a read-modify-write under an exclusive lock on the file (orr.savefile), the
file's hash is compared again before the rename, and an answer to an item someone else
changed meanwhile is refused and asked again, never written over the other answer.
"""

from __future__ import annotations

import fcntl
import os
import re
import sys
import threading
from pathlib import Path

import pytest
import yaml

from orr import savefile
from orr.editing.answerfile import ConflictError, answer_digest, save_answer
from orr.errors import UsageError
from tests.conftest import ROOT, CliRunner, default_sigint

pexpect = pytest.importorskip("pexpect")

ITEMS = 40  # A answers the even items and B the odd ones, two at a time: their saves overlap


def _checklist(folder: Path) -> Path:
    folder.mkdir()
    items = "".join(
        f"      - id: item-{n}\n        question: Is thing {n} ready?\n"
        "        risk: low\n        evidence: none\n"
        for n in range(ITEMS)
    )
    (folder / "many.yaml").write_text(
        "id: many\ntitle: Many items\nversion: 1.0.0\nsections:\n"
        f"  - id: all\n    title: All\n    items:\n{items}"
    )
    return folder


def _spawn(path: Path, checklists: Path, user: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="xterm", PYTHONPATH=str(ROOT / "src"))
    args = ["-m", "orr", "review", str(path), "--checklists", str(checklists), "--only", "all"]
    return pexpect.spawn(
        sys.executable,
        [*args, "--user", user, "--no-reports"],
        cwd=str(path.parent),
        env=env,
        dimensions=(24, 100),
        encoding="utf-8",
        preexec_fn=default_sigint,
        timeout=30,
    )


def _hand_edits(path: Path, stop: threading.Event, edits: list[int]) -> None:
    """Change the owner again and again, as a person would in an editor, taking orr's lock."""
    while not stop.is_set():
        with path.open("rb") as locked:
            fcntl.flock(locked, fcntl.LOCK_EX)
            if os.fstat(locked.fileno()).st_ino != path.stat().st_ino:
                continue  # orr replaced the file while this waited: lock the new one
            text = path.read_text()
            n = len(edits)
            tmp = path.with_name(".hand.tmp")
            tmp.write_text(re.sub(r"(?m)^owner: .*$", f'owner: "team-{n + 1}"', text))
            tmp.replace(path)
            edits.append(n + 1)
        stop.wait(0.01)


def test_two_sessions_and_a_hand_editor_keep_every_acknowledged_answer(
    cli: CliRunner, tmp_path: Path
) -> None:
    checklists = _checklist(tmp_path / "checklists")
    path = tmp_path / "review.yaml"
    made = cli("init", "--service", "svc", "--owner", "t", "--checklist", "many",
               "--checklists", checklists, "-o", path)  # fmt: skip
    assert made.code == 0, made.err

    a, b = _spawn(path, checklists, "A"), _spawn(path, checklists, "B")
    stop, edits = threading.Event(), []
    editor = threading.Thread(target=_hand_edits, args=(path, stop, edits))
    editor.start()
    try:
        b.expect_exact("Status: ")
        b.send("s")  # B starts at item 1
        for n in range(0, ITEMS, 2):
            pair = ((a, f"A{n}", n), (b, f"B{n + 1}", n + 1))
            for child, _, _ in pair:
                child.expect_exact("Status: ")
                child.send("u")
            for child, _, _ in pair:
                child.expect_exact("Notes")
            for child, notes, _ in pair:
                child.send(notes + "\r")  # both save now
            for child, _, item in pair:
                child.expect_exact(f"saved many/item-{item}")
            a.expect_exact("Status: ")
            a.send("s")  # A skips B's item; B's next item is A's, skipped below
            if n + 2 < ITEMS:
                b.expect_exact("Status: ")
                b.send("s")
        for child in (a, b):
            child.expect_exact("svc: READY  score")
            child.expect(pexpect.EOF)
            child.close()
            assert child.exitstatus == 0
            assert "not saved" not in (child.before or "")
    finally:
        stop.set()
        editor.join(timeout=60)

    data = yaml.safe_load(path.read_text())
    lost = {
        n: data["answers"][f"many/item-{n}"]
        for n in range(ITEMS)
        if data["answers"][f"many/item-{n}"].get("notes") != f"{'AB'[n % 2]}{n}"
    }
    assert lost == {}
    assert edits and data["owner"] == f"team-{edits[-1]}"
    assert cli("validate", "--checklists", checklists, path).code == 0


def test_a_conflicting_answer_is_refused_and_the_item_asked_again(
    cli: CliRunner, tmp_path: Path
) -> None:
    checklists = _checklist(tmp_path / "checklists")
    path = tmp_path / "review.yaml"
    cli("init", "--service", "svc", "--owner", "t", "--checklist", "many",
        "--checklists", checklists, "-o", path)  # fmt: skip
    first, second = _spawn(path, checklists, "A"), _spawn(path, checklists, "B")
    for child in (first, second):
        child.expect_exact("Status: ")  # both show item-0 unanswered
    first.send("m")
    first.expect_exact("Notes")
    first.send("first\r")
    first.expect_exact("saved many/item-0")
    second.send("u")
    second.expect_exact("Notes")
    second.send("second\r")
    second.expect_exact(
        f"{path}: many/item-0 was changed in the file meanwhile (now: status met, "
        "answered_by A); this answer was not saved; asking again"
    )
    assert "saved many/item-0" not in (second.before or "")
    second.expect_exact("Status: ")  # the item again, now showing A's answer
    assert "first" in (second.before or "")
    second.send("q")
    first.send("q")
    for child in (first, second):
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    answer = yaml.safe_load(path.read_text())["answers"]["many/item-0"]
    assert (answer["status"], answer["notes"], answer["answered_by"]) == ("met", "first", "A")


REVIEW = "service: s\nowner: o\nchecklists: [demo]\nanswers:\n  demo/a:\n    status: met\n"


def test_save_answer_refuses_an_answer_based_on_an_older_one(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(REVIEW)
    stale = answer_digest(None)
    with pytest.raises(ConflictError) as raised:
        save_answer(path, "demo/a", {"status": "unmet"}, based_on=stale)
    assert raised.value.newer == {"status": "met"}
    assert path.read_text() == REVIEW
    fresh = answer_digest({"status": "met"})
    save_answer(path, "demo/a", {"status": "unmet"}, based_on=fresh)
    save_answer(path, "demo/b", {"status": "met"}, based_on=stale)
    assert yaml.safe_load(path.read_text())["answers"] == {
        "demo/a": {"status": "unmet"},
        "demo/b": {"status": "met"},
    }


def test_a_hand_edit_saved_during_a_save_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor takes no lock: the hash check before the rename catches its save."""
    path = tmp_path / "r.yaml"
    path.write_text(REVIEW)
    real = savefile.sha256_of
    edits = iter([REVIEW.replace("owner: o", "owner: edited by hand")])

    def hand_edit_first(target: Path) -> str:
        for text in edits:  # once: the editor saves just before orr's rename
            target.write_text(text)
        return real(target)

    monkeypatch.setattr(savefile, "sha256_of", hand_edit_first)
    save_answer(path, "demo/b", {"status": "unmet"}, based_on=None)
    data = yaml.safe_load(path.read_text())
    assert data["owner"] == "edited by hand"
    assert data["answers"]["demo/b"] == {"status": "unmet"}


def test_a_file_that_keeps_changing_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(REVIEW)
    monkeypatch.setattr(savefile, "sha256_of", lambda target: "changed")
    with pytest.raises(UsageError) as raised:
        save_answer(path, "demo/b", {"status": "unmet"}, based_on=None)
    assert str(raised.value) == (
        f"{path}: the file kept changing while orr saved it (5 tries); nothing was written: "
        "close the other program editing it and try again"
    )
    assert path.read_text() == REVIEW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]


def test_a_save_waits_for_the_lock_and_then_gives_up_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(REVIEW)
    monkeypatch.setattr(savefile, "LOCK_TIMEOUT", 0.05)
    with path.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(UsageError) as raised:
            save_answer(path, "demo/b", {"status": "unmet"}, based_on=None)
    assert str(raised.value) == (
        f"{path}: another program has been saving it for over 0.05 s; nothing was written: "
        "try again"
    )
    assert path.read_text() == REVIEW
    assert re.fullmatch(r"[0-9a-f]{64}", answer_digest(None))
