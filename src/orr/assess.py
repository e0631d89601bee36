"""From a review file on disk to a Result: load, find the policy, evaluate. No printing."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from orr.catalog import Catalog, LoadedReview, load_review
from orr.evaluate import Provenance, evaluate
from orr.loading import review_lines
from orr.policy import Policy, find_policy_file, load_policy
from orr.result import Result


def assess(
    path: Path,
    catalog: Catalog,
    today: dt.date,
    *,
    policy_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    locate: bool = True,
) -> Result:
    """Evaluate one review file. ``locate`` looks up answer lines (for SARIF and annotations)."""
    return assess_loaded(
        load_review(path, catalog),
        today,
        policy_file=policy_file,
        overrides=overrides,
        locate=locate,
    )


def assess_loaded(
    loaded: LoadedReview,
    today: dt.date,
    *,
    policy_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    locate: bool = True,
) -> Result:
    source = policy_file or find_policy_file(loaded.document.path)
    policy = load_policy(source, overrides)
    return evaluate_loaded(loaded, policy, str(source) if source else None, today, locate=locate)


def evaluate_loaded(
    loaded: LoadedReview, policy: Policy, source: str | None, today: dt.date, *, locate: bool
) -> Result:
    """Evaluate a loaded review under a policy already found (``source``: where from)."""
    answer_lines, waiver_lines = (
        (loaded.document.lines or review_lines(loaded.document.text)) if locate else ({}, [])
    )
    provenance = Provenance(
        review_path=str(loaded.document.path),
        review_sha256=loaded.document.sha256,
        answer_lines=answer_lines,
        waiver_lines=waiver_lines,
        checklist_paths={cid: _display(f.path) for cid, f in loaded.files.items()},
        checklist_sha256={cid: f.sha256 for cid, f in loaded.files.items()},
        policy_source=source,
    )
    checklists = [loaded.files[cid].checklist for cid, _ in loaded.review.pins()]
    return evaluate(checklists, loaded.review, policy, today, provenance)


def _display(path: Path) -> str:
    """A stable path for reports: relative to the bundled folder or the working directory."""
    return _display_from(path, Path.cwd())


@lru_cache(maxsize=256)  # the same few checklists for every review of a gate or portfolio
def _display_from(path: Path, cwd: Path) -> str:
    from orr.catalog import bundled_dir

    resolved = path.resolve()
    for base, label in ((bundled_dir().resolve(), "<bundled>"), (cwd.resolve(), "")):
        try:
            rel = resolved.relative_to(base)
        except ValueError:
            continue
        return f"{label}/{rel.as_posix()}" if label else rel.as_posix()
    return resolved.as_posix()
