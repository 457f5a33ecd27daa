"""Where the shipped grammars are, and what a compare's helper reads of them before the grammar is
loaded (this module imports nothing of the loader's: regex, the schema, the rule tables)."""
from __future__ import annotations

from pathlib import Path

from govplan.errors import GrammarError


def shipped_dir() -> Path:
    """The grammars shipped with govplan (inside the wheel, or the source checkout)."""
    package = Path(__file__).resolve().parent.parent  # src/govplan, or govplan in a wheel
    for candidate in (package / "grammars", package.parent.parent / "grammars"):
        if (candidate / "markers.toml").is_file():
            return candidate
    raise GrammarError([f"shipped grammars not found next to {package}"])


def shipped_segmenters() -> list[str]:
    """The segmenters compare tries, in order, as the shipped compare.toml names them; a user's grammar
    only appends its own after these (the loader's merge), so the first of these that imports is the one
    compare uses whenever one of them does.  [] when the file cannot be read."""
    import tomllib

    try:
        names = tomllib.loads((shipped_dir() / "compare.toml").read_text(encoding="utf-8"))["settings"]["segmenters"]
    except (OSError, ValueError, KeyError, TypeError, GrammarError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
