"""Corrections (--corrections FILE): applied by task id and line; a correction whose line no
longer says what it said is reported, not applied.  The notices here are written for the tests."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import run_cli

NOTICE = """某市推进社区服务提升工作方案
一、完善服务设施
（一）建设社区服务中心。每个街道建成一处综合服务中心，2025年6月底前完成。（牵头单位：市民政局；责任单位：各区政府）
（二）改造老旧活动室。2025年9月底前完成首批改造。（牵头单位：市住建局）
二、提升服务能力
（一）培训社区工作者。每年轮训一次。（牵头单位：市人社局；责任单位：市民政局）
附加说明一行
（二）推广线上办事。2026年底前上线统一平台。（牵头单位：市数据局）
"""


def _write(tmp: Path, text: str = NOTICE, name: str = "plan.txt") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _ledger(*args: str) -> tuple[list[dict], str]:
    ran = run_cli("table", *args, "-f", "csv")
    assert ran.returncode == 0, ran.stderr.decode()
    return list(csv.DictReader(io.StringIO(ran.stdout.decode("utf-8-sig")))), ran.stderr.decode()


def _row(rows: list[dict], task: str) -> dict:
    return next(r for r in rows if r["重点任务"] == task)


def _fixes(tmp: Path, corrections: list[dict], source: str = "plan.txt") -> Path:
    path = tmp / "plan.corrections.json"
    path.write_text(json.dumps({"govplan_corrections": 1, "source": {"path": source},
                                "corrections": corrections}, ensure_ascii=False), encoding="utf-8")
    return path


def _line(n: int, text: str = NOTICE) -> str:
    return text.split("\n")[n - 1]


def test_a_tasks_units_and_deadline_are_replaced(tmp_path):
    plan = _write(tmp_path)
    rows, _ = _ledger(str(plan))
    task = _row(rows, "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"],
                               "lead_units": ["市城管局"], "responsible_units": ["各街道办事处", "市财政局"],
                               "deadline": "2025年10月底前"}])
    rows, err = _ledger(str(plan), "--corrections", str(fixes))
    fixed = _row(rows, "改造老旧活动室")
    assert (fixed["牵头单位"], fixed["责任单位"], fixed["截止日期"]) == ("市城管局", "各街道办事处、市财政局", "2025-10-31")
    assert fixed["完成时限"] == "2025年10月底前" and fixed["任务编号"] == task["任务编号"]
    assert _row(rows, "建设社区服务中心")["牵头单位"] == "市民政局"  # the others as parsed
    assert err == ""


def test_the_json_says_what_was_corrected_and_traces_it(tmp_path):
    plan = _write(tmp_path)
    task = _row(_ledger(str(plan))[0], "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"], "lead_units": ["市城管局"],
                               "deadline": ""}])
    result = json.loads(run_cli("parse", str(plan), "--corrections", str(fixes)).stdout)
    section = result["documents"][0]["sections"][0]["children"][1]
    assert section["lead_units"] == ["市城管局"] and section["deadlines"] == []
    assert [m["how"] for m in section["units"] if m["role"] == "lead"] == ["correction"]
    assert [d["code"] for d in result["diagnostics"] if d["code"].startswith("correction")] == ["correction-applied"]


def test_a_correction_whose_line_changed_is_reported_and_not_applied(tmp_path):
    plan = _write(tmp_path)
    task = _row(_ledger(str(plan))[0], "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"], "lead_units": ["市城管局"]}])
    _write(tmp_path, NOTICE.replace("首批改造", "全部改造"))  # the same task, its line reworded
    rows, err = _ledger(str(plan), "--corrections", str(fixes))
    assert _row(rows, "改造老旧活动室")["牵头单位"] == "市住建局"
    assert "plan.txt:4: correction not applied" in err and err.count("\n") == 1


def test_a_line_moved_by_an_edit_is_still_corrected(tmp_path):
    plan = _write(tmp_path)
    task = _row(_ledger(str(plan))[0], "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"], "lead_units": ["市城管局"]}])
    _write(tmp_path, NOTICE.replace("一、完善服务设施\n", "一、完善服务设施\n各区要高度重视。\n"))
    rows, err = _ledger(str(plan), "--corrections", str(fixes))
    assert _row(rows, "改造老旧活动室")["牵头单位"] == "市城管局" and err == ""


def test_a_line_made_a_heading_and_a_heading_made_text(tmp_path):
    plan = _write(tmp_path)
    fixes = _fixes(tmp_path, [{"line": 7, "text": _line(7), "heading": True},
                              {"line": 5, "text": _line(5), "heading": False}])
    plain = json.loads(run_cli("parse", str(plan)).stdout)["documents"][0]["sections"]
    assert [s["title"] for s in plain] == ["完善服务设施", "提升服务能力"]
    fixed = json.loads(run_cli("parse", str(plan), "--corrections", str(fixes)).stdout)["documents"][0]["sections"]
    # 二、 is text of the item above it now, and its items go on the list of 一、; the line made a
    # heading is an unnumbered heading where it stands, under the item above it
    assert [s["title"] for s in fixed] == ["完善服务设施"]
    items = fixed[0]["children"]
    assert [c["title"] for c in items] == ["建设社区服务中心", "改造老旧活动室", "培训社区工作者", "推广线上办事"]
    assert "提升服务能力" in items[1]["text"]
    assert [(c["title"], c["marker"], c["line"]) for c in items[2]["children"]] == [("附加说明一行", "", 7)]


def test_a_heading_correction_of_a_title_line_is_reported(tmp_path):
    plan = _write(tmp_path)
    fixes = _fixes(tmp_path, [{"line": 1, "text": _line(1), "heading": True}])
    ran = run_cli("parse", str(plan), "--corrections", str(fixes))
    assert ran.returncode == 0
    assert "plan.txt:1: correction: line 1 is no body line" in ran.stderr.decode()


def test_parse_json_takes_task_corrections_and_reports_heading_ones(tmp_path):
    plan = _write(tmp_path)
    (tmp_path / "plan.json").write_bytes(run_cli("parse", str(plan)).stdout)
    task = _row(_ledger(str(plan))[0], "培训社区工作者")
    fixes = _fixes(tmp_path, [{"line": 6, "text": _line(6), "task_id": task["任务编号"], "deadline": "每半年"},
                              {"line": 7, "text": _line(7), "heading": True}], source="plan.json")
    rows, err = _ledger(str(tmp_path / "plan.json"), "--corrections", str(fixes))
    assert _row(rows, "培训社区工作者")["完成时限"] == "每半年"
    assert "give the notice, not its parse JSON" in err


def test_corrections_for_another_notice_correct_nothing_among_several(tmp_path):
    plan = _write(tmp_path)
    other = _write(tmp_path, NOTICE, "other.txt")
    task = _row(_ledger(str(plan))[0], "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"], "lead_units": ["市城管局"]}],
                   source="elsewhere.txt")
    rows, err = _ledger(str(plan), str(other), "--corrections", str(fixes))
    assert all(r["牵头单位"] != "市城管局" for r in rows)
    assert "made on elsewhere.txt, which is not among the inputs" in err


def test_a_broken_corrections_file_is_one_line_and_exit_2(tmp_path):
    plan = _write(tmp_path)
    bad = tmp_path / "bad.json"
    for body, says in (("{", "not a corrections file"),
                       ('{"source": {"path": "p"}, "corrections": [{"line": 0, "text": "x"}]}', "corrections.0.line"),
                       ('{"source": {"path": "p"}, "corrections": [{"line": 2, "text": "x", "colour": 1}]}',
                        "corrections.0.colour")):
        bad.write_text(body, encoding="utf-8")
        ran = run_cli("table", str(plan), "--corrections", str(bad))
        assert ran.returncode == 2 and says in ran.stderr.decode()
        assert ran.stderr.decode().count("\n") == 1 and b"Traceback" not in ran.stderr
    ran = run_cli("table", str(plan), "--corrections", str(tmp_path / "missing.json"))
    assert ran.returncode == 2 and "missing.json: cannot read" in ran.stderr.decode()


def test_the_format_is_in_the_json_schema(tmp_path):
    import jsonschema

    schema = json.loads(run_cli("schema", "corrections").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    good = {"govplan_corrections": 1, "source": {"path": "plan.txt", "sha256": ""},
            "corrections": [{"line": 3, "text": "x", "task_id": "T1A2B3C", "lead_units": ["市民政局"]}]}
    jsonschema.validate(good, schema)
    parse_schema = json.loads(run_cli("schema").stdout)
    assert "correction" in json.dumps(parse_schema["$defs"]["Deadline"])
    assert "correction-stale" in json.dumps(parse_schema)


def test_calendar_and_review_take_the_corrections_too(tmp_path):
    plan = _write(tmp_path)
    task = _row(_ledger(str(plan))[0], "改造老旧活动室")
    fixes = _fixes(tmp_path, [{"line": 4, "text": _line(4), "task_id": task["任务编号"], "deadline": "2025年11月30日前"}])
    ics = run_cli("calendar", str(plan), "--corrections", str(fixes)).stdout.decode()
    assert "DTSTART;VALUE=DATE:20251130" in ics and "DTSTART;VALUE=DATE:20250930" not in ics
    ran = run_cli("review", str(plan), "--corrections", str(fixes), "-o", str(tmp_path / "p.html"))
    page = (tmp_path / "p.html").read_text("utf-8")
    assert ran.returncode == 0 and "2025年11月30日前" in page
    assert '"task_id": "%s"' % task["任务编号"] in page  # kept for the next download
