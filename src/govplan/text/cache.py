"""One bounded memo for per-line answers: plans repeat lines, a parse asks about each many times."""
from __future__ import annotations

import weakref
from typing import Any, Callable, Hashable

_MEMOS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # (a dict is not hashable: by id)


def forget_all() -> None:
    """Empty every memo: what a process has answered before no longer helps (benchmarks/run.py
    measures a parse of notices as if seen for the first time)."""
    for memo in list(_MEMOS.values()):
        memo.clear()


class Memo(dict):
    """``compute(key)`` of one function, remembered for at most ``size`` keys (then starts again empty)
    and only for keys of at most ``max_len`` characters (``length(key)``: the key's own length unless
    told), so that no long text outlives its parse; asked as ``memo[key]``: a key answered before costs
    one dict lookup, without a call in Python (the per-line questions are asked 15,000 times in a parse
    of the real notices, half of them again)."""

    __slots__ = ("_compute", "_size", "_max_len", "_length", "__weakref__")

    def __init__(self, compute: Callable[[Any], Any], size: int, max_len: int,
                 length: Callable[[Any], int] | None = None):
        super().__init__()
        self._compute, self._size, self._max_len, self._length = compute, size, max_len, length
        _MEMOS[id(self)] = self

    def __missing__(self, key: Hashable) -> Any:
        value = self._compute(key)
        if (len(key) if self._length is None else self._length(key)) <= self._max_len:  # type: ignore[arg-type]
            if len(self) >= self._size:
                self.clear()
            self[key] = value
        return value
