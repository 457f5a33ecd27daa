"""The commands on odd consoles, full disks, folders with bad files, and hostile JSON."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES, run_cli

NATIONAL = str(SAMPLES / "national_plan.txt")


def test_a_console_that_cannot_show_a_character(tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("XX方案\n一、任务\n(一)甲。(牵头单位:市𠀀发改委)\n(三)乙𠀀。\n", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    for args in (["units", str(notice)], ["check", str(notice)], ["parse", str(notice)]):
        proc = subprocess.run([sys.executable, "-m", "govplan", *args], capture_output=True, env=env, cwd=ROOT)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, (args, proc.stderr)
    check = subprocess.run([sys.executable, "-m", "govplan", "check", str(notice)], capture_output=True, env=env)
    assert "𠀀".encode("utf-8") in check.stdout  # data is UTF-8 whatever the console


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["parse", NATIONAL], ["table", NATIONAL], ["check", NATIONAL, "-f", "json"],
                                  ["units", NATIONAL, "--json"]], ids=["parse", "table", "check", "units"])
def test_writing_to_a_full_device_is_one_line_and_exit_2(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "govplan", *args], stdout=full, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and err.count("\n") == 1 and "No space left on device" in err, err


def test_a_folder_with_an_unreadable_file_is_read_to_the_end(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_broken.txt").write_bytes(b"\x00\x01\x02\x03" * 200)
    (folder / "b.txt").write_bytes((SAMPLES / "national_plan.txt").read_bytes())
    for command in ("table", "check", "units", "calendar"):
        proc = run_cli(command, str(folder), *(["-f", "json"] if command == "check" else []))
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 1, (command, err)
        assert "a_broken.txt: not a text file" in err
        assert proc.stdout, command  # the readable notice was still processed
    assert "国家发展改革委" in run_cli("table", str(folder)).stdout.decode("utf-8")


def test_check_never_reads_a_path_named_in_a_json_input(tmp_path):
    parsed = json.loads(run_cli("parse", str(SAMPLES / "web_scraped.txt")).stdout)
    assert parsed["diagnostics"]
    secret = tmp_path / "secret.txt"
    secret.write_text("\n".join(f"SECRET LINE {i}" for i in range(200)), encoding="utf-8")
    parsed["source"]["path"] = str(secret)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("check", str(forged))
    assert b"SECRET" not in proc.stdout and b"SECRET" not in proc.stderr
    direct = run_cli("check", str(SAMPLES / "web_scraped.txt"))
    assert b"    31 | " in direct.stdout  # a notice read now still shows its lines
