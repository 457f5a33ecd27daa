"""Grammars audited before: a marker file per content in the user's cache folder, so that a grammar
is compiled and checked completely once, not at every start (every pattern compiled twice was a
third of a cold parse).  The key is the grammar's fingerprint (the bytes of every rule file read),
govplan's version and the auditing code's own bytes; a marker holds its key again, so a corrupt or
foreign file counts as absent.  Absent, corrupt or unwritable: the grammar is audited as always.
GOVPLAN_CACHE_DIR names the folder (default: $XDG_CACHE_HOME/govplan or ~/.cache/govplan); an empty
value turns the cache off."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from govplan.version import __version__

_AUDITING_CODE = ("loader.py", "schema.py", "schema_pages.py", "registry.py")


def cache_dir() -> Path | None:
    given = os.environ.get("GOVPLAN_CACHE_DIR")
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govplan"


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _AUDITING_CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _key(fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{_code_hash()}".encode()).hexdigest()


def _marker(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"grammar-audited-{key[:32]}"


def audited_before(fingerprint: str) -> bool:
    key = _key(fingerprint)
    marker = _marker(key)
    try:
        return marker is not None and marker.read_text("ascii").strip() == key
    except (OSError, ValueError):
        return False


def remember_audited(fingerprint: str) -> None:
    """Leave a marker for a grammar that passed its audit (quietly not, where the folder cannot be written)."""
    key = _key(fingerprint)
    marker = _marker(key)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        temporary = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")
        temporary.write_text(key + "\n", "ascii")
        os.replace(temporary, marker)
    except OSError:
        pass
