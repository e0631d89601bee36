"""Which recorded checks are older than the files they looked at (a sha256 no longer matches).

Kept apart from the probes so that `orr gate` pays only for hashing the recorded files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from orr.model import Answer


def stale_checks(answers: Mapping[str, Answer], review_path: Path) -> dict[str, tuple[str, ...]]:
    """Per answer, the files its ``checked:`` records looked at that changed or are gone."""
    folder = review_path.resolve().parent
    #: each file hashed once, however many records name it (most name every template)
    digests: dict[tuple[str, str], str | None] = {}
    out: dict[str, tuple[str, ...]] = {}
    for ref, answer in answers.items():
        changed: set[str] = set()
        for record in answer.checked:
            for name, sha256 in record.files.items():
                key = (record.repo, name)
                if key not in digests:
                    # an absolute name (a results file outside) stays as it is
                    digests[key] = _digest(folder / record.repo / name)
                if digests[key] != sha256:
                    changed.add(name)
        if changed:
            out[ref] = tuple(sorted(changed))
    return out


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
