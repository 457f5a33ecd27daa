"""Scans read by OCR (issue 23): a PDF whose pages are images, and image files.  The scans are
made here from the committed reportlab samples (benchmarks/ocr_accuracy.py renders each page
at a resolution, as is, skewed or with noise, and saves the images as a PDF without text).
Tesseract comes from Debian's packages (`.ci/run` installs it); where it is missing the tests
that need it skip, and the refusal is checked instead."""
from __future__ import annotations

import sys

import pytest
from conftest import FONT_MISSING_REASON, FORMATS, ROOT, cjk_font_missing, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))


def _missing() -> str | None:
    from govplan.formats.ocr import missing

    return missing()


needs_ocr = pytest.mark.skipif(_missing() is not None, reason=f"OCR is not installed here (missing: {_missing()}; "
                                                              ".ci/run installs Debian's tesseract-ocr)")
# the scans are drawn from the sample PDFs by PDFium: without a font for their Chinese, blank pages
needs_font = pytest.mark.skipif(cjk_font_missing(), reason=FONT_MISSING_REASON)


def _one_line(ran) -> str:
    lines = ran.stderr.decode().strip().splitlines()
    assert ran.returncode == 2 and len(lines) == 1 and ran.stdout == b"", (ran.returncode, lines)
    return lines[0]


@needs_ocr
@needs_font
def test_a_scanned_notice_is_read_to_its_characters(tmp_path):
    from ocr_accuracy import char_accuracy, scanned

    from govplan.formats.sniff import load_file

    scan = scanned(FORMATS / "national_plan.pdf", tmp_path, 300, "clean")
    read = load_file(scan)
    assert read.format == "pdf"
    assert char_accuracy(load_file(FORMATS / "national_plan.pdf").text, read.text) >= 0.97
    assert any(code == "reader-note" and "read by OCR" in message for _, code, message in read.notes)
    assert "《提升县域物流服务能力三年行动方案》已经国务院同意，现印发给你们，请认真贯彻执行。" in read.text  # rejoined


@needs_ocr
@needs_font
def test_an_image_file_is_read_by_ocr(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(FORMATS / "traditional_tw.pdf"))
    picture = tmp_path / "scan.png"
    doc[0].render(scale=300 / 72, grayscale=True).to_pil().save(picture, dpi=(300, 300))
    doc.close()
    ran = run_cli("parse", str(picture), "--text")
    assert ran.returncode == 0, ran.stderr
    text = ran.stdout.decode()
    assert "page 1 line 1" in text and "發文字號" in text  # the traditional model chosen: its own characters


@needs_ocr
@needs_font
def test_a_line_read_in_doubt_is_reported_at_its_line(tmp_path, monkeypatch):
    from ocr_accuracy import scanned

    from govplan.formats import pages
    from govplan.formats.sniff import load_file

    # every line is in doubt when the bar is past any confidence: each is reported at its own line
    monkeypatch.setattr(pages, "MIN_LINE_CONFIDENCE", 100.5)
    read = load_file(scanned(FORMATS / "meeting_minutes.pdf", tmp_path, 150, "noise"))
    doubts = {line: message for line, code, message in read.notes if code == "text-damage"}
    filled = [k for k, text in enumerate(read.text.splitlines(), 1) if text.strip()]
    assert sorted(doubts) == filled
    assert all("check this line against the scan" in m for m in doubts.values())
    monkeypatch.setattr(pages, "MIN_LINE_CONFIDENCE", 0.0)  # and none when none is under it
    assert not [n for n in load_file(scanned(FORMATS / "meeting_minutes.pdf", tmp_path, 150, "clean")).notes
                if n[1] == "text-damage"]


def test_without_ocr_a_scan_is_refused_naming_what_to_install(tmp_path, monkeypatch):
    from ocr_accuracy import scanned

    from govplan.formats import ocr

    scan = scanned(FORMATS / "national_plan.pdf", tmp_path, 100, "clean")
    monkeypatch.setattr(ocr, "missing", lambda: "tesseract")
    import govplan.formats.pdf as pdf

    monkeypatch.setattr(pdf, "missing", lambda: "tesseract")
    said = _one_line(run_cli("parse", str(scan)))
    assert "a PDF without a text layer" in said and "govplan[ocr]" in said and "tesseract-ocr-chi-sim" in said


def test_an_image_too_large_is_refused_before_it_is_decoded(tmp_path):
    import struct
    import zlib

    if _missing() == "Pillow":
        pytest.skip("Pillow is not installed")
    # a PNG header claiming 60000 x 60000 pixels, with one tiny compressed row: never decoded
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")
    path = tmp_path / "huge.png"
    path.write_bytes(png)
    said = _one_line(run_cli("parse", str(path)))
    assert "huge.png" in said and ("pixels" in said or "OCR is not installed" in said)


@pytest.mark.slow  # two readings of two pages (.ci/run's slow step)
@needs_ocr
@needs_font
def test_a_page_laid_askew_is_read_upright(tmp_path):
    from ocr_accuracy import char_accuracy, scanned

    from govplan.formats.sniff import load_file

    scan = scanned(FORMATS / "work_plan_stages.pdf", tmp_path, 300, "skew")  # turned 0.8 degrees
    read = load_file(scan)
    assert char_accuracy(load_file(FORMATS / "work_plan_stages.pdf").text, read.text) >= 0.97
    assert "（一）动员部署阶段（2023年4月）" in read.text


def test_the_skew_of_lines_is_their_middle_slope():
    import math

    from govplan.formats.ocr import skew_of

    fall = math.tan(math.radians(0.8))
    lines = [(100, 200 + k * 50, 1900, 200 + k * 50 + 1800 * fall) for k in range(9)] + [(100, 900, 300, 990)]
    assert abs(skew_of(lines) - 0.8) < 0.01  # the short line (a mark, a number) leans any way: left out
    assert skew_of([]) == 0.0


def test_specks_are_filtered_and_a_clean_page_is_left_as_it_is():
    pytest.importorskip("PIL")
    import random

    from PIL import Image, ImageDraw

    from govplan.formats.ocr import _despeckled

    page = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(page).rectangle((100, 100, 500, 104), fill=0)  # a stroke three pixels and more thick
    assert _despeckled(page) is page
    specked = page.copy()
    rnd = random.Random(3)
    for _ in range(600 * 800 // 400):
        specked.putpixel((rnd.randrange(600), rnd.randrange(800)), rnd.choice((0, 255)))
    cleaned = _despeckled(specked)
    assert cleaned is not specked and cleaned.getpixel((300, 102)) == 0
    assert sum(cleaned.histogram()[:128]) < sum(specked.histogram()[:128])
