"""`orr report`: what it writes where, what it prints, and every way to call it wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from orr.render import Format, html, json, markdown
from orr.reporting import file_stem, format_for
from tests.conftest import EXAMPLES, CliRunner
from tests.report_helpers import DEMO_CHECKLISTS, DEMO_REVIEW, demo_result

TODAY = ("--today", "2026-11-23")
DEMO = (str(DEMO_REVIEW), "--checklists", str(DEMO_CHECKLISTS), *TODAY)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_default_writes_markdown_and_html_into_reports_and_prints_the_paths(
    cli: CliRunner,
) -> None:
    run = cli("report", *DEMO)
    assert (run.code, run.out, run.err) == (
        0,
        "reports/report-demo-service.md\nreports/report-demo-service.html\n",
        "",
    )
    assert sorted(p.name for p in Path("reports").iterdir()) == [
        "report-demo-service.html",
        "report-demo-service.md",
    ]
    result = demo_result()
    assert Path("reports/report-demo-service.md").read_text("utf-8") == markdown.render(result)
    assert Path("reports/report-demo-service.html").read_text("utf-8") == html.render(result)


def test_not_ready_still_exits_zero_and_several_reviews_go_to_one_folder(cli: CliRunner) -> None:
    run = cli(
        "report",
        EXAMPLES / "ledger-worker.yaml",
        EXAMPLES / "checkout-api.yaml",
        *TODAY,
        "--output-dir",
        "out",
        "--format",
        "md",
    )
    assert (run.code, run.out) == (0, "out/ledger-worker.md\nout/checkout-api.md\n")


@pytest.mark.parametrize(
    ("fmt", "render"),
    [("md", markdown.render), ("html", html.render), ("json", json.render)],
)
def test_dash_prints_one_format(cli: CliRunner, fmt: str, render: object) -> None:
    run = cli("report", *DEMO, "--format", fmt, "-o", "-")
    assert callable(render)
    assert (run.code, run.out, run.err) == (0, render(demo_result()), "")


def test_dash_without_format_prints_markdown(cli: CliRunner) -> None:
    assert cli("report", *DEMO, "-o", "-").out == markdown.render(demo_result())


def test_output_file_takes_its_format_from_the_extension(cli: CliRunner) -> None:
    run = cli("report", *DEMO, "-o", "deep/er/review.html")
    assert (run.code, run.out) == (0, "deep/er/review.html\n")
    assert Path("deep/er/review.html").read_text("utf-8") == html.render(demo_result())
    assert [p.name for p in Path("deep/er").iterdir()] == ["review.html"]  # no temporary left


def test_summary_prints_or_writes_the_short_form(cli: CliRunner) -> None:
    expected = markdown.render_summary(demo_result())
    assert cli("report", *DEMO, "--summary", "-o", "-").out == expected
    run = cli("report", *DEMO, "--summary", "--output-dir", "ci")
    assert (run.code, run.out) == (0, "ci/report-demo-service.summary.md\n")
    assert Path("ci/report-demo-service.summary.md").read_text("utf-8") == expected


def test_same_inputs_give_byte_identical_files(cli: CliRunner) -> None:
    cli("report", *DEMO, "--output-dir", "a")
    cli("report", *DEMO, "--output-dir", "b")
    for name in ("report-demo-service.md", "report-demo-service.html"):
        assert (Path("a") / name).read_bytes() == (Path("b") / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "x.md", "--output-dir", "d"), "give -o FILE or --output-dir DIR, not both"),
        (
            ("-o", "x.txt"),
            "cannot tell the format of 'x.txt' from its extension: end it with .md, .html, .json, "
            ".junit.xml or .sarif, or add --format",
        ),
        (("-o", "-", "-f", "md", "-f", "html"),
         "-o writes one format: give a single --format, or use --output-dir"),
        (("--summary", "-f", "html"),
         "--summary is a short Markdown form: use it with --format md"),
        (("--today", "23/11/2026"), "--today '23/11/2026' is not a date; write it as YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_usage_errors(cli: CliRunner, args: tuple[str, ...], message: str) -> None:
    run = cli("report", str(DEMO_REVIEW), "--checklists", str(DEMO_CHECKLISTS), *args)
    assert (run.code, run.out, run.err) == (2, "", message + "\n")
    assert not Path("reports").exists()


def test_one_output_file_for_two_reviews_is_refused(cli: CliRunner) -> None:
    run = cli("report", EXAMPLES / "checkout-api.yaml", EXAMPLES / "ledger-worker.yaml", "-o", "-")
    assert (run.code, run.err) == (
        2,
        "-o writes one report: give one review, or use --output-dir\n",
    )


def test_every_invalid_review_is_reported_and_nothing_is_written(cli: CliRunner) -> None:
    Path("broken.yaml").write_text("service: x\nservice: y\n", encoding="utf-8")
    run = cli("report", "missing.yaml", EXAMPLES / "checkout-api.yaml", "broken.yaml", *TODAY)
    assert run.code == 2
    assert run.err.splitlines() == [
        "broken.yaml:2:1: duplicate key 'service' (first at line 1); keep one of them",
        "missing.yaml: no such file",
    ]
    assert not Path("reports").exists()


def test_two_reviews_of_one_service_would_overwrite_each_other(cli: CliRunner) -> None:
    copy = Path("copy.yaml")
    copy.write_text((EXAMPLES / "checkout-api.yaml").read_text("utf-8"), encoding="utf-8")
    run = cli("report", EXAMPLES / "checkout-api.yaml", copy, *TODAY)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "copy.yaml: service 'checkout-api' is also the service of "
        f"{EXAMPLES / 'checkout-api.yaml'}; their reports would overwrite each other: "
        "report them separately with different --output-dir\n"
    )


def test_an_unwritable_target_is_a_clean_error(cli: CliRunner) -> None:
    Path("taken").write_text("a file, not a folder", encoding="utf-8")
    run = cli("report", *DEMO, "-o", "taken/review.md")
    assert (run.code, run.err) == (
        2,
        "taken/review.md: cannot write the report (file exists); nothing was written\n",
    )


def test_user_templates_take_precedence_and_can_extend_the_built_ins(cli: CliRunner) -> None:
    mine = Path("mine")
    mine.mkdir()
    (mine / "report.md.j2").write_text("{{ result.service }}: {{ result.verdict }}\n", "utf-8")
    (mine / "report.html.j2").write_text(
        '{% extends "orr/report.html.j2" %}{% block footer %}<p>Filed by {{ result.owner }}'
        "</p>{% endblock %}",
        "utf-8",
    )
    (mine / "report.css").write_text("body { color: #000; }\n", "utf-8")
    run = cli("report", *DEMO, "--template-dir", mine, "--output-dir", "out")
    assert run.code == 0
    assert Path("out/report-demo-service.md").read_text("utf-8") == (
        "report-demo-service: NOT READY\n"
    )
    page = Path("out/report-demo-service.html").read_text("utf-8")
    assert "<p>Filed by team | &lt;pipes&gt;</p>" in page
    assert "<style>\nbody { color: #000; }\n</style>" in page
    assert '<h2 id="items-title">Items</h2>' in page


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("line one\n{% if %}\n", 2,
         "template error: Expected an expression, got 'end of statement block'"),
        ("ok\n\n{{ result.nothing.here }}\n", 3,
         "template error: 'orr.result.Result object' has no attribute 'nothing'"),
        ("{{ 'x'|status_label }}", 1, "template error: KeyError('x')"),
    ],
)  # fmt: skip
def test_a_broken_template_names_its_file_and_line(
    cli: CliRunner, source: str, line: int, message: str
) -> None:
    Path("mine").mkdir()
    Path("mine/report.md.j2").write_text(source, "utf-8")
    run = cli("report", *DEMO, "--template-dir", "mine", "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err == f"mine/report.md.j2:{line}:1: {message}\n"


def test_a_missing_template_folder_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("report", *DEMO, "--template-dir", "nowhere")
    assert run.code == 2
    assert "Directory 'nowhere' does not exist" in run.err


@pytest.mark.parametrize(
    ("service", "stem"),
    [("checkout-api", "checkout-api"), ("../../etc/passwd", "etc-passwd"), ("a b/c", "a-b-c"),
     ("Zahlungs_API.v2", "Zahlungs_API.v2"), (".hidden", "hidden"), ("a" * 200, "a" * 200)],
)  # fmt: skip
def test_file_names_never_leave_the_output_folder(service: str, stem: str) -> None:
    assert file_stem(service) == stem


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.md", Format.MARKDOWN), ("a.MARKDOWN", Format.MARKDOWN), ("a.html", Format.HTML),
     ("a.htm", Format.HTML), ("a.json", Format.JSON), ("a.junit.xml", Format.JUNIT),
     ("a.xml", Format.JUNIT), ("a.sarif", Format.SARIF), ("a.txt", None)],
)  # fmt: skip
def test_format_from_file_name(name: str, fmt: Format | None) -> None:
    assert format_for(Path(name)) == fmt
