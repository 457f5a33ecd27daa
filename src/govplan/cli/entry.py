"""The console script's entry: ``govplan --version`` answered here, before the command line (typer
and every command) is imported; ``govplan parse FILE ...`` run without typer when ``cli.quick`` can
read it; anything else goes to ``govplan.cli.app.main``."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from govplan.version import __version__

        sys.stdout.write(f"govplan {__version__}\n")
        return 0
    if args[:1] == ["parse"]:
        from govplan.cli.quick import read_parse_args

        request = read_parse_args(args[1:])
        if request is not None:
            from govplan.cli.parsing import run_parse
            from govplan.cli.running import guarded

            return guarded(lambda: run_parse(**request))
    from govplan.cli.app import main as run

    return run(argv)
