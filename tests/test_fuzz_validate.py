"""Random bytes and random YAML structures never crash `orr validate`: exit 0 or 2 only."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRunner

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KEYS = st.sampled_from(
    [
        "service",
        "owner",
        "checklists",
        "answers",
        "waivers",
        "context",
        "status",
        "choices",
        "sections",
        "items",
        "id",
        "title",
        "version",
        "question",
        "risk",
        "applies_when",
        "incremental-deploy/one-box",
        "expires",
        "item",
        "reason",
        "evidence",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["met", "n/a", "incremental-deploy", "2026-01-01", "a && b"]),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


def _check(cli: CliRunner, path: Path) -> None:
    run = cli("validate", path)
    assert run.code in (0, 2), run.err
    assert "Traceback" not in run.out + run.err
    assert "internal error" not in run.err


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(cli: CliRunner, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.yaml"
    path.write_bytes(data)
    _check(cli, path)


@SETTINGS
@given(st.dictionaries(KEYS, TREES, max_size=6))
def test_random_yaml_structures(cli: CliRunner, tmp_path: Path, data: dict[str, object]) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(data))
    _check(cli, path)


@SETTINGS
@given(st.dictionaries(KEYS, TREES, max_size=6))
def test_random_json_structures(cli: CliRunner, tmp_path: Path, data: dict[str, object]) -> None:
    import json

    path = tmp_path / "random.json"
    path.write_text(json.dumps(data))
    _check(cli, path)


TAGS = st.sampled_from(
    [
        "!!float",
        "!!int",
        "!!timestamp",
        "!!bool",
        "!!binary",
        "!!null",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!str",
        "!!seq",
        "!!map",
    ]
)


@SETTINGS
@given(TAGS, st.text(max_size=12), st.sampled_from(["service", "date", "context"]))
def test_tagged_scalars(cli: CliRunner, tmp_path: Path, tag: str, value: str, key: str) -> None:
    import json

    path = tmp_path / "tagged.yaml"
    path.write_text(f"owner: o\nchecklists: [zonal-shift]\n{key}: {tag} {json.dumps(value)}\n")
    _check(cli, path)
