"""Render a PDF with a text layer as lines, each located by page and line.

pypdfium2 (PDFium, the reader of Chrome) extracts each page's text in reading order.  What
the print layout adds is removed here, where page boundaries are known: page numbers
(`- 3 -`, `第3页`, `3/12`) at the top or bottom of a page, and running headers or footers
(the same line at the top, or the bottom, of most pages, kept on page 1; the title, or its
start, at the top of a later page).  A line that reaches the right margin without ending its
sentence is joined to the next (a hard wrap of the print layout); other wrapping is left to
the pipeline, which rejoins lines as it does for any text.  A PDF without a text layer (a scan)
is refused with one line: OCR is not supported.
"""
from __future__ import annotations

from collections import Counter

import regex

from govplan.errors import RenderError
from govplan.formats.base import Rendered, library_notes

_PAGE_NUMBER = regex.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$")
# a line at the top or bottom of this share of the pages (and of two at least) runs on every page
RUNNING_SHARE = 0.5
# a line at the top of a later page that starts the first page's title is a running header
MIN_HEADER_CHARS = 6
# a page whose longest line is this long is set in lines wrapped at a margin: a line that long
# that does not end a sentence goes on in the next line (a hard wrap), which it is joined to
MIN_WRAP_CHARS = 12
_SENTENCE_END = tuple("。！？；：!?;:")
# the least text a PDF's pages hold before it counts as having a text layer
MIN_TEXT_CHARS = 10


# Limits decided before PDFium decodes anything: the Flate streams of a PDF may inflate to
# MAX_INFLATION times the file's size in all (at least MIN_INFLATED_BYTES, never past
# MAX_INFLATED_BYTES).  A notice's content streams inflate a few times; one stream of a
# kilobyte-sized file inflating to a gigabyte is a bomb (PDFium would hold it in memory).
MAX_INFLATION = 200
MIN_INFLATED_BYTES = 64 * 1024 * 1024
MAX_INFLATED_BYTES = 512 * 1024 * 1024
_STREAM = regex.compile(rb"stream\r?\n")
_FLATE_WINDOW = 400  # how far before a stream its dictionary's /FlateDecode is looked for
_PIECE = 1 << 20


def check_streams(data: bytes, path: str) -> None:
    """Inflate each Flate stream to what the limit still allows (zlib's max_length: no more is
    ever made), and refuse the file when the streams together would inflate past it."""
    import zlib

    limit = min(MAX_INFLATED_BYTES, max(MIN_INFLATED_BYTES, MAX_INFLATION * len(data)))
    left = limit
    for m in _STREAM.finditer(data):
        if b"FlateDecode" not in data[max(0, m.start() - _FLATE_WINDOW): m.start()]:
            continue
        end = data.find(b"endstream", m.end())
        inflater, packed = zlib.decompressobj(), data[m.end(): end if end >= 0 else len(data)]
        try:
            while packed and left >= 0:  # a megabyte at a time: memory stays flat
                left -= len(inflater.decompress(packed, _PIECE))
                packed = inflater.unconsumed_tail
        except zlib.error:
            continue  # a damaged stream: PDFium says what it makes of it
        if left < 0:
            raise RenderError(path, f"a PDF whose streams inflate past {limit} bytes ({MAX_INFLATION} times its size, "
                                    f"at most {MAX_INFLATED_BYTES}): refused as a zip bomb")


def render_pdf(data: bytes, path: str) -> Rendered:
    import pypdfium2 as pdfium  # only when a PDF is read

    check_streams(data, path)
    notes: list[str] = []
    with library_notes("pypdfium2", notes):
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise RenderError(path, f"not a readable PDF ({exc})") from None
        try:
            pages = [_page_lines(pdf[i]) for i in range(len(pdf))]
        except pdfium.PdfiumError as exc:
            raise RenderError(path, f"a PDF whose text cannot be read ({exc})") from None
        finally:
            pdf.close()
    if sum(len(line) for page in pages for line in page) < MIN_TEXT_CHARS:
        raise RenderError(path, "a PDF without a text layer (a scan?): OCR is not supported")
    running = _running_lines(pages)
    title = next((line for line in pages[0] if not _PAGE_NUMBER.match(line)), "")
    lines: list[str] = []
    where: list[str] = []
    wrapped = False  # did the line before end at the right margin, inside a sentence?
    for number, page in enumerate(pages, 1):
        kept = [(k, line) for k, line in enumerate(page)
                if not ((k < 2 or k >= len(page) - 2) and (_PAGE_NUMBER.match(line) or number > 1 and (
                    line in running or _repeats_title(line, title))))]
        # (page 1 keeps a line that runs on later pages: there it is often the title)
        full = max((len(line) for _, line in kept), default=0)
        for k, line in kept:
            if wrapped:
                lines[-1] += line
            else:
                lines.append(line)
                where.append(f"page {number} line {k + 1}")
            wrapped = full >= MIN_WRAP_CHARS and len(line) >= full - 1 and not line.endswith(_SENTENCE_END)
    return Rendered("pdf", "\n".join(lines) + "\n", tuple(where), (), tuple(notes))


def _page_lines(page) -> list[str]:
    text = page.get_textpage().get_text_range()
    out = []
    for raw in regex.split(r"\r\n|\r|\n", text):
        line = raw.replace("\ufffe", "").replace("\x02", "").strip()
        if line:
            out.append(line)
    return out


def _repeats_title(line: str, title: str) -> bool:
    """A header that repeats the document's title (or its start) at the top of later pages."""
    return len(line) >= MIN_HEADER_CHARS and title.startswith(line)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that stand at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({line for line in page[:2] + page[-2:] if not _PAGE_NUMBER.match(line)})
    least = max(2, RUNNING_SHARE * len(pages))
    return {line for line, n in seen.items() if n >= least}
