"""`orr portfolio`: two reviews naming one service are a warning naming both paths."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, CliRunner


def test_duplicate_service_names_are_a_warning_naming_both_paths(
    cli: CliRunner, tmp_path: Path
) -> None:
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(EXAMPLES / "checkout-api.yaml", tmp_path / name)
    run = cli("portfolio", tmp_path, "--today", "2026-11-23", "-f", "json")
    assert run.code == 0
    assert run.err == (
        "warning: service 'checkout-api' is named by 2 reviews, each counted: "
        f"{tmp_path / 'a.yaml'} and {tmp_path / 'b.yaml'}; rename the service in one or remove "
        "the copy\n"
    )
    assert cli("portfolio", EXAMPLES, "--today", "2026-11-23").err == ""
