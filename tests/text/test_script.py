"""Width folding (text.script.fold_width): each folded character replaced by its table entry, every other
character kept, whichever engine finds them."""
from __future__ import annotations

import random
import sys

from govplan.text.script import _FULLWIDTH, fold_width


def test_folding_replaces_exactly_the_table_characters():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert fold_width(every) == every.translate(_FULLWIDTH)


def test_folding_generated_notice_text():
    rng = random.Random(4)
    pieces = ["一、总体要求", "(一)", "（二）", "１２３", "ＡＢＣ", "\u3000", "\u00a0", "\u200b", "\ufeff", "⑴", "⒈", "㈠",
              "，", "：", "；", "！", "？", "2024年", "\n", " "]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert fold_width(text) == text.translate(_FULLWIDTH), text
