"""The console script's entry: ``govplan --version`` answered here, before the command line (typer
and every command) is imported; ``govplan parse FILE ...`` and ``govplan compare UPPER LOWER ...`` run
without typer when ``cli.quick`` can read them; anything else goes to ``govplan.cli.app.main``."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: sys.argv) and return its exit code."""
    return _run(sys.argv[1:] if argv is None else argv)[0]


def console() -> None:
    """The ``govplan`` command.  After a parse read without typer the process ends at once (``os._exit``,
    once stdout and stderr are flushed): freeing every module, the grammar and OpenCC's dictionaries
    one by one took a sixth of a cold parse, and nothing is left to do then (its files are written and
    closed, and nothing on that path registers work for the interpreter's exit)."""
    code, quick = _run(sys.argv[1:])
    if quick:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # (the interpreter's own exit reports it)
        else:
            os._exit(code)
    sys.exit(code)


def _run(args: list[str]) -> tuple[int, bool]:
    """The exit code, and whether the command ran without typer."""
    if args in (["--version"], ["-V"]):
        from govplan.version import __version__, compiled

        sys.stdout.write(f"govplan {__version__} (compiled: {'yes' if compiled() else 'no'})\n")
        return 0, True
    helper = _segmenter_helper() if args[:1] == ["compare"] else None
    from govplan.batch.runtime import paused_gc

    if args[:1] in (["parse"], ["compare"]):
        from govplan.cli import quick

        request = (quick.read_parse_args if args[0] == "parse" else quick.read_compare_args)(args[1:])
        if request is not None:
            with paused_gc():  # (imports make many objects and no garbage: collections took a tenth of a start)
                from functools import partial  # (after the helper's fork: not on its way to the segmenter)

                from govplan.cli.running import guarded

                if args[0] == "parse":
                    from govplan.cli.parsing import run_parse

                    command = partial(run_parse, **request)
                else:
                    from govplan.cli.comparing import run_compare

                    command = partial(run_compare, helper=helper, **request)
            return guarded(command), True
    if helper is not None:
        helper.close()  # (typer reads this command line: its own run starts a helper)
    with paused_gc():
        from govplan.cli.app import main as run

    return run(args), False


def _segmenter_helper():
    """A compare's segmenter helper, forked before anything else is imported: its dictionary takes longer
    to load than the whole of reading both plans, so it starts first (``compare.helper``)."""
    from govplan.compare.helper import SegmenterHelper

    return SegmenterHelper()
