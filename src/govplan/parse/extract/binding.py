"""Does the wording bind a task to a time?  The cues around a time point (前, 到, 于…启动), the
clause it stands in (原…实施至, a past fact) and runs of listed times, for the deadlines stage."""
from __future__ import annotations

from typing import TYPE_CHECKING

from govplan.precompiled import escape, kept

if TYPE_CHECKING:
    from govplan.parse.extract.deadlines import DeadlineGrammar, _Point

_PUNCTUATION = " \t\u3000。.,;:、()"
# a character that is not _PUNCTUATION: searched for from a place, it stops at the first one (a slice and
# strip of the rest of the paragraph for each time in it was quadratic in a long paragraph of times)
_CONTENT = kept("[^" + escape(_PUNCTUATION) + "]")
_CLAUSE_ENDS = ("。", ";", ",", "!", "?")
SENTENCE_ENDS = ("。", "!", "?")


def clause_of(text: str, start: int, within: int, ends: tuple[str, ...] = _CLAUSE_ENDS) -> str:
    """The clause that holds text[start]: from after the last 。;,!? before it (with
    ``SENTENCE_ENDS``: the sentence, after the last 。!?), looked for at most ``within``
    characters back (a bounded scan: a long line without punctuation stays linear)."""
    low = max(0, start - within)
    cut = max(text.rfind(p, low, start) for p in ends)
    return text[max(cut + 1, low): start].lstrip()


def bound(text: str, start: int, end: int, deadline_rules: DeadlineGrammar) -> tuple[bool, int, int]:
    """Does the wording bind a task to the time at text[start:end]? Also the cue span.

    A paragraph that holds nothing but the time (a line 2021年5月-7月。 under 活动时间)
    states the item's time: it binds.
    """
    if _CONTENT.search(text, 0, start) is None and _CONTENT.search(text, end) is None:
        return True, start, end
    window = deadline_rules.windows.cue_chars
    after_window = text[end: end + window]
    after = after_window.lstrip()
    before = text[max(0, start - window): start].rstrip()
    if after.startswith(deadline_rules.blocked_after) and not after.startswith(deadline_rules.after):
        return False, start, end
    if before.endswith(deadline_rules.blocked_before):
        return False, start, end
    cue_start, cue_end = start, end
    bound = False
    for cue in deadline_rules.after:
        if after.startswith(cue):
            bound, cue_end = True, end + (len(after_window) - len(after)) + len(cue)
            break
    for cue in deadline_rules.before:
        if before.endswith(cue):
            bound, cue_start = True, start - len(cue)
            break
    if not bound and after.startswith(deadline_rules.verbs):
        bound = True
    if not bound and before.endswith("(") and after.startswith(")"):
        bound = True  # a time standing alone in brackets: 动员部署阶段(2023年3月)
    return bound, cue_start, cue_end


def listed_bound(pairs: list, text: str, deadline_rules: DeadlineGrammar) -> set[int]:
    """Points of a list (4月10日、7月10日和10月10日前) whose last member is bound: the
    binding of the list holds for every member.  Returns their indexes in ``pairs``."""
    members: set[int] = set()
    run: list[int] = []
    for n, (_, q, (s, _end)) in enumerate(pairs):
        joined = run and q is None and pairs[run[-1]][1] is None and deadline_rules.list_joiner.match(
            text[pairs[run[-1]][2][1]: s])
        if not joined:
            members |= _run_bound(run, pairs, text, deadline_rules)
            run = []
        if q is None:
            run.append(n)
    return members | _run_bound(run, pairs, text, deadline_rules)


def _run_bound(run: list[int], pairs: list, text: str, deadline_rules: DeadlineGrammar) -> set[int]:
    if len(run) < 2:
        return set()
    s, e = pairs[run[-1]][2]
    return set(run) if bound(text, s, e, deadline_rules)[0] else set()


def year_cue(text: str, p: _Point, deadline_rules: DeadlineGrammar) -> bool:
    """A year alone binds only with 前 after it, 到/至 before it (到2025年, 2025年前), or 于 before
    it and an action after it (于2025年启动)."""
    window = deadline_rules.windows.year_cue_chars
    after = text[p.end: p.end + window]
    before = text[max(0, p.start - window): p.start]
    # an action is matched in full, whatever its length (投入使用 is longer than the window)
    action = p.end + len(after) - len(after.lstrip())
    return (after.startswith(deadline_rules.after) or before.endswith(deadline_rules.before)
            or before.endswith(deadline_rules.year_before) and text.startswith(deadline_rules.verbs, action))
