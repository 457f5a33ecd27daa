"""The patterns, texts and comparison the pattern wrappers' tests share (matching.HeldPattern and
grammar.patterns.TimedPattern each answer as regex's own call)."""
from __future__ import annotations

TEXTS = ["", "2025年底前完成", "一、总体要求\n(一)工作目标:2026年6月底前", "市发展改革委、市财政局按职责分工负责",
         "ab" * 40, "牵头单位:市财政局", "抄送:市委办公室", "2020年9月29日印发", "和", "专(zhuān)项", "(市教育局)以及"]
PATTERNS = [r"\d{4}年", r"(?P<y>\d{4})年(?P<m>\d{1,2})月", r"^[一二三四五六七八九十]+、", r"[、,]", r"(?m)^\(", r"b",
            r"(?:牵头|负责)单位[::]", r"(?<=\p{Han})[(][a-z]{1,7}[)]", r"(?:以及|和|及)", r"^(?:抄送|印发)[:]|印发$", r"a*"]


def same(got, want) -> None:
    if isinstance(want, list) and want and hasattr(want[0], "span"):
        got, want = list(got), list(want)
    if hasattr(want, "span") or want is None:
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
    elif isinstance(want, list) and all(hasattr(m, "span") for m in want):
        assert [(m.span(), m.groups()) for m in got] == [(m.span(), m.groups()) for m in want]
    else:
        assert got == want


def facts(source: str):
    from govplan.openings import first_chars, held_chars

    return lambda: (first_chars(source), held_chars(source))
