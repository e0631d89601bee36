"""What changed between two evaluations of a review: items, waivers, score, risks, verdict.

``diff`` is pure and symmetric: swapping OLD and NEW swaps improved with regressed, answered
with unanswered, added with removed, and negates every delta. Reading a side from a file or
from git (``REV:path``) is at the bottom, the only part that touches the outside world.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from orr.baseline import WORKING_TREE, Source, bundled_baseline
from orr.catalog import Catalog, overlays_for, review_from_document
from orr.errors import InputError, Problem
from orr.evaluate import Provenance, evaluate
from orr.loading import Document, read_document, validate
from orr.model import Baseline
from orr.policy import Policy, find_policy_file
from orr.result import ItemOutcome, Result, RiskCounts, Status, Verdict, WaiverOutcome

ChangeKind = Literal[
    "improved", "regressed", "answered", "unanswered", "now-n/a", "now-applies", "added", "removed"
]
#: Every kind, each followed by its mirror image (what it becomes when OLD and NEW swap).
MIRROR: dict[ChangeKind, ChangeKind] = {
    "improved": "regressed",
    "regressed": "improved",
    "answered": "unanswered",
    "unanswered": "answered",
    "now-n/a": "now-applies",
    "now-applies": "now-n/a",
    "added": "removed",
    "removed": "added",
}
WaiverChangeKind = Literal["added", "removed", "extended", "shortened", "changed"]
_RANK: dict[Status, int] = {"met": 0, "partial": 1, "unmet": 2}


@dataclass(frozen=True, slots=True)
class ItemChange:
    ref: str
    question: str
    kind: ChangeKind
    old_status: Status | None  # None: the item was not in that review's checklists
    new_status: Status | None
    old_risk: str | None
    new_risk: str | None
    mandatory: bool
    now_blocking: bool
    was_blocking: bool
    #: the baseline each side's answer came from (None: the review's own answer)
    old_baseline: str | None = None
    new_baseline: str | None = None


@dataclass(frozen=True, slots=True)
class Blocker:
    """An item that blocks the gate on one side only, with its status on that side."""

    ref: str
    question: str
    status: Status
    waiver_expired: bool
    other_status: Status | None = None  # on the other side; None when the item is not there


@dataclass(frozen=True, slots=True)
class WaiverChange:
    item: str
    kind: WaiverChangeKind
    old: WaiverOutcome | None
    new: WaiverOutcome | None

    @property
    def expired(self) -> bool:
        """The waiver no longer holds in NEW but did in OLD (or is added already expired)."""
        was = self.old is not None and self.old.state != "expired"
        return self.new is not None and self.new.state == "expired" and (was or self.old is None)


@dataclass(frozen=True, slots=True)
class ReviewDiff:
    old_label: str
    new_label: str
    service: str
    old_service: str
    old_verdict: Verdict
    new_verdict: Verdict
    old_score: float | None
    new_score: float | None
    old_counts: RiskCounts
    new_counts: RiskCounts
    old_blockers: int
    new_blockers: int
    items: tuple[ItemChange, ...]
    blocking: tuple[Blocker, ...]  # blocks the gate in NEW and did not in OLD
    unblocked: tuple[Blocker, ...]  # blocked in OLD and does not in NEW
    waivers: tuple[WaiverChange, ...]
    checklists: tuple[tuple[str, str | None, str | None], ...]  # id, old pin, new pin

    @property
    def score_delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return round(self.new_score - self.old_score, 2)

    def of_kind(self, kind: ChangeKind) -> tuple[ItemChange, ...]:
        return tuple(c for c in self.items if c.kind == kind)

    @property
    def empty(self) -> bool:
        return (
            not self.items
            and not self.blocking
            and not self.unblocked
            and not self.waivers
            and not self.checklists
            and self.old_verdict == self.new_verdict
            and self.old_score == self.new_score
            and self.old_counts == self.new_counts
        )

    @property
    def warnings(self) -> tuple[str, ...]:
        if self.old_service == self.service:
            return ()
        return (
            f"the two sides are different services: {self.old_service!r} in OLD and "
            f"{self.service!r} in NEW; check that you compare a review with itself",
        )


def diff(old: Result, new: Result) -> ReviewDiff:
    """The changes from ``old`` to ``new`` (evaluated on the same day, same checklists)."""
    before = {i.ref: i for i in old.items}
    after = {i.ref: i for i in new.items}
    refs = list(dict.fromkeys([*after, *before]))
    changes = [c for ref in refs if (c := _item_change(before.get(ref), after.get(ref)))]
    return ReviewDiff(
        old_label=old.review_path,
        new_label=new.review_path,
        service=new.service,
        old_service=old.service,
        old_verdict=old.verdict,
        new_verdict=new.verdict,
        old_score=old.score,
        new_score=new.score,
        old_counts=old.counts,
        new_counts=new.counts,
        old_blockers=len(old.blockers),
        new_blockers=len(new.blockers),
        items=tuple(changes),
        blocking=_only_blocking(after, before, refs),
        unblocked=_only_blocking(before, after, refs),
        waivers=_waiver_changes(old.waivers, new.waivers),
        checklists=_pin_changes(old, new),
    )


def _only_blocking(
    side: dict[str, ItemOutcome], other: dict[str, ItemOutcome], refs: list[str]
) -> tuple[Blocker, ...]:
    """Items blocking in ``side`` but not in ``other``."""
    out = []
    for ref in refs:
        item, twin = side.get(ref), other.get(ref)
        if item is not None and item.blocking and not (twin is not None and twin.blocking):
            expired = item.waiver is not None and item.waiver.state == "expired"
            other_status = twin.status if twin is not None else None
            out.append(Blocker(ref, item.question, item.status, expired, other_status))
    return tuple(out)


def _item_change(old: ItemOutcome | None, new: ItemOutcome | None) -> ItemChange | None:
    kind = _kind(old, new)
    if kind is None:
        return None
    item = new or old
    assert item is not None
    return ItemChange(
        ref=item.ref,
        question=item.question,
        kind=kind,
        old_status=old.status if old else None,
        new_status=new.status if new else None,
        old_risk=old.risk if old else None,
        new_risk=new.risk if new else None,
        mandatory=item.mandatory,
        now_blocking=bool(new and new.blocking),
        was_blocking=bool(old and old.blocking),
        old_baseline=old.inherited.path if old and old.inherited else None,
        new_baseline=new.inherited.path if new and new.inherited else None,
    )


def _kind(old: ItemOutcome | None, new: ItemOutcome | None) -> ChangeKind | None:
    if old is None or new is None:
        return "added" if old is None else "removed"
    a, b = old.status, new.status
    if a == b:  # same checklists, so the same status carries the same risk
        return None
    if a == "unanswered" or b == "unanswered":
        return "answered" if a == "unanswered" else "unanswered"
    if a == "n/a" or b == "n/a":
        return "now-n/a" if b == "n/a" else "now-applies"
    return "improved" if _RANK[b] < _RANK[a] else "regressed"


def _waiver_changes(
    old: tuple[WaiverOutcome, ...], new: tuple[WaiverOutcome, ...]
) -> tuple[WaiverChange, ...]:
    before = {w.item: w for w in old}
    after = {w.item: w for w in new}
    out = []
    for item in sorted(before.keys() | after.keys()):
        a, b = before.get(item), after.get(item)
        if a is None or b is None:
            out.append(WaiverChange(item, "added" if a is None else "removed", a, b))
        elif a.expires != b.expires:
            kind: WaiverChangeKind = "extended" if b.expires > a.expires else "shortened"
            out.append(WaiverChange(item, kind, a, b))
        elif (a.reason, a.approved_by, a.approved_at) != (b.reason, b.approved_by, b.approved_at):
            out.append(WaiverChange(item, "changed", a, b))
    return tuple(out)


def _pin_changes(old: Result, new: Result) -> tuple[tuple[str, str | None, str | None], ...]:
    """Checklists added, removed or pinned differently: (id, old pin, new pin).

    A pin is the version written in the review, ``current`` when it follows the current one.
    """

    def pins(result: Result) -> dict[str, str]:
        return {c.id: c.pinned_version or "current" for c in result.checklists}

    a, b = pins(old), pins(new)
    return tuple(
        (cid, a.get(cid), b.get(cid))
        for cid in sorted(a.keys() | b.keys())
        if a.get(cid) != b.get(cid)
    )


# --- reading a side: a file, or REV:path from git ------------------------------------------


def read_side(spec: str) -> Document:
    """The review ``spec`` names: a file, or ``REV:path`` read with ``git show``.

    The document carries ``spec`` as its path, so every problem points at what was typed.
    """
    path = Path(spec)
    if _exists(path) or ":" not in spec:
        return read_document(path)
    rev, name = _revision(spec)
    return _document(spec, _git_show(spec, rev, Path(name)), Path(name).name)


def _revision(spec: str) -> tuple[str, str]:
    rev, _, name = spec.partition(":")
    if rev.startswith("-"):  # `--output=FILE:x` would be an option to git, not a revision
        raise _side_error(spec, "a revision cannot start with '-'; name a commit, branch or tag")
    return rev, name


def _document(spec: str, data: bytes, name: str) -> Document:
    """``data`` parsed as the file ``name`` would be, every problem located at ``spec``."""
    with tempfile.TemporaryDirectory(prefix="orr-diff-") as folder:
        copy = Path(folder) / name
        copy.write_bytes(data)
        try:
            doc = read_document(copy)
        except InputError as error:
            raise InputError([dataclasses.replace(p, path=spec) for p in error.problems]) from None
    return dataclasses.replace(doc, path=Path(spec))


@dataclass
class AtRevision:
    """Baselines as a git revision holds them: the old side of ``orr diff REV:path`` inherits
    what its baselines said at that revision, not what they say in the working tree (a
    bundled baseline, named without a folder, is orr's own)."""

    rev: str
    blobs: dict[Path, bytes] = dataclasses.field(default_factory=dict)

    def find(self, entry: str, folder: Path) -> Path | None:
        candidate = folder / entry
        key = candidate.absolute()
        if key not in self.blobs:
            try:
                plain = Path(os.path.normpath(candidate))  # git refuses `..` in a path
                self.blobs[key] = _git_show(self._spec(candidate), self.rev, plain)
            except InputError:  # not in that revision
                return bundled_baseline(entry)
        return candidate

    def read(self, path: Path) -> tuple[Document, Baseline]:
        data = self.blobs.get(path.absolute())
        if data is None:
            return WORKING_TREE.read(path)
        doc = _document(self._spec(path), data, path.name)
        return doc, validate(doc, Baseline)

    def _spec(self, path: Path) -> str:
        return f"{self.rev}:{Path(os.path.normpath(path)).as_posix()}"


def _git_show(spec: str, rev: str, name: Path) -> bytes:
    """The bytes of ``name`` at ``rev``, in the repository that holds ``name``."""
    absolute = name.absolute()
    folder = next((p for p in absolute.parents if p.is_dir()), Path.cwd())
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
        relative = (folder.resolve() / absolute.relative_to(folder)).relative_to(Path(top))
        return _git(folder, "show", "--end-of-options", f"{rev}:{relative.as_posix()}")
    except FileNotFoundError:
        raise _side_error(spec, "git is not installed; give two files instead") from None
    except subprocess.TimeoutExpired:
        raise _side_error(spec, "git did not answer within a minute") from None
    except ValueError:
        raise _side_error(spec, "the file is outside the git repository") from None
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        detail = lines[-1].removeprefix("fatal: ") if lines else "git failed"
        raise _side_error(spec, f"cannot read it from git: {detail}") from None


def _git(cwd: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, timeout=60)
    return done.stdout


def _side_error(spec: str, message: str) -> InputError:
    return InputError([Problem(spec, 0, 0, message)])


def local_path(spec: str) -> Path:
    """The working-tree path a side names (``REV:path`` -> ``path``), to find its policy."""
    path = Path(spec)
    if _exists(path) or ":" not in spec:
        return path
    return Path(spec.partition(":")[2])


def _exists(path: Path) -> bool:
    """``path.exists()``, False for a name the system refuses (reading it then says why)."""
    try:
        return path.exists()
    except OSError:
        return False


def evaluate_side(doc: Document, catalog: Catalog, policy: Policy, today: dt.date) -> Result:
    """Evaluate one side, with its baselines (a ``REV:path`` side's as they were at REV)."""
    from orr.assess import inherited_provenance

    spec = str(doc.path)
    local = local_path(spec)
    overlays = overlays_for(find_policy_file(local), catalog)
    baselines: Source = WORKING_TREE if local == doc.path else AtRevision(_revision(spec)[0])
    loaded = review_from_document(
        doc, catalog, base=local.parent, overlays=overlays, baselines=baselines
    )
    review = loaded.evaluated
    checklists = [loaded.files[cid].checklist for cid, _ in review.pins()]
    provenance = Provenance(review_path=str(doc.path), **inherited_provenance(loaded))
    return evaluate(checklists, review, policy, today, provenance)
