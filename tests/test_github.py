"""GitHub Actions workflow commands: what a message or a file name can hold never breaks one."""

from __future__ import annotations

import dataclasses

from orr.render import github
from orr.result import Finding
from tests.test_evaluate import item, run


def test_annotation_escapes_newlines_percent_colons_and_commas() -> None:
    result = dataclasses.replace(
        run([item("a")], {}),
        service="api:v2,eu",
        review_path="svc/a,b.yaml",
        reasons=(Finding("blocker", "50% done\r\nsecond line", "c/a", 7),),
        warnings=(Finding("stale", "no line"),),
    )
    assert github.workflow_commands(result) == [
        "::error file=svc/a%2Cb.yaml,line=7,title=orr api%3Av2%2Ceu%3A c/a::"
        "50%25 done%0D%0Asecond line",
        "::warning file=svc/a%2Cb.yaml,title=orr api%3Av2%2Ceu::no line",
    ]
