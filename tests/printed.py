"""Notices printed to PDF the way offices print them: a Word file set in two fonts (Chinese in
a CJK font, Latin letters, digits and quotation marks in a Latin one, as Word does by default),
tab-separated lines as a ruled table, turned into PDF by LibreOffice.  Used by the cross-format
tests; LibreOffice is a Debian package `.ci/run` installs (the tests skip without it)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# what Word sets in its Latin font: ASCII, and the curly quotation marks (unless hinted East Asian)
_LATIN = re.compile(r"[\x21-\x7e\u2018\u2019\u201c\u201d]+")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _runs(paragraph, text: str, latin: str, cjk: str, size: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    pos = 0
    for m in list(_LATIN.finditer(text)) + [None]:
        pieces = [(text[pos: m.start()], cjk), (m.group(), latin)] if m else [(text[pos:], cjk)]
        for piece, font in pieces:
            if not piece:
                continue
            run = paragraph.add_run(piece)
            fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
                fonts.set(qn(attr), latin if attr != "w:eastAsia" else cjk)
            run.font.name = font if font == latin else None
            if size:
                run.font.size = Pt(size)
        if m:
            pos = m.end()


# a table cell that says only this is merged with the cell above it (Word's vertical merge)
MERGED_UP = "^"


def write_docx(lines: list[str], path: Path, latin: str = "Liberation Serif", cjk: str = "WenQuanYi Zen Hei",
               repeat_header: bool = False) -> Path:
    """One paragraph a line in two fonts; tab-separated lines a ruled table (Table Grid), its
    first row repeated at the top of each page when ``repeat_header``; a cell of MERGED_UP
    merged with the one above."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    table = None
    for k, line in enumerate(lines):
        if "\t" in line:
            cells = line.split("\t")
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
            row = table.add_row()
            if repeat_header and len(table.rows) == 1:
                row._tr.get_or_add_trPr().append(parse_xml(
                    '<w:tblHeader xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))
            for c, (cell, text) in enumerate(zip(row.cells, cells)):
                if text == MERGED_UP:
                    table.cell(len(table.rows) - 2, c).merge(cell)
                else:
                    _runs(cell.paragraphs[0], text, latin, cjk)
            continue
        if table is not None and line.strip() and not re.match(r"^\d", line):
            row = table.add_row().cells  # a category line inside the table: one merged cell
            _runs(row[0].merge(row[-1]).paragraphs[0], line, latin, cjk)
            continue
        table = None
        _runs(doc.add_paragraph(), line, latin, cjk, size=16 if k == 0 else None)
    doc.save(path)
    return path


def print_pdfs(docs: list[Path], out: Path, timeout: int = 300) -> list[Path]:
    """The PDFs LibreOffice prints of the Word files ``docs`` (one run for all), in folder ``out``."""
    profile = out / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, docs)], check=True, capture_output=True, timeout=timeout)
    return [out / (d.stem + ".pdf") for d in docs]
