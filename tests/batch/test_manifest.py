"""A batch's manifest (issue 13): a record per input, resumable runs, shards."""
from __future__ import annotations

import json
import os
import signal
import time

import pytest
from batches import make_corpus
from batches import start_batch as _start
from batches import wait_for as _wait_for
from conftest import run_cli


def _manifest(out) -> list[dict]:
    """The whole records: a line not yet ended is a record being written (the batch still runs) or one a
    killed run left torn (the next run cuts it off), as the batch itself reads it."""
    text = (out / "_manifest.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines()]


def test_every_input_has_a_record(tmp_path):
    src = make_corpus(tmp_path / "in", 12)
    (src / "group0" / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1", "-q").returncode == 1
    records = {r["path"].rsplit("/", 1)[-1]: r for r in _manifest(out)}
    assert len(records) == 13
    assert records["broken.txt"]["status"] == "failed" and "binary" in records["broken.txt"]["error"]
    ok = [r for r in records.values() if r["status"] == "ok"]
    assert all(len(r["sha256"]) == 64 and r["output"].endswith(".json") and r["script"] == "simplified"
               for r in ok)


def test_a_rerun_skips_by_the_manifest_and_redoes_what_changed(tmp_path):
    src = make_corpus(tmp_path / "in", 10)
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1", "-q").returncode == 0
    first = sorted(src.rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n三、新增任务。\n", encoding="utf-8")
    proc = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--skip-unchanged")
    assert "1 parsed" in proc.stderr.decode("utf-8") and "9 unchanged" in proc.stderr.decode("utf-8")
    # other settings: every input is redone
    proc = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--skip-unchanged", "--year", "2030")
    assert "10 parsed" in proc.stderr.decode("utf-8")


def test_a_killed_run_is_resumed_and_no_input_is_lost_or_done_twice(tmp_path):
    src = make_corpus(tmp_path / "in", 600)
    out = tmp_path / "out"
    proc = _start(str(src), "-o", str(out), "--jobs", "2")
    _wait_for(lambda: (out / "_manifest.jsonl").exists() and len(_manifest(out)) >= 100)
    os.kill(proc.pid, signal.SIGKILL)  # the driver, halfway
    proc.communicate(timeout=60)
    time.sleep(0.5)  # its workers notice and exit
    done = {r["path"] for r in _manifest(out) if r["status"] == "ok"}
    assert 0 < len(done) < 600
    assert run_cli("batch", str(src), "-o", str(out), "-j", "2", "-q", "--skip-unchanged").returncode == 0
    records = _manifest(out)
    first_run = sum(1 for r in records if r["status"] == "ok") - (len(records) - len(done))  # lines of run 1
    second = [r["path"] for r in records[len(records) - (600 - len(done)):]]
    inputs = {str(p) for p in src.rglob("*.txt")}
    # each input is recorded once more (parsed, or found written but unrecorded) or skipped by its record
    assert set(second) | done == inputs and not set(second) & done, first_run
    assert len(list(out.rglob("*.json"))) == 600


def test_shards_cover_every_input_once_and_their_manifests_merge(tmp_path):
    src = make_corpus(tmp_path / "in", 25)
    outs = [tmp_path / "m0", tmp_path / "m1", tmp_path / "m2"]
    for n, out in enumerate(outs):
        assert run_cli("batch", str(src), "-o", str(out), "-j", "1", "-q", "--shard", f"{n}/3").returncode == 0
    parts = [{r["path"] for r in _manifest(out)} for out in outs]
    assert sum(len(p) for p in parts) == 25 and set().union(*parts) == {str(p) for p in src.rglob("*.txt")}
    merged = tmp_path / "all"
    proc = run_cli("batch", *[str(o / "_manifest.jsonl") for o in outs], "-o", str(merged), "--merge-manifests")
    assert proc.returncode == 0
    assert len(_manifest(merged)) == 25


@pytest.mark.parametrize("spec", ["2/2", "1", "a/b", "-1/2"])
def test_a_bad_shard_is_a_usage_error(tmp_path, spec):
    src = make_corpus(tmp_path / "in", 2)
    proc = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--shard", spec)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1


def test_the_parquet_ledger_has_typed_columns_and_opens_in_duckdb(tmp_path):
    import datetime as dt

    import duckdb
    import pyarrow.parquet as pq
    from conftest import SAMPLES

    out = tmp_path / "ledger.parquet"
    proc = run_cli("table", str(SAMPLES / "national_plan.txt"), str(SAMPLES / "formats" / "task_table.xlsx"),
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(out)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["lead_units"].startswith("list<") and "string" in types["lead_units"] and types["due"] == "date32[day]" and types["line"] == "int32"
    rows = table.to_pylist()
    first = next(r for r in rows if r["path"] == "二/(一)/1")
    assert first["lead_units"] == ["国家发展改革委", "商务部"] and first["due"] == dt.date(2023, 12, 31)
    assert len(first["sha256"]) == 64 and first["file"] == "national_plan.txt"
    top = duckdb.sql(f"select u, count(*) from (select unnest(lead_units) u from '{out}') group by u order by 2 desc, 1 limit 2")
    assert top.fetchall() == [("商务部", 4), ("县行政审批局", 2)]


def test_many_inputs_get_one_combined_sheet_and_are_told(tmp_path):
    from openpyxl import load_workbook

    src = make_corpus(tmp_path / "in", 60)
    out = tmp_path / "ledger.xlsx"
    proc = run_cli("table", str(src), "-o", str(out))
    assert proc.returncode == 0 and "one combined sheet" in proc.stderr.decode("utf-8")
    assert load_workbook(out).sheetnames == ["台账", "汇总"]


def test_parse_chunk_is_an_engine_neutral_unit_of_work(tmp_path):
    # what the README's recipe relies on: any map over chunks (here a process pool) does a batch
    from concurrent.futures import ProcessPoolExecutor

    from govplan.batch.job import Options, parse_chunk

    src = make_corpus(tmp_path / "in", 8)
    paths = sorted(str(p) for p in src.rglob("*.txt"))
    chunks = [[(p, tmp_path / "out" / f"{i + k}.json") for k, p in enumerate(paths[i:i + 3])]
              for i in range(0, len(paths), 3)]
    (tmp_path / "out").mkdir()
    with ProcessPoolExecutor(2) as pool:
        outcomes = [o for chunk in pool.map(parse_chunk, chunks, [Options()] * len(chunks)) for o in chunk]
    assert [o.src for o in outcomes] == paths and not any(o.error for o in outcomes)
    assert len(list((tmp_path / "out").glob("*.json"))) == 8 and all(len(o.sha256) == 64 for o in outcomes)
    [jsonl] = parse_chunk([(paths[0], None)], Options())
    assert json.loads(jsonl.json_text)["source"]["path"] == paths[0]


def test_table_reads_a_jsonl_stream_without_parsing_again(tmp_path):
    from conftest import SAMPLES, run_cli_process

    notices = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    stream = run_cli_process("batch", "-", "--jsonl", "-q", stdin="\n".join(notices).encode("utf-8")).stdout
    from_stream = run_cli_process("table", "-", "-f", "csv", stdin=stream)
    assert from_stream.returncode == 0
    assert from_stream.stdout == run_cli("table", *notices, "-f", "csv").stdout
    (tmp_path / "all.jsonl").write_bytes(stream)
    assert run_cli("table", str(tmp_path / "all.jsonl"), "-f", "csv").stdout == from_stream.stdout
    (tmp_path / "bad.jsonl").write_bytes(stream.splitlines()[0] + b"\n{\"x\": 1}\n")
    proc = run_cli("table", str(tmp_path / "bad.jsonl"))
    assert proc.returncode == 2 and b"line 2" in proc.stderr


def test_a_record_torn_by_a_killed_run_is_cut_off_before_the_next_run_appends(tmp_path):
    """A run killed while writing a record leaves a line without its break; the next run cuts it off (its
    input has no record and is done again), so that later runs read the manifest (it was joined to the
    next record, and the run after that stopped on it: not a manifest record)."""
    src = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1", "-q").returncode == 0
    manifest = out / "_manifest.jsonl"
    whole = manifest.read_bytes().splitlines(keepends=True)
    manifest.write_bytes(b"".join(whole[:2]) + whole[2][:30])  # the third record half written
    for _ in range(2):
        done = run_cli("batch", str(src), "-o", str(out), "-j", "1", "-q", "--skip-unchanged")
        assert done.returncode == 0, done.stderr
    records = _manifest(out)
    assert manifest.read_bytes().endswith(b"\n") and len(records) == 3
    assert {r["path"] for r in records} == {json.loads(line)["path"] for line in whole}


@pytest.mark.parametrize("content,kept", [
    (b"", b""), (b'{"path": "a"}\n', b'{"path": "a"}\n'), (b'{"path": "a"}\n{"pa', b'{"path": "a"}\n'),
    (b'{"pa', b""), (b"x" * 70000 + b"\n" + b"y" * 70000, b"x" * 70000 + b"\n")])
def test_the_writer_keeps_whole_lines_only(tmp_path, content, kept):
    """What the manifest writer keeps of a file when it opens it: every whole line (a torn tail longer than
    the chunk it reads back at a time too)."""
    from govplan.batch.manifest import NAME, Writer

    (tmp_path / NAME).write_bytes(content)
    Writer(tmp_path).close()
    assert (tmp_path / NAME).read_bytes() == kept


def test_a_record_another_batch_is_writing_is_not_taken_for_a_torn_one(tmp_path):
    """Two batches into one folder: a record the other batch is writing (its lock held, the line not yet
    ended) is waited for, not cut off, when this batch opens the manifest."""
    import fcntl
    import threading

    from govplan.batch.manifest import NAME, Writer

    manifest = tmp_path / NAME
    manifest.write_bytes(b'{"path": "a"}\n{"path": "b", "sta')
    other = os.open(manifest, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(other, fcntl.LOCK_EX)  # the other batch, half way through its record
    opened = threading.Event()
    threading.Thread(target=lambda: (Writer(tmp_path).close(), opened.set()), daemon=True).start()
    assert not opened.wait(0.3)  # this batch waits for the lock
    os.write(other, b'tus": "ok"}\n')
    fcntl.flock(other, fcntl.LOCK_UN)
    os.close(other)
    assert opened.wait(10)
    assert manifest.read_bytes() == b'{"path": "a"}\n{"path": "b", "status": "ok"}\n'
