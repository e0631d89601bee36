"""Every output option takes `-` for stdout, and a file name orr cannot read a format from is
a usage error that names the formats, never a silent Markdown file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHECKLISTS, EXAMPLES, CliRunner

REVIEW = EXAMPLES / "checkout-api.yaml"
TODAY = ("--today", "2026-11-23")
LENS = (
    Path(__file__).parent / "data" / "shared" / "lenses" / "hub__DynamoDB_custom-lensddb-v1.0.json"
)


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (("gate", REVIEW, *TODAY, "--json", "-"), "{"),
        (("gate", REVIEW, *TODAY, "--junit", "-"), "<?xml"),
        (("gate", REVIEW, *TODAY, "--sarif", "-"), "{"),
        (("report", REVIEW, *TODAY, "-f", "html", "-o", "-"), "<!DOCTYPE html>"),
        (("portfolio", EXAMPLES, *TODAY, "-f", "json", "-o", "-"), "{"),
        (("diff", REVIEW, EXAMPLES / "ledger-worker.yaml", *TODAY, "-o", "-"), "## orr diff"),
        (("init", "--service", "s", "--owner", "o", "--checklist", "zonal-shift", "-o", "-"), "#"),
        (("lens", "export", CHECKLISTS / "zonal-shift.yaml", "--fit", "-o", "-"), "{"),
        (("lens", "import", LENS, "-o", "-"), "# Imported by `orr lens import`"),
    ],
    ids=lambda a: " ".join(str(x) for x in a[:2]) if isinstance(a, tuple) else None,
)
def test_dash_is_stdout(
    cli: CliRunner,
    args: tuple[str, ...],
    start: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(*args)
    assert run.code in (0, 1), run.err
    assert run.out.lstrip().startswith(start)
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("command", "formats"),
    [
        (("portfolio", EXAMPLES, "-o", "fleet.txt"), ".md, .html, .csv or .json"),
        (("report", REVIEW, "-o", "fleet"), ".md, .html, .json, .junit.xml or .sarif"),
    ],
)
def test_an_unknown_extension_is_a_usage_error_naming_the_formats(
    cli: CliRunner,
    command: tuple[str, ...],
    formats: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(*command, *TODAY)
    name = command[-1]
    assert (run.code, run.err) == (
        2,
        f"cannot tell the format of {name!r} from its extension: end it with {formats}, or add "
        "--format\n",
    )
    assert list(tmp_path.iterdir()) == []
