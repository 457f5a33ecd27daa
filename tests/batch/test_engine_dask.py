"""batch --engine dask on a LocalCluster (issue 13): the same outputs as one process."""
from __future__ import annotations

import json
import os
import signal

import pytest
from batches import make_corpus
from batches import start_batch as _start
from batches import wait_for as _wait_for
from conftest import run_cli

pytest.importorskip("distributed")


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (Linux /proc; children of any of its threads)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += parents.get(p, [])
    return found


def _workers(pid: int) -> list[int]:
    """The Dask worker processes a LocalCluster started (spawned by multiprocessing)."""
    found = []
    for p in _tree(pid)[1:]:
        try:
            with open(f"/proc/{p}/cmdline", "rb") as fh:
                if b"spawn_main" in fh.read():
                    found.append(p)
        except OSError:
            pass
    return found


def test_dask_outputs_are_byte_for_byte_those_of_one_process(tmp_path):
    src = make_corpus(tmp_path / "in", 240)
    one, dask = tmp_path / "one", tmp_path / "dask"
    assert run_cli("batch", str(src), "-o", str(one), "-j", "1", "-q").returncode == 0
    proc = run_cli("batch", str(src), "-o", str(dask), "-j", "2", "-q", "--engine", "dask")
    assert proc.returncode == 0, proc.stderr
    outputs = sorted(p.relative_to(one) for p in one.rglob("*.json"))
    assert len(outputs) == 240 and outputs == sorted(p.relative_to(dask) for p in dask.rglob("*.json"))
    assert all((one / p).read_bytes() == (dask / p).read_bytes() for p in outputs)
    assert len((dask / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()) == 240


def test_dask_jsonl_keeps_the_input_order(tmp_path):
    src = make_corpus(tmp_path / "in", 40)
    one = run_cli("batch", str(src), "--jsonl", "-j", "1", "-q").stdout
    dask = run_cli("batch", str(src), "--jsonl", "-j", "2", "-q", "--engine", "dask").stdout
    assert [json.loads(x)["source"]["path"] for x in dask.splitlines()] == \
        [json.loads(x)["source"]["path"] for x in one.splitlines()]


def test_a_worker_of_another_version_is_refused():
    from govplan.batch.dask_engine import EngineError, check_workers

    check_workers({"tcp://a": ("0.1.0", "abc"), "tcp://b": ("0.1.0", "abc")}, ("0.1.0", "abc"))
    with pytest.raises(EngineError, match="runs govplan 0.0.9"):
        check_workers({"tcp://a": ("0.1.0", "abc"), "tcp://b": ("0.0.9", "abc")}, ("0.1.0", "abc"))


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    proc = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask",
                   "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_a_dask_worker_killed_midway_loses_no_input(tmp_path):
    src = make_corpus(tmp_path / "in", 900)
    out = tmp_path / "out"
    proc = _start(str(src), "-o", str(out), "-j", "2", "--engine", "dask")
    _wait_for(lambda: len(list(out.rglob("*.json"))) >= 60)
    _wait_for(lambda: len(_workers(proc.pid)) >= 2)
    workers = _workers(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    records = [json.loads(x) for x in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["path"] for r in records} == {str(p) for p in src.rglob("*.txt")}  # none lost
    assert all(r["status"] == "ok" for r in records) or proc.returncode == 1, err


def test_without_dask_installed_the_error_says_what_to_install(tmp_path, monkeypatch):
    import sys

    for name in ("distributed", "dask.distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    src = make_corpus(tmp_path / "in", 2)
    proc = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask")
    assert proc.returncode == 2 and 'pip install "govplan[dask]"' in proc.stderr.decode("utf-8")
