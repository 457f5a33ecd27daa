"""Hostile files for the format readers (issue 21), each made here and read through the real
command: never exit 3, never unbounded work (the limits are checked before anything is inflated
or counted; these files would take minutes or gigabytes without them)."""
from __future__ import annotations

import io
import zipfile

import pytest
from conftest import run_cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/></Types>')


def _rels(main: str) -> str:
    return ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{main}"/></Relationships>')


def _paragraph(text: str, num: str = "") -> str:
    return f"<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(tmp_path, body: str, numbering: str = "", main: str = "word/document.xml", name: str = "x.docx"):
    """A Word file of our own: the body's paragraphs, an optional numbering part."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", _rels(main))
        z.writestr(main, f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


def _list(fmt: str, start: str, ilvl: str = "0") -> str:
    return (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')


def _numbered(text: str, ilvl: str = "0") -> str:
    return _paragraph(text, f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>')


TITLE = _paragraph("青禾县节水工作方案")


@pytest.mark.parametrize("fmt,start", [("upperRoman", "1000000000000000"), ("upperLetter", "2000000000"),
                                       ("decimal", "-5"), ("upperRoman", "１２")])
def test_list_counters_are_capped_as_word_caps_them(tmp_path, fmt, start):
    path = docx(tmp_path, TITLE + _numbered("推进节水改造。"), _list(fmt, start))
    ran = run_cli("parse", str(path), "--text")
    assert ran.returncode == 0
    assert len(ran.stdout) < 20_000  # a counter of 10^15 in roman would print terabytes


@pytest.mark.parametrize("ilvl", ["12", "-1", "x"])
def test_a_list_level_outside_words_nine_is_no_marker_and_no_crash(tmp_path, ilvl):
    path = docx(tmp_path, TITLE + _numbered("推进节水改造。", ilvl), _list("decimal", "1", ilvl))
    ran = run_cli("parse", str(path), "--text")
    assert ran.returncode == 0 and "推进节水改造".encode() in ran.stdout


def test_a_grid_span_that_is_no_ascii_number(tmp_path):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="²"/></w:tcPr>' + _paragraph("县水利局") + "</w:tc>"
    path = docx(tmp_path, TITLE + f"<w:tbl><w:tr>{cell}{cell}</w:tr></w:tbl>")
    ran = run_cli("parse", str(path), "--text")
    assert ran.returncode == 0 and "县水利局".encode() in ran.stdout


def test_text_after_a_comment_inside_a_run_is_kept(tmp_path):
    path = docx(tmp_path, TITLE + "<w:p><w:r><w:t>推进<!-- a note -->节水改造。</w:t></w:r></w:p>")
    assert "推进节水改造。".encode() in run_cli("parse", str(path), "--text").stdout


def test_the_main_part_is_the_one_the_relationships_name(tmp_path):
    path = docx(tmp_path, TITLE + _paragraph("推进节水改造。"), main="word/document2.xml")
    ran = run_cli("parse", str(path), "--text")
    assert ran.returncode == 0 and "推进节水改造".encode() in ran.stdout


def test_a_part_that_inflates_far_past_its_packed_size_is_refused_before_inflating(tmp_path):
    # 80 MB of one repeated paragraph packs into well under a megabyte: a zip bomb
    body = TITLE + _paragraph("推进节水改造。") * 1_100_000
    path = docx(tmp_path, body)
    assert path.stat().st_size < 2_000_000
    ran = run_cli("parse", str(path))
    assert ran.returncode == 2
    assert b"zip bomb" in ran.stderr and ran.stderr.count(b"\n") == 1


# ---------------------------------------------------------------- web pages

PAGE = "<html><head><meta charset='{charset}'></head><body>{body}</body></html>"
NOTICE_HTML = "<p>青禾县节水工作方案</p><p>一、推进节水改造,加快建设节水型社会。</p>"


def page(tmp_path, body: str, charset: str = "utf-8", name: str = "x.html"):
    path = tmp_path / name
    path.write_bytes(PAGE.format(charset=charset, body=body).encode("utf-8"))
    return path


def test_every_line_is_kept_past_a_nesting_depth_of_255(tmp_path):
    # a page that leaves a tag unclosed on every line
    body = "".join(f"<div>第{n}行推进节水改造工作事项。\n" for n in range(400))
    ran = run_cli("parse", str(page(tmp_path, body)), "--text")
    assert ran.returncode == 0
    assert "第399行".encode() in ran.stdout and "第0行".encode() in ran.stdout


def test_a_page_nested_many_thousands_deep_is_read_without_recursion(tmp_path):
    body = "<div>" * 20_000 + NOTICE_HTML + "</div>" * 20_000
    ran = run_cli("parse", str(page(tmp_path, body)), "--text")
    assert ran.returncode == 0 and "节水工作方案".encode() in ran.stdout


def test_spans_multiplying_to_gigabytes_are_refused(tmp_path):
    rows = "".join("<tr>" + '<td colspan="1000000" rowspan="1000000">县水利局</td>' * 40 + "</tr>" for _ in range(200))
    ran = run_cli("parse", str(page(tmp_path, NOTICE_HTML + f"<table>{rows}</table>")))
    assert ran.returncode in (0, 2) and len(ran.stdout) < 5_000_000
    assert ran.stderr.count(b"\n") <= 1 and b"Traceback" not in ran.stderr


@pytest.mark.parametrize("charset", ["base64", "zlib", "rot13", "idna", "punycode", "undefined", "uu", "hex",
                                     "utf-16", "utf-32"])
def test_a_charset_that_is_no_text_encoding_of_a_page_is_ignored(tmp_path, charset):
    ran = run_cli("parse", str(page(tmp_path, NOTICE_HTML, charset)), "--text")
    assert ran.returncode == 0 and "节水工作方案".encode() in ran.stdout


def test_a_control_character_after_a_dropped_script(tmp_path):
    body = NOTICE_HTML + "<p>前<script>x()</script>\x01\x0b后续推进节水改造工作。</p>"
    ran = run_cli("parse", str(page(tmp_path, body)), "--text")
    assert ran.returncode == 0 and "后续推进节水改造".encode() in ran.stdout


# ---------------------------------------------------------------- workbooks

def xlsx(tmp_path, patch=None, name: str = "x.xlsx"):
    """A workbook of our own (openpyxl), one part replaced by ``patch(name, xml) -> xml``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "牵头单位"])
    sheet.append([1, "推进节水改造", "县水利局"])
    buf = io.BytesIO()
    book.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, patch(info.filename, data) if patch else data)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _in_sheet(xml: bytes, insert: bytes) -> bytes:
    return xml.replace(b"</worksheet>", insert + b"</worksheet>")


@pytest.mark.parametrize("patch", [
    # one merged range over a whole sheet (openpyxl would build every cell of it)
    lambda n, x: _in_sheet(x, b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>')
    if n.startswith("xl/worksheets/") else x,
    # a declared dimension of a million rows
    lambda n, x: x.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:Z1000000"/>')
    if n.startswith("xl/worksheets/") else x,
], ids=["merged-range", "dimension"])
def test_a_sheet_too_large_is_refused_before_the_workbook_is_loaded(tmp_path, patch):
    ran = run_cli("parse", str(xlsx(tmp_path, patch)))
    assert ran.returncode == 2 and b"refused" in ran.stderr and ran.stderr.count(b"\n") == 1


@pytest.mark.parametrize("patch", [
    lambda n, x: x[: len(x) // 2] if n.startswith("xl/worksheets/") else x,  # malformed XML
    lambda n, x: (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                  + x.split(b"?>", 1)[-1]) if n == "xl/workbook.xml" else x,  # a DTD with entities
    lambda n, x: x.replace(b"<v>0</v>", b"<v>999</v>") if n.startswith("xl/worksheets/") else x,  # no such string
], ids=["malformed", "doctype", "string-index"])
def test_a_damaged_workbook_is_one_line_never_an_internal_error(tmp_path, patch):
    ran = run_cli("parse", str(xlsx(tmp_path, patch)))
    assert ran.returncode in (0, 2) and b"internal error" not in ran.stderr
    assert ran.stderr.count(b"\n") <= 1


# ---------------------------------------------------------------- LibreOffice

ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2"><office:body><office:text>
<text:p>青禾县节水工作方案</text:p><text:p>一、推进节水改造,加快建设节水型社会。</text:p>
<text:p><draw:frame svg:width="2cm" svg:height="2cm"><draw:image xlink:href="http://127.0.0.1:{port}/x.png"
 xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
</office:text></office:body></office:document-content>"""


@pytest.mark.parametrize("namespace", [True, False], ids=["own-network-namespace", "profile-settings-alone"])
def test_a_linked_image_in_an_odt_makes_no_network_request(tmp_path, monkeypatch, namespace):
    """With its own network namespace, and without one (where unshare is not allowed), where the
    profile's settings alone keep LibreOffice from fetching (without either it connects once)."""
    import socket

    from govplan.formats import office
    from govplan.formats.office import has_component

    if not namespace:
        monkeypatch.setattr(office, "_isolated", lambda: ())
    if not has_component("docx"):
        pytest.skip("LibreOffice Writer is not installed here")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", ODT_CONTENT.format(port=port))
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:'
                   'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                   'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                   'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    path = tmp_path / "linked.odt"
    path.write_bytes(buf.getvalue())
    ran = run_cli("parse", str(path), "--text")
    connections = 0
    try:
        while True:
            listener.accept()[0].close()
            connections += 1
    except OSError:
        pass
    listener.close()
    assert ran.returncode == 0 and "节水工作方案".encode() in ran.stdout
    assert connections == 0


def _fake_soffice(tmp_path, monkeypatch, script: str):
    from govplan.formats import office

    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("#!/bin/sh\n" + script)
    (program / "soffice").chmod(0o755)
    (program / "libswlo.so").write_bytes(b"")
    (program / "libsclo.so").write_bytes(b"")
    monkeypatch.setattr(office.shutil, "which", lambda name: str(program / "soffice") if name == "soffice" else None)
    return program


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return "\nState:\tZ" in fh.read()  # a zombie is dead, waiting for its reaper
    except FileNotFoundError:
        return True


def test_on_timeout_libreoffice_is_killed_with_its_children(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    _fake_soffice(tmp_path, monkeypatch, f"sleep 60 &\necho $! >> {pids}\nsleep 60\n")
    monkeypatch.setenv("GOVPLAN_SOFFICE_TIMEOUT", "1")
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 600)
    ran = run_cli("parse", str(old))
    assert ran.returncode == 2 and b"within 1 s" in ran.stderr
    import time

    time.sleep(0.2)
    assert all(_gone(int(pid)) for pid in pids.read_text().split())  # the child (soffice.bin) too


def test_an_old_office_file_is_converted_by_its_content_not_its_name(tmp_path, monkeypatch):
    # an Excel workbook saved under a .doc name goes to LibreOffice as a workbook
    args = tmp_path / "args"
    _fake_soffice(tmp_path, monkeypatch, f'echo "$@" > {args}\nexit 1\n')
    book = tmp_path / "named.doc"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\x00" * 600)
    ran = run_cli("parse", str(book))
    assert ran.returncode == 2
    assert "--convert-to xlsx" in args.read_text() and "input.xls" in args.read_text()


# ---------------------------------------------------------------- devices, FIFOs, sizes

def test_a_device_is_read_to_the_input_limit_at_most(monkeypatch):
    monkeypatch.setenv("GOVPLAN_MAX_INPUT_MB", "1")
    ran = run_cli("parse", "/dev/zero")
    assert ran.returncode == 2 and b"goes on past the input limit of 1 MB" in ran.stderr


def test_a_file_over_the_limit_is_refused_before_it_is_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVPLAN_MAX_INPUT_MB", "1")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(3 * 1024 * 1024)  # a sparse file: its size, no bytes to read
    ran = run_cli("parse", str(big))
    assert ran.returncode == 2 and b"more than the input limit of 1 MB" in ran.stderr


def test_a_fifo_nobody_writes_to_reads_as_empty_instead_of_waiting(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ran = run_cli("parse", str(fifo))
    assert ran.returncode == 0 and b"empty-input" in ran.stdout


def test_a_csv_quote_left_open_is_an_error_not_rows_swallowed(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text('序号,工作任务,牵头单位\n1,"推进改造,县水利局\n2,开展宣传,县委宣传部\n', encoding="utf-8")
    ran = run_cli("parse", str(table))
    assert ran.returncode == 2 and b"quote left open" in ran.stderr and ran.stderr.count(b"\n") == 1


def test_a_pdf_stream_inflating_past_the_limit_is_refused_before_pdfium_decodes_it(tmp_path):
    import zlib

    packer, chunk = zlib.compressobj(9), b"0" * (1 << 20)
    bomb = b"".join(packer.compress(chunk) for _ in range(300)) + packer.flush()  # 300 MB in about 300 KB
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"]
    body = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n" % (n + 1) + o + b"\nendobj\n" for n, o in enumerate(objects))
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    assert pdf.stat().st_size < 2_000_000
    ran = run_cli("parse", str(pdf))
    assert ran.returncode == 2 and b"zip bomb" in ran.stderr


def test_what_the_workbook_library_prints_never_reaches_stdout(tmp_path, monkeypatch):
    # openpyxl prints some problems ("0 is out of range", found by the reader fuzzer) with print():
    # on stdout, where the JSON goes.  Here its loader is made to print, as on such a file.
    import json

    import openpyxl

    real = openpyxl.load_workbook

    def printing(*args, **kwargs):
        print("0 is out of range")
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", printing)
    ran = run_cli("parse", str(xlsx(tmp_path)))
    assert ran.returncode == 0 and not ran.stdout.startswith(b"0 is")
    notes = [d["message"] for d in json.loads(ran.stdout)["diagnostics"] if d["code"] == "reader-note"]
    assert notes == ["openpyxl: 0 is out of range"]  # reported in the parse, where a person sees it


def test_a_workbook_library_warning_is_a_diagnostic_not_a_line_on_stderr(tmp_path):
    import json

    book = xlsx(tmp_path)
    packed = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(packed, "w") as dst:
        for info in src.infolist():  # a sheet with an extension openpyxl does not read: it warns
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</worksheet>", b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                                    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                                    b'<x14:dataValidations count="0"/></ext></extLst></worksheet>')
            dst.writestr(info, data)
    book.write_bytes(packed.getvalue())
    ran = run_cli("parse", str(book))
    assert ran.returncode == 0 and ran.stderr == b"", ran.stderr
    notes = [d for d in json.loads(ran.stdout)["diagnostics"] if d["code"] == "reader-note"]
    assert [(d["severity"], d["message"]) for d in notes] == [
        ("info", "openpyxl: Data Validation extension is not supported and will be removed")]


def _lzw_run(byte: int, blocks: int) -> bytes:
    """An LZW stream (PDF's EarlyChange 1) of one byte repeated: each block, clear then codes whose
    entries grow a byte each, expands to about 7 MB from 6 KB."""
    codes: list[int] = []
    for _ in range(blocks):
        codes += [256, byte] + list(range(258, 4094))
    codes.append(257)
    out, acc, bits, entries = bytearray(), 0, 0, 258
    for k, code in enumerate(codes):
        width = min(12, (entries + 1).bit_length())  # (a clear code in the width before it)
        acc, bits = (acc << width) | code, bits + width
        if code == 256:
            entries = 258
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 255)
        acc &= (1 << bits) - 1
        if code != 256 and codes[k - 1] != 256:
            entries += 1
    return bytes(out) + (bytes([(acc << (8 - bits)) & 255]) if bits else b"")


def test_the_expansion_of_lzw_and_run_length_streams_is_counted_without_storing_it():
    from govplan.formats.pdf_streams import _lzw_length, _run_length

    assert _lzw_length(_lzw_run(48, 1), 10**9) == sum(range(1, 4093 - 256 + 1))  # 0, 00, 000, … (codes 258…4093)
    assert _lzw_length(_lzw_run(48, 1), 1000) < 1100  # stops at the cap
    # RunLength: copy 3 bytes, repeat one byte 2 times, end; 128 bytes at most from 2
    assert _run_length(bytes([2, 1, 2, 3, 255, 7, 128, 9, 9]), 10**9) == 5
    assert _run_length(bytes([129, 0]) * 10, 10**9) == 1280


def test_an_lzw_pdf_stream_expanding_past_the_limit_is_refused(tmp_path):
    name, bomb = "LZWDecode", _lzw_run(48, 12)  # 65 KB that expand to 88 MB
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /%s >>\nstream\n" % (len(bomb), name.encode()) + bomb + b"\nendstream"]
    body = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n" % (n + 1) + o + b"\nendobj\n" for n, o in enumerate(objects))
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    assert pdf.stat().st_size < 6_000_000
    ran = run_cli("parse", str(pdf))
    assert ran.returncode == 2 and b"zip bomb" in ran.stderr and ran.stderr.count(b"\n") == 1
