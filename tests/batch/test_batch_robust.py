"""Batches lose nothing: dying workers, a dying main process, two runs into one folder,
a full disk, quiet runs, and reruns after the settings changed."""
from __future__ import annotations

import errno
import json
import os
import signal
import stat

import pytest
from batches import make_corpus
from batches import start_batch as _start
from batches import wait_for as _wait_for
from conftest import SAMPLES, run_cli


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")


def test_a_worker_killed_midway_loses_no_input(tmp_path):
    src = make_corpus(tmp_path / "in", 1200)
    out = tmp_path / "out"
    proc = _start(str(src), "-o", str(out), "--jobs", "2")
    _wait_for(lambda: len(list(out.rglob("*.json"))) >= 50)
    workers = _children(proc.pid)
    assert workers, "no worker processes found"
    os.kill(workers[0], signal.SIGKILL)  # as the OOM killer would
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode("utf-8", "replace")
    assert len(list(out.rglob("*.json"))) == 1200
    assert not (out / "_errors.jsonl").exists()


def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    src = make_corpus(tmp_path / "in", 2000)
    proc = _start(str(src), "-o", str(tmp_path / "out"), "--jobs", "2")
    _wait_for(lambda: len(_children(proc.pid)) >= 2 and len(list((tmp_path / "out").rglob("*.json"))) > 10)
    workers = _children(proc.pid)
    proc.kill()
    proc.communicate(timeout=60)
    _wait_for(lambda: not any(_running(w) for w in workers), seconds=10)
    assert not any(_running(w) for w in workers)


def test_two_batches_into_one_folder_keep_each_others_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".x.json.gp999999999-abc.tmp"  # left by a run that is gone
    live = out / f".y.json.gp{os.getpid()}-abc.tmp"  # being written by a run that is alive
    dead.write_text("partial")
    live.write_text("partial")
    firsts = []
    for name in ("a", "b"):
        folder = make_corpus(tmp_path / name / name, 300)  # outputs under out/a/ and out/b/
        (folder / f"broken_{name}.txt").write_bytes(b"\x00\x01\x02\x03" * 200)
        firsts.append(tmp_path / name)
    one, two = (_start(str(f), "-o", str(out), "--jobs", "2", "-q") for f in firsts)
    for proc in (one, two):
        proc.communicate(timeout=300)
        assert proc.returncode == 1  # each had one broken file
    errors = [json.loads(line)["file"] for line in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(os.path.basename(e) for e in errors) == ["broken_a.txt", "broken_b.txt"]
    assert len(list(out.rglob("*.json"))) == 600
    assert not dead.exists() and live.exists()


def test_a_full_disk_stops_the_batch_with_its_report(tmp_path, monkeypatch):
    import govplan.batch.job

    written = []

    def full_after_two(path, data, durable=True):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    monkeypatch.setattr(govplan.batch.job, "write_atomic", full_after_two)
    src = make_corpus(tmp_path / "in", 6)
    proc = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1
    assert "batch stopped" in err and "No space left on device" in err and "3 input(s) not parsed" in err
    assert "2 parsed, 0 unchanged, 1 failed" in err


def test_quiet_hides_the_summary_not_the_failures(tmp_path):
    src = make_corpus(tmp_path / "in", 3)
    (src / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 200)
    proc = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "-q", "--jobs", "1")
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "failed: " in err and "broken.txt" in err and "parsed," not in err


def test_skip_unchanged_redoes_inputs_whose_settings_changed(tmp_path):
    src = make_corpus(tmp_path / "in", 3)
    out = str(tmp_path / "out")

    def unchanged(*extra: str) -> str:
        proc = run_cli("batch", str(src), "-o", out, "--jobs", "1", "--skip-unchanged", *extra)
        return proc.stderr.decode("utf-8").split(" unchanged")[0].rsplit(" ", 1)[1]

    run_cli("batch", str(src), "-o", out, "--jobs", "1")
    assert unchanged() == "3"
    assert unchanged("--script", "traditional") == "0"
    assert unchanged("--script", "traditional") == "3"
    grammar = tmp_path / "g"
    grammar.mkdir()
    (grammar / "labels.toml").write_text('[labels]\n"督办单位" = "lead"\n', encoding="utf-8")
    assert unchanged("--script", "traditional", "--grammar", str(grammar)) == "0"


def test_outputs_get_the_mode_a_redirection_would(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "x.json"
        assert run_cli("parse", str(SAMPLES / "national_plan.txt"), "-o", str(target)).returncode == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o600)
        assert run_cli("parse", str(SAMPLES / "national_plan.txt"), "-o", str(target)).returncode == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # an existing file keeps its mode
    finally:
        os.umask(old)
