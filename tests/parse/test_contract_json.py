"""The parse contract's JSON: govplan's own writer (output.json_stream) against pydantic-core's
serializer of the same dataclasses, byte for byte; every parse of the real notices valid under the
contract (a parse checks no type at run time: the tests do)."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from govplan import parse_file, parse_text
from govplan.models import Deadline, Diagnostic, Document, ParseResult, Section, Source, TextLine
from govplan.models.contract import read_parse_data, read_parse_json
from govplan.output.json_stream import to_data, to_json, write_json

SHARED = Path(__file__).resolve().parents[3] / "shared"
REAL = sorted(p for d in ("seeds", "dev/docs", "dev2/docs") for p in (SHARED / d).glob("*.txt"))
ADAPTER = TypeAdapter(ParseResult)


def pydantic_json(result: ParseResult, indent: int | None) -> str:
    return ADAPTER.dump_json(result, indent=indent).decode("utf-8") + "\n"


def awkward_result() -> ParseResult:
    """Every kind of value the contract holds, with the characters JSON writers differ on."""
    tricky = 'quote " backslash \\ tab \t nul \x00 unit-sep \x1f del \x7f ls \u2028 ps \u2029 bom \ufeff 中文 𠀀'
    section = Section(line=3, end_line=4, marker="(一)", style="paren_cn", number=1, level=1, path="(一)",
                      title=tricky, text=tricky + "\nnext", original_text="\r\n".join([tricky, "x"]),
                      lead_units=["甲局", "乙局"],
                      deadlines=[Deadline(text="2026年6月底前", kind="date", due=dt.date(2026, 6, 30), line=3,
                                          source="field", label="完成时限")])
    section.children.append(Section(line=4, end_line=4, marker="", style="unnumbered", level=2, path="(一)/-",
                                    title="", text="", original_text=""))
    return ParseResult(
        govplan_version="0", source=Source(path="-", encoding="utf-8", bom=False, bytes=0, lines=0, sha256="",
                                           script="none"),
        output_script="simplified", reference_date=dt.date(2020, 1, 1),
        documents=[Document(line=1, end_line=9, kind="plan", title=tricky, header=[TextLine(line=2, text="x")],
                            sections=[section]), Document(line=10, end_line=10, kind="document")],
        diagnostics=[Diagnostic.of("numbering-gap", tricky, 5)])


@pytest.mark.parametrize("indent", [2, None, 4])
def test_the_writer_is_pydantics_byte_for_byte_on_awkward_values(indent):
    result = awkward_result()
    assert to_json(result, indent) == pydantic_json(result, indent)
    streamed = io.BytesIO()
    write_json(result, streamed, indent)
    assert streamed.getvalue().decode("utf-8") == to_json(result, indent)


def test_to_data_is_the_json_read_back():
    result = awkward_result()
    assert to_data(result) == json.loads(to_json(result))


@pytest.mark.skipif(not REAL, reason="../shared is not beside the repository")
def test_real_notices_write_as_pydantic_would_and_hold_to_the_contract():
    for path in REAL:
        result = parse_file(path)
        text = to_json(result)
        assert text == pydantic_json(result, 2), path.name
        again = read_parse_json(text)  # every type, literal (diagnostic codes, kinds) and bound
        assert to_json(again) == text, path.name


def test_a_long_result_is_written_in_pieces():
    """write_json hands the stream many pieces for a long plan, not one string of the whole JSON."""
    text = "".join(f"（{n}）第{n}部分\n" + "".join(f"{k}. 第{k}项任务。(牵头单位:市{k}局)\n" for k in range(1, 60))
                   for n in range(1, 40))
    result = parse_text(text)
    writes: list[int] = []

    class Counting(io.BytesIO):
        def write(self, data):  # type: ignore[override]
            writes.append(len(data))
            return super().write(data)

    out = Counting()
    write_json(result, out)
    assert out.getvalue().decode("utf-8") == to_json(result)
    assert len(writes) > 10 and max(writes) < 200_000


def test_reading_back_refuses_what_the_contract_does_not_allow():
    data = to_data(awkward_result())
    data["documents"][0]["sections"][0]["level"] = 0  # level >= 1
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        read_parse_data(data)
    data = to_data(awkward_result())
    data["documents"][0]["kind"] = "memo"
    with pytest.raises(ValueError, match="documents.0.kind"):
        read_parse_data(data)
    data = to_data(awkward_result())
    data["extra"] = 1
    with pytest.raises(ValueError, match="extra"):
        read_parse_data(data)
