"""Where the shipped grammars are, and what a compare's helper reads of them before the grammar is
loaded (this module imports nothing of the loader's: regex, the schema, the rule tables)."""
from __future__ import annotations

import os

TYPE_CHECKING = False  # (pathlib, typing and the errors' enum are not imported on a compare helper's way)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


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


NAMES_KEPT_AS = "segmenters-1"  # (bump when what is kept changes)


def shipped_segmenters() -> list[str]:
    """The segmenters compare tries, in order, as the shipped compare.toml names them; a user's grammar
    only appends its own after these (the loader's merge), so the first of these that imports is the one
    compare uses whenever one of them does.  [] when the file cannot be read.  Kept between starts in
    the cache folder, keyed by the file's place, size and time: a compare's helper reads them on its way
    to the segmenter, and tomllib alone took a tenth of that way."""
    folder = _shipped_folder()
    if folder is None:
        return []
    source = os.path.join(folder, "compare.toml")
    try:
        stat = os.stat(source)
    except OSError:
        return []
    from govplan.cachefile import KeptKind, read_kept, write_kept
    from govplan.digests import sha256_hex
    from govplan.settings import cache_folder

    key, kind = f"{NAMES_KEPT_AS}\0{source}\0{stat.st_size}\0{stat.st_mtime_ns}", KeptKind("segmenters")
    cache = cache_folder()
    kept_at = None if cache is None else os.path.join(cache, kind.name(sha256_hex(key.encode())))
    kept = read_kept(kept_at, key)
    if isinstance(kept, list) and all(isinstance(n, str) for n in kept):
        return kept
    names = _read_segmenters(source)
    if names is None:
        return []
    write_kept(kept_at, key, names, kind=kind)
    return names


def _read_segmenters(source: str) -> list[str] | None:
    """The [settings] segmenters of a compare.toml, or None when it cannot be read."""
    toml = toml_reader()
    try:
        with open(source, encoding="utf-8") as file:
            names = toml.loads(file.read())["settings"]["segmenters"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def toml_reader() -> Any:
    """tomllib (tomli before Python 3.11, a dependency there), imported by the starts that read TOML."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib
