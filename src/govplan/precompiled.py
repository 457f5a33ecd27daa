"""Compiled patterns kept between starts, as ``.pyc`` files keep compiled code: regex parses a pattern in
Python (about 0.3 ms each; the grammar's 140 patterns were a quarter of a cold parse), and what it hands
its C engine at the end is plain data, the data a compiled pattern is pickled as (``copyreg``).  That
data is kept in the user's cache folder (``settings.cache_dir``), so a later start builds each pattern
straight from it (about 25 us).

The file is marshal data headed by its key and a checksum (``cachefile``): the key
names the regex engine's file (its place, size and time), its default version flag and the Python
version, so a file written by another of them counts as absent, as does a corrupt or unreadable one.  A
pattern whose data fails to build is compiled as always.  Patterns that depend on the locale are never
kept.

Building from kept data needs only regex's engine, its C module: the ``regex`` package itself (its
pattern parser, written in Python, and what that imports: ~9 ms of a cold parse here) is imported
when a pattern has to be compiled from its source, or escaped text matters (``escape`` is regex's own,
written here), not at every start."""
from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from govplan.cachefile import KeptKind, read_kept, write_kept
from govplan.digests import sha256_hex
from govplan.matching import HeldPattern
from govplan.settings import cache_dir

_FORMAT = "govplan-patterns-2"
_KIND = KeptKind("patterns", ".marshal")  # the file's name, beside other engines' and versions'
_MAX_PATTERNS = 4096  # more than this (many user grammars): the file starts afresh

# regex's flag values, for the stages that pass flags without importing regex (a test holds them to regex's)
IGNORECASE, LOCALE, MULTILINE, DOTALL = 2, 4, 8, 16
_VERSION0 = 8192  # regex.VERSION0, its default version flag unless a program sets regex.DEFAULT_VERSION
_METACHARS = frozenset("()[]{}?*+|^$\\.-#&~")  # what regex.escape escapes, with every space


def escape(text: str) -> str:
    """``regex.escape(text)``: the same text, to the character (its special characters and spaces escaped)."""
    return "".join("\\" + c if c in _METACHARS or c.isspace() else c for c in text)


def engine() -> ModuleType:
    """regex's C engine (``regex._regex``), loaded on its own when the ``regex`` package is not imported yet
    (the package, importing later, takes this same module); the package's own where it cannot be."""
    loaded = sys.modules.get("regex._regex")
    if loaded is not None:
        return loaded
    try:
        return _load_engine_alone()
    except Exception:  # noqa: BLE001 - an engine in an unusual place: through the package, as always
        import regex

        return regex._regex


def _load_engine_alone() -> ModuleType:
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
    from importlib.util import find_spec, module_from_spec, spec_from_loader

    package = find_spec("regex")  # (found, not imported)
    folders = list(package.submodule_search_locations or []) if package else []
    path = next(str(Path(f) / f"_regex{suffix}") for f in folders for suffix in EXTENSION_SUFFIXES
                if (Path(f) / f"_regex{suffix}").is_file())
    loader = ExtensionFileLoader("regex._regex", path)
    module = module_from_spec(spec_from_loader("regex._regex", loader, origin=path))  # type: ignore[arg-type]
    loader.exec_module(module)
    return sys.modules.setdefault("regex._regex", module)


def _key() -> str:
    engine_file = Path(engine().__file__ or "")
    stat = engine_file.stat()
    regex = sys.modules.get("regex")
    default = int(regex.DEFAULT_VERSION) if regex is not None else _VERSION0
    parts = (_FORMAT, str(engine_file), str(stat.st_size), str(stat.st_mtime_ns), str(default), sys.version)
    return sha256_hex("\0".join(parts).encode())


class PatternStore:
    """Patterns compiled from their kept data when it is there, and the data of new ones kept (``save``)."""

    def __init__(self, folder: Path | None):
        self.key = _key()
        self.path = None if folder is None else folder / _KIND.name(self.key)
        self.known: dict[tuple, tuple] = self._read()
        self.added = 0
        self._lock = threading.Lock()
        self._build = engine().compile  # what a pattern is pickled as: the engine's compile and its data

    def compile(self, source: str | bytes, flags: int = 0) -> Any:
        """``regex.compile(source, flags)``, from the kept data when there is some."""
        key = (source, int(flags))
        data = self.known.get(key)
        if data is not None:
            try:
                return self._build(*data)
            except Exception:  # noqa: BLE001 - data that no longer builds: compiled as always
                self.known.pop(key, None)
        import copyreg

        import regex

        compiled = regex.compile(source, flags)
        if not compiled.flags & LOCALE:
            reduce = copyreg.dispatch_table[regex.Pattern]  # a pattern -> (the engine's compile, its data)
            with self._lock:
                self.known[key] = tuple(_plain(v) for v in reduce(compiled)[1])
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

    def facts(self, source: str, flags: int) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """What a pattern's source says about its matches (``openings``): the characters every match begins
        with, and characters one of which every match holds (None: it does not say); read once, kept."""
        from govplan.openings import KEPT_AS, first_chars, held_chars

        return (self.remembered(KEPT_AS["first"], source, flags, first_chars),
                self.remembered(KEPT_AS["held"], source, flags, held_chars))

    def save(self) -> None:
        """Keep the data of the patterns compiled since the last save (quietly not, where it cannot be kept)."""
        if not self.added or self.path is None:
            return
        with self._lock:
            known = dict(self.known) if len(self.known) <= _MAX_PATTERNS else {}
            self.added = 0
        write_kept(self.path, self.key, known, kind=_KIND)

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
    a user's patterns are compiled by ``Grammar.pattern``, with their time limit); matching with the GIL
    held (``matching``)."""
    compiled = store().compile(source, flags)
    return HeldPattern(compiled, facts_when_asked(source, flags) if isinstance(source, str) else None)


def facts_when_asked(source: str, flags: int) -> Callable[[], tuple]:
    """The pattern's facts, read when it is first called (a start reads only those of the patterns it uses)."""
    return lambda: store().facts(source, flags)


def store() -> PatternStore:
    """The process's store, in the cache folder named when it is first asked for."""
    global _STORE
    if _STORE is None:
        _STORE = PatternStore(cache_dir())
    return _STORE
