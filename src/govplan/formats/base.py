"""What a renderer gives: a notice read from another format as text lines, each with a
locator a person can open (HTML source line, DOCX paragraph or table cell, PDF page and
line, sheet and row).  The pipeline reads the lines; the locators travel to the output."""
from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from typing import Iterator

from govplan.precompiled import kept

# formats govplan reads, by the name the output gives them
FORMATS = ("text", "html", "docx", "pdf", "ofd", "xlsx", "csv", "doc", "wps", "odt", "xls", "image")


_ROW_NUMBER = kept(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、]?$")


def spanned_text(text: str) -> str:
    """What a table cell that spans rows gives the rows below its first: its text (a 牵头单位
    shared by several rows is each row's), except a row number, which numbers only its own."""
    return "" if _ROW_NUMBER.match(text) else text


def table_line(cells: list[str]) -> str | None:
    """A table row as a line: `| a | b |`; a row with one filled cell of several (a category
    row merged across the table) as that text; None for a row with nothing in it."""
    filled = [c for c in cells if c]
    if not filled:
        return None
    return filled[0] if len(filled) == 1 and len(cells) > 1 else "| " + " | ".join(cells) + " |"


@dataclass(frozen=True)
class Rendered:
    format: str
    text: str  # lines joined by \n
    locators: tuple[str, ...]  # one per line of ``text``, "" where none is known
    parts: tuple[int, ...] = ()  # lines (1-based) where a part of the file that is a document begins (a sheet)
    notes: tuple[str, ...] = ()  # what the library reading the file warned of (library_notes)
    # (line, diagnostic kind, message): a line read in doubt; line None: a note on the whole file (a font)
    line_notes: tuple[tuple[int | None, str, str], ...] = ()


# distinct warnings of a reading library kept a file (the first ones; a hostile file can make thousands)
MAX_LIBRARY_NOTES = 20


@contextlib.contextmanager
def library_notes(library: str, into: list[str]) -> Iterator[None]:
    """Run a library's reader with its warnings, and what it prints, caught into ``into`` (each
    once, without the library's source paths): they become diagnostics of the parse, never lines
    on stderr, nor text on stdout where the JSON goes."""
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            yield
        finally:
            said = [str(w.message) for w in caught] + printed.getvalue().splitlines()
            for text in said:
                note = f"{library}: {' '.join(text.split())[:200]}"
                if text.strip() and note not in into and len(into) < MAX_LIBRARY_NOTES:
                    into.append(note)
