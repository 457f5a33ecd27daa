"""Where govplan writes (issue 21): links planted in a batch's output folder are never followed,
and an output that is not a regular file (a device, a FIFO, a link to one like /dev/stdout) is
written into in place, never replaced.  Every case runs the real command on files made here;
the device case makes its own character device in a temp folder (root only), never touching the
machine's /dev/null."""
from __future__ import annotations

import os
import stat
import threading

import pytest
from conftest import SAMPLES, run_cli

NOTICE = SAMPLES / "national_plan.txt"


def _batch_tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(NOTICE.read_bytes())
    (src / "sub" / "b.txt").write_bytes(NOTICE.read_bytes())
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    return src, out, outside


@pytest.mark.parametrize("name", ["_manifest.jsonl", "_errors.jsonl", ".govplan.lock"])
def test_a_link_planted_for_a_file_govplan_writes_in_out_is_refused(tmp_path, name):
    src, out, outside = _batch_tree(tmp_path)
    (out / name).symlink_to(outside / "target")
    ran = run_cli("batch", str(src), "-o", str(out))
    assert ran.returncode == 2
    assert b"symbolic link: refused" in ran.stderr and b"Traceback" not in ran.stderr
    assert not (outside / "target").exists()  # nothing created or appended through the link


def test_a_folder_link_inside_out_is_not_followed(tmp_path):
    src, out, outside = _batch_tree(tmp_path)
    (out / "sub").symlink_to(outside, target_is_directory=True)
    ran = run_cli("batch", str(src), "-o", str(out))
    assert ran.returncode == 1  # the input that would land there fails; the others are written
    assert b"not followed" in ran.stderr
    assert list(outside.iterdir()) == []
    assert (out / "a.json").is_file()


def _read_fifo(path, into: list):
    with open(path, "rb") as fh:
        into.append(fh.read())


def _parse_into(target, fifo) -> tuple[int, list[bytes]]:
    """`govplan parse NOTICE -o target` while a thread reads the FIFO it leads to."""
    got: list[bytes] = []
    reader = threading.Thread(target=_read_fifo, args=(fifo, got))
    reader.start()
    ran = run_cli("parse", str(NOTICE), "-o", str(target))
    reader.join(timeout=30)
    return ran.returncode, got


def test_an_output_that_is_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, got = _parse_into(fifo, fifo)
    assert code == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"{")


def test_a_link_to_a_fifo_like_dev_stdout_stays_a_link(tmp_path):
    fifo, link = tmp_path / "pipe", tmp_path / "stdout"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    code, got = _parse_into(link, fifo)
    assert code == 0 and os.path.islink(link) and got and got[0].startswith(b"{")


def test_an_output_that_is_a_character_device_stays_a_device(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs root")
    ran = run_cli("parse", str(NOTICE), "-o", str(device))
    assert ran.returncode == 0
    assert stat.S_ISCHR(os.lstat(device).st_mode)  # not replaced by a regular file
    assert list(tmp_path.iterdir()) == [device]  # no temporary file left beside it


# ---------------------------------------------------------------- the terminal and escaped formats

ESC_NOTICE = "X方案\n一、任务\n(一)推进\x1b]0;owned\x07改造。(牵头单位:县水利局)\n(二)清屏\x1b[2J完成。\n"


def test_control_characters_in_a_file_name_reach_stderr_visibly(tmp_path):
    from govplan.text.safe import visible

    missing = tmp_path / "no\x1b[2Jsuch.txt"
    ran = run_cli("parse", str(missing))
    assert ran.returncode == 2
    assert b"\x1b" not in ran.stderr and visible(str(missing)).encode() in ran.stderr


def test_text_printed_to_a_terminal_shows_control_characters_visibly(tmp_path):
    import pty
    import subprocess
    import sys

    notice = tmp_path / "n.txt"
    notice.write_text(ESC_NOTICE, encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "govplan", "parse", str(notice), "--text"],
                            stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    shown = b"".join(chunks)
    assert proc.returncode == 0
    assert b"\x1b" not in shown and "\u241b]0;owned\u2407".encode() in shown


def test_text_to_a_pipe_is_kept_as_it_is(tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text(ESC_NOTICE, encoding="utf-8")
    ran = run_cli("parse", str(notice), "--text")
    assert b"\x1b]0;owned\x07" in ran.stdout  # a pipe gets the text, for tools that want it


def test_github_annotations_escape_their_property_values(tmp_path):
    draft = tmp_path / "a,line=9,title=x:y.txt"
    draft.write_text("X方案\n一、任务\n(一)推进改造。\n(三)开展宣传。\n", encoding="utf-8")  # a numbering gap
    ran = run_cli("check", str(draft), "--format", "github")
    assert ran.stdout.decode().splitlines(), "the draft has findings to annotate"
    for line in ran.stdout.decode().splitlines():
        props = dict(p.split("=", 1) for p in line.split("::")[1].split(" ", 1)[1].split(","))
        assert sorted(props) == ["file", "line", "title"] and props["line"] == "4"  # the name sets none
        assert props["file"].endswith("a%2Cline=9%2Ctitle=x%3Ay.txt")


def test_markdown_cells_keep_a_notices_markup_as_text(tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("X方案\n一、任务\n(一)推进<script>alert(1)</script>改造。(牵头单位:县水利局)\n", encoding="utf-8")
    ran = run_cli("table", str(notice), "-f", "md")
    assert ran.returncode == 0
    assert b"<script>" not in ran.stdout and b"&lt;script&gt;" in ran.stdout


# ---------------------------------------------------------------- a stuck input in a batch

def test_an_input_that_takes_too_long_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch):
    import time

    from govplan.batch import job

    src, out, _ = _batch_tree(tmp_path)
    stuck = src / "stuck.txt"
    stuck.write_bytes(NOTICE.read_bytes())
    real = job.parse_one

    def parse_one(path, target, options):  # a reader stuck on one hostile file
        if path.endswith("stuck.txt"):
            time.sleep(30)
        return real(path, target, options)

    monkeypatch.setattr(job, "parse_one", parse_one)
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", "0.5")
    started = time.monotonic()
    ran = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert time.monotonic() - started < 20
    assert ran.returncode == 1 and b"took longer than 0.5 s" in ran.stderr
    assert (out / "a.json").is_file() and (out / "sub" / "b.json").is_file() and not (out / "stuck.json").exists()


def test_jsonl_goes_on_streaming_around_an_input_that_takes_too_long(tmp_path, monkeypatch):
    import json
    import time

    from govplan.batch import job

    src, _, _ = _batch_tree(tmp_path)
    (src / "stuck.txt").write_bytes(NOTICE.read_bytes())
    real = job.parse_one

    def parse_one(path, target, options):
        if path.endswith("stuck.txt"):
            time.sleep(30)
        return real(path, target, options)

    monkeypatch.setattr(job, "parse_one", parse_one)
    monkeypatch.setenv("GOVPLAN_INPUT_SECONDS", "0.5")
    ran = run_cli("batch", str(src), "--jsonl", "-j", "1")
    records = [json.loads(line) for line in ran.stdout.decode().splitlines()]
    assert ran.returncode == 1 and len(records) == 2  # a.txt and sub/b.txt, whole, in order
    assert all(r["documents"] for r in records) and b"took longer than 0.5 s" in ran.stderr
