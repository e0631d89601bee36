"""The locked development environment (requirements/dev.txt) still satisfies pyproject.toml.

`make demo` and `make test` install from the lock, with hashes, so that a new release upstream
cannot turn a fresh clone red. When someone changes a dependency in pyproject.toml the lock
must follow, and this test says how in one line.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCK = ROOT / "requirements" / "dev.txt"
REFRESH = "requirements/dev.txt no longer satisfies pyproject.toml: run `make lock` and commit it"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def locked() -> dict[str, tuple[str, int]]:
    """Each pinned package of the lock: its version and how many hashes it carries."""
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            name = canonicalize_name(match[1])
            pins[name] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes + 1)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(spec) for spec in names]


@pytest.mark.parametrize("requirement", declared(), ids=str)
def test_the_lock_pins_every_declared_dependency_within_its_range(
    requirement: Requirement,
) -> None:
    pins = locked()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{REFRESH} ({requirement.name} is not in the lock)"
    version = pins[name][0]
    assert requirement.specifier.contains(version, prereleases=True), (
        f"{REFRESH} ({requirement.name}=={version} is outside {requirement.specifier})"
    )


def test_every_pin_carries_a_hash() -> None:
    missing = sorted(name for name, (_, hashes) in locked().items() if hashes == 0)
    assert not missing, f"{REFRESH} (no --hash for {', '.join(missing)})"


def test_the_lock_is_read_at_all() -> None:
    """Guard against a parser that finds nothing and so passes everything."""
    pins = locked()
    assert {"pydantic", "pyyaml", "click", "pytest"} <= set(pins)
