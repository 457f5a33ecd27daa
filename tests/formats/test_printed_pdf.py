"""PDFs as offices print them (issue 23): a Word file in two fonts (Chinese in a CJK font;
Latin letters, digits and curly quotation marks in a Latin one), its task table ruled, printed
by LibreOffice.  The PDF is read by position (characters on each line by their boxes, hard
wraps by the margin) and its ruled tables from their rules; the check is agreement with the
same notice's .txt, whose parse is the hand-checked snapshot of tests/fixtures/gold."""
from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata

import pytest
from conftest import SAMPLES, run_cli, sections_of
from printed import MERGED_UP, print_pdfs, soffice, write_docx

from govplan.output.json_stream import to_data

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed here (.ci/run installs "
                                                          "libreoffice-writer-nogui): printed PDFs cannot be made")
NOTICES = ["national_plan", "work_plan_stages", "meeting_minutes", "traditional_tw", "traditional_hk",
           "task_table", "pdf_wrapped", "work_report", "web_scraped", "law_database"]


def _task(s: dict) -> tuple:
    """What agreement compares of a task; the marker as its characters fold (（一） and (一) print alike)."""
    return (unicodedata.normalize("NFKC", s["marker"]), s["level"], s["title"], tuple(s["lead_units"]),
            tuple(s["responsible_units"]), tuple((d["kind"], d["start"], d["due"]) for d in s["deadlines"]))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("printed")
    docs = [write_docx((SAMPLES / f"{n}.txt").read_text(encoding="utf-8").splitlines(), out / f"{n}.docx")
            for n in NOTICES]
    return dict(zip(NOTICES, print_pdfs(docs, out)))


def _agreement(a: list[tuple], b: list[tuple]) -> int:
    import difflib

    return sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def test_notices_printed_in_two_fonts_agree_with_their_text(printed):
    from govplan import parse_file

    same = total = 0
    for name, pdf in printed.items():
        text = [_task(s) for s in sections_of(parse_file(SAMPLES / f"{name}.txt"))]
        other = [_task(s) for s in sections_of(parse_file(pdf))]
        same, total = same + _agreement(text, other), total + len(text)
        assert _agreement(text, other) >= 0.8 * len(text), name
    assert same / total >= 0.95, f"{same}/{total}"


@pytest.mark.parametrize("variant", ["plain", "all"])
def test_the_same_prints_as_ofd_agree_with_their_text(printed, tmp_path, variant):
    from ofd_writer import pdf_to_ofd
    from test_ofd import VARIANTS

    from govplan import parse_file

    same = total = 0
    for name, pdf in printed.items():
        ofd = pdf_to_ofd(pdf, tmp_path / f"{name}.ofd", **VARIANTS[variant])
        text = [_task(s) for s in sections_of(parse_file(SAMPLES / f"{name}.txt"))]
        same, total = same + _agreement(text, [_task(s) for s in sections_of(parse_file(ofd))]), total + len(text)
    assert same / total >= 0.95, f"{same}/{total}"


def test_quotation_marks_of_a_second_font_stay_in_place_and_no_space_is_invented(printed):
    from govplan import parse_file

    lines = to_data(parse_file(printed["task_table"]))["documents"]
    text = json.dumps(lines, ensure_ascii=False)
    assert "“一件事一次办”" in text and "“银企对接”" in text  # set in the Latin font, read where they stand
    rendered = run_cli("parse", str(printed["traditional_hk"]), "--text").stdout.decode()
    assert "XX 市" not in rendered and "2021 年" not in rendered  # the gap a layout leaves is no space
    assert "〔牽頭單位：市商務局；責任單位：XX海關、市交通運輸局；完成時限：2021年9月底前〕" in rendered  # rejoined


def test_a_ruled_task_table_gives_every_row_with_its_units(printed):
    ran = run_cli("table", str(printed["task_table"]), "-f", "jsonl", "--columns", "detail")
    assert ran.returncode == 0, ran.stderr
    rows = [json.loads(line) for line in ran.stdout.decode().splitlines()]
    got = [(r["path"].split("/")[-1], r["lead_units"], r["due"]) for r in rows]
    assert got == [("1", "县行政审批局", "2025-12-31"), ("2", "县行政审批局", "2025-06-30"),
                   ("3", "县金融服务中心", None), ("4", "县自然资源局", "2025-09-30"), ("5", "县发改局", None)]
    assert all(r["locator"].startswith("page 1 table 1 row ") for r in rows)


# ---------------------------------------------------------------- a long table, made here

UNITS = ["县发改局", "县财政局", "县教育局", "县卫健委", "县水利局", "县农业农村局", "县商务局", "县住建局"]
WORK = ["完成", "推进", "建成", "开展", "修订", "落实"]
THINGS = ["农村供水管网改造", "中小学校舍安全排查", "乡镇卫生院标准化建设", "“一网通办”事项梳理",
          "高标准农田建设2000亩", "老旧小区改造12个", "县域商业体系建设"]


def _long_table(rows: int, seed: int) -> tuple[list[str], list[tuple]]:
    """A notice whose task table runs over two pages: its lines and, per row, (number, lead, partners, due)."""
    rnd = random.Random(seed)
    lines = ["青禾县2026年民生实事任务分工表", "序号\t工作任务\t牵头单位\t配合单位\t完成时限"]
    want = []
    for n in range(1, rows + 1):
        lead, partner = rnd.sample(UNITS, 2)
        month = rnd.randint(1, 12)
        task = rnd.choice(WORK) + rnd.choice(THINGS) + ("，并建立长效管护机制，定期报送进展" if n % 7 == 3 else "")
        merged = n > 1 and n % 5 == 0  # the lead unit merged with the row above's
        if merged:
            lead = want[-1][1]
        lines.append(f"{n}\t{task}\t{MERGED_UP if merged else lead}\t{partner}\t{month}月底前")
        want.append((str(n), lead, partner, f"2026-{month:02d}"))
    return lines, want


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_table_over_two_pages_gives_every_row_once(tmp_path, repeat_header):
    from govplan import parse_file

    lines, want = _long_table(45, seed=7 + repeat_header)
    (pdf,) = print_pdfs([write_docx(lines, tmp_path / "long.docx", repeat_header=repeat_header)], tmp_path)
    result = parse_file(pdf, reference=dt.date(2026, 1, 1))
    rows = [s for s in sections_of(result) if s["marker"].isdigit()]
    got = [(s["marker"], ",".join(s["lead_units"]), ",".join(s["responsible_units"]),
            s["deadlines"][0]["due"][:7] if s["deadlines"] else "") for s in rows]
    assert got == want
    pages = {s["locator"].split(" table ")[0] for s in rows}
    assert len(pages) >= 2 and all(" table 1 row " in s["locator"] for s in rows)
    assert not [s for s in sections_of(result) if s["title"] == "工作任务"]  # a repeated header is not a task
