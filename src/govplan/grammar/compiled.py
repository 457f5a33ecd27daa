"""The loaded grammar as the stages use it: the validated rule files, and their patterns
compiled and located (an error or a time-out names ``FILE.toml: entry PATH`` the same way
for every stage); with a user's grammar every pattern call is limited in time."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from govplan.grammar.schema import DeadlinesFile, GrammarFile, LabelsFile, MarkersFile, UnitsFile
from govplan.grammar.schema_pages import CompareFile, CruftFile, DocumentsFile
from govplan.matching import HeldPattern
from govplan.precompiled import facts_when_asked, store


class Grammar:
    """All rule files, validated, with compiled objects built once by the stages."""

    def __init__(self, files: dict[str, GrammarFile], sources: list[Path], fingerprint: str = ""):
        self.sources = sources
        self.files = files
        self.timed = len(sources) > 1  # a user's folder: its patterns get a time limit per call
        self.fingerprint = fingerprint  # sha256 of every rule file read, in order
        self.markers: MarkersFile = files["markers"]  # type: ignore[assignment]
        self.labels: LabelsFile = files["labels"]  # type: ignore[assignment]
        self.units: UnitsFile = files["units"]  # type: ignore[assignment]
        self.deadlines: DeadlinesFile = files["deadlines"]  # type: ignore[assignment]
        self.cruft: CruftFile = files["cruft"]  # type: ignore[assignment]
        self.documents: DocumentsFile = files["documents"]  # type: ignore[assignment]
        self.compare: CompareFile = files["compare"]  # type: ignore[assignment]
        self._compiled: dict[str, Any] = {}

    def pattern(self, source: str, where: str, flags: int = 0):
        """A pattern built from the rules; with a user's grammar, limited in time per call
        (``where`` names the file and entry it came from)."""
        compiled = store().compile(source, flags)
        if not self.timed:
            return HeldPattern(compiled, facts_when_asked(source, flags))
        from govplan.grammar.patterns import TimedPattern, timeout_seconds

        return TimedPattern(compiled, where, timeout_seconds(), facts_when_asked(source, flags))

    def opening(self, source: str, flags: int = 0) -> frozenset[str] | None:
        """The characters a text must begin with for this pattern to find anything in it, or None
        (``govplan.openings``; read off the source once and kept for later starts)."""
        from govplan.openings import KEPT_AS, opening_chars

        return store().remembered(KEPT_AS["opening"], source, flags, opening_chars)

    def held_chars(self, source: str, flags: int = 0) -> frozenset[str] | None:
        """Characters one of which every match of this pattern holds, or None (``govplan.openings``;
        read off the source once and kept for later starts)."""
        from govplan.openings import KEPT_AS, held_chars

        return store().remembered(KEPT_AS["held"], source, flags, held_chars)

    def rule(self, path: str, flags: int = 0):
        """The compiled pattern of one grammar entry, named by its path in the rule files:
        ``documents.compilation``, ``markers.settings.section_label``, ``cruft.ruby.pattern``.
        A time-out or error names it as ``FILE.toml: entry PATH``, the same way everywhere."""
        file, _, entry = path.partition(".")
        return self.pattern(_value_at(self.files[file], entry), located(path), flags)

    def built(self, path: str, source: str, flags: int = 0):
        """A pattern built from the entry at ``path`` (several joined, or one wrapped), located there;
        built from a list, it is located as one of the list's entries."""
        file, _, entry = path.partition(".")
        many = isinstance(_value_at(self.files[file], entry), list)
        return self.pattern(source, f"{file}.toml: one of the entries {entry}" if many else located(path), flags)

    def rules(self, path: str, field: str = "pattern", flags: int = 0) -> list[tuple[Any, Any]]:
        """(entry, compiled pattern) for every entry of a list (``markers.marker``: each marker's
        ``pattern``), each located as ``FILE.toml: entry LIST[N] (NAME).FIELD``."""
        file, _, entry = path.partition(".")
        out = []
        for n, item in enumerate(_value_at(self.files[file], entry), 1):
            name = f" ({item.name})" if getattr(item, "name", None) else ""
            out.append((item, self.pattern(getattr(item, field), located(f"{path}[{n}]{name}.{field}"), flags)))
        return out

    def keep_compiled(self) -> None:
        """Keep the patterns compiled so far for the next start (``grammar.precompiled``)."""
        store().save()

    def compiled(self, key: str, build) -> Any:
        """Memoize a derived, compiled object (built by the stage that needs it)."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        return self._compiled[key]


def located(path: str) -> str:
    """Where an entry stands, for messages: ``markers.settings.dated_line`` ->
    ``markers.toml: entry settings.dated_line``."""
    file, _, entry = path.partition(".")
    return f"{file}.toml: entry {entry}"


def _value_at(model: Any, entry: str) -> Any:
    for part in entry.split("."):
        model = getattr(model, part)
    return model
