"""Numeric settings read from the environment (GOVPLAN_INPUT_SECONDS, GOVPLAN_MAX_INPUT_MB …):
one reader for all of them, so a value that is no number never stops a run."""
from __future__ import annotations

import math
import os


def env_number(name: str, default: float) -> float:
    """The environment variable ``name`` as a finite number; unset, not a number, or infinite:
    ``default``."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if math.isfinite(value) else default
