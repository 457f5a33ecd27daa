"""A mutational fuzzer over the samples and the real notices (when ../shared is present).

Each input is a notice with a few mutations: lines deleted, duplicated, swapped or
joined, heading markers and annotation words inserted, brackets left open, control,
zero-width, right-to-left and combining characters, impossible dates.  Every input must
parse without an exception into output that keeps the invariants (invariants.py).

The run is bounded in time: GOVPLAN_FUZZ_SECONDS (default 10; .ci/run runs it again with 60; a long
run: GOVPLAN_FUZZ_SECONDS=1800 pytest tests/robustness/fuzz).  An input that fails is written to
.fuzz-found/ (GOVPLAN_FUZZ_FOUND) before the test fails; reduced to own text, it goes to corpus/,
whose every file is checked in every test run.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from invariants import check  # noqa: E402

ROOT = HERE.parents[2]
CORPUS = HERE / "corpus"  # regressions in own text, checked in every run
FOUND = Path(os.environ.get("GOVPLAN_FUZZ_FOUND", ROOT / ".fuzz-found"))  # failures found now (not committed)
BUDGET = float(os.environ.get("GOVPLAN_FUZZ_SECONDS", "10"))
SEEDS = sorted([p for p in (ROOT / "samples").glob("*.txt")]
               + [p for p in (ROOT.parent / "shared").glob("*/docs/*.txt")]
               + [p for p in (ROOT.parent / "shared" / "seeds").glob("*.txt")])
TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]

MARKERS = ["一、", "(一)", "1.", "(1)", "1)", "①", "第一条 ", "第一章 ", "壹、", "一是", "附件1", "附件:", "附件1:甲方案",
           "第一篇:", "## ", "**", "- ", "> ", "12.", "(十二)", "九十九、", "序号\t任务\t牵头单位\t完成时限", "| 序号 | 任务 | 牵头单位 |",
           "1\t甲\t市发改委\t6月底", "| ① | 甲 | 市财政局 |", "——2024年1月15日在会上", "抄送:", "特此通知。", "此件公开发布"]
PIECES = ["(", ")", "【", "】", "〔", "“", "《", "」", ":", ";", "、", "|", "\t", "\x00", "\x0b", "\x0c", "\r",
          "\u200b", "\u202e", "\u0301", "\ufeff", "\ufffd", "?", "牵头", "负责", "由", "请", "会同", "配合",
          "(牵头单位:", "责任单位:", "完成时限:", "2024年2月30日", "13月", "0年", "9999年12月31日前", "民国999年",
          "第五季度", "年底前", "3-5月", "1月至", "至12月", "每月", "长期", "2024-02-30", "〇〇〇〇年〇月〇日",
          "<p>", "&nbsp;", "&#0;", "å\x9b\x9b", "一" * 40, "(" * 30, "由" * 20, "2024年" * 10]

LINE_OPS = ["delete", "duplicate", "swap", "join", "split", "marker", "piece", "text", "truncate", "blank"]


@st.composite
def mutated(draw) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(LINE_OPS))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        line = lines[i] if lines else ""
        at = draw(st.integers(0, len(line)))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "join" and i + 1 < len(lines):
            lines[i: i + 2] = [lines[i] + lines[i + 1]]
        elif op == "split":
            lines[i: i + 1] = [line[:at], line[at:]]
        elif op == "marker":
            lines.insert(i, draw(st.sampled_from(MARKERS)) + line)
        elif op == "piece":
            lines[i: i + 1] = [line[:at] + draw(st.sampled_from(PIECES)) + line[at:]]
        elif op == "text":
            lines[i: i + 1] = [line[:at] + draw(st.text(max_size=12)) + line[at:]]
        elif op == "truncate":
            lines[i: i + 1] = [line[:at]]
        elif op == "blank":
            lines.insert(i, "")
    return "\n".join(lines)


def _keep(text: str) -> Path:
    """Save a failing input (named by its content) and return its path: outside the corpus, in
    FOUND (git ignores it), since a mutated input may hold a real notice's text (../shared is
    among the seeds) and the repository holds only its own text.  Reduce it to own sentences
    before putting it in corpus/ as a regression."""
    FOUND.mkdir(parents=True, exist_ok=True)
    target = FOUND / f"found-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.txt"
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    return target


_started: list[float] = []
STATS = {"inputs": 0, "seconds": 0.0}


def _examples_for_budget() -> int:
    """As many examples as the budget allows at this machine's speed (measured on a few
    seeds), so that hypothesis stops near the budget instead of passing examples through."""
    if not TEXTS:
        return 1
    check("一、预热")  # grammar, OpenCC and patterns load once, not per input
    sample = TEXTS[:: max(1, len(TEXTS) // 8)]
    start = time.monotonic()
    for text in sample:
        check(text)
    per_input = (time.monotonic() - start) / len(sample)
    return max(20, int(BUDGET / max(per_input, 1e-3)))


@pytest.mark.skipif(not TEXTS, reason="no seed texts")
@settings(max_examples=_examples_for_budget(), deadline=None, phases=[Phase.generate, Phase.shrink],
          suppress_health_check=list(HealthCheck), derandomize=False)
@given(mutated())
def test_mutated_notices_keep_the_invariants(text):
    if not _started:
        _started.append(time.monotonic())
    if time.monotonic() - _started[0] > BUDGET:
        return  # the time budget is spent: the remaining examples pass through
    STATS["inputs"] += 1
    STATS["seconds"] = time.monotonic() - _started[0]
    try:
        check(text)
    except Exception:
        _keep(text)
        raise


CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_regression_corpus(path):
    check(path.read_bytes().decode("utf-8", "surrogatepass"))
