"""One bounded memo for per-line answers: plans repeat lines, a parse asks about each many times."""
from __future__ import annotations

import weakref
from typing import Any, Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_ALL: weakref.WeakSet = weakref.WeakSet()
_MEMOS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # (a dict is not hashable: by id)


def forget_all() -> None:
    """Empty every memo: what a process has answered before no longer helps (benchmarks/run.py
    measures a parse of notices as if seen for the first time)."""
    for cache in [*_ALL, *_MEMOS.values()]:
        cache.forget()


class Memo(dict):
    """``compute(key)`` of one function, remembered for at most ``size`` keys (then starts again empty)
    and only for keys of at most ``max_len`` characters, asked as ``memo[key]``: a key answered before
    costs one dict lookup, without a call in Python (the per-line questions are asked 15,000 times in a
    parse of the real notices, half of them again)."""

    __slots__ = ("_compute", "_size", "_max_len", "__weakref__")

    def __init__(self, compute: Callable[[str], Any], size: int, max_len: int):
        super().__init__()
        self._compute, self._size, self._max_len = compute, size, max_len
        _MEMOS[id(self)] = self

    def __missing__(self, key: str) -> Any:
        value = self._compute(key)
        if len(key) <= self._max_len:
            if len(self) >= self._size:
                self.clear()
            self[key] = value
        return value

    def forget(self) -> None:
        self.clear()


class BoundedCache(Generic[K, V]):
    """Remembers ``compute(key)`` for at most ``size`` keys (then starts again empty), and only
    for keys whose length is at most ``max_len``, so that no long text outlives its parse."""

    __slots__ = ("_data", "_size", "_max_len", "__weakref__")

    def __init__(self, size: int, max_len: int):
        self._data: dict[K, V] = {}
        self._size, self._max_len = size, max_len
        _ALL.add(self)

    def get(self, key: K, compute: Callable[[K], V], length: int | None = None) -> V:
        data = self._data
        if key in data:
            return data[key]
        value = compute(key)
        if (len(key) if length is None else length) <= self._max_len:  # type: ignore[arg-type]
            if len(data) >= self._size:
                data.clear()
            data[key] = value
        return value

    def forget(self) -> None:
        self._data.clear()
