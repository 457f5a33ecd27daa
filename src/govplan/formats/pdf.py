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


# Limits decided before PDFium decodes anything: the streams of a PDF that PDFium decodes to
# read text (content streams, object streams) may expand to MAX_INFLATION times the file's size
# in all (at least MIN_INFLATED_BYTES, never past MAX_INFLATED_BYTES).  A notice's content
# streams inflate a few times; one stream of a kilobyte-sized file inflating to a gigabyte is a
# bomb (PDFium would hold it in memory).  The filters that expand are measured: Flate (inflated
# a megabyte at a time), LZW and RunLength (counted without being stored).  Image filters (DCT,
# JPX, JBIG2, CCITT) are never decoded to read text; ASCIIHex/ASCII85 shrink.
MAX_INFLATION = 200
MIN_INFLATED_BYTES = 64 * 1024 * 1024
MAX_INFLATED_BYTES = 512 * 1024 * 1024
_STREAM = regex.compile(rb"stream\r?\n")
_FILTER_WINDOW = 400  # how far before a stream its dictionary's /Filter is looked for
_PIECE = 1 << 20


def check_streams(data: bytes, path: str) -> None:
    """Measure what each expanding stream decodes to, never more than the limit still allows,
    and refuse the file when the streams together would expand past it."""
    limit = min(MAX_INFLATED_BYTES, max(MIN_INFLATED_BYTES, MAX_INFLATION * len(data)))
    left = limit
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - _FILTER_WINDOW): m.start()]
        measure = (_inflated if b"FlateDecode" in head else _lzw_length if b"LZWDecode" in head
                   else _run_length if b"RunLengthDecode" in head else None)
        if measure is None:
            continue
        end = data.find(b"endstream", m.end())
        left -= measure(memoryview(data)[m.end(): end if end >= 0 else len(data)], left + 1)
        if left < 0:
            raise RenderError(path, f"a PDF whose streams expand past {limit} bytes ({MAX_INFLATION} times its size, "
                                    f"at most {MAX_INFLATED_BYTES}): refused as a zip bomb")


def _inflated(packed, cap: int) -> int:
    """Bytes a Flate stream inflates to, counted to ``cap`` at most (zlib's max_length: no more
    is ever made); a damaged stream counts what came before the damage (PDFium says the rest)."""
    import zlib

    inflater, made, rest = zlib.decompressobj(), 0, bytes(packed)
    try:
        while rest and made < cap:  # a megabyte at a time: memory stays flat
            made += len(inflater.decompress(rest, _PIECE))
            rest = inflater.unconsumed_tail
    except zlib.error:
        pass
    return made


def _lzw_length(packed, cap: int) -> int:
    """Bytes an LZW stream (PDF's, EarlyChange 1) decodes to, from the lengths of its table's
    entries alone (each code adds an entry one byte longer than the one before it)."""
    lengths: list[int] = [1] * 258  # 256 bytes, clear (256), end (257)
    made, width, acc, bits, previous = 0, 9, 0, 0, 0
    for byte in packed:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= width and made < cap:
            bits -= width
            code = (acc >> bits) & ((1 << width) - 1)
            if code == 257:
                return made
            if code == 256:
                del lengths[258:]
                width, previous = 9, 0
                continue
            length = lengths[code] if code < len(lengths) else previous + 1
            made += length
            if previous and len(lengths) < 4096:
                lengths.append(previous + 1)
            previous = length
            width = min(12, (len(lengths) + 1).bit_length())
        acc &= (1 << bits) - 1
    return made


def _run_length(packed, cap: int) -> int:
    """Bytes a RunLength stream decodes to (a length byte: copy n+1 bytes, or repeat one 257-n times)."""
    made, k = 0, 0
    while k < len(packed) and made < cap:
        n = packed[k]
        if n == 128:
            break
        made, k = (made + n + 1, k + n + 2) if n < 128 else (made + 257 - n, k + 2)
    return made


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
