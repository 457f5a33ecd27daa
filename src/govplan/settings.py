"""Settings read from the environment: numbers (GOVPLAN_INPUT_SECONDS, GOVPLAN_MAX_INPUT_MB …), one
reader for all of them, so a value that is no number never stops a run; the cache folder."""
from __future__ import annotations

import math
import os

TYPE_CHECKING = False  # (pathlib only where a Path is made: a compare's helper reads the folder without it)
if TYPE_CHECKING:
    from pathlib import Path


def env_number(name: str, default: float) -> float:
    """The environment variable ``name`` as a finite number; unset, not a number, or infinite:
    ``default``."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def cache_dir() -> Path | None:
    """The folder of what govplan keeps between starts (grammars audited before, compiled patterns):
    GOVPLAN_CACHE_DIR, else $XDG_CACHE_HOME/govplan or ~/.cache/govplan; None (nothing kept) when
    GOVPLAN_CACHE_DIR is set empty."""
    from pathlib import Path

    folder = cache_folder()
    return None if folder is None else Path(folder)


def cache_folder() -> str | None:
    """``cache_dir`` as a string (read without pathlib)."""
    given = os.environ.get("GOVPLAN_CACHE_DIR")
    if given is not None:
        return given or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "govplan")
