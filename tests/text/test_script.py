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


def test_differences_counts_what_a_character_by_character_count_does():
    """Generated pairs: lengths 0-900 (unequal ones too: the shorter one's length counts), from none to
    every character changed, changes alone, in runs and at both ends; counted whole and up to a limit."""
    import operator
    import random

    from govplan.text.script import differences

    rng = random.Random(11)
    alphabet = "国务院关于加快推进数字政府建设的指导意见,。、()12"
    for _ in range(1500):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 900)))
        b = list(a)
        rate = rng.choice((0, 0.001, 0.01, 0.1, 0.5, 1))
        for i in range(len(b)):
            if rng.random() < rate:
                b[i] = rng.choice("國務院關於加快推進數字政府建設的指導意見")
        if b and rng.random() < 0.3:  # a run changed
            start = rng.randrange(len(b))
            b[start:start + rng.randint(1, 40)] = "變" * len(b[start:start + 40])
        b = "".join(b)[: rng.choice((len(b), rng.randint(0, len(b))))] + rng.choice(("", "尾", "多出的字"))
        full = sum(map(operator.ne, a, b))
        assert differences(a, b) == full == differences(b, a), (a, b)
        enough = rng.randint(0, 40)  # stops above it: the same answer to "more than enough?", and the
        stopped = differences(a, b, enough)  # whole count where it is not more
        assert (stopped > enough) == (full > enough) and (stopped == full or full > enough), (a, b, enough)
