"""The review page as HTML (no browser): self-contained, escaped, small; the folder's index."""
from __future__ import annotations

import datetime as dt
import re

from conftest import FORMATS, SAMPLES, run_cli

from govplan.grammar.loader import load_grammar
from govplan.review.build import review_file
from govplan.review.page import render_page
from govplan.review.timeline import timeline

HOSTILE = """某区关于做好<script>alert(1)</script>工作的通知
一、加强领导</script><img src=x onerror=alert(2)>
（一）建立机制。2025年3月底前完成。（牵头单位：区<办公室>）
"""


def test_notice_text_cannot_become_markup(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    page = render_page(review_file(str(path), load_grammar(()), today=dt.date(2025, 1, 1)))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the one <script> of data: no </script> of the notice closes it early
    data = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "区\\u003c办公室\\u003e" in data and "<" not in data


def test_the_page_loads_nothing_from_anywhere():
    page = render_page(review_file(str(SAMPLES / "national_plan.txt"), load_grammar(()), today=dt.date(2024, 3, 1)))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and the browser is told so


def test_the_timeline_marks_what_is_overdue_on_the_given_day():
    view = review_file(str(SAMPLES / "national_plan.txt"), load_grammar(()), today=dt.date(2024, 3, 1))
    line = timeline(view.tasks, view.today)
    due = sorted(t.row.due for t in view.tasks if t.row.due)
    assert line.dated == len(due) and line.overdue == sum(1 for d in due if d < dt.date(2024, 3, 1))
    late = {i for d in line.dots if d.overdue for i in d.tasks}
    assert late == {i for i, t in enumerate(view.tasks) if t.row.due and t.row.due < dt.date(2024, 3, 1)}
    assert line.today_x is not None
    later = timeline(view.tasks, dt.date(2030, 1, 1))
    assert later.overdue == len(due) and later.today_x is None  # a day past the plan: off the axis


def test_review_writes_one_file_named_after_the_notice(tmp_path):
    ran = run_cli("review", str(FORMATS / "task_table.docx"), "--today", "2025-03-01", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    page = (tmp_path / "task_table.review.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "任务清单" in page
    assert "--corrections task_table.corrections.json" in page  # the command that applies its download


def test_review_of_a_folder_writes_an_index_with_counts(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    for name in ("national_plan.txt", "traditional_tw.txt"):
        (notices / name).write_bytes((SAMPLES / name).read_bytes())
    (notices / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    ran = run_cli("review", str(notices), "-o", str(tmp_path / "site"), "--today", "2024-03-01")
    assert ran.returncode == 1 and "broken.docx" in ran.stderr.decode()
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td>', index)
    assert [(href, name) for href, name, *_ in rows] == [("national_plan.txt.html", "national_plan.txt"),
                                                        ("traditional_tw.txt.html", "traditional_tw.txt")]
    assert rows[0][2] == "10" and "未能读取" in index
    for href, *_ in rows:
        assert 'href="index.html"' in (tmp_path / "site" / href).read_text("utf-8")


def test_review_usage_errors_are_one_line(tmp_path):
    ran = run_cli("review", str(SAMPLES))
    assert ran.returncode == 2 and "give -o site/" in ran.stderr.decode()
    json_input = tmp_path / "plan.json"
    json_input.write_bytes(run_cli("parse", str(SAMPLES / "national_plan.txt")).stdout)
    ran = run_cli("review", str(json_input), "-o", str(tmp_path / "x.html"))
    assert ran.returncode == 2 and "needs the notice itself" in ran.stderr.decode()
    assert not (tmp_path / "x.html").exists()
