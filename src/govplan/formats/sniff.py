"""Stage 1b, render: the bytes of a notice in any format it is published in -> Decoded text.

The format is chosen by content (magic bytes: a .txt that is really a PDF is read as a
PDF), the extension only telling apart what the bytes cannot (CSV from text).  Text goes
through ``read.decode`` as before; every other format is rendered to lines by its own
module, imported only when such a file is read, and each line keeps a locator into the
original file.  .doc, .wps, .odt and .xls are converted by LibreOffice when it is installed.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govplan.digests import sha256_hex
from govplan.errors import ReadError, RenderError, shown
from govplan.formats.decode import Decoded, decode, read_bytes

if TYPE_CHECKING:  # (a text file needs no renderer: base is imported with the first format module)
    from govplan.formats.base import Rendered

# extensions of the formats read, for folders (batch and every folder-reading command)
NOTICE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".docx", ".pdf", ".ofd", ".xlsx", ".csv",
                   ".doc", ".wps", ".odt", ".xls", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
OFFICE_SUFFIXES = (".doc", ".wps", ".odt", ".xls")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# image files (scans), by their first bytes: PNG, JPEG, TIFF both byte orders; a BMP only by name too
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<!-- saved from url", b"<head", b"<meta")


def sniff(data: bytes, path: str) -> str:
    """The format of a file: pdf, docx, xlsx, odt, ofd, ole (an old Office file), image, html, csv or text."""
    suffix = Path(path).suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, suffix)
    if data.startswith(_OLE):
        return "ole"
    if data.startswith(_IMAGES) or suffix == ".bmp" and data.startswith(b"BM"):
        return "image"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS) or (suffix in (".html", ".htm", ".shtml") and b"<" in head[:64]):
        return "html"
    if suffix == ".csv":
        return "csv"
    return "text"


def _zip_kind(data: bytes, suffix: str) -> str:
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return {".xlsx": "xlsx", ".odt": "odt"}.get(suffix, "docx")  # a broken one: said when read
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith(".xml") for n in names) \
            and "_rels/.rels" in names:
        return "docx"  # (its main part named by the package's relationships: word/document2.xml)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "odt"
    if any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "zip"


def load(data: bytes, path: str) -> Decoded:
    """Decoded text of a notice in any format read (raises ReadError with one line)."""
    kind = sniff(data, path)
    if kind == "text":
        return decode(data, path)
    if kind == "zip":
        raise RenderError(path, "a zip archive that is neither a Word (.docx), an Excel (.xlsx) nor an OFD file")
    office, original = None, data  # the source is the file as given, whatever it is converted to
    if kind in ("ole", "odt"):
        from govplan.formats.office import convert

        office = Path(path).suffix.lower().lstrip(".") if Path(path).suffix.lower() in OFFICE_SUFFIXES else "doc"
        data, kind = convert(data, path, kind)
    rendered, encoding = _render(kind, data, path)
    if office:  # the format the file was in, not the one LibreOffice made of it
        from govplan.formats.base import Rendered

        rendered = Rendered(office, rendered.text, rendered.locators, rendered.parts, rendered.notes,
                            rendered.line_notes)
    return _decoded(rendered, original, path, encoding)


def _render(kind: str, data: bytes, path: str) -> tuple[Rendered, str]:
    """A file of a format other than text rendered to lines by its own module (imported only
    when such a file is read), and the name of its encoding."""
    encoding = "utf-8"
    rendered: Rendered | None = None
    if kind == "html":
        from govplan.formats.html import charset_of, render_html

        declared = charset_of(data)
        text = data.decode(declared, errors="replace") if declared else decode(data, path).text
        rendered = render_html(data, path, text)
        encoding = declared or "detected"
    elif kind == "docx":
        from govplan.formats.docx import render_docx

        rendered = render_docx(data, path)
    elif kind == "pdf":
        from govplan.formats.pdf import render_pdf

        rendered, encoding = render_pdf(data, path), "pdf"
    elif kind == "image":
        from govplan.formats.image import render_image

        rendered, encoding = render_image(data, path), "image"
    elif kind == "ofd":
        from govplan.formats.ofd import render_ofd

        rendered, encoding = render_ofd(data, path), "ofd"
    elif kind in ("xlsx", "csv"):
        from govplan.formats.sheet import render_csv, render_xlsx

        rendered = render_xlsx(data, path) if kind == "xlsx" else render_csv(decode(data, path).text, path)
    assert rendered is not None
    return rendered, encoding


def _decoded(rendered: Rendered, data: bytes, path: str, encoding: str) -> Decoded:
    text = rendered.text.replace("\x00", "\ufffd")
    notes = tuple((None, "reader-note", note) for note in rendered.notes) + rendered.line_notes
    return Decoded(shown(path), text, encoding, data.startswith(b"\xef\xbb\xbf"), len(data),
                   sha256_hex(data), notes, rendered.format, rendered.locators, rendered.parts)


def load_file(path: str | Path) -> Decoded:
    """Read and render one input (``-`` is stdin)."""
    return load(read_bytes(path), str(path))


__all__ = ["NOTICE_SUFFIXES", "ReadError", "load", "load_file", "sniff"]
