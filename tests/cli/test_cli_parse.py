"""`govplan parse` through the real command line: success, scripts, and every bad input."""
from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, loads, run_cli


def one_line_error(proc) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err


def test_version_is_instant_and_plain():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("govplan ")


def test_parse_sample_prints_valid_json():
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"))
    assert proc.returncode == 0, proc.stderr
    out = loads(proc.stdout)
    assert [d["kind"] for d in out["documents"]] == ["notice", "plan"]
    assert "国家发展改革委" in proc.stdout.decode("utf-8")  # Chinese is not escaped


def test_parse_reads_stdin_and_writes_compact():
    proc = run_cli("parse", "-", "--compact", stdin=(SAMPLES / "national_plan.txt").read_bytes())
    assert proc.returncode == 0
    assert proc.stdout.count(b"\n") == 1
    assert loads(proc.stdout)["source"]["path"] == "-"


def test_output_is_deterministic():
    a = run_cli("parse", str(SAMPLES / "web_scraped.txt")).stdout
    b = run_cli("parse", str(SAMPLES / "web_scraped.txt")).stdout
    assert a == b


def test_script_option():
    trad = loads(run_cli("parse", str(SAMPLES / "national_plan.txt"), "--script", "traditional").stdout)
    assert trad["documents"][1]["title"] == "提升縣域物流服務能力三年行動方案"
    orig = loads(run_cli("parse", str(SAMPLES / "traditional_hk.txt"), "--script", "original").stdout)
    assert orig["documents"][1]["title"] == "XX市優化營商環境攻堅行動工作方案"
    bad = run_cli("parse", str(SAMPLES / "national_plan.txt"), "--script", "klingon")
    assert bad.returncode == 2
    assert "--script" in one_line_error(bad)


def test_output_file_is_written_whole(tmp_path):
    target = tmp_path / "out" / "plan.json"
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "-o", str(target))
    assert proc.returncode == 0 and proc.stdout == b""
    assert loads(target.read_bytes())["documents"]
    assert [p.name for p in target.parent.iterdir()] == ["plan.json"]


def test_missing_file(tmp_path):
    proc = run_cli("parse", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2
    assert "nope.txt: no such file" in one_line_error(proc)


def test_directory(tmp_path):
    proc = run_cli("parse", str(tmp_path))
    assert proc.returncode == 2
    assert "is a directory" in one_line_error(proc)


def test_binary_file(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02" + bytes(range(256)) * 40)
    proc = run_cli("parse", str(blob))
    assert proc.returncode == 2
    assert "not a text file" in one_line_error(proc)
    photo = tmp_path / "photo.png"  # an image's first bytes, then noise: read as a (broken) image
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x01\x02" + bytes(range(256)) * 40)
    said = one_line_error(run_cli("parse", str(photo)))
    assert "not a readable image" in said or "OCR is not installed" in said


def test_a_broken_pdf_is_one_line(tmp_path):
    blob = tmp_path / "broken.pdf"
    blob.write_bytes(b"%PDF-1.4\x00\x01\x02" + bytes(range(256)) * 40)
    proc = run_cli("parse", str(blob))
    assert proc.returncode == 2
    assert "not a readable PDF" in one_line_error(proc)


def test_empty_file_gives_json_with_a_diagnostic(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_cli("parse", str(empty))
    assert proc.returncode == 0
    out = loads(proc.stdout)
    assert out["documents"] == []
    assert [d["code"] for d in out["diagnostics"]] == ["empty-input"]


def test_replacement_characters_give_json_with_diagnostics(tmp_path):
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("XX方案\n一、任务\n(一)加强\ufffd\ufffd管理。\n?各县人民政府要落实。\n", encoding="utf-8")
    proc = run_cli("parse", str(damaged))
    assert proc.returncode == 0
    out = loads(proc.stdout)
    assert [(d["code"], d["line"]) for d in out["diagnostics"]] == [("text-damage", 3), ("text-damage", 4)]


@pytest.mark.slow
def test_fifty_megabyte_one_line_file(tmp_path):
    big = tmp_path / "big.txt"
    unit = "各地区各部门要加强协调配合,确保各项任务落到实处。".encode("utf-8")
    big.write_bytes(unit * (50_000_000 // len(unit) + 1))
    proc = run_cli("parse", str(big), "--compact", "-o", str(tmp_path / "big.json"), timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = loads((tmp_path / "big.json").read_bytes())
    assert out["source"]["lines"] == 1
    assert "long-line" in [d["code"] for d in out["diagnostics"]]


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "-o", str(blocker / "sub" / "o.json"))
    assert proc.returncode == 2
    assert "cannot write" in one_line_error(proc)


def test_bad_grammar_names_file_and_entry(tmp_path):
    (tmp_path / "markers.toml").write_text(
        '[[marker]]\nname = "broken"\npattern = "(?P<num>[1-9]"\nnumerals = "arabic"\n', encoding="utf-8")
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "--grammar", str(tmp_path))
    assert proc.returncode == 2
    err = one_line_error(proc)
    assert "markers.toml" in err and "marker[1] (broken).pattern" in err and "invalid regex" in err


def test_grammar_that_is_not_toml(tmp_path):
    (tmp_path / "labels.toml").write_text("[labels\n", encoding="utf-8")
    proc = run_cli("parse", str(SAMPLES / "national_plan.txt"), "--grammar", str(tmp_path))
    assert proc.returncode == 2
    assert "labels.toml: not valid TOML" in one_line_error(proc)


def test_streamed_json_equals_the_whole_serialization():
    import io

    from govplan import parse_file
    from govplan.output.json_stream import to_json, write_json

    for sample in sorted(SAMPLES.glob("*.txt")):
        result = parse_file(sample)
        for indent in (2, None):
            buf = io.BytesIO()
            write_json(result, buf, indent)
            assert buf.getvalue() == to_json(result, indent).encode("utf-8"), (sample.name, indent)


def test_a_markdown_notice_with_front_matter_through_the_command(tmp_path):
    # a knowledge base's notice: a YAML header (its 类型 is no title), then `#` headings
    text = ("---\n标题: 白沙镇农贸市场改造实施意见\n类型: 实施意见\n文号: 白政发〔2025〕7号\n发布单位: 白沙镇人民政府\n"
            "发布日期: 2025-03-02\n---\n\n# 白沙镇农贸市场改造实施意见\n\n## 一、改造内容\n\n"
            "更换市场顶棚，6月底前完成。（牵头单位：镇规划办）\n\n## 二、保障措施\n\n加强督查。\n")
    outputs = []
    for name in ("plan.md", "plan.txt"):  # chosen by content: the name changes nothing
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        ran = run_cli("parse", str(path))
        assert ran.returncode == 0, ran.stderr
        outputs.append(ran.stdout.decode().replace(name, "plan"))
    assert outputs[0] == outputs[1]
    doc = json.loads(outputs[0])["documents"][0]
    assert (doc["title"], doc["doc_number"], doc["issuer"]) == ("白沙镇农贸市场改造实施意见", "白政发〔2025〕7号",
                                                                "白沙镇人民政府")
    assert [(s["marker"], s["title"], s["lead_units"]) for s in doc["sections"]] == [
        ("一、", "改造内容", ["镇规划办"]), ("二、", "保障措施", [])]
