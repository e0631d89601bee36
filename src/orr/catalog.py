"""Where checklists live: user folders first, then the ones bundled with orr."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from orr.baseline import NOTHING, WORKING_TREE, Inheritance, Source, inherit
from orr.context import explain_empty
from orr.errors import InputError, Problem
from orr.loading import Document, read_document, schema_problems, validate
from orr.model import Baseline, Checklist, Review, field_names
from orr.overlay import (
    Applied,
    OverlayFile,
    apply,
    checklist_ids,
    load_overlays,
    overlay_paths,
)
from orr.policy import checklist_folders, find_policy_file
from orr.validation import checklist_problems, review_problems, salvage

SUFFIXES = (".yaml", ".yml", ".json")
_cache: dict[tuple[Path, int, int], ChecklistFile] = {}  # (path as found, mtime, size)


@dataclass(frozen=True, slots=True)
class ChecklistFile:
    """A validated checklist and the file it came from (for the audit trail)."""

    path: Path
    sha256: str
    checklist: Checklist


def bundled_dir() -> Path:
    """The checklists shipped inside the package (or, in a source checkout, the repo's)."""
    here = Path(__file__).resolve()  # not importlib.resources: it costs the gate 5 ms
    packaged = here.parent / "checklists"
    return packaged if packaged.is_dir() else here.parents[2] / "checklists"


def bundled_baselines() -> Path:
    """The platform baselines shipped with orr, next to the bundled checklists."""
    return bundled_dir().parent / "baselines"


def load_checklist(path: Path) -> Checklist:
    """A validated checklist, cached by path and modification time."""
    return load_checklist_file(path).checklist


def load_checklist_file(path: Path) -> ChecklistFile:
    """A validated checklist with its path and sha256, cached while the file is unchanged."""
    try:
        stat = path.stat()  # one system call per use: portfolios ask for every review
    except OSError:
        stat = None  # read_document reports the missing or unreadable file
    key = (path, stat.st_mtime_ns, stat.st_size) if stat else None
    if key and key in _cache:
        return _cache[key]
    doc = read_document(path)
    checklist = validate(doc, Checklist)
    problems = checklist_problems(doc, checklist)
    if checklist.id != path.stem:  # reviews find a checklist by its file name
        problems.append(
            doc.problem(
                ("id",),
                f"the id {checklist.id!r} is not the file's name ({path.name}): reviews find a "
                f"checklist by its file name; rename the file {checklist.id}{path.suffix} or "
                "change the id",
            )
        )
    if problems:
        raise InputError(problems)
    loaded = ChecklistFile(path, doc.sha256, checklist)
    if key:
        _cache[key] = loaded
    return loaded


@dataclass
class Catalog:
    """Finds checklists by id in an ordered list of folders; earlier folders win.

    With ``settings`` on, a review also finds the checklist folders its settings file names
    (the nearest `.orr.toml` or `[tool.orr]` above it, or ``settings_file``), after ``dirs``
    but before the bundled ones.
    """

    dirs: Sequence[Path]
    settings: bool = False
    settings_file: Path | None = None
    _found: dict[str, Path | None] = field(default_factory=dict)
    _by_folder: dict[Path, Catalog] = field(default_factory=dict)

    @classmethod
    def with_bundled(
        cls,
        extra: Sequence[Path] = (),
        *,
        settings: bool = False,
        settings_file: Path | None = None,
    ) -> Catalog:
        return cls([*extra, bundled_dir()], settings, settings_file)

    def for_folder(self, folder: Path) -> Catalog:
        """The catalog of the reviews in ``folder`` (or of a command run there): with the
        checklist folders their settings file names, if any."""
        if not self.settings:
            return self
        if folder not in self._by_folder:  # as given, unresolved: portfolios ask per file
            source = self.settings_file or find_policy_file(folder)
            extra = checklist_folders(source) if source else []
            dirs = list(self.dirs)
            at = len(dirs) - 1 if dirs and dirs[-1] == bundled_dir() else len(dirs)
            dirs[at:at] = [d for d in extra if d not in dirs]
            self._by_folder[folder] = Catalog(dirs) if extra else self
        return self._by_folder[folder]

    def find(self, checklist_id: str) -> Path | None:
        if checklist_id in self._found:
            return self._found[checklist_id]
        found = None
        for folder in self.dirs:
            for suffix in SUFFIXES:
                candidate = folder / f"{checklist_id}{suffix}"
                if _is_file(candidate):
                    found = candidate
                    break
            if found:
                break
        self._found[checklist_id] = found
        return found

    def load(self, checklist_id: str) -> Checklist:
        path = self.find(checklist_id)
        if path is None:
            raise InputError([Problem("<checklists>", 0, 0, f"no checklist {checklist_id!r}")])
        return load_checklist(path)

    def paths(self) -> list[Path]:
        """Every checklist file, the first of each id only."""
        seen: dict[str, Path] = {}
        for folder in self.dirs:
            try:
                entries = sorted(folder.iterdir())
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as error:
                raise InputError.at(
                    folder,
                    f"this checklist folder cannot be read ({error.strerror}); give orr read "
                    "access to it or leave it out of --checklists and ORR_CHECKLISTS",
                ) from None
            for path in entries:
                hidden = path.name.startswith(".")  # editors' swap files, orr's own .tmp
                if path.suffix in SUFFIXES and not hidden and path.stem not in seen:
                    seen[path.stem] = path
        return [seen[k] for k in sorted(seen)]

    def ids(self) -> list[str]:
        return [p.stem for p in self.paths()]

    def describe(self) -> str:
        """Where checklists are looked for, as a message names the folders."""
        bundled = bundled_dir()
        names = ["orr's bundled checklists" if d == bundled else str(d) for d in self.dirs]
        return ", ".join(dict.fromkeys(names))


def _is_file(path: Path) -> bool:
    """``path.is_file()``, and False for a name the system refuses (too long, no access)."""
    try:
        return path.is_file()
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class LoadedReview:
    """A validated review with the checklists it names, in its own order, and what it
    inherits from the baselines it extends (``evaluated`` is the two merged)."""

    document: Document
    review: Review
    files: dict[str, ChecklistFile]
    inheritance: Inheritance = NOTHING
    overlays: Applied | None = None  # what the settings' overlays changed in the checklists

    @property
    def evaluated(self) -> Review:
        """The review with its inherited answers and waivers: what the gate scores."""
        return self.inheritance.merged(self.review)

    @property
    def checklists(self) -> dict[str, Checklist]:
        return {cid: f.checklist for cid, f in self.files.items()}


def load_review(
    path: Path, catalog: Catalog, *, overlays: Sequence[OverlayFile] | None = None
) -> LoadedReview:
    doc = read_document(path)
    return review_from_document(doc, catalog, overlays=overlays)


def review_from_document(
    doc: Document,
    catalog: Catalog,
    *,
    base: Path | None = None,
    overlays: Sequence[OverlayFile] | None = None,
    baselines: Source = WORKING_TREE,
) -> LoadedReview:
    """The validated review with its checklists (as the overlays leave them) and what it
    inherits, or every problem in it at once: schema, references, context and baselines.

    A part that fails the schema is set aside and the rest is still checked against the
    checklists, so one typo does not hide the next problem. ``base`` is the folder its
    ``extends:`` paths are relative to when not the file's own (a review read from git);
    ``overlays`` default to the ones its settings name; ``baselines`` is where its
    ``extends:`` are read (a review read from git reads them at the same revision).
    """
    refuse_other_kinds(doc)
    catalog = catalog.for_folder(doc.path.parent)
    problems: list[Problem] = []
    set_aside: set[int] = set()
    try:
        review = Review.model_validate(doc.data)
    except ValidationError as error:
        problems = schema_problems(doc, error, field_names(Review))
        salvaged = salvage(doc.data)
        if salvaged is None:
            problems.extend(_unchecked(doc))
            raise InputError(problems) from None
        review, set_aside = salvaged
    files, broken = _checklist_files(review, catalog, problems)
    checklists = {cid: f.checklist for cid, f in files.items()}
    if overlays is None:
        overlays = overlays_for(find_policy_file(doc.path), catalog)
    applied = None
    if overlays:
        applied = apply(checklists, overlays, review.context)
        files = {cid: replace(f, checklist=applied.checklists[cid]) for cid, f in files.items()}
        checklists = apply(checklists, overlays, review.context, drops=False).checklists
    problems.extend(
        review_problems(
            doc,
            review,
            checklists,
            catalog.ids,
            looked_in=catalog.describe,
            set_aside=set_aside,
            broken=broken,
        )
    )
    inheritance = NOTHING
    try:
        inheritance = inherit(doc, review, checklists, base, baselines)
    except InputError as error:
        problems.extend(error.problems)
    if problems:
        raise InputError(explain_empty(doc, problems, checklists.values()))
    return LoadedReview(doc, review, files, inheritance, applied)


def baseline_from_document(doc: Document, catalog: Catalog) -> Inheritance:
    """Check a baseline on its own: its shape, its references and the baselines it extends."""
    baseline = validate(doc, Baseline)
    catalog = catalog.for_folder(doc.path.parent)
    problems: list[Problem] = []
    files, broken = _checklist_files(baseline, catalog, problems)
    checklists = {cid: f.checklist for cid, f in files.items()}
    problems.extend(
        review_problems(
            doc, baseline, checklists, catalog.ids, looked_in=catalog.describe, broken=broken
        )
    )
    inheritance = NOTHING
    try:
        inheritance = inherit(doc, baseline, checklists)
    except InputError as error:
        problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return inheritance


def overlays_for(settings: Path | None, catalog: Catalog) -> list[OverlayFile]:
    """The overlays a settings file names, checked against the checklists they change."""
    paths = overlay_paths(settings)
    return load_overlay_files(paths, catalog) if paths else []


def load_overlay_files(paths: Sequence[Path], catalog: Catalog) -> list[OverlayFile]:
    """Overlay files checked against the checklists (found in ``catalog``) they change."""
    base = {}
    for cid in sorted(checklist_ids(paths)):
        found = catalog.find(cid)
        if found is not None:
            base[cid] = load_checklist(found)
    return load_overlays(paths, base)


def _checklist_files(
    review: Review | Baseline, catalog: Catalog, problems: list[Problem]
) -> tuple[dict[str, ChecklistFile], list[str]]:
    """The checklists found for ``review``, and the ids of those found but invalid (their
    problems are added to ``problems``)."""
    files: dict[str, ChecklistFile] = {}
    broken: list[str] = []
    for cid, _version in review.pins():
        found = catalog.find(cid)
        if found is None:
            continue
        try:
            files[cid] = load_checklist_file(found)
        except InputError as error:
            problems.extend(error.problems)
            broken.append(cid)
    return files, broken


def refuse_other_kinds(doc: Document) -> None:
    """A checklist or a lens given where a review is wanted is said so, not picked apart."""
    data = doc.data
    if "sections" in data and "answers" not in data:
        raise InputError.at(
            doc.path,
            "is a checklist, not a review: pass a review file that lists it under "
            "`checklists:` (`orr init` writes one); `orr validate` checks a checklist",
            1,
            1,
        )
    if "pillars" in data and "schemaVersion" in data:
        raise InputError.at(
            doc.path,
            "is a Well-Architected lens, not a review: `orr lens import` turns it into a checklist",
            1,
            1,
        )


def _unchecked(doc: Document) -> list[Problem]:
    """Said once: with `checklists:` broken, answers and waivers cannot be checked."""
    for key in ("answers", "waivers"):
        if doc.data.get(key):
            return [
                doc.problem(
                    (key,),
                    "not checked against the checklists until `checklists:` is valid",
                    key=True,
                )
            ]
    return []
