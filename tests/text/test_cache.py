"""The one bounded memo of per-line answers (text.cache.Memo)."""
from govplan.text.cache import Memo


def test_a_key_s_length_can_be_told_for_a_key_that_is_not_text():
    """(text before, window) keys: only the window's length decides whether the answer is kept."""
    calls: list[tuple[str, str]] = []
    memo = Memo(lambda k: calls.append(k) or len(k[1]), size=3, max_len=4, length=lambda k: len(k[1]))
    assert memo[("x", "ab")] == 2 and memo[("x", "ab")] == 2 and calls == [("x", "ab")]
    assert memo[("x", "toolong")] == 7 and ("x", "toolong") not in memo


def test_a_memo_of_one_function_answers_by_subscript_and_computes_each_key_once():
    from govplan.text.cache import Memo

    calls: list[str] = []
    memo = Memo(lambda k: calls.append(k) or k.upper(), size=3, max_len=4)
    assert [memo[k] for k in ("ab", "ab", "cd", "ab")] == ["AB", "AB", "CD", "AB"]
    assert calls == ["ab", "cd"]
    assert memo["abcdef"] == "ABCDEF" and memo["abcdef"] == "ABCDEF"  # a long key: answered, never kept
    assert calls[-2:] == ["abcdef", "abcdef"] and "abcdef" not in memo
    for n in range(10):
        assert memo[str(n)] == str(n)
        assert len(memo) <= 3  # never more than its size


def test_forget_all_empties_memos_of_one_function_too():
    from govplan.text.cache import Memo, forget_all

    calls: list[str] = []
    memos = [Memo(lambda k: calls.append(k) or len(k), 10, 100) for _ in range(2)]
    assert [m["一、总体要求"] for m in memos] == [6, 6]
    forget_all()
    assert all(len(m) == 0 for m in memos)
    assert memos[0]["一、总体要求"] == 6 and len(calls) == 3
