"""govplan: parse Chinese government plans and notices into task ledgers.

    from govplan import parse_text, parse_file

The heavy modules load on first use, so ``govplan --version`` stays instant.
"""
from __future__ import annotations

from govplan.version import __version__

__all__ = ["parse_text", "parse_file", "ReadError", "GrammarError", "__version__"]


def __getattr__(name: str):
    if name in ("parse_text", "parse_file"):
        from govplan import api

        return getattr(api, name)
    if name == "ReadError":
        from govplan.errors import ReadError

        return ReadError
    if name == "GrammarError":
        from govplan.errors import GrammarError

        return GrammarError
    raise AttributeError(f"module 'govplan' has no attribute {name!r}")
