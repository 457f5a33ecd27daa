"""Compiled patterns kept between starts, as ``.pyc`` files keep compiled code: regex parses a pattern in
Python (about 0.3 ms each; the grammar's 140 patterns were a quarter of a cold parse), and what it hands
its C engine at the end is plain data, the data a compiled pattern is pickled as (``copyreg``).  That
data is kept in the user's cache folder (``settings.cache_dir``), so a later start builds each pattern
straight from it (about 25 us).

The file is marshal data headed by its key and a checksum (``cachefile``): the key
names the regex version, its default version flag and the Python version, so a file written by another
of them counts as absent, as does a corrupt or unreadable one.  A pattern whose data fails to build is
compiled as always.  Patterns that depend on the locale are never kept."""
from __future__ import annotations

import copyreg
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import regex

from govplan.cachefile import read_kept, write_kept
from govplan.digests import sha256_hex
from govplan.settings import cache_dir

_FORMAT = "govplan-patterns-1"
_MAX_PATTERNS = 4096  # more than this (many user grammars): the file starts afresh


def _key() -> str:
    parts = (_FORMAT, regex.__version__, str(regex.DEFAULT_VERSION), sys.version)
    return sha256_hex("\0".join(parts).encode())


class PatternStore:
    """Patterns compiled from their kept data when it is there, and the data of new ones kept (``save``)."""

    def __init__(self, folder: Path | None):
        self.key = _key()
        self.path = None if folder is None else folder / f"patterns-{self.key[:32]}.marshal"
        self.known: dict[tuple, tuple] = self._read()
        self.added = 0
        self._lock = threading.Lock()
        self._reduce: Any = copyreg.dispatch_table[regex.Pattern]  # a pattern -> (engine's compile, its data)
        self._build = self._reduce(regex.compile(""))[0]

    def compile(self, source: str | bytes, flags: int = 0) -> Any:
        """``regex.compile(source, flags)``, from the kept data when there is some."""
        key = (source, int(flags))
        data = self.known.get(key)
        if data is not None:
            try:
                return self._build(*data)  # type: ignore[operator]
            except Exception:  # noqa: BLE001 - data that no longer builds: compiled as always
                self.known.pop(key, None)
        compiled = regex.compile(source, flags)
        if not compiled.flags & regex.LOCALE:
            with self._lock:
                self.known[key] = tuple(_plain(v) for v in self._reduce(compiled)[1])
                self.added += 1
        return compiled

    def remembered(self, kind: str, source: str, flags: int, compute: Callable[[str, int], Any]) -> Any:
        """``compute(source, flags)``, a fact read off a pattern's source (kept as the pattern's data is:
        a value marshal can write, or None), computed once for all later starts."""
        key = (kind, source, int(flags))
        known = self.known.get(key)
        if isinstance(known, tuple) and len(known) == 1:
            return known[0]
        value = compute(source, flags)
        with self._lock:
            self.known[key] = (value,)
            self.added += 1
        return value

    def save(self) -> None:
        """Keep the data of the patterns compiled since the last save (quietly not, where it cannot be kept)."""
        if not self.added or self.path is None:
            return
        with self._lock:
            known = dict(self.known) if len(self.known) <= _MAX_PATTERNS else {}
            self.added = 0
        write_kept(self.path, self.key, known)

    def _read(self) -> dict[tuple, tuple]:
        known = read_kept(self.path, self.key)
        return known if isinstance(known, dict) else {}


def _plain(value: Any) -> Any:
    """A pattern's data in marshal's types: flags (an int subclass) as ints."""
    if isinstance(value, int) and type(value) is not int and not isinstance(value, bool):
        return int(value)
    return value


_STORE: PatternStore | None = None


def kept(source: str | bytes, flags: int = 0) -> Any:
    """``regex.compile``, through the process's store: for the patterns of govplan's own modules and those a
    stage builds from the grammar's words (escaped words, shipped or a user's: nothing there can backtrack;
    a user's patterns are compiled by ``Grammar.pattern``, with their time limit)."""
    return store().compile(source, flags)


def store() -> PatternStore:
    """The process's store, in the cache folder named when it is first asked for."""
    global _STORE
    if _STORE is None:
        _STORE = PatternStore(cache_dir())
    return _STORE
