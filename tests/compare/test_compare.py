"""govplan compare (对标对表) and check's duplicate-item rule."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from govplan.api import parse_file, parse_text
from govplan.compare.align import compare, tasks_of
from govplan.compare.similarity import Corpus
from govplan.grammar.loader import load_grammar
from govplan.grammar.place import toml_reader

ROOT = Path(__file__).parents[2]
PAIRS = ROOT / "samples" / "compare"
GRAMMAR = load_grammar()


def _pairs():
    return toml_reader().loads((PAIRS / "alignments.toml").read_text(encoding="utf-8"))["pair"]


def test_the_hand_made_alignments_are_found_with_precision_and_recall_of_090():
    tp = fp = fn = 0
    agree = statuses = 0
    used = 0
    for pair in _pairs():
        upper, lower = PAIRS / pair["upper"], PAIRS / pair["lower"]
        if not upper.exists():  # the real pair lives in ../shared
            continue
        used += 1
        result = compare(parse_file(upper), parse_file(lower), GRAMMAR)
        got = {(t.line, m.line) for t in result.tasks for m in t.matches}
        want = {(int(u), low) for u, lows in pair["aligned"].items() for low in lows}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got == want:  # (a pair missed leaves its LOWER task local)
            assert sorted(t.line for t in result.local) == sorted(pair["local"]), pair["lower"]
        hand = {int(u): "covered" for u in pair["aligned"]} | {u: "missing" for u in pair["missing"]}
        hand |= {u: "partial" for u in pair.get("partial", [])}
        mine = {t.line: t.status for t in result.tasks}
        assert set(mine) == set(hand), (pair["upper"], "the tasks found are not the tasks annotated")
        agree += sum(mine[line] == status for line, status in hand.items())
        statuses += len(hand)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\ncompare over {used} pairs: aligned pairs precision {precision:.3f} recall {recall:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn}); status as annotated {agree}/{statuses}")
    assert precision >= 0.90 and recall >= 0.90


def _plan(items: str, title: str = "某市实施方案") -> object:
    return parse_text(f"{title}\n一、重点任务\n{items}")


UPPER = ("1.开展农村黑臭水体排查,建立清单分批治理并实施长效管护。(牵头单位:省生态环境厅;完成时限:2026年6月底)\n"
         "2.建设县级电子商务公共服务中心,完善农村物流配送网络。(牵头单位:省商务厅;完成时限:2026年12月底)\n")


def _flags(lower_items: str) -> dict[int, list[str]]:
    result = compare(_plan(UPPER, "某省实施方案"), _plan(lower_items), GRAMMAR)
    return {t.line: t.flags for t in result.tasks}


def test_a_lower_deadline_after_the_upper_one_is_late():
    flags = _flags("1.排查农村黑臭水体,建立清单分批治理,落实长效管护。(牵头单位:市生态环境局;完成时限:2026年9月底)\n"
                   "2.建设县级电子商务公共服务中心,健全农村物流配送网络。(牵头单位:市商务局;完成时限:2026年11月底)\n")
    assert flags == {3: ["late"], 4: []}


def test_a_match_that_names_no_lead_unit_is_unassigned():
    flags = _flags("1.排查农村黑臭水体,建立清单分批治理,落实长效管护。(责任单位:各县区人民政府;完成时限:2026年6月底)\n"
                   "2.建设县级电子商务公共服务中心,健全农村物流配送网络。(牵头单位:市商务局;完成时限:2026年12月底)\n")
    assert flags[3] == ["unassigned", "counterpart"] and flags[4] == []


def test_a_provincial_lead_needs_its_local_counterpart_named_in_any_spelling():
    flags = _flags("1.排查农村黑臭水体,建立清单分批治理,落实长效管护。(牵头单位:市住建局;完成时限:2026年6月底)\n"
                   "2.建设县级电子商务公共服务中心,健全农村物流配送网络。(牵头单位:市商务局;完成时限:2026年12月底)\n")
    assert flags == {3: ["counterpart"], 4: []}  # 省商务厅 -> 市商务局 is its counterpart; 住建 is not 生态环境


def test_missing_tasks_and_local_additions():
    result = compare(_plan(UPPER, "某省实施方案"),
                     _plan("1.建设县级电子商务公共服务中心,健全农村物流配送网络。(牵头单位:市商务局)\n"
                           "2.举办农产品直播带货培训班十期。(牵头单位:市农业农村局)\n"), GRAMMAR)
    assert [(t.line, t.status) for t in result.tasks] == [(3, "missing"), (4, "covered")]
    assert [t.line for t in result.local] == [4]
    assert result.summary == {"covered": 1, "partial": 0, "missing": 1, "late": 0, "unassigned": 0,
                              "counterpart": 0, "target": 0, "local": 1}


def test_jieba_and_rjieba_align_the_same(monkeypatch):
    """rjieba is the default (its dictionary loads in a seventh of jieba's time); jieba, the
    fallback where rjieba has no wheel, must give the same answer."""
    pair = _pairs()[1]
    upper, lower = parse_file(PAIRS / pair["upper"]), parse_file(PAIRS / pair["lower"])
    default = compare(upper, lower, GRAMMAR)
    settings = GRAMMAR.compare.settings.replaced(segmenters=["jieba"])
    monkeypatch.setattr(GRAMMAR, "compare", GRAMMAR.compare.replaced(settings=settings))
    fallback = compare(upper, lower, GRAMMAR)
    assert (default.segmenter, fallback.segmenter) == ("rjieba", "jieba")
    pairs = [{(t.line, m.line) for t in r.tasks for m in t.matches} for r in (default, fallback)]
    assert pairs[0] == pairs[1]


def test_candidate_pairs_grow_linearly_for_long_plans():
    """Beyond max_pairs a task is scored only against those sharing one of its heaviest terms:
    the number of pairs scored is bounded by tasks x candidate_terms x posting_cap."""
    words = [f"{a}{b}" for a in "农业水利交通教育卫生文化旅游商务" for b in "建设改造治理服务保障监测"]
    texts = [f"{words[n % len(words)]}{words[(n * 7) % len(words)]}{words[(n * 13) % len(words)]}项目第{n}" for n in range(3000)]
    corpus = Corpus(texts, GRAMMAR)
    left, right = range(1500), range(1500, 3000)
    settings = GRAMMAR.compare.settings
    pairs = sum(1 for _ in corpus.candidates(left, right, 0, settings.candidate_terms, settings.posting_cap))
    assert pairs <= 1500 * settings.candidate_terms * settings.posting_cap < 1500 * 1500 // 2


def test_every_task_of_a_plan_is_a_section_with_its_own_text():
    result = _plan("(一)推进垃圾治理\n1.配齐收集容器和转运车辆,实现收运全覆盖。\n"
                   "(二)推进厕所革命。在平原地区推广水冲式卫生厕所,同步建立管护制度。\n1.改造户厕一千户。\n")
    assert [t.section.path for t in tasks_of(result.documents, GRAMMAR)] == ["一/(一)/1", "一/(二)", "一/(二)/1"]


# ---------------------------------------------------------------- the command


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govplan", *args], capture_output=True, input=stdin)


def test_the_json_output_has_the_keys_other_tools_read_and_follows_its_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    done = _run("compare", str(PAIRS / "p4_city_table.txt"), str(PAIRS / "p4_county.txt"), "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    schema = json.loads(_run("compare", "--schema").stdout)  # (as the README gives it: no plans)
    assert schema == json.loads(_run("schema", "compare").stdout)
    jsonschema.validate(data, schema)
    split = next(t for t in data["tasks"] if t["line"] == 10)
    assert split["status"] == "covered" and [m["line"] for m in split["matches"]] == [23, 27]
    assert split["flags"] == ["late"] and all(0 < m["score"] <= 1 for m in split["matches"])
    assert [t["line"] for t in data["local"]] == [35]


def test_a_missing_plan_is_a_usage_error_without_schema():
    for args in ((), (str(PAIRS / "p4_county.txt"),)):
        done = _run("compare", *args)
        name = "LOWER" if args else "UPPER"
        assert done.returncode == 2 and done.stdout == b""
        assert done.stderr.decode() == f"govplan: error: Missing argument '{name}'. (govplan compare -h for help)\n"


def test_a_parse_json_input_gives_the_same_comparison(tmp_path):
    upper = tmp_path / "upper.json"
    upper.write_bytes(_run("parse", str(PAIRS / "p5_city_notice.txt")).stdout)
    direct = _run("compare", str(PAIRS / "p5_city_notice.txt"), str(PAIRS / "p5_district.txt"), "-f", "json")
    via_json = _run("compare", str(upper), str(PAIRS / "p5_district.txt"), "-f", "json")
    strip = lambda d: {k: v for k, v in json.loads(d).items() if k != "upper"}  # noqa: E731
    assert strip(direct.stdout) == strip(via_json.stdout)


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "text"])
def test_every_format_lists_upper_tasks_in_order_with_their_matches(tmp_path, fmt):
    out = tmp_path / f"compare.{fmt if fmt != 'text' else 'txt'}"
    done = _run("compare", str(PAIRS / "p1_national.txt"), str(PAIRS / "p1_province.txt"), "-f", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    if fmt == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(out).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        header = next(n for n, r in enumerate(rows) if r[0] == "上级行号")
        body = rows[header + 1:]
        assert [r[0] for r in body] == [14, 16, 18, 22, 24, 26, 30, 32, None]
        assert body[4][5] == "未落实" and body[-1][5] == "本地新增" and body[-1][6] == 39
        return
    text = out.read_text(encoding="utf-8-sig")
    assert text.index("精简投资项目审批环节") < text.index("推行证照分离改革全覆盖") < text.index("建立涉企行政检查备案制度")
    assert "未落实" in text and "本地新增" in text and "时限晚于上级" in text  # Chinese words for offices
    assert "missing" not in text and "covered" not in text


def test_bad_inputs_are_one_line_errors(tmp_path):
    done = _run("compare", str(tmp_path / "none.txt"), str(PAIRS / "p1_province.txt"))
    assert done.returncode == 2 and len(done.stderr.decode().strip().splitlines()) == 1
    done = _run("compare", str(PAIRS / "p1_national.txt"), str(PAIRS / "p1_province.txt"), "-f", "xlsx")
    assert done.returncode == 2 and b"xlsx needs a file" in done.stderr


LOADED = ("import sys\nfrom govplan.cli.app import main\n"
          "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
          "print('\\nLOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'rjieba', 'rapidfuzz')))")


@pytest.mark.parametrize("args", [["--version"], ["parse", str(PAIRS / "p1_national.txt")]])
def test_version_and_parse_load_no_segmenter(args):
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "LOADED []"


def test_compare_loads_the_segmenter_in_its_helper():
    """On Linux a forked helper loads it while the plans are read (compare.helper): this process never does."""
    done = subprocess.run([sys.executable, "-c", LOADED, "compare", str(PAIRS / "p5_city_notice.txt"),
                           str(PAIRS / "p5_district.txt"), "-f", "json"], capture_output=True, text=True)
    assert json.loads(done.stdout.rpartition("\nLOADED")[0])["segmenter"] == "rjieba"
    loaded = done.stdout.splitlines()[-1]
    assert "rapidfuzz" in loaded and ("rjieba" not in loaded) == (sys.platform == "linux")


# ---------------------------------------------------------------- check: duplicate-item (GP202)


DUPLICATED = ("1.集中清理城乡结合部的生活垃圾和建筑垃圾,做到日产日清。(牵头单位:县城管局)\n"
              "2.整治农贸市场周边占道经营和乱停乱放问题。(牵头单位:县市场监管局)\n"
              "3.集中清理城乡结合部生活垃圾和建筑垃圾,确保日产日清。(牵头单位:县城管局)\n")


def test_two_items_saying_the_same_thing_are_reported_with_both_lines(tmp_path):
    plan = tmp_path / "draft.txt"
    plan.write_text("某县城乡环境整治工作方案\n一、重点任务\n" + DUPLICATED, encoding="utf-8")
    done = _run("check", str(plan), "-f", "json")
    found = [f for f in json.loads(done.stdout) if f["code"] == "GP202"]
    assert [(f["line"], f["name"]) for f in found] == [(5, "duplicate-item")]
    assert "item 一/1" in found[0]["message"] and "line 3" in found[0]["message"]


def test_different_items_an_item_and_its_sub_items_are_no_duplicates(tmp_path):
    plan = tmp_path / "draft.txt"
    plan.write_text("某县城乡环境整治工作方案\n一、重点任务\n"
                    "(一)集中清理城乡结合部的生活垃圾和建筑垃圾,做到日产日清。\n"
                    "1.集中清理城乡结合部的生活垃圾和建筑垃圾,做到日产日清。\n"
                    "(二)整治农贸市场周边占道经营和乱停乱放问题。\n"
                    "(三)整治农贸市场周边的违规广告牌和破损门头招牌。\n", encoding="utf-8")
    done = _run("check", str(plan), "-f", "json")
    assert not [f for f in json.loads(done.stdout) if f["code"] == "GP202"]


def test_the_readme_example_is_the_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ govplan compare samples/compare/p4_city_table.txt samples/compare/p4_county.txt\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    done = subprocess.run([sys.executable, "-m", "govplan", *command[2:].split()[1:]], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.stdout == shown


def test_a_changed_target_between_matched_tasks_is_flagged(tmp_path):
    """p1: 审批时间压缩至60个工作日 (national) against 不超过50个工作日 (province), checked by hand."""
    import json

    data = json.loads(run_cli("compare", str(PAIRS / "p1_national.txt"), str(PAIRS / "p1_province.txt"),
                              "-f", "json").stdout)
    first = data["tasks"][0]
    assert first["status"] == "covered" and "target" in first["flags"]  # JSON: stable values
    assert first["notes"][first["flags"].index("target")] == "line 15: 60个 → 50个"
    assert data["summary"]["target"] == 1
    csv_text = run_cli("compare", str(PAIRS / "p1_national.txt"), str(PAIRS / "p1_province.txt"),
                       "-f", "csv").stdout.decode("utf-8-sig")
    assert "指标变化: line 15: 60个 → 50个" in csv_text and ",已落实," in csv_text


def test_figures_of_other_measures_or_equal_values_are_no_change(tmp_path):
    upper = tmp_path / "u.txt"
    lower = tmp_path / "l.txt"
    upper.write_text("国家方案\n一、建设乡镇物流站点。新建物流站点500个,2025年底前完成。(商务部牵头)\n", encoding="utf-8")
    lower.write_text("省方案\n一、建设乡镇物流站点。新建物流站点500个,覆盖率达到90%,2025年6月底前完成。(省商务厅牵头)\n",
                     encoding="utf-8")
    import json

    data = json.loads(run_cli("compare", str(upper), str(lower), "-f", "json").stdout)
    assert data["tasks"][0]["status"] == "covered" and "target" not in data["tasks"][0]["flags"]
