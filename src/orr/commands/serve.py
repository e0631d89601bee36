"""orr serve: the review meeting in a browser, saving to the same file as `orr review`."""

from __future__ import annotations

import errno
import webbrowser
from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog, policy_option, today_option
from orr.errors import UsageError

EXIT_INTERRUPTED = 130


@click.command(
    short_help="Answer a review in the browser, saved as you go.",
    context_settings={"max_content_width": 100},
)
@click.argument("target", metavar="REVIEW_OR_FOLDER", type=click.Path(path_type=Path))
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one)."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback lets other machines reach the page.",
)
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.option(
    "--user",
    metavar="NAME",
    help="Recorded as answered_by (default: git's user.name, else your login name).",
)
@policy_option
@today_option
@checklists_option
def serve(
    target: Path,
    port: int,
    host: str,
    no_browser: bool,
    user: str | None,
    policy_file: Path | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Serve REVIEW.yaml (or every review below a folder) as a web page on this machine.

    Each answer given in the page is saved to the file at once, through the same writer as
    `orr review` (comments and order kept, answered_by and answered_at set); the verdict,
    score and blockers update as `orr gate` computes them. A save based on an older version
    of the file (another tab, the terminal, a hand edit) is refused and the page shows the
    newer answer.

    The address printed carries a random token: only someone with it can read or write.
    Ctrl-C stops the server (exit 130) with every saved answer on disk.
    """
    from orr.commands.options import resolve_today
    from orr.commands.review import answered_at_clock, default_user
    from orr.web.app import Settings, create_app
    from orr.web.guard import LOOPBACK_NAMES, Keys
    from orr.web.server import bind, run

    if not target.exists():
        raise UsageError(f"orr serve: {target}: no such file or folder")
    if target.is_file() and target.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            f"orr serve: {target} is not a YAML review; orr serve writes comment-keeping YAML"
        )
    catalog = make_catalog(checklist_dirs)
    day = resolve_today(today) if today else None
    settings = Settings(
        target, catalog, user or default_user(), day, policy_file, answered_at_clock()
    )
    if target.is_file():
        settings.reviews.open(target)  # an invalid file: its errors now, exit 2
    loopback = host in ("127.0.0.1", "localhost", "::1")
    try:
        sock = bind(host, port)
    except OSError as error:
        hint = _LISTEN_HINTS.get(error.errno or 0, "check --host and --port")
        raise UsageError(
            f"orr serve: cannot listen on {host}:{port}: {error.strerror}; {hint}"
        ) from None
    bound = sock.getsockname()[1]
    names = LOOPBACK_NAMES if loopback else (host if ":" not in host else f"[{host}]",)
    keys = Keys(bound, names)
    if not loopback:
        click.echo(
            f"orr serve: warning: listening on {host}, reachable from other machines; "
            "the token is all that keeps others out, and the connection is not encrypted.",
            err=True,
        )
    url = keys.url()
    click.echo(f"orr serve: {target} at {url}\nPress Ctrl-C to stop.", err=True)
    if not no_browser:
        webbrowser.open(url)
    try:
        run(create_app(settings, keys), sock)
    except KeyboardInterrupt:
        click.echo("\norr serve: stopped; every saved answer is in the file.", err=True)
        return EXIT_INTERRUPTED
    finally:
        sock.close()
    return 0


#: What to do when the address cannot be listened on, by the error's number.
_LISTEN_HINTS = {
    errno.EADDRINUSE: "another program uses that port: pick another --port, or leave it out",
    errno.EACCES: "ports below 1024 need privileges: pick a --port above 1023",
    errno.EADDRNOTAVAIL: "this machine has no such address: check --host",
}
