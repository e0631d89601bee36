"""The command line: parse, call one core function, choose the exit code.

Subcommands are imported lazily so that `orr gate` never pays for the renderers' imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from orr import __version__
from orr.errors import OrrError

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

COMMANDS = {
    "validate": "orr.commands.validate:validate",
    "list": "orr.commands.listing:list_checklists",
    "init": "orr.commands.init:init",
    "schema": "orr.commands.schema:schema",
    "report": "orr.commands.report:report",
    "gate": "orr.commands.gate:gate",
    "lens": "orr.commands.lens:lens",
    "portfolio": "orr.commands.portfolio:portfolio",
    "diff": "orr.commands.diff:diff",
    "review": "orr.commands.review:review",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orr")
def cli() -> None:
    """orr: operational readiness reviews as code.

    Exit codes: 0 ready / success, 1 the gate failed, 2 bad usage or invalid input,
    3 internal error, 130 interrupted.
    """


def main(argv: Sequence[str] | None = None) -> int:
    """Run orr; returns the exit code instead of exiting, so tests can call it in-process."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="orr", standalone_mode=False
        )
    except OrrError as error:
        from orr.printable import visible

        click.echo(visible(error.message), err=True)
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("\norr: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return EXIT_INVALID
    except KeyboardInterrupt:
        click.echo("\norr: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last line of defence: never a traceback
        click.echo(
            f"orr: internal error ({type(error).__name__}: {error}). This is a bug in orr: "
            "please report it with the command you ran and the input files.",
            err=True,
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK
