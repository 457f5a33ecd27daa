"""The command line as people expect it (issue 12): formats from -o, stdin, the schema,
a reference date for undated notices."""
from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, run_cli, run_cli_process

NATIONAL = str(SAMPLES / "national_plan.txt")


@pytest.mark.parametrize("name,magic", [("ledger.xlsx", b"PK"), ("ledger.csv", "文件".encode("utf-8-sig")[:3]),
                                        ("ledger.md", b"| ")])
def test_the_ledger_format_follows_the_output_extension(tmp_path, name, magic):
    out = tmp_path / name
    proc = run_cli("table", NATIONAL, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(magic)


def test_a_format_that_contradicts_the_extension_is_a_usage_error(tmp_path):
    out = tmp_path / "ledger.xlsx"
    proc = run_cli("table", NATIONAL, "-o", str(out), "-f", "csv")
    assert proc.returncode == 2 and not out.exists()
    assert "contradicts" in proc.stderr.decode("utf-8") and len(proc.stderr.splitlines()) == 1


def test_parse_reads_piped_stdin_when_no_file_is_given():
    proc = run_cli_process("parse", stdin=(SAMPLES / "national_plan.txt").read_bytes())
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["documents"][0]["doc_number"] == "国办发〔2023〕41号"


def test_the_schema_is_a_2020_12_schema_that_the_output_meets():
    from jsonschema import Draft202012Validator

    schema = json.loads(run_cli("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"]
    assert schema["properties"]["schema_version"]["const"] == "1"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for source in (NATIONAL, str(SAMPLES / "formats" / "task_table.xlsx")):
        output = json.loads(run_cli("parse", source).stdout)
        assert not list(validator.iter_errors(output)), source
    # what the output always holds is required (serialization mode), at every level
    assert {"documents", "diagnostics", "schema_version"} <= set(schema["required"])
    assert {"lead_units", "deadlines", "locator", "children"} <= set(schema["$defs"]["Section"]["required"])


UNDATED = "青禾县防汛工作要点\n一、年底前完成河道清淤。\n二、6月底前完成物资储备。\n"


def test_an_undated_notice_resolves_with_a_reference_date(tmp_path):
    notice = tmp_path / "undated.txt"
    notice.write_text(UNDATED, encoding="utf-8")

    def dues(*args):
        out = json.loads(run_cli("parse", str(notice), *args).stdout)
        return out["reference_date"], [d["due"] for s in out["documents"][0]["sections"] for d in s["deadlines"]]

    assert dues() == (None, [None, None])  # no year anywhere: unresolved, as before
    assert dues("--year", "2025") == ("2025-01-01", ["2025-12-31", "2025-06-30"])
    # a date formed more than a month before the reference date is the next year's (guide section 5)
    assert dues("--reference-date", "2025-08-15") == ("2025-08-15", ["2025-12-31", "2026-06-30"])


def test_the_reference_date_reaches_batch_and_the_ledger(tmp_path):
    notice = tmp_path / "in" / "undated.txt"
    notice.parent.mkdir()
    notice.write_text(UNDATED, encoding="utf-8")
    proc = run_cli("batch", str(notice.parent), "-o", str(tmp_path / "out"), "-j", "1", "-q", "--year", "2026")
    assert proc.returncode == 0
    assert json.loads((tmp_path / "out" / "undated.json").read_text(encoding="utf-8"))["reference_date"] == "2026-01-01"
    ledger = run_cli("table", str(notice), "--year", "2026", "-f", "md").stdout.decode("utf-8")
    assert "2026-12-31" in ledger and "2026-06-30" in ledger


@pytest.mark.parametrize("args", [("--year", "2025", "--reference-date", "2025-01-01"),
                                  ("--reference-date", "2025-13-01"), ("--year", "0")])
def test_a_bad_reference_is_a_usage_error(tmp_path, args):
    notice = tmp_path / "undated.txt"
    notice.write_text(UNDATED, encoding="utf-8")
    proc = run_cli("parse", str(notice), *args)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["units.csv", "units.xlsx", "units.md"])
def test_units_writes_a_table_with_chinese_headers(tmp_path, name):
    out = tmp_path / name
    proc = run_cli("units", NATIONAL, "--today", "2024-01-01", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(out).active  # row 1 is the sheet's title row
        header, first = [c.value for c in sheet[2]], [c.value for c in sheet[3]]
        assert first[:4] == ["商务部", "商务部", 4, 1] and first[4].date().isoformat() == "2024-06-30"
    else:
        text = out.read_text(encoding="utf-8-sig")
        header = [h.strip() for h in text.splitlines()[0].strip("|").split("," if name.endswith(".csv") else "|")]
        assert "商务部" in text and "2024-06-30" in text
    assert header[:5] == ["单位", "分组键", "牵头任务数", "配合任务数", "最近截止日期"]


def test_units_says_so_when_there_are_none(tmp_path):
    notice = tmp_path / "plain.txt"
    notice.write_text("青禾县工作要点\n一、做好防汛。\n", encoding="utf-8")
    proc = run_cli("units", str(notice))
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8").startswith("no units:")


def test_units_is_reproducible_with_today(tmp_path):
    first = run_cli("units", NATIONAL, "--today", "2024-01-01", "--json").stdout
    assert first == run_cli("units", NATIONAL, "--today", "2024-01-01", "--json").stdout
    assert first != run_cli("units", NATIONAL, "--today", "2023-01-01", "--json").stdout


def _events(ics: bytes):
    from icalendar import Calendar

    return [c for c in Calendar.from_ical(ics).walk("VEVENT")]


def test_calendar_events_recur_remind_and_do_not_repeat(tmp_path):
    notice = tmp_path / "plan.txt"
    notice.write_text("青禾县2025年工作要点\n2025年1月6日\n一、各单位每月10日前报送进展。(牵头单位:县发改局;责任单位:各乡镇)\n"
                      "二、6月底前完成河道清淤,确保6月底前完工。(责任单位:县水利局)\n三、持续推进。\n"
                      "四、年底前完成验收\n", encoding="utf-8")
    proc = run_cli("calendar", str(notice), "--remind", "5d")
    assert proc.returncode == 0, proc.stderr
    events = {str(e["summary"]): e for e in _events(proc.stdout)}
    monthly = events["[县发改局] 各单位每月10日前报送进展"]  # the title states its time: not twice
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYMONTHDAY"] == [10]
    assert monthly.decoded("dtstart") == __import__("datetime").date(2025, 1, 10)  # its first day after the notice's
    assert "牵头单位: 县发改局" in str(monthly["description"]) and "责任单位: 各乡镇" in str(monthly["description"])
    # one event for one task on one day, though its text states the time twice
    assert [s for s in events if "6月底前完成河道清淤" in s] == ["[县水利局] 6月底前完成河道清淤,确保6月底前完工"]
    alarm = monthly.subcomponents[0]
    assert alarm.name == "VALARM" and alarm.decoded("trigger") == -__import__("datetime").timedelta(days=5)
    assert "年底前完成验收" in events  # a title ending with its time limit keeps it once


def test_calendar_is_reproducible(tmp_path, monkeypatch):
    first = run_cli("calendar", NATIONAL).stdout
    assert first == run_cli("calendar", NATIONAL).stdout  # DTSTAMP from the document's date, not the clock
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = _events(run_cli("calendar", NATIONAL).stdout)
    assert {e.decoded("dtstamp").isoformat() for e in stamped} == {"2023-11-14T22:13:20+00:00"}


def test_calendar_without_reminders(tmp_path):
    events = _events(run_cli("calendar", NATIONAL, "--remind", "0d").stdout)
    assert events and not any(e.subcomponents for e in events)
    assert run_cli("calendar", NATIONAL, "--remind", "soon").returncode == 2


def test_the_xlsx_ledger_is_set_up_for_printing(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "ledger.xlsx"
    assert run_cli("table", NATIONAL, "-o", str(out)).returncode == 0
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "提升县域物流服务能力三年行动方案（国办发〔2023〕41号）"  # title and 文号
    assert [c.value for c in sheet[2]][:3] == ["序号", "重点任务", "具体措施"]
    assert sheet.print_title_rows.replace("$", "") == "2:2" and sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    row = next(r for r in sheet.iter_rows(min_row=3) if r[1].value == "建设县级物流配送中心")
    assert all(c.border.left.style == "thin" for c in row)
    assert row[2].alignment.wrap_text and sheet.row_dimensions[row[0].row].height >= 2 * 15  # wrapped text shows
    assert isinstance(row[7].value, __import__("datetime").datetime)  # 截止日期 is a date


def test_the_xlsx_ledger_prints_on_one_or_two_landscape_pages(tmp_path):
    import subprocess

    from govplan.formats.office import has_component
    from govplan.formats.office import program as soffice

    program = soffice()
    if program is None or not has_component("xlsx"):
        pytest.skip("LibreOffice Calc is not installed here (README: the manual check and its result)")
    import pypdfium2

    out = tmp_path / "ledger.xlsx"
    assert run_cli("table", NATIONAL, "-o", str(out)).returncode == 0
    subprocess.run([program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], check=True, capture_output=True,
                   timeout=300)
    pdf = pypdfium2.PdfDocument(tmp_path / "ledger.pdf")
    assert 1 <= len(pdf) <= 2
    width, height = pdf[0].get_size()
    assert width > height  # landscape
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", "")
    for words in ("(一)完善县级物流设施", "建设县级物流配送中心", "任务编号", "国家邮政局"):
        assert words in text


def test_jsonl_keeps_the_order_of_the_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    plan = (SAMPLES / "national_plan.txt").read_text(encoding="utf-8")
    # the first input is much larger than the rest, so with two workers it finishes last
    (folder / "a00.txt").write_text(plan * 400, encoding="utf-8")
    for n in range(1, 12):
        (folder / f"a{n:02d}.txt").write_text(plan.replace("国办发〔2023〕41号", f"国办发〔2023〕{n}号"), encoding="utf-8")
    proc = run_cli_process("batch", str(folder), "--jsonl", "-j", "2", "-q")
    assert proc.returncode == 0, proc.stderr
    paths = [json.loads(line)["source"]["path"] for line in proc.stdout.decode("utf-8").splitlines()]
    assert [p.rsplit("/", 1)[-1] for p in paths] == [f"a{n:02d}.txt" for n in range(12)]


def test_a_folder_with_notices_and_their_json_gives_each_task_once(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_bytes((SAMPLES / "national_plan.txt").read_bytes())
    assert run_cli("batch", str(folder), "-o", str(folder), "-q").returncode == 0
    assert (folder / "plan.json").exists()
    (folder / "other.json").write_bytes(run_cli("parse", str(SAMPLES / "work_plan_stages.txt")).stdout)
    proc = run_cli("table", str(folder), "-f", "csv")
    assert proc.returncode == 0
    import csv
    import io

    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    files = [row[rows[0].index("文件")] for row in rows[1:]]  # several inputs: the parser's columns too
    alone = len(list(csv.reader(io.StringIO(run_cli("table", str(folder / "plan.txt")).stdout.decode("utf-8-sig"))))) - 1
    assert files.count("plan.txt") == alone and "plan.json" not in files  # the notice, once
    assert "work_plan_stages.txt" in files  # a JSON with no notice beside it is read
    assert "left out" in proc.stderr.decode("utf-8")


def test_what_people_read_keeps_the_documents_full_width_punctuation(tmp_path):
    notice = tmp_path / "plan.txt"
    notice.write_text("青禾县工作方案\n一、重点任务\n（一）食品安全。落实陪餐制度，6月30日前完成改造，"
                      "详见https://example.gov.cn/a:b。（责任单位：区市场监管分局、各县（市、区））\n", encoding="utf-8")
    section = json.loads(run_cli("parse", str(notice)).stdout)["documents"][0]["sections"][0]["children"][0]
    assert section["marker"] == "（一）"
    assert "陪餐制度，6月30日前完成改造，" in section["text"] and "https://example.gov.cn/a:b" in section["text"]
    assert section["responsible_units"] == ["区市场监管分局", "各县（市、区）"]
    ledger = run_cli("table", str(notice), "-f", "md").stdout.decode("utf-8")
    assert "| 食品安全 | 落实陪餐制度，6月30日前完成改造，详见https://example.gov.cn/a:b。 |" in ledger
    half = tmp_path / "half.txt"  # a notice typed half-width stays half-width
    half.write_text(notice.read_text(encoding="utf-8").translate(str.maketrans("，：（）", ",:()")), encoding="utf-8")
    assert json.loads(run_cli("parse", str(half)).stdout)["documents"][0]["sections"][0]["children"][0]["marker"] == "(一)"


def test_shell_completion_is_offered():
    assert "--install-completion" in run_cli("--help").stdout.decode("utf-8")
    script = run_cli("--show-completion", "bash")
    assert script.returncode == 0 and b"_govplan_completion" in script.stdout, script.stderr


@pytest.mark.parametrize("command", [("table", NATIONAL), ("units", NATIONAL, "--today", "2024-01-01"),
                                     ("calendar", NATIONAL), ("table", NATIONAL, "-f", "md")])
def test_every_export_is_reproducible(tmp_path, command):
    import time

    suffix = ".md" if "md" in command else {"table": ".xlsx", "units": ".xlsx", "calendar": ".ics"}[command[0]]
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert run_cli(*command, "-o", str(first)).returncode == 0
    time.sleep(1.1)  # a clock-stamped file would differ now
    assert run_cli(*command, "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_help_lists_choices_and_short_options():
    parse_help = run_cli("parse", "-h").stdout.decode("utf-8")
    assert "simplified|traditional|original" in parse_help
    options = parse_help.split("Options:")[1]
    assert "<str>" not in options and "<list[str]>" not in options  # FILE, DIR, YYYY-MM-DD: what to give
    table_help = run_cli("table", "--help").stdout.decode("utf-8")
    assert "csv|xlsx|md" in table_help
    assert "tool.govplan" in run_cli("check", "--help").stdout.decode("utf-8")
    assert run_cli("-V").stdout.decode("utf-8").startswith("govplan ")


def test_tool_govplan_is_found_from_the_checked_files_folder_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govplan]\ndisable = "GP101"\n', encoding="utf-8")
    drafts = tmp_path / "a" / "b"
    drafts.mkdir(parents=True)
    draft = drafts / "draft.txt"
    draft.write_text("青禾县工作方案\n一、甲。\n三、乙。\n", encoding="utf-8")  # 二、 skipped: GP101
    out = run_cli("check", str(draft), "--format", "json", cwd=tmp_path.parent).stdout
    assert "GP101" not in out.decode("utf-8")  # a single code as a string is accepted
    (tmp_path / "pyproject.toml").write_text('[tool.govplan]\ndisabled = ["GP101"]\n', encoding="utf-8")
    proc = run_cli("check", str(draft), cwd=tmp_path.parent)
    assert proc.returncode == 2 and "unknown key" in proc.stderr.decode("utf-8")
