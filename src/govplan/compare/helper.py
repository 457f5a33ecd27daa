"""The segmenter's dictionary loaded beside the reading of the plans (``govplan compare``).

rjieba builds its dictionary when it is imported: 0.12-0.15 s here, as long as a whole cold parse
of a plan, and holding the GIL (a thread beside the parse gained nothing, measured).  So a compare
forks a helper as it starts: the helper loads the segmenter the shipped grammar tries first (its
compare.toml, read without the loader: a user's grammar only appends segmenters) while this process
reads both plans, then cuts the texts it is sent with the first of the grammar's segmenters that
imports, and answers with their terms.  Where fork is not
there or not safe (not Linux; threads running), or when the helper fails in any way, the texts are
cut here (``similarity.cut_texts``): the same terms, only later.
"""
from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # (typing is not imported on the helper's way to its segmenter: ~10 ms)
if TYPE_CHECKING:
    from typing import Sequence


class SegmenterHelper:
    """A ``similarity.Cutter`` whose segmenter is loaded by a forked helper; a context manager: the
    helper is stopped and reaped on leaving, asked or not."""

    def __init__(self) -> None:
        self.pid = 0
        self._requests = self._replies = -1
        threading = sys.modules.get("threading")  # (not imported: no thread of Python's is running)
        if sys.platform != "linux" or threading is not None and threading.active_count() > 1:
            return
        requests_read, self._requests = os.pipe()
        self._replies, replies_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            os.close(self._requests)
            os.close(self._replies)
            _serve(requests_read, replies_write)
        os.close(requests_read)
        os.close(replies_write)
        self.pid = pid

    def __enter__(self) -> SegmenterHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, texts: Sequence[str], names: tuple[str, ...]) -> tuple[str, list[list[str]]]:
        answer = self._ask(texts, names) if self.pid else None
        if answer is not None:
            return answer
        from govplan.compare.similarity import cut_texts

        return cut_texts(texts, names)

    def _ask(self, texts: Sequence[str], names: tuple[str, ...]) -> tuple[str, list[list[str]]] | None:
        """The helper's answer, or None when it has none (no segmenter there, or it failed)."""
        try:
            _write_all(self._requests, marshal.dumps((names, list(texts))))
            os.close(self._requests)
            self._requests = -1
            name, pieces = marshal.loads(_read_all(self._replies))
        except (OSError, EOFError, ValueError, TypeError):
            return None
        finally:
            self.close(answered=True)
        return (name, pieces) if name and len(pieces) == len(texts) else None

    def close(self, answered: bool = False) -> None:
        """Close the pipes and reap the helper (stopped first unless it has answered)."""
        if not self.pid:
            return
        for fd in (self._requests, self._replies):
            if fd >= 0:
                os.close(fd)
        self._requests = self._replies = -1
        if not answered:
            import signal

            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = 0


def _serve(requests: int, replies: int) -> None:
    """The helper's life: load the segmenter the shipped grammar tries first, read ``(names, texts)``,
    answer ``(name, terms of each text)`` cut by the first of ``names`` that imports (as
    ``similarity.segmenter`` chooses); ``("", [])`` when none does or a segmenter fails (the caller then
    cuts the texts itself, and says why).  Nothing but the segmenter is imported here: the grammar, the
    loader and regex were a fifth of the helper's way to its first answer."""
    code = 0
    try:
        from govplan.compare.segmenters import first_that_loads
        from govplan.grammar.place import shipped_segmenters

        shipped = shipped_segmenters()
        import signal  # (here, not before the fork: its enum then comes with tomllib's re, not on the way)

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # (an interrupt is the command's to report)
        first_that_loads(shipped)  # (loaded while the command reads the plans)
        names, texts = marshal.loads(_read_all(requests))
        try:
            name, cut = first_that_loads(names)
        except Exception:  # noqa: BLE001 - any failure: the caller cuts the texts itself
            name, cut = "", None
        answer = (name, [cut(text) for text in texts]) if cut else ("", [])
        _write_all(replies, marshal.dumps(answer))
    except BaseException:  # noqa: BLE001 - nothing of the helper's may reach the command's streams
        code = 1
    finally:
        os._exit(code)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)
