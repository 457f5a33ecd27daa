"""What a renderer gives: a notice read from another format as text lines, each with a
locator a person can open (HTML source line, DOCX paragraph or table cell, PDF page and
line, sheet and row).  The pipeline reads the lines; the locators travel to the output."""
from __future__ import annotations

from dataclasses import dataclass

import regex

# formats govplan reads, by the name the output gives them
FORMATS = ("text", "html", "docx", "pdf", "xlsx", "csv", "doc", "wps", "odt", "xls")


_ROW_NUMBER = regex.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、]?$")


def spanned_text(text: str) -> str:
    """What a table cell that spans rows gives the rows below its first: its text (a 牵头单位
    shared by several rows is each row's), except a row number, which numbers only its own."""
    return "" if _ROW_NUMBER.match(text) else text


@dataclass(frozen=True)
class Rendered:
    format: str
    text: str  # lines joined by \n
    locators: tuple[str, ...]  # one per line of ``text``, "" where none is known
    parts: tuple[int, ...] = ()  # lines (1-based) where a part of the file that is a document begins (a sheet)
