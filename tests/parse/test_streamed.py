"""A parse written as it is assembled (api.assemble_file + json_stream.write_json's ``documents``): the
same bytes as the whole result written at once, each document's tree built when it is taken; a
failure half way leaves no output (stdout held in a spool, a file written atomically)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from govplan import parse_file
from govplan.api import assemble_file
from govplan.files.spool import Spool
from govplan.output.json_stream import to_json, write_json

SHARED = Path(__file__).resolve().parents[3] / "shared"
INPUTS = sorted(SAMPLES.glob("*.txt")) + sorted((SAMPLES / "formats").glob("*.*")) + sorted(
    p for d in ("seeds", "dev/docs") for p in (SHARED / d).glob("*.txt"))[:12]


def _streamed(path: Path, indent: int | None) -> bytes:
    assembly = assemble_file(path)
    out = io.BytesIO()
    write_json(assembly.result, out, indent, assembly.documents())
    assert assembly.result.documents == []  # (written and let go, never gathered)
    return out.getvalue()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_written_as_assembled_is_the_whole_result_byte_for_byte(path):
    whole = parse_file(path)
    for indent in (2, None):
        assert _streamed(path, indent) == to_json(whole, indent).encode("utf-8")


@pytest.mark.parametrize("text", ["", "\n\n", "没有标题也没有编号的一行字。\n", "一、只有一项\n"])
def test_no_document_or_a_single_one_streams_the_same(tmp_path, text):
    path = tmp_path / "x.txt"
    path.write_text(text, "utf-8")
    assert _streamed(path, 2) == to_json(parse_file(path), 2).encode("utf-8")


def test_the_diagnostics_come_after_every_document():
    """Each document's heading tree is built when it is taken: the tree's diagnostics (numbering gaps) are
    complete only at the end, where the JSON has them."""
    plan = SAMPLES / "national_plan.txt"
    assembly = assemble_file(plan)
    taken = iter(assembly.documents())
    next(taken)
    assert assembly.result.diagnostics == []
    list(taken)
    assert assembly.result.diagnostics == parse_file(plan).diagnostics


def _failing_on_the_second_document(monkeypatch):
    from govplan.output import json_stream
    from govplan.parse import assemble

    monkeypatch.setattr(json_stream, "_FLUSH_PIECES", 1)  # (every piece written out at once)
    built = assemble._document
    count = {"n": 0}

    def second_fails(*args):
        count["n"] += 1
        if count["n"] == 2:
            raise RuntimeError("assembly failed")
        return built(*args)

    monkeypatch.setattr(assemble, "_document", second_fails)


GAZETTE = SAMPLES / "web_scraped.txt"  # (three documents)


@pytest.mark.source
def test_a_failure_half_way_writes_nothing_to_stdout(monkeypatch):
    gazette = GAZETTE
    assert len(parse_file(gazette).documents) >= 2
    _failing_on_the_second_document(monkeypatch)
    ran = run_cli("parse", str(gazette))
    assert ran.returncode == 3 and ran.stdout == b""
    assert ran.stderr.decode().startswith("govplan: internal error: RuntimeError: assembly failed")


@pytest.mark.source
def test_a_failure_half_way_leaves_no_file(monkeypatch, tmp_path):
    gazette = GAZETTE
    target = tmp_path / "out.json"
    target.write_text("before", "utf-8")
    _failing_on_the_second_document(monkeypatch)
    ran = run_cli("parse", str(gazette), "-o", str(target))
    assert ran.returncode == 3 and target.read_text("utf-8") == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.parametrize("limit", [0, 5, 1 << 20])
def test_the_spool_gives_back_what_was_written_in_memory_or_spilled(limit):
    pieces = [b"abc", b"", "中文".encode(), b"x" * 70_000, b"\n"]
    with Spool(in_memory=limit) as spool:
        for piece in pieces:
            spool.write(piece)
        out = io.BytesIO()
        spool.copy_to(out)
    assert out.getvalue() == b"".join(pieces)


@pytest.mark.slow  # (traced memory: half a minute)
def test_a_gazette_written_as_assembled_holds_half_the_memory(tmp_path):
    """300 notices one after another: written as they are assembled, the traced peak is at most 0.6 of the
    peak of the whole result written at once (0.51 when this was written): no document is gathered."""
    import gc
    import tracemalloc

    def notice(k: int) -> str:
        items = "".join(f"{n}.推进第{k}批{n}号水厂节水改造,完善管网。(牵头单位:县水利局;责任单位:各乡镇;"
                        f"完成时限:2025年{n % 12 + 1}月底前)\n" for n in range(1, 30))
        return f"青禾县第{k}号工作方案\n一、重点任务\n{items}二、保障措施\n(一)加强组织领导。\n青禾县人民政府\n2025年3月1日\n\n"

    gazette = tmp_path / "gazette.txt"
    gazette.write_text("".join(notice(k) for k in range(300)), "utf-8")

    class Discard(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            return len(data)

    def streamed() -> None:
        assembly = assemble_file(gazette)
        write_json(assembly.result, Discard(), 2, assembly.documents())

    def whole() -> None:
        write_json(parse_file(gazette), Discard(), 2)

    def peak(run) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            run()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    whole()  # (the grammar and its patterns built before measuring)
    assert len(parse_file(gazette).documents) == 300
    assert peak(streamed) < 0.6 * peak(whole)


def test_the_documents_can_be_taken_once():
    assembly = assemble_file(SAMPLES / "national_plan.txt")
    assert len(list(assembly.documents())) == 2
    with pytest.raises(RuntimeError, match="taken already"):
        list(assembly.documents())
