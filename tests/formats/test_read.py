"""Stage read: encodings, byte-order marks, line ends, unreadable input."""
from __future__ import annotations

import codecs

import pytest

from govplan.formats.decode import ReadError, decode, read

TEXT = "关于印发工作方案的通知\n一、总体要求\n(一)加强领导。(市发展改革委牵头)\n"
TRAD = "關於印發工作方案的通知\n一、總體要求\n(一)加強領導。(市發展改革委牽頭)\n"


@pytest.mark.parametrize("encoding,expected", [("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_gb_family_is_detected(encoding, expected):
    data = (TEXT * 20).encode(encoding)
    decoded = decode(data, "x.txt")
    assert decoded.text == TEXT * 20
    assert decoded.encoding == expected


def test_big5_is_detected():
    data = (TRAD * 20).encode("big5")
    decoded = decode(data, "x.txt")
    assert decoded.text == TRAD * 20
    assert decoded.encoding.startswith("big5")


@pytest.mark.parametrize("bom,codec,name", [
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
])
def test_byte_order_marks(bom, codec, name):
    decoded = decode(bom + TEXT.encode(codec), "x.txt")
    assert decoded.text == TEXT
    assert decoded.bom is True
    assert decoded.encoding == name


def test_plain_utf8_has_no_bom():
    decoded = decode(TEXT.encode("utf-8"))
    assert (decoded.encoding, decoded.bom) == ("utf-8", False)


def test_binary_is_refused():
    with pytest.raises(ReadError, match="not a text file"):
        decode(bytes(range(256)) * 50, "blob.bin")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read(tmp_path)


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r"])
def test_line_numbers_follow_physical_lines(parse, sep):
    text = sep.join(["XX市工作方案", "一、总体要求", "正文。", "二、重点任务", "(一)加快建设。(市发展改革委负责)"])
    result = parse(text)
    lines = {s["line"]: s for d in result["documents"] for s in d["sections"]}
    assert sorted(lines) == [2, 4]
    child = lines[4]["children"][0]
    assert child["line"] == 5
    assert child["responsible_units"] == ["市发展改革委"]


def test_control_characters_are_those_that_are_not_layout():
    """decode._CONTROLS (one C-level scan) counts what `ch < " " and ch not in "\\t\\n\\r\\f\\v"` does."""
    from govplan.formats.decode import _CONTROLS

    every = "".join(chr(c) for c in range(0x30)) + "中文\u3000\x7f\x85"
    assert _CONTROLS.findall(every) == [ch for ch in every if ch < " " and ch not in "\t\n\r\f\v"]
