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


def test_an_output_that_is_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=_read_fifo, args=(fifo, got))
    reader.start()
    ran = run_cli("parse", str(NOTICE), "-o", str(fifo))
    reader.join(timeout=30)
    assert ran.returncode == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"{")


def test_a_link_to_a_fifo_like_dev_stdout_stays_a_link(tmp_path):
    fifo, link = tmp_path / "pipe", tmp_path / "stdout"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=_read_fifo, args=(fifo, got))
    reader.start()
    ran = run_cli("parse", str(NOTICE), "-o", str(link))
    reader.join(timeout=30)
    assert ran.returncode == 0 and os.path.islink(link) and got and got[0].startswith(b"{")


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
