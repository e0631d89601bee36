"""orr review in plain-line mode (stdin not a terminal), run in-process."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from orr.catalog import load_review
from orr.commands.options import make_catalog
from tests.conftest import DATA, CliRunner

REVIEW_DATA = DATA / "review"
CHECKLISTS = REVIEW_DATA / "checklists"
EPOCH = "1795426200"  # 2026-11-23T09:30:00Z


@pytest.fixture
def review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner
) -> tuple[Path, CliRunner]:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "fresh.yaml"
    shutil.copy(REVIEW_DATA / "fresh.yaml", path)
    return path, cli


def _run(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, lines: str, *args: str | Path
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run = cli("review", *args, "--checklists", CHECKLISTS, "--user", "dana")
    return run.code, run.out, run.err


def _answers(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text())
    return {
        ref: {k: v for k, v in a.items() if k != "fingerprint"}
        for ref, a in data["answers"].items()
    }


def test_a_scripted_session_saves_every_answer_and_writes_reports(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    script = "\n".join(
        [
            *("met", "https://ci/1", "one box first"),  # one-box: status, evidence, notes
            *("p", "", ""),  # rollback
            *("unmet", "no bake time"),  # bake-time takes no evidence
            *("1,-2", "", ""),  # runbooks: paging chosen, tested not applicable
            *("n/a", "24x7 is vendor-run"),  # on-call: n/a and its reason
        ]
    )
    code, out, err = _run(cli, monkeypatch, script, path)
    assert code == 0, err
    when = "2026-11-23T09:30:00Z"
    text = path.read_text()
    assert text.startswith((REVIEW_DATA / "fresh.yaml").read_text().split("answers:")[0])
    assert "  # nothing answered yet\n" in text and "  regions: 1      # single region" in text
    assert f"    answered_at: {when}\n" in text
    who = {"answered_by": "dana"}
    stamp = yaml.safe_load(f"t: {when}")["t"]
    assert _answers(path) == {
        "demo/one-box": {"status": "met", "evidence": ["https://ci/1"], "notes": "one box first"}
        | who
        | {"answered_at": stamp},
        "demo/rollback": {"status": "partial"} | who | {"answered_at": stamp},
        "demo/bake-time": {"status": "unmet", "notes": "no bake time"}
        | who
        | {"answered_at": stamp},
        "demo/runbooks": {"choices": ["paging"], "na_choices": ["tested"]}
        | who
        | {"answered_at": stamp},
        "demo/on-call": {"status": "n/a", "reason": "24x7 is vendor-run"}
        | who
        | {"answered_at": stamp},
    }
    loaded = load_review(path, make_catalog([CHECKLISTS]))
    assert loaded.review.answers["demo/one-box"].fingerprint == (
        loaded.checklists["demo"].items_by_id["one-box"].fingerprint
    )
    assert "Status (met/partial/unmet/n/a/skip/back/quit): met\n" in out
    assert "demo-api: NOT READY  score" in out
    assert out.endswith("wrote reports/demo-api.md\nwrote reports/demo-api.html\n")
    assert (path.parent / "reports" / "demo-api.html").is_file()
    assert err.splitlines() == [
        f"saved demo/{i}" for i in ("one-box", "rollback", "bake-time", "runbooks", "on-call")
    ]


def test_running_again_resumes_at_the_first_unanswered_item(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    code, out, _ = _run(cli, monkeypatch, "m\nhttps://a\n\nq\n", path, "--no-reports")
    assert code == 0
    assert "Stopped at demo/rollback (2/5); 4 items still unanswered." in out
    code, out, _ = _run(cli, monkeypatch, "q\n", path, "--no-reports")
    cards = [line for line in out.splitlines() if line.startswith("-----")]
    assert cards == ["-" * 73 + " 2/5 --"]
    assert list(_answers(path)) == ["demo/one-box"]


def test_only_blocking_and_nothing_left(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    _run(cli, monkeypatch, "p\nhttps://a\n\nm\n\n\n", path, "--only", "blocking", "--no-reports")
    assert list(_answers(path)) == ["demo/one-box", "demo/rollback"]
    code, out, _ = _run(cli, monkeypatch, "", path, "--only", "blocking", "--no-reports")
    assert code == 0
    assert "No blocking items among the 5 that apply" not in out  # one-box is partial
    assert "demo/one-box" in out.split("Status")[0]
    _run(cli, monkeypatch, "m\nhttps://a\n\n", path, "--only", "blocking", "--no-reports")
    code, out, _ = _run(cli, monkeypatch, "", path, "--only", "blocking", "--no-reports")
    assert (
        "No blocking items among the 5 that apply (--only all goes through every item again)."
        in out
    )


def test_only_blocking_counts_progress_over_the_items_it_asks(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    code, out, _ = _run(cli, monkeypatch, "p\nhttps://a\n\nq\n", path, "--only", "blocking")
    assert code == 0
    cards = [line for line in out.splitlines() if line.startswith("-----")]
    assert cards == ["-" * 73 + " 1/2 --", "-" * 73 + " 2/2 --"]
    assert "Stopped at demo/rollback (2/2); 1 item still unanswered." in out


def test_end_of_input_inside_an_answer_is_an_error_and_keeps_earlier_answers(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    code, _, err = _run(cli, monkeypatch, "met\nhttps://a\n\nunmet\n", path)
    assert code == 2
    assert err.splitlines()[-1] == (
        "orr review: input ended in the middle of the answer to demo/rollback; that answer was "
        "not saved (every earlier one was)"
    )
    assert list(_answers(path)) == ["demo/one-box"]


def test_a_new_file_is_created_from_the_first_answers(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, cli = review
    path = tmp_path / "reviews" / "new.yaml"
    script = "checkout\n\nnope, demo\ndemo\nlambda\n[1, 2\n2\nq\n"
    code, out, err = _run(cli, monkeypatch, script, path, "--no-reports")
    assert code == 0, err
    assert "no checklist 'nope'" in err
    assert "'[1, 2' is not an integer" in err
    data = yaml.safe_load(path.read_text())
    assert (data["service"], data["owner"], data["checklists"]) == ("checkout", "dana", ["demo"])
    assert data["context"] == {"compute": "lambda", "regions": 2}
    assert "# [Demo readiness / Deployment] (high risk, mandatory)" in path.read_text()
    assert "not asked" not in out  # with lambda and 2 regions every item applies
    assert "Stopped at demo/one-box (1/7); 7 items still unanswered." in out


def test_a_new_file_asks_each_declared_key_with_its_description_and_allowed_values(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, cli = review
    path = tmp_path / "new.yaml"
    script = "checkout\n\ndemo\nfargate\necs\n\nq\n"
    code, out, err = _run(cli, monkeypatch, script, path, "--no-reports")
    assert code == 0, err
    assert (
        "compute (what runs the code) (ec2/ecs/eks/lambda/other/unset) [unset]: fargate\n"
        "compute (what runs the code) (ec2/ecs/eks/lambda/other/unset) [unset]: ecs\n"
        "regions (how many regions the service is served from), an integer; empty leaves it "
        "unset: \n"
    ) in out
    assert "'fargate' is not one of ec2/ecs/eks/lambda/other/unset" in err
    assert yaml.safe_load(path.read_text())["context"] == {"compute": "ecs"}


def test_checklist_option_restricts_and_adds(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    extra = path.parent / "checklists"
    shutil.copytree(CHECKLISTS, extra)
    (extra / "tiny.yaml").write_text(
        "id: tiny\ntitle: Tiny\nversion: 1.0.0\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - id: q\n        question: Is it so?\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("met\n\n\n"))
    run = cli("review", path, "--checklists", extra, "--checklist", "tiny", "--no-reports")
    assert run.code == 0, run.err
    data = yaml.safe_load(path.read_text())
    assert data["checklists"] == ["demo", "tiny"]
    assert list(data["answers"]) == ["tiny/q"]
    assert "  - demo\n  - tiny\nanswers:\n  tiny/q:\n" in path.read_text()
    assert "  # nothing answered yet\n" in path.read_text()


def test_refusals(review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch) -> None:
    path, cli = review
    monkeypatch.setenv("CI", "true")
    code, _, err = _run(cli, monkeypatch, "m\n", path)
    assert (code, err) == (2, f"orr review is interactive; in CI run `orr gate {path}` instead\n")
    monkeypatch.delenv("CI")
    code, _, err = _run(cli, monkeypatch, "", path, "--checklist", "dem")
    assert (code, err) == (
        2,
        "orr review: no checklist 'dem' (did you mean 'demo'?); see `orr list`\n",
    )
    path.write_text(
        path.read_text().replace("answers:", "answers:\n  demo/one-box: {status: done}")
    )
    code, _, err = _run(cli, monkeypatch, "", path)
    assert code == 2
    assert err == (
        f"{path}:12:26: answers.demo/one-box.status: 'done' is not one of met, partial, unmet, "
        "n/a\n"
    )


def test_help_documents_the_keys_and_the_plain_line_protocol(cli: CliRunner) -> None:
    run = cli("review", "--help")
    assert run.code == 0
    for text in (
        "m met  p partial  u unmet  n n/a  s skip  b back  q quit",
        "Without a terminal (stdin not a TTY), one line per prompt:",
        "--only [unanswered|blocking|all]",
        "--no-reports",
        "--user NAME",
    ):
        assert text in run.out
    assert "review" in cli("--help").out


def test_a_json_review_is_refused_with_the_way_out(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    target = path.with_suffix(".json")
    target.write_text('{"service": "s", "owner": "o", "checklists": ["demo"]}')
    code, _, err = _run(cli, monkeypatch, "", target)
    assert (code, err) == (
        2,
        f"orr review: {target} is JSON, which keeps no comments; orr review writes YAML. JSON is "
        "valid YAML: rename it to .yaml and run again\n",
    )


def test_the_closing_summary_has_a_score_per_checklist(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    (path.parent / "demo2.yaml").write_text(
        (CHECKLISTS / "demo.yaml")
        .read_text()
        .replace("id: demo\ntitle: Demo readiness", "id: demo2\ntitle: Second")
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    run = cli(
        "review", path, "--checklists", CHECKLISTS, "--checklists", path.parent,
        "--checklist", "demo2", "--no-reports",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.out.endswith("  score 0/100  Demo readiness\n  score 0/100  Second\n")


def test_answered_by_defaults_to_git_then_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from orr.commands import review as command

    def git(args: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        assert args == ["git", "config", "user.name"]
        return subprocess.CompletedProcess(args, 0, "Dana Lee\n", "")

    monkeypatch.setattr(command.subprocess, "run", git)
    assert command.default_user() == "Dana Lee"

    def no_git(args: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        raise FileNotFoundError("git")

    monkeypatch.setattr(command.subprocess, "run", no_git)
    monkeypatch.setattr(command.getpass, "getuser", lambda: "dlee")
    assert command.default_user() == "dlee"


def test_input_ending_before_a_new_file_is_complete_writes_nothing(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, cli = review
    target = tmp_path / "new.yaml"
    code, _, err = _run(cli, monkeypatch, "checkout\n\n", target)
    assert (code, err.splitlines()[-1]) == (
        2,
        f"orr review: input ended before {target} could be created; nothing was written",
    )
    assert not target.exists()


def test_a_hand_commented_review_keeps_every_comment_through_a_whole_session(
    review: tuple[Path, CliRunner], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cli = review
    shutil.copy(REVIEW_DATA / "commented.yaml", path)
    before = path.read_text()
    script = "m\nhttps://ci/1\n\nm\n\n\nu\n\npaging\n\n\nm\n\n\n"
    code, _, err = _run(cli, monkeypatch, script, path, "--only", "all", "--no-reports")
    assert code == 0, err
    after = path.read_text()

    def comments(text: str) -> list[str]:
        return [line[line.index("#") :] for line in text.splitlines() if "#" in line]

    assert comments(after) == comments(before)
    assert after.startswith(before.split("answers:")[0])
    assert after.endswith("# end of answers\nwaivers: []   # none yet\n")
    assert "    status: met       # one-box exists, but hotfixes skip it\n" in after
