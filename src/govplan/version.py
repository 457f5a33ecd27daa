"""govplan's version, in a module of its own so that any layer can name it."""
from __future__ import annotations

import os

__version__ = "0.1.0"


def compiled() -> bool:
    """Whether this install runs the parse compiled by mypyc (a wheel built where a C compiler was at
    hand: hatch_build.py) or its Python source."""
    return has_compiled_parse(os.path.dirname(os.path.abspath(__file__)))


def has_compiled_parse(package: str | os.PathLike[str]) -> bool:
    """Whether the parse's first stage in ``package`` (a govplan folder) is an extension module, which
    Python imports before the source beside it.  Read off the files: nothing is imported."""
    from importlib.machinery import EXTENSION_SUFFIXES

    stage = os.path.join(package, "parse", "normalize")
    return any(os.path.isfile(stage + suffix) for suffix in EXTENSION_SUFFIXES)
