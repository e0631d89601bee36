"""Hostile files and environments (issue 21): a clear one-line error per problem, exit 2.

Never a traceback or exit 3, never a hang, nothing half-written, nothing written outside the
intended folder. Each case is a file under tests/data/hostile/ or one generated here.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from orr.errors import InputError
from orr.policy import Policy
from orr.verdict import reasons as verdict_reasons
from tests.conftest import DATA, CliRunner

HOSTILE = DATA / "hostile"
TODAY = ("--today", "2026-11-23")
#: What must never reach a terminal raw: C0/C1 controls but tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- 3: non-finite and absurd weights -------------------------------------------------------


def test_non_finite_and_absurd_weights_are_located_errors(cli: CliRunner) -> None:
    path = HOSTILE / "infinite-weight.yaml"
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines() == [
        f"{path}:11:17: sections[0].items[0].weight: input should be a finite number",
        f"{path}:14:17: sections[0].items[1].weight: input should be less than or equal to 1000",
        f"{path}:17:17: sections[0].items[2].weight: input should be a finite number",
        "3 problems in 1 of 1 file (1 checklist)",
    ]


def test_the_gate_refuses_a_review_of_a_checklist_with_an_infinite_weight(
    cli: CliRunner, tmp_path: Path
) -> None:
    review = tmp_path / "r.yaml"
    review.write_text("service: s\nowner: o\nchecklists: [infinite-weight]\n")
    run = cli(
        "gate", review, "--checklists", HOSTILE, "--min-score", "90", "--json", tmp_path / "j"
    )
    assert run.code == 2
    assert "input should be a finite number" in run.err
    assert not (tmp_path / "j").exists()


def test_a_score_that_is_not_a_number_never_passes_a_minimum() -> None:
    reasons = verdict_reasons([], math.nan, Policy(min_score=90), [])
    assert [(r.kind, r.message) for r in reasons] == [
        ("min-score", "the score nan is below the policy minimum 90")
    ]


# --- 4: CSV cells with a bare CR ---------------------------------------------------------------


def test_a_csv_cell_holding_a_carriage_return_is_quoted(cli: CliRunner, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "p.csv"
    checklists = DATA / "portfolio" / "checklists"
    run = cli("portfolio", HOSTILE / "reviews" / "csv-cr.yaml", "--checklists", checklists,
              "-o", out, "--today", "2026-11-23")  # fmt: skip
    assert run.code == 0, run.err
    text = out.read_bytes().decode()
    assert "\"payments\r+cmd|'/C calc'!A0\"" in text
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert [row[2] for row in rows] == ["owner", "payments\r+cmd|'/C calc'!A0"]


# --- 5: terminal escapes -------------------------------------------------------------------


def test_the_gate_shows_escape_sequences_instead_of_sending_them(cli: CliRunner) -> None:
    path = HOSTILE / "reviews" / "terminal-escapes.yaml"
    run = cli("gate", path, "--checklists", DATA / "portfolio" / "checklists", *TODAY)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("demo\\x1b[2J: INCOMPLETE  score 0/100")  # 4 unanswered
    assert (
        "  WAIVED demo/one-box is unmet until 2026-12-31 (approved by sre\\x1b]0;pwned\\x07)"
        in (lines)
    )
    assert not CONTROL.search(run.out + run.err)


def test_an_error_message_shows_control_characters(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[2J.yaml"
    path.write_text("service: [\n")
    run = cli("gate", path)
    assert run.code == 2
    assert run.err.startswith(f"{tmp_path}/bad\\x1b[2J.yaml:2:1: not valid YAML")
    assert not CONTROL.search(run.err)


def test_a_review_card_shows_control_characters(tmp_path: Path) -> None:
    from orr.interview.terminal import LinePrompter
    from orr.interview.text import Style

    out, err = io.StringIO(), io.StringIO()
    prompter = LinePrompter(io.StringIO(), out, err, Style(color=True))
    prompter.show(Style(color=True).bold("notes: a\x1b]0;pwned\x07 b\rc"))
    prompter.notice("saved \x1b]0;pwned\x07")
    assert out.getvalue() == "\x1b[1mnotes: a\\x1b]0;pwned\\x07 b\\rc\x1b[0m\n"
    assert err.getvalue() == "saved \\x1b]0;pwned\\x07\n"


# --- 7: pipes, devices and endless files ---------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "gate", "report", "portfolio", "review"])
def test_a_fifo_is_refused_at_once(cli: CliRunner, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    run = cli(command, fifo, *(["--strict"] if command == "portfolio" else []))
    assert run.code == 2
    assert f"{fifo}: is not a regular file (a pipe, socket or device); give orr a file" in (
        run.out + run.err
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_symlink_to_an_endless_device_is_refused(
    cli: CliRunner, tmp_path: Path, device: str
) -> None:
    link = tmp_path / "r.yaml"
    link.symlink_to(device)
    run = cli("gate", link)
    assert (run.code, run.err) == (
        2,
        f"{link}: is not a regular file (a pipe, socket or device); give orr a file\n",
    )


@pytest.mark.parametrize("args", [["lens", "validate"], ["lens", "import"], ["diff", "a.yaml"]])
def test_a_fifo_is_refused_by_lens_and_diff(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("service: s\nowner: o\nchecklists: [zonal-shift]\n")
    os.mkfifo(tmp_path / "l.json")
    run = cli(*args, "l.json")
    assert run.code == 2
    assert "l.json: is not a regular file (a pipe, socket or device); give orr a file" in run.err


def test_a_policy_fifo_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "policy.toml")
    review = tmp_path / "r.yaml"
    review.write_text("service: s\nowner: o\nchecklists: [zonal-shift]\n")
    run = cli("gate", review, "--policy", tmp_path / "policy.toml")
    assert (run.code, run.err) == (
        2,
        f"{tmp_path}/policy.toml: is not a regular file (a pipe, socket or device); give orr a "
        "file\n",
    )


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orr import loading

    path = tmp_path / "r.yaml"
    path.write_text("x" * 200)
    monkeypatch.setattr(loading, "MAX_BYTES", 100)  # stat said less; the read finds more
    real_fstat = os.fstat
    monkeypatch.setattr(
        loading.os,
        "fstat",
        lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])),
    )
    with pytest.raises(InputError) as raised:
        loading.read_text(path)
    assert str(raised.value) == f"{path}: file is over the 100-byte limit; split it"


# --- 11: unreadable folders, invalid or hidden files among checklists ---------------------


def test_list_reports_an_invalid_checklist_and_lists_the_others(
    cli: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(DATA / "portfolio" / "checklists" / "demo.yaml", tmp_path / "demo.yaml")
    (tmp_path / "broken.yaml").write_text("id: broken\nsections: [\n")
    (tmp_path / ".demo.yaml.swp.yaml").write_text("\x00")  # hidden: an editor's, not a checklist
    os.mkfifo(tmp_path / "pipe.yaml")
    run = cli("list", "--checklists", tmp_path)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{tmp_path}/broken.yaml:3:1: not valid YAML: did not find expected node content",
        f"{tmp_path}/pipe.yaml: is not a regular file (a pipe, socket or device); give orr a file",
    ]
    assert any(line.startswith("demo ") for line in run.out.splitlines())
    assert any(line.startswith("zonal-shift ") for line in run.out.splitlines())


def test_validate_reports_a_folder_it_cannot_read(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orr import inputs

    shutil.copy(DATA / "portfolio" / "checklists" / "demo.yaml", tmp_path / "demo.yaml")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path: str | Path) -> Any:
        if Path(path).name == "locked":  # as if it had no read permission (tests run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    run = cli("validate", tmp_path)
    assert run.code == 2
    assert run.out.splitlines() == [
        f"{tmp_path}/locked: this folder cannot be read (Permission denied); give orr read "
        "access to it or leave it out",
        "1 problem in 1 of 2 files (1 checklist, 1 unreadable)",
    ]


def test_an_unreadable_checklists_folder_is_a_clean_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == tmp_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setenv("ORR_CHECKLISTS", str(tmp_path))
    run = cli("list")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"{tmp_path}: this checklist folder cannot be read (Permission denied); give orr read "
        "access to it or leave it out of --checklists and ORR_CHECKLISTS\n"
    )


# --- 8: every problem located from one parse -------------------------------------------------


def test_a_thousand_unknown_keys_are_located_from_one_parse(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from orr import loading

    path = tmp_path / "r.yaml"
    answers = "".join(f"  zonal-shift/nope-{n}:\n    status: met\n" for n in range(1000))
    path.write_text(f"service: s\nowner: o\nchecklists: [zonal-shift]\nanswers:\n{answers}")
    composed = []
    real = yaml.compose

    def compose(text: str, **kwargs: Any) -> Any:
        composed.append(len(text))
        return real(text, **kwargs)

    monkeypatch.setattr(loading.yaml, "compose", compose)
    loading._tree.cache_clear()
    run = cli("gate", path)
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) == 1000
    assert lines[999] == (
        f"{path}:2003:3: answers.zonal-shift/nope-999: no item 'nope-999' in checklist "
        "'zonal-shift'"
    )
    assert len(composed) <= 2  # the locations' tree once (and the review's lines)


# --- 9: aliases that expand to a lot of text -----------------------------------------------------


def test_aliases_of_a_large_string_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    big = "x" * 4_000_000
    path.write_text(
        "service: s\nowner: o\nchecklists: [zonal-shift]\nanswers:\n  zonal-shift/a:\n"
        f'    evidence: [&s "{big}", {", ".join(["*s"] * 1000)}]\n'
    )
    run = cli("report", path, "-o", tmp_path / "r.md")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"{path}:4:1: aliases expand to more than 41,943,040 characters of text (an alias "
        "bomb?); write the values out\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]


def test_top_level_aliases_of_a_large_string_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    keys = "".join(f"k{n}: *s\n" for n in range(20))
    path.write_text(f'service: s\nowner: o\nx: &s "{"x" * 4_000_000}"\n{keys}')
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.startswith(f"{path}:13:1: aliases expand to more than 41,943,040 characters")


# --- 13: control characters, lone surrogates, huge numbers, odd environments ----------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bel.yaml", "2:10: the control character U+0007 is not allowed in YAML; remove it"),
        ("nul.yaml", "2:9: the control character U+0000 is not allowed in YAML; remove it"),
        (
            "lone-surrogate.json",
            "2:72: \\ud800 is half of a UTF-16 surrogate pair, not a character; write the "
            "character itself",
        ),
        (
            "lone-surrogate-key.json",
            "2:15: \\udfff is half of a UTF-16 surrogate pair, not a character; write the "
            "character itself",
        ),
        ("huge-integer.json", "2:22: a number with more than 4,300 digits; write it as a string"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "gate", "report"])
def test_unencodable_or_unreadable_values_are_one_located_line(
    cli: CliRunner, tmp_path: Path, name: str, message: str, command: str
) -> None:
    path = HOSTILE / name
    args = ["-o", tmp_path / "out.md"] if command == "report" else []
    run = cli(command, path, *args)
    assert run.code == 2
    assert f"{path}:{message}" in (run.out + run.err).splitlines()
    assert not (tmp_path / "out.md").exists()


# --- 10: outputs that cannot be written --------------------------------------------------------

REVIEW = DATA / "diff" / "new.yaml"
DIFF_CHECKLISTS = ("--checklists", DATA / "diff" / "checklists")
#: Every command that writes a file, with the option naming it (OUT is replaced by the target).
WRITERS = {
    "gate --json": ["gate", REVIEW, *DIFF_CHECKLISTS, *TODAY, "--json", "OUT"],
    "gate --junit": ["gate", REVIEW, *DIFF_CHECKLISTS, *TODAY, "--junit", "OUT"],
    "gate --sarif": ["gate", REVIEW, *DIFF_CHECKLISTS, *TODAY, "--sarif", "OUT"],
    "report -o": ["report", REVIEW, *DIFF_CHECKLISTS, *TODAY, "-f", "md", "-o", "OUT"],
    "diff -o": ["diff", REVIEW, REVIEW, *DIFF_CHECKLISTS, *TODAY, "-o", "OUT"],
    "portfolio -o": ["portfolio", REVIEW, *DIFF_CHECKLISTS, *TODAY, "-f", "md", "-o", "OUT"],
    "init -o": [
        "init",
        "--service",
        "s",
        "--owner",
        "o",
        "--checklist",
        "zonal-shift",
        "-o",
        "OUT",
    ],
    "lens import -o": ["lens", "import", DATA / "lens" / "tolerant.json", "-o", "OUT"],
    "lens export -o": ["lens", "export", "zonal-shift", "--fit", "-o", "OUT"],
}
WHAT = {
    "gate": "the report",
    "report": "the report",
    "diff": "the diff",
    "portfolio": "the portfolio",
    "init": "the review",
    "lens": "the converted file",
}


def _writer(name: str, target: Path) -> list[str | Path]:
    return [target if a == "OUT" else a for a in WRITERS[name]]


@pytest.mark.parametrize("name", list(WRITERS))
def test_an_output_naming_a_folder_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, name: str
) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    run = cli(*_writer(name, target))
    last = run.err.splitlines()[-1]
    assert run.code == 2
    if last.startswith("Error: "):  # refused by the option itself (click's message)
        assert last.endswith(f"'{target}' is a directory.")
    else:
        what = WHAT[name.split()[0]]
        assert last == f"{target}: cannot write {what} (it is a folder); nothing was written"
    assert list(target.iterdir()) == [] and sorted(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_full_disk_leaves_no_file_behind(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from orr import savefile

    def full(fd: int, data: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(savefile.os, "write", full)
    target = tmp_path / "out.txt"
    run = cli(*_writer(name, target))
    what = WHAT[name.split()[0]]
    assert (run.code, run.err.splitlines()[-1]) == (
        2,
        f"{target}: cannot write {what} (no space left on device); nothing was written",
    )
    assert list(tmp_path.iterdir()) == []  # no 0-byte file that the next run refuses


@pytest.mark.parametrize("name", ["report -o", "gate --json", "diff -o"])
def test_a_device_is_never_replaced(cli: CliRunner, name: str) -> None:
    run = cli(*_writer(name, Path("/dev/full")))
    what = WHAT[name.split()[0]]
    assert (run.code, run.err.splitlines()[-1]) == (
        2,
        f"/dev/full: cannot write {what} (it is not a regular file); nothing was written",
    )
    assert Path("/dev/full").is_char_device()


def test_a_read_only_folder_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def denied(**kwargs: Any) -> Any:  # as in a read-only folder (the tests run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    target = tmp_path / "l.json"
    run = cli(*_writer("lens export -o", target))
    assert (run.code, run.err.splitlines()[-1]) == (
        2,
        f"{target}: cannot write the converted file (permission denied); nothing was written",
    )


def test_a_step_summary_naming_a_folder_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))
    run = cli("gate", REVIEW, *DIFF_CHECKLISTS, *TODAY, "--github")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        f"{tmp_path}: cannot write the step summary ($GITHUB_STEP_SUMMARY) (is a directory)"
    )


def test_review_in_a_read_only_folder_says_the_answer_was_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from orr.editing.answerfile import save_answer
    from orr.errors import UsageError

    path = tmp_path / "r.yaml"
    path.write_text("service: s\nowner: o\nchecklists: [zonal-shift]\n")

    def denied(**kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(UsageError) as raised:
        save_answer(path, "zonal-shift/x", {"status": "met"}, based_on=None)
    assert str(raised.value) == f"{path}: cannot save (permission denied); nothing was written"
    assert path.read_text() == "service: s\nowner: o\nchecklists: [zonal-shift]\n"


# --- 6, 12: service names as file names; names too long for the system -----------------------


@pytest.mark.parametrize(
    ("service", "written"),
    [("../../x", "reviews/x.yaml"), ("/tmp/abs", "reviews/tmp-abs.yaml"),
     ("a\nwaivers: []\nb", "reviews/a-waivers-b.yaml"), ("demo\x1b[2J", "reviews/demo-2J.yaml")],
)  # fmt: skip
def test_init_builds_the_file_name_as_reports_do(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: str, written: str
) -> None:
    import yaml

    monkeypatch.chdir(tmp_path)
    run = cli("init", "--service", service, "--owner", "o", "--checklist", "zonal-shift")
    assert (run.code, run.out) == (0, f"wrote {written}\n")
    assert [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.yaml")] == [written]
    assert yaml.safe_load((tmp_path / written).read_text())["service"] == service
    assert cli("validate", written).code == 0


@pytest.mark.parametrize(
    ("service", "message"),
    [
        (
            "../..",
            "service '../..' has no letters or digits to name its files by; rename it or give "
            "the file name with -o",
        ),
        (
            "x" * 300,
            f"service {'x' * 40!r}... makes a file name of 300 characters, over 200; shorten it "
            "or give the file name with -o",
        ),
    ],
)
def test_a_service_that_cannot_name_a_file_is_a_usage_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--service", service, "--owner", "o", "--checklist", "zonal-shift")
    assert (run.code, run.err) == (2, message + "\n")
    assert list(tmp_path.iterdir()) == []
    review = tmp_path / "r.yaml"
    review.write_text(f"service: {service!r}\nowner: o\nchecklists: [zonal-shift]\n")
    run = cli("report", review, "--output-dir", tmp_path / "out")
    assert (run.code, run.err) == (2, message + "\n")
    assert not (tmp_path / "out").exists()


def test_names_too_long_for_the_system_are_exit_2(cli: CliRunner, tmp_path: Path) -> None:
    long = "c" * 300
    run = cli("init", "--service", "s", "--checklist", long, "-o", "-")
    assert (run.code, run.err) == (2, f"orr init: no checklist {long!r}; see `orr list`\n")
    review = tmp_path / "r.yaml"
    review.write_text(f"service: s\nowner: o\nchecklists: [{long}]\n")
    run = cli("gate", review)
    assert run.code == 2
    assert run.err.startswith(f"{review}:3:14: checklists[0]: no checklist with id {long!r}")
    run = cli("diff", tmp_path / ("d" * 300 + ".yaml"), review)
    assert run.code == 2
    assert run.err.startswith(
        f"{tmp_path / ('d' * 300 + '.yaml')}: cannot be read: File name too long"
    )
    (tmp_path / "reviews").mkdir()
    shutil.copy(review, tmp_path / "reviews" / "r.yaml")
    shutil.copy(DATA / "portfolio" / "reviews" / "alpha.yaml", tmp_path / "reviews" / "alpha.yaml")
    checklists = DATA / "portfolio" / "checklists"
    run = cli("portfolio", tmp_path / "reviews", "--checklists", checklists, "-f", "csv", *TODAY)
    assert run.code == 0, run.err
    assert "alpha-api" in run.out and "INVALID" in run.out


@pytest.mark.parametrize(
    ("epoch", "message"),
    [
        ("9" * 5000, f"SOURCE_DATE_EPOCH={'9' * 40 + '...'!r} is not a whole number of seconds"),
        ("١٧٩٥٤٢٦٢٠٠", "SOURCE_DATE_EPOCH='١٧٩٥٤٢٦٢٠٠' is not a whole number of seconds"),
        ("-5", "SOURCE_DATE_EPOCH='-5' is not a whole number of seconds"),
        ("999999999999", "SOURCE_DATE_EPOCH='999999999999' is past the last date Python can hold"),
    ],
)
@pytest.mark.parametrize("command", ["gate", "review"])
def test_a_bad_source_date_epoch_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, message: str,
    command: str,
) -> None:  # fmt: skip
    review = tmp_path / "r.yaml"
    review.write_text("service: s\nowner: o\nchecklists: [zonal-shift]\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = cli(command, review, *(["--today", "2026-11-23"] if command == "review" else []))
    assert run.code == 2
    assert run.err.startswith(message)
    assert len(run.err.splitlines()) == 1
    assert review.read_text() == "service: s\nowner: o\nchecklists: [zonal-shift]\n"


@pytest.mark.parametrize("columns", ["9" * 5000, "١٢٠", "-3", "wide"])
def test_an_odd_columns_value_falls_back_to_the_default_width(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("gate", DATA / "diff" / "new.yaml", *DIFF_CHECKLISTS, *TODAY)
    assert run.code in (0, 1)
    assert max(len(line) for line in run.out.splitlines()) <= 100


def test_a_stat_overflow_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orr import loading

    review = tmp_path / "r.yaml"
    review.write_text("service: s\n")

    def overflow(fd: int) -> Any:
        raise OSError(75, "Value too large for defined data type")

    from types import SimpleNamespace

    monkeypatch.setattr(loading, "os", SimpleNamespace(**{**vars(os), "fstat": overflow}))
    run = cli("validate", review)
    assert run.code == 2
    assert run.out.splitlines()[0] == (
        f"{review}: cannot be read: Value too large for defined data type"
    )


# --- 14: a checklist whose id is not its file name ----------------------------------------------


@pytest.mark.parametrize("command", ["gate", "validate", "review"])
def test_a_checklist_id_that_differs_from_its_file_name_is_refused(
    cli: CliRunner, tmp_path: Path, command: str
) -> None:
    review = tmp_path / "r.yaml"
    text = "service: s\nowner: o\nchecklists: [renamed]\nanswers:\n  renamed/a: {status: met}\n"
    review.write_text(text)
    checklist = HOSTILE / "checklists" / "renamed.yaml"
    run = cli(command, review, "--checklists", checklist.parent)
    assert run.code == 2
    assert (
        f"{checklist}:2:5: id: the id 'other-name' is not the file's name (renamed.yaml): reviews "
        "find a checklist by its file name; rename the file other-name.yaml or change the id"
    ) in (run.out + run.err).splitlines()
    assert review.read_text() == text


# --- 15: pins -------------------------------------------------------------------------------


def test_a_pin_must_name_a_version(cli: CliRunner) -> None:
    path = HOSTILE / "reviews" / "bad-pins.yaml"
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines()[:2] == [
        f"{path}:4:14: checklists[0]: '' is not a version to pin 'zonal-shift' to; write it as "
        "zonal-shift@1.2.0, or drop the '@' to use the current version",
        f"{path}:4:28: checklists[1]: '<script>' is not a version to pin 'incremental-deploy' "
        "to; write it as incremental-deploy@1.2.0, or drop the '@' to use the current version",
    ]


def test_a_min_score_that_is_not_a_number_is_refused(cli: CliRunner) -> None:
    run = cli("gate", DATA / "diff" / "new.yaml", *DIFF_CHECKLISTS, *TODAY, "--min-score", "nan")
    assert (run.code, run.err) == (
        2,
        "<policy flags>: min_score: input should be a finite number\n",
    )


def test_validate_shows_control_characters_in_a_file_name(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x\x1b]0;pwned\x07.yaml"
    path.write_text("service: [\n")
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.startswith(f"{tmp_path}/x\\x1b]0;pwned\\x07.yaml:2:1: not valid YAML")
    assert not CONTROL.search(run.out + run.err)


@pytest.mark.parametrize("command", ["review", "validate", "diff"])
def test_a_review_orr_may_not_read_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from types import SimpleNamespace

    from orr import loading

    review = tmp_path / "r.yaml"
    review.write_text("service: s\nowner: o\nchecklists: [zonal-shift]\n")

    def denied(path: Any, *args: Any) -> int:  # as in a folder without search permission
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(loading, "os", SimpleNamespace(**{**vars(os), "open": denied}))
    args = [review, review] if command == "diff" else [review]
    run = cli(command, *args, *(["--today", "2026-11-23"] if command == "review" else []))
    assert run.code == 2
    assert f"{review}: cannot be read: Permission denied" in (run.out + run.err).splitlines()
    assert "internal error" not in run.err


def test_portfolio_of_a_path_it_may_not_look_at_is_one_line_exit_2(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = tmp_path / "locked" / "reviews"
    real = Path.stat

    def stat(self: Path, **kwargs: Any) -> Any:
        if self == hidden:  # as if `locked` had no search permission (the tests run as root)
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    run = cli("portfolio", hidden)
    assert (run.code, run.err) == (2, f"{hidden}: cannot be read: Permission denied\n")
    run = cli("portfolio", tmp_path / ("p" * 300))
    assert (run.code, run.err) == (
        2,
        f"{tmp_path / ('p' * 300)}: cannot be read: File name too long\n",
    )
