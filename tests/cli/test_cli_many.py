"""batch, check, table, units, calendar, schema through the real command line."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from batches import make_corpus
from conftest import ROOT, SAMPLES, loads, run_cli

NATIONAL = str(SAMPLES / "national_plan.txt")


def err_line(proc) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


# ---------------------------------------------------------------- batch


def test_batch_mirrors_layout_and_reports_bad_files(tmp_path):
    src = make_corpus(tmp_path / "in", 14)
    (src / "group0" / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    out = tmp_path / "out"
    proc = run_cli("batch", str(src), "-o", str(out), "--jobs", "2")
    assert proc.returncode == 1
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    expected = sorted(p.relative_to(src).with_suffix(".json").as_posix() for p in src.rglob("*_*.txt"))
    assert len(produced) == 14 and produced == expected
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["file"].endswith("broken.txt") for e in errors] == [True]
    assert "broken.txt" in proc.stderr.decode("utf-8")  # the summary table names it
    copy = max(out.rglob("national_plan_*.json"))  # a varied copy: XX became 第N号
    data = loads(copy.read_bytes())
    assert data["documents"][1]["title"] == "提升县域物流服务能力三年行动方案"


def test_batch_jsonl_from_a_list_on_stdin(tmp_path):
    src = make_corpus(tmp_path / "in", 5)
    listing = "\n".join(str(p) for p in sorted(src.rglob("*.txt"))).encode()
    proc = run_cli("batch", "-", "--jsonl", "--quiet", "--jobs", "1", stdin=listing)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(rows) == 5 and all(r["documents"] for r in rows)
    assert proc.stderr == b""


def test_batch_skip_unchanged(tmp_path):
    src = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert run_cli("batch", str(src), "-o", str(out), "-j", "1").returncode == 0
    one = next(src.rglob("*.txt"))
    one.write_text(one.read_text(encoding="utf-8") + "\n四、附则\n本方案自印发之日起施行。\n", encoding="utf-8")
    proc = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--skip-unchanged")
    assert proc.returncode == 0
    assert "1 parsed, 3 unchanged, 0 failed" in proc.stderr.decode("utf-8")


def test_batch_errors(tmp_path):
    assert "no such file" in err_line(run_cli("batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o")))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no notices found" in err_line(run_cli("batch", str(empty), "-o", str(tmp_path / "o")))
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    proc = run_cli("batch", NATIONAL, "-o", str(blocker / "out"))
    assert proc.returncode == 2 and "cannot create" in err_line(proc)
    proc = run_cli("batch", NATIONAL)
    assert proc.returncode == 2 and "--output" in err_line(proc)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_batch_killed_halfway_leaves_no_partial_file_and_reruns(tmp_path, sig):
    src = make_corpus(tmp_path / "in", 210)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "govplan", "batch", str(src), "-o", str(out), "--jobs", "2",
                             "--quiet"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.rglob("*.json"))) < 20:
        time.sleep(0.02)
    os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C or a kill would
    proc.communicate(timeout=60)
    finished = list(out.rglob("*.json"))
    assert 0 < len(finished) < 210, "the batch was not stopped halfway"
    for f in finished:  # every file that exists is complete JSON
        assert loads(f.read_bytes())["documents"]
    if sig == signal.SIGINT:
        assert list(out.rglob("*.tmp")) == []
    rerun = run_cli("batch", str(src), "-o", str(out), "--jobs", "2", "--skip-unchanged", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.rglob("*.json"))) == 210
    assert list(out.rglob("*.tmp")) == []


# ---------------------------------------------------------------- check


def test_check_text_points_at_file_and_line(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("XX市人民政府关于甲的通知\n各区政府:\n一、任务\n(一)甲。\n(三)乙。\n", encoding="utf-8")
    proc = run_cli("check", str(draft))
    out = proc.stdout.decode("utf-8")
    assert f"{draft}:5: warning GP101 numbering-gap" in out
    assert "    5 | (三)乙。" in out
    assert "GP601 missing-doc-number" in out and "GP602 missing-date" in out
    assert proc.returncode == 0  # only warnings; --fail-on error is the default
    assert run_cli("check", str(draft), "--fail-on", "warning").returncode == 1


def test_check_formats_and_disable(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("XX方案\n一、任务\n(一)甲。(完成时限:尽快)\n(三)乙。(牵头单位:市发改委;责任单位:市发改委)\n",
                     encoding="utf-8")
    data = json.loads(run_cli("check", str(draft), "--format", "json").stdout)
    assert [(f["code"], f["line"]) for f in data] == [("GP301", 3), ("GP101", 4), ("GP401", 4)]
    gh = run_cli("check", str(draft), "--format", "github")
    assert gh.returncode == 0  # GP301 (no year in an undated draft) is a warning
    assert gh.stdout.decode().splitlines()[0].startswith(f"::warning file={draft},line=3,title=GP301")
    quiet = run_cli("check", str(draft), "--format", "json", "--disable", "GP301", "--disable", "numbering-gap")
    assert [f["code"] for f in json.loads(quiet.stdout)] == ["GP401"] and quiet.returncode == 0


def test_check_reads_tool_govplan_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govplan]\ndisable = ["GP101"]\nfail-on = "warning"\n')
    draft = tmp_path / "d.txt"
    draft.write_text("XX方案\n一、任务\n(一)甲。\n(三)乙。(牵头单位:市发改委;责任单位:市发改委)\n", encoding="utf-8")
    proc = run_cli("check", "d.txt", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.stdout)] == ["GP401"]
    assert proc.returncode == 1  # fail-on = warning from the config


@pytest.mark.parametrize("text,expected", [
    # deadlines before the issue date, and far beyond it
    ("XX市人民政府关于甲的通知\nX府发〔2023〕1号\n各区政府:\n一、任务\n(一)甲。(完成时限:2022年12月底)\n"
     "(二)乙。(完成时限:2040年12月底)\nXX市人民政府\n2023年3月1日\n", [("GP302", 5), ("GP303", 6)]),
    # one unit spelled two ways, and an item without units among annotated siblings
    ("XX方案\n一、任务\n(一)甲。(责任单位:市直相关单位)\n(二)乙。(责任单位:市直各相关单位)\n"
     "(三)丙。(责任单位:市财政局)\n(四)丁。\n", [("GP402", 4), ("GP201", 6)]),
], ids=["deadlines", "units"])
def test_check_rules_on_a_draft(tmp_path, text, expected):
    draft = tmp_path / "d.txt"
    draft.write_text(text, encoding="utf-8")
    data = json.loads(run_cli("check", str(draft), "--format", "json").stdout)
    assert [(f["code"], f["line"]) for f in data] == expected


def test_check_bad_inputs(tmp_path):
    proc = run_cli("check", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and "no such file" in err_line(proc)
    unknown = run_cli("check", NATIONAL, "--disable", "GP999")
    assert unknown.returncode == 2 and "unknown rule 'GP999'" in err_line(unknown)


# ---------------------------------------------------------------- table, units, calendar, schema


def test_table_csv_has_bom_and_model_columns():
    proc = run_cli("table", NATIONAL)
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "所属类别", "重点任务", "具体措施", "责任领导", "牵头单位", "责任单位", "完成时限",
                       "截止日期", "进展情况", "完成状态", "备注", "任务编号"]
    first = dict(zip(rows[0], rows[2]))
    assert (first["序号"], first["所属类别"], first["重点任务"], first["牵头单位"], first["完成时限"],
            first["截止日期"]) == ("2", "(一)完善县级物流设施", "建设县级物流配送中心", "国家发展改革委、商务部",
                                "2023年底前", "2023-12-31")
    assert first["具体措施"].startswith("支持每个县") and "牵头" not in first["具体措施"]
    detail = list(csv.reader(io.StringIO(run_cli("table", NATIONAL, "--columns", "detail").stdout.decode("utf-8-sig"))))
    assert detail[0][-4:] == ["文件", "标题序号", "行号", "原文位置"] and detail[2][-4:-1] == ["national_plan.txt",
                                                                                     "二/(一)/1", "14"]


def test_table_accepts_parse_json_and_stdin(tmp_path):
    parsed = tmp_path / "x.json"
    assert run_cli("parse", NATIONAL, "-o", str(parsed)).returncode == 0
    direct = run_cli("table", NATIONAL, "-f", "md").stdout
    via_json = run_cli("table", str(parsed), "-f", "md").stdout
    via_stdin = run_cli("table", "-", "-f", "md", stdin=parsed.read_bytes()).stdout
    assert direct == via_json == via_stdin and direct.startswith("| 序号".encode())


def test_table_xlsx_is_a_real_spreadsheet(tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "ledger.xlsx"
    proc = run_cli("table", NATIONAL, str(SAMPLES / "traditional_hk.txt"), "-f", "xlsx", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(target)
    assert wb.sheetnames == ["national_plan.txt", "traditional_hk.txt", "汇总"]
    assert "'traditional_hk.txt'!" in wb["汇总"]["B3"].value  # the summary counts every ledger sheet
    ws = wb["national_plan.txt"]
    # row 1 is the title row (the plan's title and 文号), row 2 the header
    assert ws.freeze_panes == "A3" and ws["A2"].font.bold and ws["A1"].value.startswith("提升县域物流")
    # row 3 the first task, row 4 the category (一) across the sheet, row 5 its first task
    assert ws["E2"].value == "牵头单位" and ws["A4"].value == "(一)完善县级物流设施" and "A4:L4" in ws.merged_cells
    assert ws["E5"].value == "国家发展改革委、商务部"
    import datetime as dt

    assert ws["H5"].value == dt.datetime(2023, 12, 31) and ws["H5"].number_format == "yyyy-mm-dd"
    assert ws["C5"].alignment.wrap_text and ws.column_dimensions["C"].width == 40
    combined = tmp_path / "all.xlsx"
    run_cli("table", NATIONAL, str(SAMPLES / "traditional_hk.txt"), "-f", "xlsx", "-o", str(combined), "--combine")
    assert load_workbook(combined).sheetnames == ["台账", "汇总"]


def test_table_errors(tmp_path):
    assert "xlsx needs a file" in err_line(run_cli("table", NATIONAL, "-f", "xlsx"))
    assert "--format" in err_line(run_cli("table", NATIONAL, "-f", "pdf"))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no notices" in err_line(run_cli("table", str(empty)))


def test_units_json():
    proc = run_cli("units", NATIONAL, "--json", "--today", "2023-06-01")
    data = {u["key"]: u for u in json.loads(proc.stdout)}
    assert [t["path"] for t in data["商务部"]["leads"]] == ["二/(一)/1", "二/(二)/4", "二/(二)/5", "二/(三)/7"]
    assert [t["path"] for t in data["商务部"]["supports"]] == ["二/(一)/3"]
    assert data["交通运输部"]["next_due"] == "2023-12-31"  # its tasks are due 2023-12-31 and 2024-12-31
    later = {u["key"]: u for u in json.loads(run_cli("units", NATIONAL, "--json", "--today", "2024-01-01").stdout)}
    assert later["交通运输部"]["next_due"] == "2024-12-31"
    bad = run_cli("units", NATIONAL, "--today", "2024-13-01")
    assert bad.returncode == 2 and "--today" in err_line(bad)
    table = run_cli("units", NATIONAL)
    assert table.returncode == 0 and "商务部" in table.stdout.decode("utf-8")


def test_calendar_round_trips_through_icalendar(tmp_path):
    from icalendar import Calendar

    target = tmp_path / "deadlines.ics"
    assert run_cli("calendar", NATIONAL, "-o", str(target)).returncode == 0
    cal = Calendar.from_ical(target.read_bytes())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    summaries = {str(e["summary"]): e for e in events}
    event = summaries["[国家发展改革委、商务部] 建设县级物流配送中心 (2023年底前)"]
    import datetime as dt

    assert event.decoded("dtstart") == dt.date(2023, 12, 31)
    assert "国家发展改革委、商务部" in str(event["description"])
    dated = [e for e in events if "rrule" not in e]
    assert len(dated) == 7  # lines 10, 14, 15, 16, 18, 21, 31 of the sample
    # and the two schedules (每季度, 每年1月底), from the year the notice's deadlines are read in (its 文号's
    # 2023: the sample states no signed date) to the plan's last dated deadline
    recurring = [e for e in events if "rrule" in e]
    assert len(recurring) == 2 and all(e["rrule"]["UNTIL"][0] == dt.date(2025, 12, 31) for e in recurring)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_schema_validates_parse_output():
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "ParseResult"
    assert {"documents", "diagnostics", "source"} <= set(schema["properties"])
    from govplan.models.contract import read_parse_data

    read_parse_data(loads(run_cli("parse", NATIONAL).stdout))


def test_every_command_has_an_example_in_help():
    for cmd in ("parse", "batch", "check", "table", "units", "calendar", "schema"):
        out = run_cli(cmd, "--help").stdout.decode("utf-8")
        assert "Example:" in out, cmd


def test_batch_glob_filters_folder_files(tmp_path):
    src = make_corpus(tmp_path / "in", 6)
    (src / "group0" / "notes.md").write_text("not a notice", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("batch", str(src), "-o", str(out), "-j", "1", "--glob", "national_plan_*.txt")
    assert proc.returncode == 0
    copies = sorted(p.with_suffix(".json").name for p in src.rglob("national_plan_*.txt"))
    assert copies and sorted(p.name for p in out.rglob("*.json")) == copies


def test_units_calendar_schema_errors(tmp_path):
    missing = str(tmp_path / "nope.txt")
    for cmd in (["units", missing], ["units", missing, "--json"], ["calendar", missing]):
        proc = run_cli(*cmd)
        assert proc.returncode == 2 and "no such file" in err_line(proc), cmd
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 20)
    assert "not a text file" in err_line(run_cli("calendar", str(blob), "-o", str(tmp_path / "x.ics")))
    assert not (tmp_path / "x.ics").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("schema", "-o", str(blocker / "sub" / "schema.json"))
    assert proc.returncode == 2 and "cannot write" in err_line(proc)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"documents": "nope"}', encoding="utf-8")
    assert "not govplan parse output" in err_line(run_cli("units", str(bad_json)))
