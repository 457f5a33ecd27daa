"""Running a command: its errors mapped to one line on stderr and an exit code (``errors.ExitCode``),
never a traceback; without typer, so that ``govplan parse`` can run without it (``cli.quick``)."""
from __future__ import annotations

import os
import sys
from typing import Callable

from govplan.errors import ExitCode, GovplanError

# an error the caller maps itself (typer's usage errors), with what it returns for it
Handler = tuple[type[BaseException], Callable[..., int]]


def guarded(command: Callable[[], int], handlers: tuple[Handler, ...] = ()) -> int:
    """Run ``command`` and return its exit code: govplan's errors as their lines and codes, an interrupt
    as 130, anything unexpected as one line and exit 3 (GOVPLAN_DEBUG=1 raises it)."""
    for stream in (sys.stdout, sys.stderr):  # messages never fail on a console that lacks a character
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from govplan.text.safe import SafeStream

    stderr = sys.stderr
    sys.stderr = SafeStream(stderr)  # messages show control characters visibly
    try:
        return _run(command, handlers)
    finally:
        sys.stderr = stderr


def _run(command: Callable[[], int], handlers: tuple[Handler, ...]) -> int:
    try:
        return command()
    except BaseException as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        for kind, handle in handlers:
            if isinstance(exc, kind):
                return handle(exc)
        return _mapped(exc)


def _mapped(exc: BaseException) -> int:
    if isinstance(exc, GovplanError):  # every error of govplan's own: its lines and its exit code
        for line in exc.lines():
            sys.stderr.write(f"govplan: error: {line}\n")
        return exc.exit_code
    if isinstance(exc, SystemExit):  # an early end (a reader that stopped reading; typer's completion)
        return exc.code if isinstance(exc.code, int) else ExitCode.OK
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("govplan: interrupted\n")
        return ExitCode.INTERRUPTED
    if not isinstance(exc, Exception) or os.environ.get("GOVPLAN_DEBUG"):
        raise exc
    sys.stderr.write(f"govplan: internal error: {type(exc).__name__}: {exc} (set GOVPLAN_DEBUG=1 for details)\n")
    return ExitCode.INTERNAL
