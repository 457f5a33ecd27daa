"""The Chinese segmenters compare can use, by the names compare.toml gives them.  Nothing else is imported
here: a compare's helper loads the first one before anything else (compare.helper)."""
from __future__ import annotations

TYPE_CHECKING = False  # (typing is not imported on the helper's way to its segmenter: ~10 ms)
if TYPE_CHECKING:
    from typing import Callable, Sequence


def load(name: str) -> Callable[[str], list[str]]:
    """The cut of the segmenter ``name``: rjieba, else jieba; ImportError when it is not installed."""
    if name == "rjieba":
        import rjieba

        return rjieba.cut
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return lambda text: list(jieba.cut(text))


def first_that_loads(names: Sequence[str]) -> tuple[str, Callable[[str], list[str]] | None]:
    """(name, cut) of the first of ``names`` whose segmenter imports, else ("", None)."""
    for name in names:
        try:
            return name, load(name)
        except ImportError:
            continue
    return "", None
