"""The review page in headless Chromium: every extracted unit and deadline marked on its line,
a task selected from the ledger scrolls the text to it and back, the unit filter, the search,
a correction made in the page and downloaded is applied by govplan table, and no request leaves
the file."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FORMATS, SAMPLES, run_cli

from govplan.review.marks import needle_of

NOTICES = [SAMPLES / "national_plan.txt", SAMPLES / "traditional_tw.txt", FORMATS / "task_table.docx"]


def _review(tmp: Path, notice: Path) -> Path:
    ran = run_cli("review", str(notice), "-o", str(tmp / f"{notice.stem}.review.html"), "--today", "2024-03-01")
    assert ran.returncode == 0, ran.stderr
    return tmp / f"{notice.stem}.review.html"


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")


def _values(notice: Path) -> list[tuple[int, str, str]]:
    """(line, value, kind) of every unit mention and deadline, from govplan parse's JSON."""
    result = json.loads(run_cli("parse", str(notice), "--script", "original").stdout)
    found = []

    def walk(sections):
        for s in sections:
            found.extend((m["line"], m["name"], m["role"]) for m in s["units"])
            found.extend((d["line"], d["text"], "deadline") for d in s["deadlines"])
            walk(s["children"])

    for doc in result["documents"]:
        walk(doc["sections"])
    return found


@pytest.mark.parametrize("notice", NOTICES, ids=lambda p: p.name)
def test_every_unit_and_deadline_is_marked_on_its_line(tmp_path, page, notice):
    _open(page, _review(tmp_path, notice))
    marks = page.eval_on_selector_all(
        ".l mark", "ms => ms.map(m => [m.closest('.l').id, m.className, m.textContent])")
    on_line: dict[tuple[str, str], str] = {}
    for line_id, classes, text in marks:
        for kind in classes.split():
            on_line[(line_id, kind)] = on_line.get((line_id, kind), "") + "|" + text
    values = _values(notice)
    assert values
    for line, value, kind in values:
        here = on_line.get((f"L{line}", kind), "") + on_line.get((f"L{line + 1}", kind), "")
        assert needle_of(value) in needle_of(here.replace("|", "")), f"{value} ({kind}) not marked on line {line}"
    assert page.errors == []


def _visible_in(page, selector: str, pane: str) -> bool:
    return page.evaluate("""([sel, pane]) => {
        const e = document.querySelector(sel).getBoundingClientRect();
        const p = document.querySelector(pane).getBoundingClientRect();
        return e.top >= p.top && e.bottom <= p.bottom; }""", [selector, pane])


def test_selecting_a_task_scrolls_the_text_to_it_and_a_line_back_to_its_task(tmp_path, page):
    _open(page, _review(tmp_path, SAMPLES / "national_plan.txt"))
    page.set_viewport_size({"width": 1200, "height": 420})  # the text no longer fits
    rows = page.locator("#ledger tr[data-t]")
    last = rows.nth(rows.count() - 1)
    line = int(last.get_attribute("data-line"))
    assert not _visible_in(page, f"#L{line}", "#text")
    last.click()
    assert _visible_in(page, f"#L{line}", "#text")
    assert "sel" in page.get_attribute(f"#L{line}", "class")
    page.locator("#text").evaluate("t => t.scrollTop = 0")
    page.click("#L14 .x")  # a line of the first task that names units
    row = page.locator("#ledger tr.sel")
    assert row.count() == 1 and row.get_attribute("data-line") == "14"
    assert page.errors == []


def _ledger(notice: Path, *more: str) -> list[dict]:
    ran = run_cli("table", str(notice), "-f", "csv", *more)
    assert ran.returncode == 0, ran.stderr
    return list(csv.DictReader(io.StringIO(ran.stdout.decode("utf-8-sig"))))


def test_the_unit_filter_keeps_that_units_tasks(tmp_path, page):
    _open(page, _review(tmp_path, SAMPLES / "national_plan.txt"))
    for unit in ("国家邮政局", "商务部"):
        page.select_option("#unit", unit)
        shown = page.eval_on_selector_all("#ledger tr[data-t]:not(.hide) td:first-child", "ts => ts.map(t => t.textContent)")
        expected = [r["序号"] for r in _ledger(SAMPLES / "national_plan.txt")
                    if unit in r["牵头单位"].split("、") + r["责任单位"].split("、")]
        assert shown == expected and expected
        dimmed = page.eval_on_selector_all(".l[data-t]:not(.dim)", "ls => ls.length")
        assert dimmed > 0
    page.select_option("#unit", "")
    assert page.locator("#ledger tr.hide").count() == 0 and page.locator(".l.dim").count() == 0


def test_search_marks_the_lines_that_hold_the_words(tmp_path, page):
    path = _review(tmp_path, SAMPLES / "national_plan.txt")
    _open(page, path)
    page.fill("#q", "物流")
    lines = (SAMPLES / "national_plan.txt").read_text("utf-8").splitlines()
    assert page.locator(".l.hit").count() == sum(1 for line in lines if "物流" in line)
    assert page.text_content("#hits").startswith(str(page.locator(".l.hit").count()))


def test_a_correction_made_in_the_page_is_applied_by_table(tmp_path, page):
    notice = tmp_path / "national_plan.txt"
    notice.write_bytes((SAMPLES / "national_plan.txt").read_bytes())
    _open(page, _review(tmp_path, notice))
    before = {r["重点任务"]: r for r in _ledger(notice)}
    row = page.locator("#ledger tr[data-t]", has_text="改造乡镇运输服务站")
    row.locator("button.edit").click()
    page.fill("#fix input[name=lead]", "交通运输部")
    page.fill("#fix input[name=resp]", "国家邮政局、各省级人民政府")
    page.fill("#fix input[name=deadline]", "2024年3月底前")
    page.click("#fix button[type=submit]")
    page.click("#L29 .n")  # (一)加强组织领导 is no heading, says the reviewer
    page.click("button[data-tab=fixes]")
    assert page.text_content("#fixcount") == "2"
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "national_plan.corrections.json"
    fixes = tmp_path / download.value.suggested_filename
    download.value.save_as(fixes)
    after = {r["重点任务"]: r for r in _ledger(notice, "--corrections", str(fixes))}
    fixed = after["改造乡镇运输服务站"]
    assert (fixed["牵头单位"], fixed["责任单位"], fixed["完成时限"], fixed["截止日期"]) == (
        "交通运输部", "国家邮政局、各省级人民政府", "2024年3月底前", "2024-03-31")
    assert fixed["任务编号"] == before["改造乡镇运输服务站"]["任务编号"]
    assert "加强组织领导" not in after and "加强组织领导" not in before  # (no units: never a task)
    parsed = json.loads(run_cli("parse", str(notice), "--corrections", str(fixes)).stdout)
    titles = [s["title"] for doc in parsed["documents"] for top in doc["sections"] for s in top["children"]]
    assert "加强组织领导" not in titles and "强化资金支持" in titles
    # the page made again with its corrections shows them and keeps them in the next download
    _open(page, tmp_path / _rerun(tmp_path, notice, fixes))
    assert page.text_content("#fixcount") == "2"
    assert page.text_content("#ledger tr[data-t]:nth-child(3) td.lead") == "交通运输部"


def _rerun(tmp: Path, notice: Path, fixes: Path) -> str:
    ran = run_cli("review", str(notice), "--corrections", str(fixes), "-o", str(tmp / "again.html"))
    assert ran.returncode == 0 and ran.stderr.decode().count("warning") == 0, ran.stderr
    return "again.html"


def test_the_page_makes_no_network_request(tmp_path, page):
    path = _review(tmp_path, FORMATS / "task_table.docx")
    _open(page, path)
    page.click("#ledger tr[data-t]")
    page.click("button[data-tab=timeline]")
    page.click("button[data-tab=outline]")
    page.wait_for_timeout(200)
    assert [url for url in page.requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert page.errors == []
