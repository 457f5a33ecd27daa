"""Where the shipped grammars are, and what a compare's helper reads of them before the grammar is
loaded (this module imports nothing of the loader's: regex, the schema, the rule tables)."""
from __future__ import annotations

import os

TYPE_CHECKING = False  # (pathlib, typing and the errors' enum are not imported on a compare helper's way)
if TYPE_CHECKING:
    from pathlib import Path


def shipped_dir() -> Path:
    """The grammars shipped with govplan (inside the wheel, or the source checkout)."""
    from pathlib import Path

    from govplan.errors import GrammarError

    found = _shipped_folder()
    if found is None:
        raise GrammarError([f"shipped grammars not found next to {_package()}"])
    return Path(found)


def _package() -> str:
    return os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # src/govplan, or govplan in a wheel


def _shipped_folder() -> str | None:
    package = _package()
    checkout = os.path.dirname(os.path.dirname(package))  # (src/govplan: the grammars are at the root)
    for candidate in (os.path.join(package, "grammars"), os.path.join(checkout, "grammars")):
        if os.path.isfile(os.path.join(candidate, "markers.toml")):
            return candidate
    return None


def shipped_segmenters() -> list[str]:
    """The segmenters compare tries, in order, as the shipped compare.toml names them; a user's grammar
    only appends its own after these (the loader's merge), so the first of these that imports is the one
    compare uses whenever one of them does.  [] when the file cannot be read."""
    import tomllib

    folder = _shipped_folder()
    if folder is None:
        return []
    try:
        with open(os.path.join(folder, "compare.toml"), encoding="utf-8") as file:
            names = tomllib.loads(file.read())["settings"]["segmenters"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
