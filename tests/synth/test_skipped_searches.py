"""The searches a stage skips because a text holds none of the characters every match holds
(govplan.openings.held_chars: page cruft, unit and deadline rules, whole-text scans) change nothing:
generated notices of every shape, and the repairs and annotations they lack, parse to the same result
with every search made."""
from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from govplan import parse_text
from govplan.parse import normalize
from govplan.parse.extract import deadlines, metadata, units
from govplan.parse.outline import clutter, lines
from govplan.text.cache import forget_all
from synth.choose import Seeded
from synth.shapes import SHAPES

# (each test replaces a stage's check: in a compiled install the stage calls its own)
pytestmark = pytest.mark.source

_EXTRA = ("目录\n一、工作任务……………… 1\n关于做好某项工作的通知\n某政办发〔2024〕12号\n各区县人民政府:\n一、工作任务\n(一)加强统筹。由市发展改革委牵头,市财政局配合,"
          "2024年6月底前完成;每季度末报送进展。请各区县于10个工作日内反馈。\n以下任务均需各区县政府落实,不再一一列出。\n"
          "(二)建立机制。由市商务局会同市市场监管局研究制定。完善工作机制1 2 下一页\n联系人:张三,联系电话:12345678\n"
          "IE浏览器请按键盘放大字体\n参考资料……………… 9\n锟斤拷\n某市人民政府办公室\n2024年3月1日\n")


def _parsed(texts: list[str]) -> list[str]:
    forget_all()
    return [json.dumps(asdict(parse_text(t)), ensure_ascii=False, default=str) for t in texts]


def test_skipping_searches_changes_no_result(monkeypatch):
    texts = [_EXTRA] + ["\n".join(SHAPES[shape](Seeded(7 * 100_003 + i)).lines) for shape in SHAPES for i in range(25)]
    skipped = _parsed(texts)
    for module in (normalize, units, deadlines, lines, clutter, metadata):
        monkeypatch.setattr(module, "may_hold_a_match", lambda text, chars: True)
    assert _parsed(texts) == skipped


@pytest.mark.parametrize("module", [normalize, units, deadlines, lines, clutter, metadata])
def test_a_check_that_skips_too_much_changes_the_result(module, monkeypatch):
    """Each stage's searches go through the check (so the test above fails when it skips wrongly): told
    that no text holds a match, the stage finds less in the notice above."""
    whole = _parsed([_EXTRA])
    monkeypatch.setattr(module, "may_hold_a_match", lambda text, chars: chars is None)
    assert _parsed([_EXTRA]) != whole
