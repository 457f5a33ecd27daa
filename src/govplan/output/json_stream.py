"""Stage 6, emit: the parse contract (dataclasses; the comparison's too) -> JSON text: UTF-8, Chinese
not escaped, keys in field order, indented by ``indent`` spaces or compact (no spaces at all).

``to_json`` returns the whole text; ``write_json`` writes the same bytes in pieces of about 64K
characters, so that a 10 MB notice never holds its whole JSON in memory.  ``to_data`` gives the
same values as plain dicts and lists (dates as ISO strings), as ``json.loads`` of the text would.

Strings are escaped by the json module's C encoder: quote, backslash and the control characters
U+0000-U+001F, nothing else, the escapes pydantic-core writes too (a test compares the two).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import IO, Any, Callable, Iterable

try:  # the json module's C string encoder, without importing the json package (its decoder) on a start
    from _json import encode_basestring
except ImportError:  # pragma: no cover - another Python
    from json.encoder import encode_basestring

from govplan.models import Document, ParseResult

_FLUSH_PIECES = 2_048  # pieces written out at a time (about 64 KB of a long plan's JSON)


def to_json(result: Any, indent: int | None = 2) -> str:
    """The result as JSON text, field order as in models."""
    parts: list[str] = []
    _Encoder(parts.append, indent).value(result, 0)
    parts.append("\n")
    return "".join(parts)


def write_json(result: ParseResult, out: IO[bytes], indent: int | None = 2,
               documents: Iterable[Document] | None = None) -> None:
    """Write exactly ``to_json(result, indent)`` to a binary stream, piece by piece.

    ``documents``: the result's documents as they come (``parse.assemble.Assembly.documents``), written
    in place of ``result.documents`` and let go one by one; the fields after them are read once they
    have all been written (an Assembly sets the diagnostics then)."""
    pending: list[str] = []

    def emit(piece: str) -> None:
        pending.append(piece)
        if len(pending) >= _FLUSH_PIECES:
            out.write("".join(pending).encode("utf-8"))
            pending.clear()

    encoder = _Encoder(emit, indent)
    if documents is None:
        encoder.value(result, 0)
    else:
        encoder.mapping(((name, _Streamed(documents) if name == "documents" else getattr(result, name))
                         for name in _field_names(type(result))), 0)
    pending.append("\n")
    out.write("".join(pending).encode("utf-8"))


class _Streamed:
    """A list field's items as an iterable, written as they come."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]):
        self.items = items


def to_data(value: Any) -> Any:
    """A contract value as JSON data: dataclasses as dicts (field order), dates as ISO strings."""
    kind = type(value)
    if kind is list:
        return [to_data(v) for v in value]
    if kind is dict:
        return {k: to_data(v) for k, v in value.items()}
    if kind is dt.date:
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {name: to_data(getattr(value, name)) for name in _field_names(kind)}
    return value


_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


class _Encoder:
    """Writes one value's JSON through ``emit``; ``level`` is the nesting depth (for indentation)."""

    def __init__(self, emit: Callable[[str], None], indent: int | None):
        self.emit = emit
        self.indent = indent
        self.colon = ":" if indent is None else ": "
        self._pads: list[str] = []

    def pad(self, level: int) -> str:
        """The line break and indentation before an item at ``level`` ('' when compact)."""
        if self.indent is None:
            return ""
        while len(self._pads) <= level:
            self._pads.append("\n" + " " * (self.indent * len(self._pads)))
        return self._pads[level]

    def value(self, value: Any, level: int) -> None:
        kind = type(value)
        if kind is str:
            self.emit(encode_basestring(value))
        elif value is None:
            self.emit("null")
        elif kind is bool:
            self.emit("true" if value else "false")
        elif kind is int:
            self.emit(int.__repr__(value))
        elif kind is float and math.isfinite(value):  # (the shortest text that reads back as the same float)
            self.emit(float.__repr__(value))
        elif kind is list:
            self.sequence(value, level)
        elif kind is dt.date:
            self.emit(f'"{value.isoformat()}"')
        elif kind is dict:
            self.mapping(value.items(), level)
        elif dataclasses.is_dataclass(value):
            self.mapping(((name, getattr(value, name)) for name in _field_names(kind)), level)
        elif kind is _Streamed:
            self.sequence(value.items, level)
        elif isinstance(value, str):  # a str enum or subclass: its text
            self.emit(encode_basestring(str.__str__(value)))
        else:
            raise TypeError(f"no JSON for a {kind.__name__} in the parse contract")

    def sequence(self, items: Iterable[Any], level: int) -> None:
        inner = self.pad(level + 1)
        first = True
        for item in items:
            self.emit(("[" + inner) if first else ("," + inner))
            first = False
            self.value(item, level + 1)
        self.emit("[]" if first else self.pad(level) + "]")

    def mapping(self, pairs: Any, level: int) -> None:
        inner = self.pad(level + 1)
        first = True
        for key, item in pairs:
            self.emit(f"{'{' if first else ','}{inner}{encode_basestring(key)}{self.colon}")
            first = False
            self.value(item, level + 1)
        self.emit("{}" if first else self.pad(level) + "}")
