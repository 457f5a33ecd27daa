"""What the commands built on typer share: the app and finishing with an exit code (reading many
inputs: ``cli.loading``; writing and failing: ``cli.writing``)."""
from __future__ import annotations

from typing import Any

import typer

from govplan.cli.loading import Loaded, load_all, load_grammar
from govplan.errors import ExitCode

__all__ = ["ExitCode", "Loaded", "app", "click_error", "finish", "load_all", "load_grammar"]

app = typer.Typer(
    name="govplan", no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain usage errors and help, as other command-line tools print them
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Parse Chinese government plans and notices into structured task ledgers.")


def click_error(name: str) -> Any:
    """A class of click's errors by name (ClickException, UsageError), whether typer vendors click (0.2x)
    or depends on it."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


def finish(loaded: Loaded, code: ExitCode = ExitCode.OK) -> None:
    """Exit with ``code``, or 1 when some inputs could not be read."""
    raise typer.Exit(loaded.exit_code(code))
