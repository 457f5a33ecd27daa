"""Render a PDF with a text layer as lines, each located by page and line (a table's rows by
page, table and row).

PDFium (pypdfium2) gives each character with its box and each drawn path (pdf_page.py); the
pages are read by position from there (pages.py: lines by baseline, hard wraps by the margin,
ruled tables from their rules, page numbers and running headers removed).  The streams PDFium
would decode are measured first (pdf_streams.py).  A PDF without a text layer (a scan) is
refused with one line: OCR is not supported.
"""
from __future__ import annotations

from govplan.errors import RenderError
from govplan.formats.base import Rendered, library_notes
from govplan.formats.pages import Page, page_lines, read_page, text_chars
from govplan.formats.pdf_page import page_glyphs, page_rules
from govplan.formats.pdf_streams import check_streams

# the least text a PDF's pages hold before it counts as having a text layer
MIN_TEXT_CHARS = 10


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
            pages = [_read(pdf[i], i + 1) for i in range(len(pdf))]
        except pdfium.PdfiumError as exc:
            raise RenderError(path, f"a PDF whose text cannot be read ({exc})") from None
        finally:
            pdf.close()
    if text_chars(pages) < MIN_TEXT_CHARS:
        raise RenderError(path, "a PDF without a text layer (a scan?): OCR is not supported")
    lines, where = page_lines(pages)
    return Rendered("pdf", "\n".join(lines) + "\n", tuple(where), (), tuple(notes))


def _read(page, number: int) -> Page:
    return read_page(number, page.get_width(), page_glyphs(page.get_textpage()), page_rules(page))
