"""The calendar's recurring schedules (issue 22): DTSTART the first occurrence, UNTIL the plan's
end (never forever), the lead unit in SUMMARY, recurring deadlines of undated notices reported."""
from __future__ import annotations

from conftest import run_cli

DATED = """青禾县节水工作方案
一、开展节水宣传。每季度末报送宣传情况。(牵头单位:县委宣传部)
二、推进节水改造。2026年6月底前完成。(牵头单位:县水利局)
青禾县人民政府办公室
2025年2月10日
"""


def _events(ics: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in ics.replace("\r\n ", "").splitlines():
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            key, value = line.split(":", 1)
            current.setdefault(key.split(";")[0], value)
    return events


def test_a_schedule_starts_on_its_first_day_and_ends_with_the_plan(tmp_path):
    notice = tmp_path / "plan.txt"
    notice.write_text(DATED, encoding="utf-8")
    ran = run_cli("calendar", str(notice))
    assert ran.returncode == 0, ran.stderr
    events = _events(ran.stdout.decode())
    quarterly = next(e for e in events if "RRULE" in e)
    assert quarterly["DTSTART"] == "20250331"  # the first quarter's end after 2025-02-10, not the notice's day
    assert "UNTIL=20260630" in quarterly["RRULE"]  # the plan's last dated deadline
    assert quarterly["SUMMARY"].startswith("[县委宣传部] 开展节水宣传")
    dated = next(e for e in events if "RRULE" not in e)
    assert dated["SUMMARY"].startswith("[县水利局] 推进节水改造")


def test_without_a_later_deadline_a_schedule_ends_with_its_year(tmp_path):
    notice = tmp_path / "plan.txt"
    notice.write_text(DATED.replace("二、推进节水改造。2026年6月底前完成。(牵头单位:县水利局)\n", ""), encoding="utf-8")
    [quarterly] = _events(run_cli("calendar", str(notice)).stdout.decode())
    assert "UNTIL=20251231" in quarterly["RRULE"]


def test_the_recurring_deadlines_of_an_undated_notice_are_reported_not_dropped(tmp_path):
    notice = tmp_path / "plan.txt"
    notice.write_text("青禾县节水工作方案\n一、开展节水宣传。每月10日前报送。(牵头单位:县委宣传部)\n", encoding="utf-8")
    ran = run_cli("calendar", str(notice))
    assert ran.returncode == 0 and "RRULE" not in ran.stdout.decode()
    assert b"1 recurring deadline(s) left out" in ran.stderr and b"--year" in ran.stderr
    given = _events(run_cli("calendar", str(notice), "--year", "2026").stdout.decode())
    assert given[0]["DTSTART"] == "20260110" and "UNTIL=20261231" in given[0]["RRULE"]
