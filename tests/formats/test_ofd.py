"""OFD (GB/T 33190), the national format of electronic official documents (issue 23).

The files are written here from the specification (tests/ofd_writer.py: no OFD writer that
installs here writes valid files), copying printed pages: the committed reportlab PDFs of
samples/formats here, LibreOffice's two-font prints in test_printed_pdf.py.  Writers differ,
and so do the files: text objects in points under a CTM or in millimetres, one object a run
or one a character, rules as thin boundaries or as path data, a running header in a template.
"""
from __future__ import annotations

import io
import zipfile

import pytest
from conftest import FORMATS, SAMPLES, run_cli
from ofd_writer import pdf_to_ofd

VARIANTS = {"plain": {}, "ctm": {"ctm": True}, "per character": {"per_char": True},
            "path data": {"rules_as_data": True}, "template": {"header_template": True},
            "all": {"ctm": True, "per_char": True, "rules_as_data": True, "header_template": True}}


def _tasks(result) -> list[tuple]:
    from test_formats import _tasks as tasks

    return tasks(result)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", ["national_plan", "work_plan_stages", "meeting_minutes", "traditional_tw"])
def test_an_ofd_gives_the_tasks_of_the_same_notice_as_text(tmp_path, name, variant):
    from govplan import parse_file

    ofd = pdf_to_ofd(FORMATS / f"{name}.pdf", tmp_path / f"{name}.ofd", **VARIANTS[variant])
    result = parse_file(ofd)
    assert result.source.format == "ofd"
    assert _tasks(result) == _tasks(parse_file(SAMPLES / f"{name}.txt"))
    assert all(s.locator.startswith("page ") for d in result.documents for s in d.sections)


def test_an_ofd_is_known_by_its_content_not_its_name(tmp_path):
    ofd = pdf_to_ofd(FORMATS / "national_plan.pdf", tmp_path / "notice.zip")
    ran = run_cli("parse", str(ofd), "--text")
    assert ran.returncode == 0 and "国办发〔2023〕41号" in ran.stdout.decode()


def _package(parts: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
ROOT = f'<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
DOCUMENT = (f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
            '</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
            '</ofd:Pages></ofd:Document>')


def _page(objects: str) -> str:
    return f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>'


def _text(x: float, y: float, text: str, deltas: str = "", size: float = 5.6) -> str:
    return (f'<ofd:TextObject ID="3" Size="{size}" Boundary="{x} {y} 170 8"><ofd:TextCode X="0" Y="{size}" '
            f'DeltaX="{deltas}">{text}</ofd:TextCode></ofd:TextObject>')


def _error(ran) -> str:
    lines = ran.stderr.decode().strip().splitlines()
    assert ran.returncode == 2 and len(lines) == 1 and ran.stdout == b"", (ran.returncode, lines)
    return lines[0]


@pytest.mark.parametrize("parts,said", [
    ({"OFD.xml": f"<ofd:OFD {NS}/>"}, "names no document"),
    ({"OFD.xml": ROOT}, "no Doc_0/Document.xml"),
    ({"OFD.xml": ROOT, "Doc_0/Document.xml": DOCUMENT}, "no Doc_0/Pages/Page_0/Content.xml"),
    ({"OFD.xml": ROOT, "Doc_0/Document.xml": DOCUMENT, "Doc_0/Pages/Page_0/Content.xml": "<ofd:Page"},
     "not a readable OFD file"),
    ({"OFD.xml": ROOT, "Doc_0/Document.xml": DOCUMENT, "Doc_0/Pages/Page_0/Content.xml": _page("")},
     "without text"),
    ({"OFD.xml": ROOT, "Doc_0/Document.xml": DOCUMENT,
      "Doc_0/Pages/Page_0/Content.xml": _page("").encode() + b" " * 200_000_000}, "zip bomb"),
])
def test_a_broken_ofd_is_refused_in_one_line(tmp_path, parts, said):
    path = tmp_path / "bad.ofd"
    path.write_bytes(_package(parts))
    assert said in _error(run_cli("parse", str(path)))


def test_a_run_of_advances_is_read_no_further_than_its_characters(tmp_path):
    # `g n d` with n in the billions: the advances are expanded only as far as there are characters
    body = _text(20, 30, "一、总体要求", "g 4000000000 5.6") + _text(20, 40, "(一)完善设施,2025年底前完成。",
                                                                   "g 900000000 5.6")
    path = tmp_path / "plan.ofd"
    path.write_bytes(_package({"OFD.xml": ROOT, "Doc_0/Document.xml": DOCUMENT,
                               "Doc_0/Pages/Page_0/Content.xml": _page(body)}))
    ran = run_cli("parse", str(path), "--text")
    assert ran.returncode == 0, ran.stderr
    assert [line.split("\t", 1)[1] for line in ran.stdout.decode().splitlines()] == [
        "page 1 line 1\t一、总体要求", "page 1 line 2\t(一)完善设施,2025年底前完成。"]


def test_a_package_of_two_documents_reads_the_first_and_says_so(tmp_path):
    two = ROOT.replace("</ofd:DocBody>", "</ofd:DocBody><ofd:DocBody><ofd:DocRoot>Doc_1/Document.xml</ofd:DocRoot>"
                                         "</ofd:DocBody>")
    path = tmp_path / "two.ofd"
    path.write_bytes(_package({"OFD.xml": two, "Doc_0/Document.xml": DOCUMENT,
                               "Doc_0/Pages/Page_0/Content.xml": _page(_text(20, 30, "一、总体要求"))}))
    ran = run_cli("parse", str(path))
    assert ran.returncode == 0 and "the package holds 2 documents; the first is read" in ran.stdout.decode()
