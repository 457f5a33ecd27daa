"""Hostile and damaged input: never an internal error (exit 3), never text lost or shifted.

Each case here was an internal error, a refusal or a wrong line number before; each is now
correct output, a diagnostic, or a one-line error with exit 2.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES, by_line, run_cli

PLAN = "XX市行动方案\n一、总体要求\n(一)加强组织领导。各部门要按时完成。\n二、保障措施\n"


def parsed(path) -> dict:
    proc = run_cli("parse", str(path))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def codes(result: dict) -> list[tuple[str, int]]:
    return [(d["code"], d["line"]) for d in result["diagnostics"]]


# ---------------------------------------------------------------- was exit 3


@pytest.mark.parametrize("table", [
    "序号\t任务\t牵头单位\t完成时限\n①\t建设平台\t市发改委\t2024年6月底\n②\t完善制度\t市财政局\t2024年9月底\n",
    "| 序号 | 任务 | 牵头单位 | 完成时限 |\n|---|---|---|---|\n| ① | 建设平台 | 市发改委 | 2024年6月底 |\n"
    "| ② | 完善制度 | 市财政局 | 2024年9月底 |\n"], ids=["tab", "pipe"])
def test_a_task_table_numbered_with_circled_numbers(tmp_path, table):
    notice = tmp_path / "t.txt"
    notice.write_text("XX任务分工表\n" + table, encoding="utf-8")
    rows = [s for s in by_line(parsed(notice)).values() if s["style"] == "table_row"]
    assert [(r["marker"], r["number"], r["lead_units"]) for r in rows] == [
        ("①", 1, ["市发改委"]), ("②", 2, ["市财政局"])]


@pytest.mark.parametrize("second", ["2024年1月1日", "抄送:市委办公室"])
def test_a_file_that_starts_with_an_attachment_title(tmp_path, second):
    notice = tmp_path / "a.txt"
    notice.write_text(f"附件1:XX方案\n{second}\n", encoding="utf-8")
    docs = parsed(notice)["documents"]
    assert [(d["kind"], d["title"], d["closing"][0]["line"]) for d in docs] == [("attachment", "XX方案", 2)]


@pytest.mark.parametrize("signed,limit,command", [
    ("2024年2月29日", "2034年12月底", "check"),  # ten years later, in a year without 29 February
    ("〇〇〇一年一月一日", "6月底", "check"),
    ("九九九九年十二月一日", "12月底", "calendar"),  # due 9999-12-31: no day after it
])
def test_extreme_signature_dates(tmp_path, signed, limit, command):
    notice = tmp_path / "n.txt"
    notice.write_text(f"XX市人民政府关于甲的通知\n一、任务\n(一)甲。(完成时限:{limit})\nXX市人民政府\n{signed}\n",
                      encoding="utf-8")
    proc = run_cli(command, str(notice))
    assert proc.returncode in (0, 1) and b"internal error" not in proc.stderr, proc.stderr


def test_a_lone_surrogate_in_library_text(parse):
    result = parse("XX方案\n一、任务\n(一)甲\ud800乙。\n")
    assert ("text-damage", 3) in codes(result) and "甲\ufffd乙" in json.dumps(result, ensure_ascii=False)


def test_a_numeral_of_thousands_of_digits(tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("XX方案\n第" + "一" * 5000 + "章 总则\n一、任务\n", encoding="utf-8")
    assert parsed(notice)["source"]["lines"] == 3


def test_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/plan\xff.txt"
    with open(name, "wb") as fh:
        fh.write((SAMPLES / "national_plan.txt").read_bytes())
    folder = os.fsencode(str(tmp_path / "out"))
    for args in ([b"parse", name], [b"table", name], [b"batch", name, b"-o", folder]):
        proc = subprocess.run([os.fsencode(sys.executable), b"-m", b"govplan", *args], capture_output=True, cwd=ROOT)
        assert proc.returncode == 0, (args, proc.stderr)
    assert "plan\ufffd.txt" in json.loads(subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"govplan", b"parse", name], capture_output=True).stdout)["source"]["path"]


def test_batch_stdin_with_folders_and_an_absolute_glob(tmp_path):
    proc = run_cli("batch", "-", "-o", str(tmp_path / "out"), stdin=b".\n")
    assert proc.returncode == 2 and b"no notices" in proc.stderr
    proc = run_cli("batch", "-", "-o", str(tmp_path / "out"), stdin=f".\n{SAMPLES / 'national_plan.txt'}\n".encode())
    assert proc.returncode == 0 and b"skipped 1 folder" in proc.stderr
    proc = run_cli("batch", str(SAMPLES), "--glob", "/etc/*", "-o", str(tmp_path / "out2"))
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1 and b"--glob" in proc.stderr


def test_word_line_breaks_and_formulas_in_the_ledger(tmp_path):
    from openpyxl import load_workbook

    notice = tmp_path / "n.txt"
    notice.write_text("XX方案\n一、任务\n(一)=SUM(A1)甲。(牵头单位:市发改委)\n(二)乙\x0b丙\x0c。(牵头单位:@市财政局)\n",
                      encoding="utf-8")
    target = tmp_path / "l.xlsx"
    assert run_cli("table", str(notice), "-f", "xlsx", "-o", str(target)).returncode == 0
    ws = load_workbook(target).worksheets[0]
    # (row 1: title, row 2: header, row 3: the category 一、任务, then the tasks; column B: 重点任务)
    assert ws["B4"].value == "=SUM(A1)甲" and ws["B4"].data_type == "s"
    assert ws["B5"].value == "乙\n丙"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(run_cli("table", str(notice)).stdout.decode("utf-8-sig"))))
    assert rows[1][2] == "'=SUM(A1)甲" and rows[2][5] == "'@市财政局"


def test_rich_markup_in_data(tmp_path):
    notice = tmp_path / "[b]x[i].txt"
    notice.write_text("XX方案\n一、任务\n(一)甲。(牵头单位:市[/b]发改委)\n", encoding="utf-8")
    proc = run_cli("units", str(notice))
    assert proc.returncode == 0 and "市[/b]发改委" in proc.stdout.decode("utf-8")
    folder = tmp_path / "x[" / "i]"  # a path that holds [/i]
    folder.mkdir(parents=True)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 200)
    proc = run_cli("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 1 and b"x[/i]/broken.txt" in proc.stderr


@pytest.mark.parametrize("files,expected", [
    ({"labels.toml": '[labels]\n"督办单位" = "lead"\n'.encode("gbk")}, "not UTF-8"),
    ({"documents.toml": "date_line = '^(?P<x>\\\\d{4})年$'\n".encode()}, "entry date_line: pattern must define"),
    ({"units.toml": "[[key_rewrite]]\npattern = '市'\nreplace = '\\\\9'\n".encode()}, "refers to group 9"),
], ids=["gbk-file", "missing-groups", "bad-backreference"])
def test_bad_user_grammars_are_exit_2(tmp_path, files, expected):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "--grammar", str(tmp_path))
    assert proc.returncode == 2 and expected in proc.stderr.decode("utf-8"), proc.stderr


@pytest.mark.parametrize("pyproject,expected", [
    (b"[tool]\ngovplan = 3\n", "must be a table"),
    ('[tool.govplan]\ndisable = ["督"]\n'.encode("gbk"), "not readable TOML"),
    (b'[tool.govplan]\nfail-on = 3\n', "fail-on must be"),
], ids=["wrong-type", "not-utf8", "wrong-value"])
def test_bad_tool_govplan_config_is_exit_2(tmp_path, pyproject, expected):
    (tmp_path / "pyproject.toml").write_bytes(pyproject)
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    proc = run_cli("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and expected in proc.stderr.decode("utf-8"), proc.stderr


def test_a_string_for_disable_is_one_rule(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govplan]\ndisable = "GP101"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("XX方案\n一、任务\n(一)甲。\n(三)乙。\n", encoding="utf-8")
    proc = run_cli("check", "a.txt", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_odd_user_marker_styles(tmp_path):
    (tmp_path / "markers.toml").write_text(
        "[[marker]]\nname = 'sup'\npattern = '(?P<num>[²³])\\s'\nnumerals = 'arabic'\n", encoding="utf-8")
    notice = tmp_path / "n.txt"
    notice.write_text("XX方案\n一、任务\n² 甲\n", encoding="utf-8")
    assert run_cli("parse", str(notice), "--grammar", str(tmp_path)).returncode == 0
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "markers.toml").write_text("".join(
        f"[[marker]]\nname = 'm{i}'\npattern = '(?P<marker>M{i}-(?P<num>\\d+))\\s'\nnumerals = 'arabic'\n"
        for i in range(700)), encoding="utf-8")
    notice.write_text("XX方案\n" + "".join(f"M{i}-1 标题{i}\n" for i in range(700)), encoding="utf-8")
    proc = run_cli("parse", str(notice), "--grammar", str(deep), "--compact")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert max(s["level"] for s in by_line(result).values()) == 32  # markers.toml max_depth
    assert len(by_line(result)) == 700 and ("heading-too-deep", 34) in codes(result)


# ---------------------------------------------------------------- damaged text is read


@pytest.mark.parametrize("damage,line", [
    (lambda b: b[:40] + b"\xff" + b[40:], 3),  # one bad byte
    (lambda b: b[:-2], 4),  # cut in the middle of the last character
    (lambda b: b[:40] + b"\x00" + b[40:], 3),  # one NUL byte
], ids=["bad-byte", "cut", "nul"])
def test_damaged_utf8_is_read_and_reported_on_its_line(tmp_path, damage, line):
    notice = tmp_path / "n.txt"
    notice.write_bytes(damage(PLAN.encode("utf-8")))
    result = parsed(notice)
    assert result["source"]["encoding"] == "utf-8" and ("text-damage", line) in codes(result)
    assert result["documents"][0]["title"] == "XX市行动方案"


def test_lines_saved_in_gbk_inside_a_utf8_file(tmp_path):
    lines = PLAN.splitlines(keepends=True)
    notice = tmp_path / "n.txt"
    notice.write_bytes(lines[0].encode() + lines[1].encode() + lines[2].encode("gbk") + lines[3].encode())
    result = parsed(notice)
    assert ("mixed-encoding", 3) in codes(result)
    assert "加强组织领导" in result["documents"][0]["sections"][0]["children"][0]["title"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path, encoding):
    notice = tmp_path / "n.txt"
    notice.write_bytes(PLAN.encode(encoding))
    result = parsed(notice)
    assert result["source"]["encoding"] == "utf-16" and result["documents"][0]["title"] == "XX市行动方案"


def test_latin1_mojibake_is_repaired_where_the_line_round_trips(tmp_path):
    lines = PLAN.splitlines(keepends=True)
    notice = tmp_path / "n.txt"
    notice.write_text(lines[0] + lines[1].encode("utf-8").decode("latin-1") + "".join(lines[2:]), encoding="utf-8")
    result = parsed(notice)
    assert ("mojibake-repaired", 2) in codes(result)
    assert result["documents"][0]["sections"][0]["title"] == "总体要求"
    left = tmp_path / "m.txt"  # a line that cannot round-trip: flagged, not repaired
    left.write_text(lines[0] + "二、保障" + "措施".encode("utf-8").decode("latin-1") + "\n", encoding="utf-8")
    assert ("text-damage", 2) in codes(parsed(left))


@pytest.mark.parametrize("text,expected", [
    ("一、甲\r**\n二、乙\n", [(1, "甲"), (3, "乙")]),  # a markup-only line between \r and \n
    ("XX方案\r## 一、甲\r## 二、乙\r", [(2, "甲"), (3, "乙")]),  # Markdown in a CR-only file
], ids=["cr-markup-lf", "cr-only"])
def test_line_numbers_never_shift(parse, text, expected):
    result = parse(text)
    assert [(s["line"], s["title"]) for s in by_line(result).values()] == expected
    assert result["source"]["lines"] == 3
