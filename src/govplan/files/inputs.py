"""Inputs of the commands that read many notices: files, folders, stdin, parse JSON.

Every command accepts a notice or the JSON that ``govplan parse`` printed for it, so
``govplan parse x.txt > x.json; govplan table x.json`` does not parse twice.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from govplan.correct.file import Corrections
from govplan.errors import ReadError
from govplan.formats.decode import read_bytes
from govplan.formats.sniff import NOTICE_SUFFIXES, load
from govplan.grammar.compiled import Grammar
from govplan.models import ParseResult
from govplan.models.contract import read_parse_json

if TYPE_CHECKING:  # (pydantic, imported when a corrections file is read)
    from govplan.models.views import CorrectionsFile

# What a folder given as input contributes: notices, and parse output for the commands
# that read it (batch converts notices, so it takes only the notices).
NOTICE_GLOBS = tuple(f"*{suffix}" for suffix in NOTICE_SUFFIXES)
RESULT_GLOBS = NOTICE_GLOBS + ("*.json", "*.jsonl")
# a batch's own records in its output folder: never inputs
BATCH_FILES = frozenset({"_manifest.jsonl", "_errors.jsonl"})


def load_result(path: str, grammar: Grammar, *, script: str = "simplified",
                reference: dt.date | None = None) -> ParseResult:
    """A ParseResult from a notice or from govplan's own JSON (``-`` is stdin)."""
    return load_input(path, grammar, script=script, reference=reference)[0]


def load_input(path: str, grammar: Grammar, *, script: str = "simplified",
               reference: dt.date | None = None) -> tuple[ParseResult, str | None]:
    """A ParseResult, and the notice's own text when it was parsed now (None for JSON).

    The text read here is the only source of lines to show beside a finding: a path
    inside a JSON input is never opened (it could name any file on the machine).
    """
    return _loaded(path, read_bytes(path), script, grammar, reference)


def _loaded(path: str, data: bytes, script: str, grammar: Grammar,
            reference: dt.date | None) -> tuple[ParseResult, str | None]:
    from govplan.api import parse_decoded

    if looks_like_json(path, data):
        try:
            return read_parse_json(data), None
        except ValueError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid"
            raise ReadError(path, f"not govplan parse output ({first})") from None
    decoded = load(data, path)
    return (parse_decoded(decoded, script=script, grammar=grammar, reference=reference),
            decoded.text)


def load_inputs(path: str, grammar: Grammar, *, script: str = "simplified", reference: dt.date | None = None,
                corrections: Corrections | None = None) -> list[tuple[ParseResult, str | None]]:
    """Like ``load_input``, and a JSON Lines stream of parse output (``batch --jsonl``, a .jsonl
    file or stdin) gives one result a line, without parsing the notices again.  ``corrections``:
    applied when they are for this input (govplan.correct.file.Corrections)."""
    data = read_bytes(path)
    lines = _json_lines(path, data)
    if lines is None:
        fixes = corrections.for_input(path, data) if corrections is not None else None
        if fixes is None:
            return [_loaded(path, data, script, grammar, reference)]
        return [_corrected(path, data, script, grammar, reference, fixes)]
    results: list[tuple[ParseResult, str | None]] = []
    for n, line in lines:
        try:
            results.append((read_parse_json(line), None))
        except ValueError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid"
            raise ReadError(path, f"line {n}: not govplan parse output ({first})") from None
    return results


def _corrected(path: str, data: bytes, script: str, grammar: Grammar, reference: dt.date | None,
               corrections: CorrectionsFile) -> tuple[ParseResult, str | None]:
    """A notice parsed with the corrections (its headings decided in the outline), or parse JSON
    with its tasks corrected (no heading can be decided without parsing again: reported)."""
    from govplan.api import parse_decoded
    from govplan.correct.apply import correct_tasks, json_cannot_decide

    if not looks_like_json(path, data):
        decoded = load(data, path)
        return parse_decoded(decoded, script=script, grammar=grammar, reference=reference,
                             corrections=corrections), decoded.text
    result, _ = _loaded(path, data, script, grammar, reference)
    result.diagnostics += json_cannot_decide(corrections)
    correct_tasks(result, corrections, grammar)
    return result, None


def _json_lines(path: str, data: bytes) -> list[tuple[int, bytes]] | None:
    """The numbered non-empty lines of a JSON Lines stream of parse output, or None."""
    if not path.endswith(".jsonl"):
        head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        first, _, rest = data.partition(b"\n")
        if not head.startswith(b"{") or not rest.strip():
            return None
        try:
            if not isinstance(json.loads(first), dict) or "documents" not in json.loads(first):
                return None
        except ValueError:
            return None  # an indented JSON document spans lines: not JSON Lines
    return [(n, line) for n, line in enumerate(data.splitlines(), 1) if line.strip()]


def looks_like_json(path: str, data: bytes) -> bool:
    """Is ``data`` govplan's parse JSON (a .json file, or an object that holds documents)?"""
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
    recursively, in sorted order, and filtered by ``pattern`` (one glob or several; default:
    ``defaults``).  Nothing is listed ahead: memory stays flat with the number of inputs.
    """
    from govplan.files.walk import walk

    for src in sources:
        if src == "-":
            for line in sys.stdin:  # streamed: a list of ten million paths is never held
                if line.strip():
                    yield line.strip(), None
            continue
        p = Path(src)
        if p.is_dir():
            globs = (pattern,) if isinstance(pattern, str) else tuple(pattern or ()) or defaults
            for f in walk(p, globs, BATCH_FILES):
                yield str(f), p
        else:
            yield src, None
