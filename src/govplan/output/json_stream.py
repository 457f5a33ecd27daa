"""Stage 6, emit: validated models -> JSON text (UTF-8, Chinese not escaped, stable order).

``to_json`` returns the whole text.  ``write_json`` writes the same bytes piece by
piece (the document and section lists element by element), so that a 10 MB notice
never holds its whole JSON in memory.  Both use pydantic-core's serializer.
"""
from __future__ import annotations

from functools import lru_cache
from typing import IO

from pydantic import BaseModel

from govplan.models import ParseResult

# Lists of models written element by element; every other field is small.
STREAMED = frozenset({"documents", "sections", "children"})


def to_json(result: ParseResult, indent: int | None = 2) -> str:
    """The result as JSON text, field order as in models.py."""
    return result.model_dump_json(indent=indent) + "\n"


def write_json(result: ParseResult, out: IO[bytes], indent: int | None = 2) -> None:
    """Write exactly ``to_json(result, indent)`` to a binary stream."""
    _model(result, out, indent, 0)
    out.write(b"\n")


@lru_cache(maxsize=None)
def _groups(model_type: type[BaseModel]) -> list[tuple[bool, list[str]]]:
    """Runs of fields: (streamed?, names), in field order (once per model class)."""
    groups: list[tuple[bool, list[str]]] = []
    for name in model_type.model_fields:
        streamed = name in STREAMED
        if groups and not streamed and not groups[-1][0]:
            groups[-1][1].append(name)
        else:
            groups.append((streamed, [name]))
    return groups


def _model(model: BaseModel, out: IO[bytes], indent: int | None, depth: int) -> None:
    groups = _groups(type(model))
    if not any(streamed for streamed, _ in groups):
        out.write(_shift(model.model_dump_json(indent=indent), indent, depth))
        return
    nl = "" if indent is None else "\n"
    out.write(b"{")
    first = True
    for streamed, names in groups:
        out.write(("" if first else ",").encode())
        first = False
        if streamed:
            pad = "" if indent is None else " " * (indent * (depth + 1))
            key = f'"{names[0]}":' + ("" if indent is None else " ")
            out.write(f"{nl}{pad}{key}".encode())
            _list(getattr(model, names[0]), out, indent, depth + 1)
        else:
            whole = model.model_dump_json(indent=indent, include=set(names))
            inner = whole[1:-1].strip("\n")  # between the braces: "a": 1,\n  "b": 2
            lead = "" if indent is None else " " * (indent * depth)
            out.write((nl + lead).encode() + _shift(inner, indent, depth))
    out.write(f"{nl}{'' if indent is None else ' ' * (indent * depth)}}}".encode())


def _list(items: list[BaseModel], out: IO[bytes], indent: int | None, depth: int) -> None:
    if not items:
        out.write(b"[]")
        return
    nl = "" if indent is None else "\n"
    pad = "" if indent is None else " " * (indent * (depth + 1))
    out.write(b"[")
    for i, item in enumerate(items):
        out.write(f"{',' if i else ''}{nl}{pad}".encode())
        _model(item, out, indent, depth + 1)
    out.write(f"{nl}{'' if indent is None else ' ' * (indent * depth)}]".encode())


def _shift(text: str, indent: int | None, depth: int) -> bytes:
    """Indent every line but the first by ``depth`` levels (JSON nested that deep)."""
    if indent is not None and depth:
        text = text.replace("\n", "\n" + " " * (indent * depth))
    return text.encode("utf-8")
