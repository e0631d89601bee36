"""From a review file on disk to a Result: load, find the policy, evaluate. No printing."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from orr.baseline import BaselineFile
from orr.catalog import Catalog, LoadedReview, load_review, overlays_for
from orr.evaluate import Provenance, evaluate
from orr.loading import review_lines
from orr.policy import Policy, find_policy_file, load_policy
from orr.result import BaselineRef, OverlayRef, Result


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
    source = policy_file or find_policy_file(path)
    return assess_loaded(
        load_review(path, catalog, overlays=overlays_for(source, catalog)),
        today,
        policy_file=source,
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
    review = loaded.evaluated
    provenance = Provenance(
        review_path=str(loaded.document.path),
        review_sha256=loaded.document.sha256,
        answer_lines=answer_lines,
        waiver_lines=waiver_lines,
        checklist_paths={cid: _display(f.path) for cid, f in loaded.files.items()},
        checklist_sha256={cid: f.sha256 for cid, f in loaded.files.items()},
        policy_source=source,
        **inherited_provenance(loaded),
        stale_checks=_stale(loaded),
    )
    checklists = [loaded.files[cid].checklist for cid, _ in review.pins()]
    return evaluate(checklists, review, policy, today, provenance)


def inherited_provenance(loaded: LoadedReview) -> dict[str, Any]:
    """The Provenance fields that say which baseline each inherited answer and waiver is from,
    and what the overlays changed."""
    baselines = {f.path: _baseline_ref(f) for f in loaded.inheritance.files}
    own = loaded.review
    merged = loaded.evaluated
    applied = loaded.overlays
    overlays: list[OverlayRef] = []
    if applied is not None:
        seen = dict.fromkeys([*(f for f in applied.files), *(f for f, _ in applied.loosened)])
        for found in seen:
            overlays.append(
                OverlayRef(
                    path=_display(found.path),
                    id=found.overlay.overlay,
                    sha256=found.sha256,
                    loosened=tuple(what for f, what in applied.loosened if f is found),
                )
            )
    return {
        "overlays": tuple(overlays),
        "overlay_notes": applied.notes if applied else {},
        "baselines": tuple(baselines.values()),
        "inherited": {
            ref: baselines[found.path]
            for ref, (_, found) in loaded.inheritance.answers.items()
            if ref not in own.answers
        },
        "inherited_waivers": {
            n: baselines[loaded.inheritance.waivers[waiver.item][1].path].path
            for n, waiver in enumerate(merged.waivers)
            if n >= len(own.waivers)
        },
    }


def _baseline_ref(found: BaselineFile) -> BaselineRef:
    date = found.baseline.date
    return BaselineRef(
        path=_display(found.path),
        id=found.name,
        owner=found.baseline.owner,
        date=date.isoformat() if date else None,
        sha256=found.sha256,
    )


def _stale(loaded: LoadedReview) -> dict[str, tuple[str, ...]]:
    """Recorded checks whose files changed since (none to hash in a review without checks)."""
    if not any(answer.checked for answer in loaded.review.answers.values()):
        return {}
    from orr.checks.stale import stale_checks

    return stale_checks(loaded.review.answers, loaded.document.path)


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
