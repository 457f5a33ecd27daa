"""Render a PDF with a text layer as lines, each located by page and line (a table's rows by
page, table and row).

PDFium (pypdfium2) gives each character with its box and each drawn path (pdf_page.py); the
pages are read by position from there (pages.py: lines by baseline, hard wraps by the margin,
ruled tables from their rules, page numbers and running headers removed).  The streams PDFium
would decode are measured first (pdf_streams.py).  A page that holds an image and no text (a
scan) is read by OCR where it is installed (ocr.py); where it is not, a PDF of scans only is
refused in one line that says how to install it.
"""
from __future__ import annotations

from govplan.errors import RenderError
from govplan.formats.base import Rendered, library_notes
from govplan.formats.ocr import DPI, INSTALL, MAX_PIXELS, doubt_notes, missing, read_scan, require
from govplan.formats.pages import Page, page_lines, read_page, text_chars
from govplan.formats.pdf_page import page_glyphs, page_rules, unmeasured_fonts
from govplan.formats.pdf_streams import check_streams

# the least text a PDF's pages hold before it counts as having a text layer
MIN_TEXT_CHARS = 10
# what reads a PDF's Chinese fonts that it does not embed (PDFium looks in the system's font folders)
FONT_INSTALL = "install a CJK font, e.g. Debian's fonts-wqy-zenhei or fonts-noto-cjk"


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
            fonts = _unmeasured(pdf)
            _read_scans(pdf, pages, path, notes)
        except pdfium.PdfiumError as exc:
            raise RenderError(path, f"a PDF whose text cannot be read ({exc})") from None
        finally:
            pdf.close()
    if text_chars(pages) < MIN_TEXT_CHARS:
        raise RenderError(path, "a PDF without a text layer (a scan?) in which OCR found no text")
    lines, where, doubtful = page_lines(pages)
    return Rendered("pdf", "\n".join(lines) + "\n", tuple(where), (), tuple(notes),
                    _font_notes(fonts) + doubt_notes(doubtful))


def _unmeasured(pdf) -> dict[str, list[int]]:
    """The pages (1-based) of each font the PDF does not embed and nothing installed stands in for."""
    found: dict[str, list[int]] = {}
    for i in range(len(pdf)):
        for name in sorted(unmeasured_fonts(pdf[i])):
            found.setdefault(name, []).append(i)
    return found


def _font_notes(fonts: dict[str, list[int]]) -> tuple[tuple[int | None, str, str], ...]:
    return tuple((None, "font-missing", f"the font {name} (pages {_listed(pages)}) is not embedded in the PDF and "
                  f"no installed font stands in for it: some of its characters may be missing ({FONT_INSTALL})")
                 for name, pages in fonts.items())


def _read_scans(pdf, pages: list[Page], path: str, notes: list[str]) -> None:
    """Pages that hold an image and no text, read by OCR; without OCR, a PDF of scans only is
    refused in one line naming what to install, and a few scanned pages are reported."""
    scans = [k for k, page in enumerate(pages) if not page.items and _has_image(pdf[k])]
    if not scans:
        return
    if missing():
        if text_chars(pages) < MIN_TEXT_CHARS:
            require(path, "a PDF without a text layer (a scan?)")
        notes.append(f"pages {_listed(scans)} have no text layer and were not read: {INSTALL}")
        return
    model = ""
    for k in scans:
        image, dpi = _page_image(pdf[k])
        model, reading, rules = read_scan(image, dpi, model, path)
        pages[k] = read_page(k + 1, pdf[k].get_width(), reading.glyphs, rules)
    notes.append(f"pages {_listed(scans)} read by OCR ({model}, {DPI} dpi)")


def _listed(pages: list[int]) -> str:
    return ", ".join(str(k + 1) for k in pages[:20]) + (" …" if len(pages) > 20 else "")


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4))


def _page_image(page):
    """The page as a greyscale image for OCR: DPI, less for a page so large it would pass MAX_PIXELS."""
    width, height = page.get_size()
    dpi = min(float(DPI), (MAX_PIXELS / max(width * height / 72 ** 2, 1e-6)) ** 0.5)
    return page.render(scale=dpi / 72, grayscale=True).to_pil(), dpi


def _read(page, number: int) -> Page:
    return read_page(number, page.get_width(), page_glyphs(page.get_textpage()), page_rules(page))
