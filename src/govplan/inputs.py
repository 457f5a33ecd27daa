"""Inputs of the commands that read many notices: files, folders, stdin, parse JSON.

Every command accepts a notice or the JSON that ``govplan parse`` printed for it, so
``govplan parse x.txt > x.json; govplan table x.json`` does not parse twice.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Iterator

from .models import ParseResult
from .read import ReadError, read_bytes
from .render import NOTICE_SUFFIXES, load

# What a folder given as input contributes: notices, and parse output for the commands
# that read it (batch converts notices, so it takes only the notices).
NOTICE_GLOBS = tuple(f"*{suffix}" for suffix in NOTICE_SUFFIXES)
RESULT_GLOBS = NOTICE_GLOBS + ("*.json",)


def load_result(path: str, *, script: str = "simplified",
                grammar_dirs: tuple[str, ...] = (), reference: dt.date | None = None) -> ParseResult:
    """A ParseResult from a notice or from govplan's own JSON (``-`` is stdin)."""
    return load_input(path, script=script, grammar_dirs=grammar_dirs, reference=reference)[0]


def load_input(path: str, *, script: str = "simplified", grammar_dirs: tuple[str, ...] = (),
               reference: dt.date | None = None) -> tuple[ParseResult, str | None]:
    """A ParseResult, and the notice's own text when it was parsed now (None for JSON).

    The text read here is the only source of lines to show beside a finding: a path
    inside a JSON input is never opened (it could name any file on the machine).
    """
    from .api import parse_decoded
    from .grammar import load_grammar

    data = read_bytes(path)
    if _looks_like_json(path, data):
        try:
            return ParseResult.model_validate_json(data), None
        except ValueError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid"
            raise ReadError(path, f"not govplan parse output ({first})") from None
    decoded = load(data, path)
    return (parse_decoded(decoded, script=script, grammar=load_grammar(grammar_dirs), reference=reference),
            decoded.text)


def _looks_like_json(path: str, data: bytes) -> bool:
    if path.endswith(".json"):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    try:
        return "documents" in json.loads(data.decode("utf-8", "replace"))
    except ValueError:
        return False


def expand(sources: list[str], pattern: str | tuple[str, ...] | None = None,
           defaults: tuple[str, ...] = RESULT_GLOBS) -> Iterator[tuple[str, Path | None]]:
    """Yield (input path, the folder it was found under or None) for files, folders and ``-``.

    ``-`` alone reads a list of paths from stdin, one a line.  Folders are walked
    recursively and filtered by ``pattern`` (one glob or several; default: ``defaults``).
    """
    for src in sources:
        if src == "-":
            for line in sys.stdin.read().splitlines():
                if line.strip():
                    yield line.strip(), None
            continue
        p = Path(src)
        if p.is_dir():
            globs = (pattern,) if isinstance(pattern, str) else tuple(pattern or ()) or defaults
            found = sorted({f for g in globs for f in p.rglob(g) if f.is_file()
                            and not any(part.startswith(".") for part in f.relative_to(p).parts)})
            for f in found:
                yield str(f), p
        else:
            yield src, None
