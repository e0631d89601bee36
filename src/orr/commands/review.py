"""orr review: the readiness meeting in a terminal, every answer saved as it is given."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from orr.catalog import Catalog
from orr.commands.options import (
    checklists_option,
    make_catalog,
    policy_option,
    resolve_today,
    source_date_epoch,
    today_option,
)
from orr.errors import UsageError
from orr.render import Format
from orr.suggest import did_you_mean
from orr.words import plural

if TYPE_CHECKING:
    from orr.baseline import BaselineFile
    from orr.interview.plan import Only
    from orr.interview.prompter import Prompter
    from orr.interview.session import Session
    from orr.model import Answer

EXIT_INTERRUPTED = 130
DEFAULT_FORMATS = (Format.MARKDOWN.value, Format.HTML.value)


@click.command(
    short_help="Answer a review in the terminal, saved as you go.",
    context_settings={"max_content_width": 100},
)
@click.argument("review_file", metavar="REVIEW.yaml", type=click.Path(path_type=Path))
@click.option(
    "--checklist",
    "checklist_ids",
    multiple=True,
    metavar="ID",
    help="Ask only this checklist's items (repeatable); it is added to the review if absent.",
)
@click.option(
    "--only",
    type=click.Choice(["unanswered", "blocking", "all"]),
    default="unanswered",
    show_default=True,
    help="unanswered: items without an answer or whose question changed since; blocking: "
    "mandatory items not met; all: every item that applies.",
)
@click.option(
    "--inherited",
    "ask_inherited",
    is_flag=True,
    help="Also ask the items a baseline (`extends:`) answers, to see and override them "
    "(by default they are listed and not asked).",
)
@click.option(
    "--user",
    metavar="NAME",
    help="Recorded as answered_by (default: git's user.name, else your login name).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Where the reports are written at the end.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in Format]),
    help="A report format to write at the end (repeatable; default: md and html).",
)
@click.option("--no-reports", is_flag=True, help="Write no reports at the end.")
@policy_option
@today_option
@checklists_option
def review(
    review_file: Path,
    checklist_ids: tuple[str, ...],
    only: str,
    ask_inherited: bool,
    user: str | None,
    output_dir: Path,
    formats: tuple[str, ...],
    no_reports: bool,
    policy_file: Path | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Walk a team through REVIEW.yaml's questions, saving each answer at once.

    If REVIEW.yaml does not exist, it first asks for the service, the owning team, the
    checklists and the context values their `applies_when` use, and creates it. Items that
    do not apply to the service are not asked. Run it again to resume at the first
    unanswered item; comments and layout written by hand in the file are kept.

    \b
    Keys on a terminal:
      m met  p partial  u unmet  n n/a  s skip  b back  q quit
      (or ←/→ and Enter); b re-opens the previous item; Ctrl-C stops.
      Choice items: ↑/↓ move, space chooses, x marks not applicable,
      Enter confirms; n s b q as above.
      Text prompts: Enter keeps the current value, a lone - clears it.

    \b
    Without a terminal (stdin not a TTY), one line per prompt:
      status   met partial unmet n/a skip back quit, or m p u n s b q;
               for a choice item: choice ids or numbers, comma-separated,
               -id for not applicable (or n/a, skip, back, quit)
      evidence after met/partial/unmet/choices, unless the item takes
               none: links or references, comma-separated
      notes    after met/partial/unmet/choices
      reason   after n/a: why the item does not apply
    An empty line keeps the current value, - clears it. met with no evidence on an
    item that requires it asks the status again. End of input at a status line
    stops like quit; inside an answer it is an error. A new file first reads:
    service, owner, checklist ids, then one line per context key (empty: unset).
    With CI set and no terminal it refuses: run `orr gate` in CI.

    Each answer records status (or choices), evidence, notes, reason, answered_by,
    answered_at (UTC; SOURCE_DATE_EPOCH fixes it) and the item's fingerprint. On
    finishing or quitting it prints the verdict, score and blockers and writes the
    reports. Exit 0 when finished or quit, 2 on invalid input, 130 on Ctrl-C.
    """
    from orr.interview.terminal import open_prompter

    if not sys.stdin.isatty() and _in_ci():
        raise UsageError(f"orr review is interactive; in CI run `orr gate {review_file}` instead")
    if review_file.suffix.lower() == ".json":
        raise UsageError(
            f"orr review: {review_file} is JSON, which keeps no comments; orr review writes YAML. "
            "JSON is valid YAML: rename it to .yaml and run again"
        )
    catalog = make_catalog(checklist_dirs, policy_file).for_folder(review_file.parent)
    day = resolve_today(today)
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH fails before anything is asked or written
    for cid in checklist_ids:
        if catalog.find(cid) is None:
            raise UsageError(
                f"orr review: no checklist {cid!r}{did_you_mean(cid, catalog.ids())}; "
                "see `orr list`"
            )
    prompter = open_prompter()
    session: Session | None = None
    try:
        session = _prepare(
            prompter,
            review_file,
            catalog,
            checklist_ids,
            only,
            user or default_user(),
            day,
            ask_inherited=ask_inherited,
        )
        outcome = session.run()
    except KeyboardInterrupt:
        if session is None and not os.path.lexists(review_file):
            click.echo(f"\norr review: interrupted; {review_file} was not created.", err=True)
            return EXIT_INTERRUPTED
        saved = session.saved if session else 0
        kept = (
            f" (the last, {session.kept}, with what was typed before Ctrl-C)"
            if session and session.kept
            else ""
        )
        click.echo(
            f"\norr review: interrupted; {plural(saved, 'answer')} saved in "
            f"{review_file} this time{kept}. Run the same command again to resume.",
            err=True,
        )
        return EXIT_INTERRUPTED
    except EOFError:  # only the questions for a new file get here; answers handle their own
        raise UsageError(
            f"orr review: input ended before {review_file} could be created; nothing was written"
        ) from None
    if outcome == "quit" and session.current is not None:
        left = session.plan.unanswered(session.answers)
        prompter.show(
            f"Stopped at {session.current.ref} ({session.current.number}/"
            f"{session.current.total}); {plural(left, 'item')} still unanswered."
        )
    chosen = None if no_reports else [Format(f) for f in formats or DEFAULT_FORMATS]
    _close(review_file, catalog, day, policy_file, chosen, output_dir)
    return 0


def _prepare(
    prompter: Prompter,
    path: Path,
    catalog: Catalog,
    checklist_ids: Sequence[str],
    only: str,
    user: str,
    day: dt.date,
    *,
    ask_inherited: bool = False,
) -> Session:
    """Load (or first create) the review, add asked-for checklists, plan the questions."""
    from orr.interview.plan import Inherited, build_plan
    from orr.interview.session import Session
    from orr.interview.setup import ask_new_review
    from orr.interview.store import ReviewStore

    store = ReviewStore(path, catalog)
    if os.path.lexists(path):  # a path it cannot look at is read, to say why
        loaded = store.load()
    else:
        new = ask_new_review(prompter, path, catalog, checklist_ids, user)
        loaded = store.create(new.service, new.owner, new.checklists, new.context, day)
        prompter.notice(f"created {path}")
    if checklist_ids:
        loaded = store.add_checklists(checklist_ids)
    pinned = [loaded.checklists[cid] for cid, _ in loaded.review.pins()]
    order = [f"{c.id}/{item.id}" for c in pinned for _, item in c.iter_items()]
    asked = [c for c in pinned if not checklist_ids or c.id in checklist_ids]
    inherited = {
        ref: Inherited(answer, _source(found))
        for ref, (answer, found) in loaded.inheritance.answers.items()
    }
    plan = build_plan(
        asked,
        loaded.review.context,
        cast("Only", only),
        loaded.review.answers,
        inherited,
        ask_inherited=ask_inherited,
    )

    def save(ref: str, answer: dict[str, Any]) -> dict[str, Answer]:
        return store.save_answer(ref, answer, order)

    session = Session(plan, prompter, save, dict(loaded.review.answers), user, answered_at_clock())
    if plan.next(-1, session.answers) is None:
        prompter.show(_nothing_to_ask(plan.applicable, only))
    return session


def _source(found: BaselineFile) -> str:
    """``platform/golden-path.yaml (platform-team, reviewed 2026-10-01)``."""
    date = found.baseline.date
    return f"{found.path} ({found.baseline.owner}, {f'reviewed {date}' if date else 'undated'})"


def _close(
    path: Path,
    catalog: Catalog,
    day: dt.date,
    policy: Path | None,
    formats: Sequence[Format] | None,
    output_dir: Path,
) -> None:
    """The verdict, score and blockers as `orr gate` prints them, then the reports."""
    from orr.assess import assess
    from orr.interview.terminal import terminal_width
    from orr.render import console
    from orr.reporting import write_reports

    result = assess(path, catalog, day, policy_file=policy)
    click.echo("\n" + console.render(result, width=terminal_width()), nl=False)
    if len(result.checklists) > 1 or result.checklists[0].score != result.score:
        for outcome in result.checklists:
            score = "n/a" if outcome.score is None else f"{outcome.score:g}/100"
            click.echo(f"  score {score}  {outcome.title}")
    for written in write_reports(result, formats, output_dir) if formats else ():
        click.echo(f"wrote {written}")


def _nothing_to_ask(applicable: int, only: str) -> str:
    what = {"unanswered": "unanswered", "blocking": "blocking", "all": "applicable"}[only]
    hint = "" if only == "all" else " (--only all goes through every item again)"
    return f"No {what} items among the {applicable} that apply{hint}."


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def default_user() -> str:
    """git's user.name, else the login name."""
    try:
        found = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def answered_at_clock() -> Callable[[], dt.datetime]:
    """Now in UTC; a fixed moment when SOURCE_DATE_EPOCH is set (reproducible files)."""
    fixed = source_date_epoch()
    if fixed is not None:
        return lambda: fixed
    return lambda: dt.datetime.now(dt.UTC)
