"""The console script's entry: ``govplan --version`` answered here, before the command line (typer
and every command) is imported; anything else goes to ``govplan.cli.app.main``."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from govplan.version import __version__

        sys.stdout.write(f"govplan {__version__}\n")
        return 0
    from govplan.cli.app import main as run

    return run(argv)
