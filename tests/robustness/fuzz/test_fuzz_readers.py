"""Fuzzers for the format readers (issue 21): web pages and Word files generated from their
structure (random trees, nesting, spans, numbering, charsets: a structure-aware generator finds
what byte mutation does not), workbooks, PDFs and OFD files mutated from the format samples
(an OFD's numbers too: boundaries, sizes, matrices, advances).  Every input
must be read into text or refused with govplan's own one-line error (a GovplanError): never
another exception, which the command line would turn into exit 3.

Bounded in time like the text fuzzer: GOVPLAN_FUZZ_SECONDS (default 10) is shared by the five
readers; a long run: GOVPLAN_FUZZ_SECONDS=9000 pytest tests/robustness/fuzz/test_fuzz_readers.py
(30 minutes a reader).  A failing input is saved in .fuzz-found/ (own text only: these inputs are
generated from this project's words and samples, so a reduced one may go to corpus/)."""
from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FORMATS = ROOT / "samples" / "formats"
FOUND = Path(os.environ.get("GOVPLAN_FUZZ_FOUND", ROOT / ".fuzz-found"))
BUDGET = float(os.environ.get("GOVPLAN_FUZZ_SECONDS", "10")) / 5  # one share a reader
STATS: dict[str, int] = {}
# about what one generated input costs to make and read here, per reader (the examples asked of
# hypothesis are sized to the budget from it; the budget check stops reading near the budget)
SECONDS_PER_INPUT = {"html": 0.06, "docx": 0.01, "xlsx": 0.02, "pdf": 0.02, "ofd": 0.02}

TEXT = st.sampled_from(["青禾县节水工作方案", "一、推进改造", "(一)", "1.", "牵头单位:县水利局", "2025年6月底前", "",
                        "\x00", "\x1b[2J", "\x0b", "\ufffd", "&nbsp;", "&#0;", "&lt;", "<", "]]>", "\u202e", "一" * 50])
SPANS = st.sampled_from(["0", "-1", "1", "2", "64", "1000000", "²", "٣", "x", "", "9" * 30])


def _tree(draw, depth: int) -> str:
    if depth > 12 or draw(st.integers(0, 3)) == 0:
        return draw(TEXT)
    tag = draw(st.sampled_from(["div", "p", "span", "table", "tr", "td", "th", "a", "br", "script", "li", "font",
                                "h1", "center", "style", "tbody"]))
    attrs = ""
    if tag in ("td", "th"):
        attrs = f' colspan="{draw(SPANS)}" rowspan="{draw(SPANS)}"'
    elif draw(st.booleans()):
        attrs = ' style="display:none"'
    inner = "".join(_tree(draw, depth + 1) for _ in range(draw(st.integers(0, 4))))
    close = f"</{tag}>" if draw(st.integers(0, 4)) else ""  # tags left open too
    return f"<{tag}{attrs}>{inner}{close}"


@st.composite
def pages(draw) -> bytes:
    charset = draw(st.sampled_from(["utf-8", "gbk", "big5", "base64", "zlib", "utf-16", "hex", "latin-1", "x"]))
    nested = "<div>" * draw(st.sampled_from([0, 10, 300, 3000]))
    body = "".join(_tree(draw, 0) for _ in range(draw(st.integers(1, 6))))
    page = f"<html><head><meta charset='{charset}'></head><body>{nested}{body}</body></html>"
    return page.encode("utf-8", "surrogatepass")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@st.composite
def word_files(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        text = draw(TEXT).replace("<", "&lt;").replace("&", "&amp;") if draw(st.booleans()) else draw(TEXT)
        num = (f'<w:pPr><w:numPr><w:ilvl w:val="{draw(SPANS)}"/><w:numId w:val="{draw(SPANS)}"/></w:numPr></w:pPr>'
               if draw(st.booleans()) else "")
        cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{draw(SPANS)}"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
        parts.append(draw(st.sampled_from([f"<w:p>{num}<w:r><w:t>{text}<!--c-->尾</w:t></w:r></w:p>",
                                           f"<w:tbl><w:tr>{cell * draw(st.integers(1, 3))}</w:tr></w:tbl>"])))
    fmt = draw(st.sampled_from(["decimal", "upperRoman", "upperLetter", "chineseCounting", "bullet", "zz"]))
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="{draw(SPANS)}">'
                 f'<w:start w:val="{draw(SPANS)}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1%9."/></w:lvl>'
                 f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    main = draw(st.sampled_from(["word/document.xml", "word/document2.xml", "/word/x.xml", "../x.xml"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r" Type="x/officeDocument" Target="' + main + '"/></Relationships>')
        z.writestr(main.lstrip("/"), f'<w:document xmlns:w="{W}"><w:body>{"".join(parts)}</w:body></w:document>')
        z.writestr("word/numbering.xml", numbering)
    return buf.getvalue()


def _mutate(draw, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "copy"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at: at + draw(st.integers(1, 4096))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b"<!DOCTYPE x [<!ENTITY a 'aa'>]>", b"\x00" * 8, b"99999999", b"<<"]))
        else:
            data[at:at] = data[at: at + draw(st.integers(1, 256))]
    return bytes(data)


def _zip_mutated(draw, sample: Path) -> bytes:
    """A sample package with one part mutated (the zip stays readable, so the parts are reached)."""
    out = io.BytesIO()
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        target = draw(st.sampled_from(names))
        for name in names:
            data = src.read(name)
            dst.writestr(name, _mutate(draw, data) if name == target else data)
    return out.getvalue()


@st.composite
def workbooks(draw) -> bytes:
    return _zip_mutated(draw, draw(st.sampled_from(sorted(FORMATS.glob("*.xlsx")))))


@st.composite
def pdfs(draw) -> bytes:
    return _mutate(draw, draw(st.sampled_from(sorted(FORMATS.glob("*.pdf")))).read_bytes())


# numbers an OFD's attributes may hold that a writer would not write
ODD_NUMBERS = st.sampled_from(["-1", "0", "1e308", "-1e308", "nan", "inf", "1e-300", "99999999999", "g", "g 1e12 1",
                               "g -5 2", "", "1 2", "\u0661", "0x10"])


@st.composite
def ofd_files(draw) -> bytes:
    """A sample OFD with numbers of one page part replaced (Boundary, Size, CTM, DeltaX, X, Y,
    path data) or its bytes mutated."""
    import regex

    sample = draw(st.sampled_from(sorted(FORMATS.glob("*.ofd"))))
    if draw(st.booleans()):
        return _zip_mutated(draw, sample)
    out = io.BytesIO()
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name).decode("utf-8")
            if name.endswith("Content.xml") or name.endswith("Document.xml"):
                data = regex.sub(r'(?<=(?:Boundary|Size|CTM|DeltaX|DeltaY|X|Y|PhysicalBox>|AbbreviatedData>)="?)'
                                 r'[-0-9. g]+', lambda m: draw(ODD_NUMBERS) if draw(st.integers(0, 9)) == 0
                                 else m.group(), data)
            dst.writestr(name, data)
    return out.getvalue()


def _read(data: bytes, suffix: str) -> None:
    """Read an input as the command does; govplan's own errors are answers, anything else fails."""
    from govplan.errors import GovplanError
    from govplan.formats.sniff import load

    try:
        load(data, f"fuzzed{suffix}")
    except GovplanError:
        pass
    except Exception:
        FOUND.mkdir(parents=True, exist_ok=True)
        (FOUND / f"reader-{hashlib.sha256(data).hexdigest()[:16]}{suffix}").write_bytes(data)
        raise


def _budgeted(name: str):
    started: list[float] = []

    def spent() -> bool:
        if not started:
            started.append(time.monotonic())
        over = time.monotonic() - started[0] > BUDGET
        if not over:
            STATS[name] = STATS.get(name, 0) + 1
        return over
    return spent


def _run(reader: str):
    return settings(max_examples=max(20, int(BUDGET / SECONDS_PER_INPUT[reader])), deadline=None,
                    phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
                    derandomize=False, database=None)
_html, _docx, _xlsx, _pdf = _budgeted("html"), _budgeted("docx"), _budgeted("xlsx"), _budgeted("pdf")
_ofd = _budgeted("ofd")


@_run("html")
@given(pages())
def test_web_pages_are_read_or_refused_in_one_line(data):
    if not _html():
        _read(data, ".html")


@_run("docx")
@given(word_files())
def test_word_files_are_read_or_refused_in_one_line(data):
    if not _docx():
        _read(data, ".docx")


@pytest.mark.skipif(not list(FORMATS.glob("*.xlsx")), reason="no sample workbook")
@_run("xlsx")
@given(workbooks())
def test_workbooks_are_read_or_refused_in_one_line(data):
    if not _xlsx():
        _read(data, ".xlsx")


@pytest.mark.skipif(not list(FORMATS.glob("*.pdf")), reason="no sample PDF")
@_run("pdf")
@given(pdfs())
def test_pdfs_are_read_or_refused_in_one_line(data):
    if not _pdf():
        _read(data, ".pdf")


@pytest.mark.skipif(not list(FORMATS.glob("*.ofd")), reason="no sample OFD")
@_run("ofd")
@given(ofd_files())
def test_ofd_files_are_read_or_refused_in_one_line(data):
    if not _ofd():
        _read(data, ".ofd")
