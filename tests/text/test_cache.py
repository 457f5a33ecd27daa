"""The one bounded memo of per-line answers."""
from govplan.text.cache import BoundedCache


def test_it_remembers_short_keys_and_computes_each_once():
    calls = []
    cache = BoundedCache(size=3, max_len=4)

    def compute(key):
        calls.append(key)
        return key.upper()

    assert [cache.get(k, compute) for k in ("ab", "ab", "cd", "ab")] == ["AB", "AB", "CD", "AB"]
    assert calls == ["ab", "cd"]


def test_long_keys_are_answered_but_never_kept():
    cache = BoundedCache(size=3, max_len=4)
    calls = []
    for _ in range(2):
        assert cache.get("abcdef", lambda k: calls.append(k) or len(k)) == 6
    assert calls == ["abcdef", "abcdef"]
    assert cache.get(("x", "toolong"), lambda k: 1, length=2) == 1  # the length given decides


def test_it_never_holds_more_than_its_size():
    cache = BoundedCache(size=3, max_len=10)
    for n in range(10):
        cache.get(str(n), int)
        assert len(cache._data) <= 3


def test_forget_all_empties_every_memo_and_they_still_answer():
    from govplan.text.cache import BoundedCache, forget_all

    calls: list[str] = []
    first, second = BoundedCache(10, 100), BoundedCache(10, 100)
    for cache in (first, second):
        assert cache.get("一、总体要求", lambda k: calls.append(k) or len(k)) == 6
    forget_all()
    assert first.get("一、总体要求", lambda k: calls.append(k) or len(k)) == 6
    assert len(calls) == 3  # (asked again after forgetting; each memo once before)


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
