"""`orr portfolio`: the roll-up of many reviews, in every format, with invalid files listed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orr.commands.portfolio import FORMATS
from orr.portfolio.rollup import Portfolio, ServiceRow, summarise, worst_first
from orr.portfolio.run import Settings, build, discover
from orr.render import portfolio_json
from orr.render.portfolio_view import heat_cells
from tests.conftest import ROOT, CliRunner

DATA = Path("tests/data/portfolio")  # relative: the reports show paths as given
REVIEWS = DATA / "reviews"
ARGS = (REVIEWS, "--checklists", DATA / "checklists", "--today", "2026-11-23")
BROKEN = (
    "tests/data/portfolio/reviews/broken.yaml:6:13: answers.demo/one-box.status: 'maybe' is "
    "not one of met, partial, unmet, n/a"
)


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _portfolio(**kwargs: int) -> Portfolio:
    settings = Settings((ROOT / DATA / "checklists",), dt.date(2026, 11, 23))
    return build(discover([str(REVIEWS)]), settings, **kwargs)


def test_invalid_reviews_are_named_on_stderr(cli: CliRunner) -> None:
    run = cli("portfolio", *ARGS)
    assert (run.code, run.err) == (0, f"invalid: {BROKEN}\n")


def test_an_invalid_review_fails_the_run_only_with_strict(cli: CliRunner) -> None:
    assert cli("portfolio", *ARGS).code == 0
    run = cli("portfolio", *ARGS, "--strict")
    assert (run.code, run.err) == (2, f"invalid: {BROKEN}\n")


def test_json_has_every_row_field_and_lists_skipped_files(cli: CliRunner) -> None:
    data = json.loads(cli("portfolio", *ARGS, "--format", "json").out)
    assert data["schema"] == "orr.portfolio/v1"
    assert [s["service"] for s in data["services"]] == [  # worst first, invalid last
        "beta-worker",
        "gamma-store",
        "alpha-api",
        "broken-svc",
    ]
    fields = {f.name for f in dataclasses.fields(ServiceRow)}
    assert fields <= set(data["services"][0])
    assert data["skipped"] == [
        {"path": "tests/data/portfolio/reviews/payments/local-checklist.yaml", "kind": "checklist"}
    ]
    assert data["totals"] == {
        "services": 4,
        "ready": 1,
        "not_ready": 2,
        "incomplete": 0,
        "invalid": 1,
        "stale": 1,
        "undated": 1,
        "blockers": 4,
        "active_waivers": 0,
        "expiring_waivers": 1,
        "expired_waivers": 1,
        "behind": 1,
    }
    beta = data["services"][0]
    assert beta["behind"] == [{"checklist": "demo", "pinned": "1.0.0", "current": "2.0.0"}]
    assert (beta["age_days"], beta["stale"], beta["blockers"]) == (540, True, 2)
    assert beta["waivers"] == [
        {
            "item": "demo/runbook",
            "approved_by": "head-of-sre",
            "reason": "Waiting for the new paging tool.",
            "expires": "2026-10-01",
            "days_left": -53,
            "state": "expired",
        }
    ]


def test_heat_map_lists_the_most_failed_question_first() -> None:
    heat = _portfolio().heat
    assert [(h.ref, h.failing, h.applicable, h.unanswered) for h in heat] == [
        ("demo/alarms", 3, 3, 0),
        ("demo/one-box", 2, 3, 0),  # ties with runbook on count and share; high risk first
        ("demo/runbook", 2, 3, 0),
        ("demo/rollback", 0, 3, 1),
    ]
    assert heat[0].services == ("alpha-api", "beta-worker", "gamma-store")


def test_parallel_workers_give_the_same_portfolio_as_one_process() -> None:
    assert _portfolio(jobs=2, min_parallel=1) == _portfolio(jobs=1)


def test_a_quoted_glob_finds_the_same_reviews(cli: CliRunner) -> None:
    pattern = str(REVIEWS / "**" / "*.yaml")
    by_glob = json.loads(cli("portfolio", pattern, *ARGS[1:], "-f", "json").out)
    by_folder = json.loads(cli("portfolio", *ARGS, "-f", "json").out)
    assert by_glob == by_folder


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no/such/folder", "no/such/folder: no such file or folder\n"),
        ("no/*.yaml", "no/*.yaml: no file matches this pattern\n"),
    ],
)
def test_a_missing_path_is_a_usage_error(cli: CliRunner, path: str, message: str) -> None:
    assert (cli("portfolio", path).code, cli("portfolio", path).err) == (2, message)


def test_a_folder_without_reviews_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("portfolio", DATA / "checklists")
    assert (run.code, run.err) == (
        2,
        "no reviews among the 1 files under tests/data/portfolio/checklists\n",
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_output_format_follows_the_file_extension(
    cli: CliRunner, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"portfolio{FORMATS[fmt][1]}"
    run = cli("portfolio", *ARGS, "-o", target)
    extras = ("heatmap", "risks", "teams", "waivers") if fmt == "csv" else ()
    written = [target, *(target.with_name(f"portfolio-{name}.csv") for name in extras)]
    assert (run.code, run.out) == (0, "".join(f"{path}\n" for path in written))
    text = target.read_text(encoding="utf-8")
    assert text == cli("portfolio", *ARGS, "--format", fmt).out
    assert "gamma-store" in text


def test_html_is_self_contained_with_real_table_headers(cli: CliRunner) -> None:
    page = cli("portfolio", *ARGS, "--format", "html").out
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # the CSP forbids loading anything
    assert "<link" not in page and "src=" not in page
    assert page.count('<th scope="col"') >= 20
    assert '<h2 id="risks-title">Systemic risks</h2>' in page
    assert "@media print" in page
    assert "expired 53 days ago" in page  # state in words, not colour alone


def test_html_escapes_user_text(tmp_path: Path, cli: CliRunner) -> None:
    review = (ROOT / REVIEWS / "alpha.yaml").read_text(encoding="utf-8")
    (tmp_path / "x.yaml").write_text(
        review.replace("alpha-api", "<script>alert(1)</script>"), encoding="utf-8"
    )
    run = cli("portfolio", tmp_path, *ARGS[1:], "-f", "html")
    assert "<script>alert(1)" not in run.out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.out


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path, cli: CliRunner) -> None:
    review = (ROOT / REVIEWS / "alpha.yaml").read_text(encoding="utf-8")
    (tmp_path / "x.yaml").write_text(
        review.replace("service: alpha-api", "service: '=HYPERLINK(1)'"), encoding="utf-8"
    )
    run = cli("portfolio", tmp_path, *ARGS[1:], "-f", "csv")
    assert "'=HYPERLINK(1)" in run.out.splitlines()[1].split(",")


def test_waiver_window_and_stale_after_change_the_counts(cli: CliRunner) -> None:
    def totals(*extra: str) -> dict[str, int]:
        run = cli("portfolio", *ARGS, "-f", "json", *extra)
        return json.loads(run.out)["totals"]  # type: ignore[no-any-return]

    assert totals()["expiring_waivers"] == 1  # 17 days left, inside the default 30
    assert totals("--waiver-window", "10")["expiring_waivers"] == 0
    assert totals()["stale"] == 1
    assert totals("--stale-after", "600")["stale"] == 0


def test_an_example_review_summarises_to_its_verdict_and_counts() -> None:
    from orr.assess import assess
    from orr.catalog import Catalog
    from tests.conftest import EXAMPLE_TODAY, EXAMPLES

    result = assess(EXAMPLES / "ledger-worker.yaml", Catalog.with_bundled(), EXAMPLE_TODAY)
    row = summarise(result, "ledger-worker.yaml", EXAMPLE_TODAY, 365)
    assert (row.verdict, row.score, row.high, row.medium) == (
        result.verdict,
        result.score,
        result.counts.high,
        result.counts.medium,
    )
    assert row.blockers == len(result.blockers)
    assert row.expired == sum(1 for w in result.waivers if w.state == "expired")
    assert set(row.failing) == {i.ref for i in result.items if i.status in ("unmet", "partial")}


def test_json_renders_what_build_returns() -> None:
    portfolio = _portfolio()
    data = portfolio_json.to_data(portfolio)
    assert len(data["services"]) == len(portfolio.rows) == 4
    assert [r["ref"] for r in data["systemic_risks"]] == [h.ref for h in portfolio.heat]


def test_discovery_finds_what_validate_finds(tmp_path: Path) -> None:
    from orr.inputs import expand

    for name in ("a.yaml", "b.yml", "c.json", "d.txt", ".hidden.yaml", "x/e.yaml", "x/y/f.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("service: s\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "g.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a-b").mkdir()
    (tmp_path / "a-b" / "h.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "x", target_is_directory=True)
    found = discover([str(tmp_path)])
    assert found == list(expand([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a-b/h.yaml",
        "a.yaml",
        "b.yml",
        "c.json",
        "x/e.yaml",
        "x/y/f.json",
    ]


def test_reports_dir_links_the_services_that_have_a_report(cli: CliRunner, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "alpha-api.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    page = tmp_path / "site" / "portfolio.html"
    run = cli("portfolio", *ARGS, "-o", page, "--reports-dir", reports)
    assert run.code == 0
    text = page.read_text(encoding="utf-8")
    assert '<a href="../reports/alpha-api.html">alpha-api</a>' in text
    assert text.count('href="../reports/') == 1  # beta and gamma have no report: no dead link
    data = json.loads(cli("portfolio", *ARGS, "-f", "json", "--reports-dir", reports).out)
    links = {s["service"]: s["report"] for s in data["services"]}
    assert links["alpha-api"] == f"{os.path.relpath(reports, ROOT)}/alpha-api.html"
    assert links["beta-worker"] is None


_ROWS = st.builds(
    ServiceRow,
    path=st.text(max_size=3),
    service=st.text(max_size=3),
    verdict=st.sampled_from(["READY", "NOT READY", "INCOMPLETE", "INVALID"]),
    score=st.none() | st.floats(0, 100),
    blockers=st.integers(0, 5),
)


@given(st.lists(_ROWS, max_size=30))
def test_worst_first_puts_the_most_blockers_then_the_lowest_score_first(
    rows: list[ServiceRow],
) -> None:
    ordered = worst_first(rows)
    assert sorted(map(id, ordered)) == sorted(map(id, rows))
    valid = [r for r in ordered if r.verdict != "INVALID"]
    assert ordered[: len(valid)] == valid  # invalid reviews last
    for a, b in itertools.pairwise(valid):
        assert a.blockers >= b.blockers
        if a.blockers == b.blockers and b.score is not None:
            assert a.score is not None and a.score <= b.score


def test_heat_cells_span_the_sections_of_an_unused_checklist() -> None:
    row = ServiceRow("x.yaml", "x", sections=(("a/1", 100.0), ("c/1", 10.0), ("c/2", None)))
    keys = ["a/1", "b/1", "b/2", "b/3", "c/1", "c/2", "d/1"]
    assert heat_cells(row, keys) == "<td>100<td colspan=3><td class=b0>10<td class=bna>n/a<td>"


@given(st.lists(st.booleans(), max_size=30))
def test_heat_cells_cover_every_column_once(used: list[bool]) -> None:
    keys = [f"c/{n}" for n in range(len(used))]
    sections = tuple((k, 50.0) for k, u in zip(keys, used, strict=True) if u)
    row = ServiceRow("x.yaml", "x", sections=sections)
    cells = heat_cells(row, keys).split("<td")[1:]
    spans = [int(c.split("colspan=")[1].split(">")[0]) if "colspan" in c else 1 for c in cells]
    assert sum(spans) == len(keys)
    assert sum(1 for c in cells if c.endswith(">50")) == sum(used)


def test_the_long_html_tables_come_in_blocks_each_with_its_header() -> None:
    from orr.render import portfolio_html

    page = portfolio_html.render(_portfolio(), block_rows=2)
    services = page[page.index('id="service-table"') : page.index('id="heat"')]
    assert services.count('<div class="block">') == 2
    assert services.count('<th scope="col">Service</th>') == 2
    assert '<caption class="visually-hidden">Services, continued: rows 3 to 4</caption>' in services
    heat = page[page.index('id="heat"') : page.index('id="risks"')]
    assert heat.count('<div class="block">') == 2  # team-a, team-b: 4 rows a block, by owner
    assert "<caption>team-b: 2 services</caption>" in heat
