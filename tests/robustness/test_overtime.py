"""The per-input time limit of a batch on every engine (issue 21): an input that takes too long
is recorded as failed and the run goes on; a worker stuck where the soft stop cannot land (C code,
signals blocked) ends after the grace, and only its stuck input fails."""
from __future__ import annotations

import signal
import threading
import time

import pytest
from conftest import SAMPLES, run_cli

from govplan.batch import job, overtime
from govplan.files.atomic import open_atomic

NOTICE = SAMPLES / "national_plan.txt"


def _inputs(tmp_path, names):
    src = tmp_path / "in"
    src.mkdir()
    for name in names:
        (src / name).write_bytes(NOTICE.read_bytes())
    return src


def test_an_input_stuck_on_a_thread_is_stopped_and_the_next_one_parses(tmp_path, monkeypatch):
    """What a Dask worker runs: parse_chunk on a thread that is not the main one (no SIGALRM)."""
    src = _inputs(tmp_path, ["stuck.txt", "fine.txt"])
    real = job.parse_one

    def parse_one(path, target, options):
        if path.endswith("stuck.txt"):
            for _ in range(3000):  # Python code that would run for 30 s
                time.sleep(0.01)
        return real(path, target, options)

    monkeypatch.setattr(job, "parse_one", parse_one)
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", "1")
    from govplan import parse_text

    parse_text("一、预热")  # the grammar loaded once, before the clock runs
    got: list = []
    items = [(str(src / "stuck.txt"), None), (str(src / "fine.txt"), None)]
    worker = threading.Thread(target=lambda: got.extend(job.parse_chunk(items, job.Options(jsonl=True))))
    started = time.monotonic()
    worker.start()
    worker.join(timeout=20)
    assert time.monotonic() - started < 10 and len(got) == 2
    assert "took longer than 1 s" in got[0].error
    assert got[1].error is None and got[1].json_text


def test_a_pool_worker_stuck_where_no_stop_lands_ends_and_only_that_input_fails(tmp_path, monkeypatch):
    src = _inputs(tmp_path, ["a.txt", "b.txt", "stuck.txt", "c.txt"])
    out = tmp_path / "out"
    real = job.parse_one

    def parse_one(path, target, options):
        if path.endswith("stuck.txt"):  # as a C library stuck with the alarm never delivered,
            with open_atomic(target) as fh:  # midway through writing its output
                fh.write(b"{")
                fh.flush()
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(60)
        return real(path, target, options)

    monkeypatch.setattr(job, "parse_one", parse_one)  # the pool's workers are forked from here
    monkeypatch.setattr(overtime, "HARD_GRACE", 1.0)
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", "0.5")
    started = time.monotonic()
    ran = run_cli("batch", str(src), "-o", str(out), "-j", "2")
    assert time.monotonic() - started < 40
    assert ran.returncode == 1 and b"stuck past the time limit" in ran.stderr, ran.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json", "b.json", "c.json"]
    # the worker ended as a kill -9 would end it (os._exit: no clean-up of its own); the run removed
    # the temporary file it was writing
    assert not list(out.glob(".*.tmp"))


def test_dask_workers_keep_the_time_limit(tmp_path, monkeypatch):
    """Through the real command: a limit no parse can meet fails every input, and the run ends."""
    pytest.importorskip("distributed")
    src = _inputs(tmp_path, ["a.txt", "b.txt"])
    out = tmp_path / "out"
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", "0.0001")
    ran = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--engine", "dask", timeout=200)
    assert ran.returncode == 1, ran.stderr
    assert ran.stderr.count(b"took longer than 0.0001 s") == 2
    assert not list(out.glob("*.json"))


def _profiled_calls(budget: int) -> int:
    """Calls a small parse makes under a profiler, stopped at ``budget`` (a crawl shows as the cap)."""
    import sys

    from govplan import parse_text

    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        count += 1
        if count > budget:
            raise RuntimeError("budget")

    sys.setprofile(profiler)
    try:
        parse_text("一、推进节水改造(县水利局牵头)")
    except RuntimeError:
        pass
    finally:
        sys.setprofile(None)
    return count


def test_a_limited_input_leaves_the_interpreter_as_it_was():
    """Withdrawing a thread's pending exception with SetAsyncExc(id, NULL) once left the
    interpreter's pending flag set: a profiled parse after any batch input never ended."""
    from govplan import parse_text

    parse_text("一、预热")
    _profiled_calls(10_000_000)
    before = _profiled_calls(10_000_000)
    done: list = []

    def on_a_thread():
        for seconds in (0.05, 100):  # one stopped, one finished in time
            try:
                with overtime.limited("x", seconds):
                    time.sleep(0.2)
            except overtime.Overtime:
                done.append("stopped")
        done.append("finished")

    worker = threading.Thread(target=on_a_thread)
    worker.start()
    worker.join(timeout=10)
    assert done == ["stopped", "finished"]
    assert _profiled_calls(10 * before) <= 2 * before  # the crawl never ended: here it reaches the cap


@pytest.mark.parametrize("value", ["abc", "inf", "nan", ""])
def test_a_setting_that_is_no_finite_number_falls_back_to_its_default(monkeypatch, value):
    from govplan.formats.decode import MAX_INPUT_MB, max_input_bytes
    from govplan.settings import env_number

    monkeypatch.setenv("GOVPLAN_SOFFICE_TIMEOUT", value)
    assert env_number("GOVPLAN_SOFFICE_TIMEOUT", 120) == 120
    monkeypatch.setenv("GOVPLAN_MAX_INPUT_MB", value)
    assert max_input_bytes() == MAX_INPUT_MB * 1024 * 1024
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", value)
    assert job.input_seconds() == job.INPUT_SECONDS


def test_the_watchdog_is_woken_only_for_an_input_due_before_it_wakes(monkeypatch):
    """Waking the watchdog for every input of a batch cost half a millisecond a file; an input due
    before the watchdog's own next look still wakes it, and is stopped in time."""
    wakes: list[int] = []
    real_set = overtime._WATCH.wake.set
    monkeypatch.setattr(overtime._WATCH.wake, "set", lambda: (wakes.append(1), real_set())[1])
    outcome: list[str] = []

    def on_a_thread():
        for _ in range(200):  # a batch's inputs, each well within a long limit
            with overtime.limited("quick", 60):
                pass
        for _ in range(100):
            if overtime._WATCH.planned != 0.0:  # (the watchdog has looked at least once)
                break
            time.sleep(0.01)
        woken_before = len(wakes)
        started = time.monotonic()
        try:
            with overtime.limited("stuck", 0.2):  # due long before the watchdog's next look
                while time.monotonic() - started < 5:
                    pass
        except overtime.Overtime:
            outcome.append(f"stopped after {time.monotonic() - started:.1f}")
        outcome.append(f"woken {len(wakes) - woken_before}")

    worker = threading.Thread(target=on_a_thread)
    worker.start()
    worker.join(timeout=20)
    assert len(wakes) <= 3, len(wakes)  # (not one a quick input)
    assert outcome[-1] == "woken 1" and outcome[0].startswith("stopped after") and float(outcome[0].split()[-1]) < 2
