"""An output held back until it is whole: bytes kept in memory up to a limit, then in an anonymous
temporary file (never named: nothing is left behind, even when the process is killed).  A command
that writes a long result piece by piece to standard output writes it here first, so that standard
output gets all of it or, when the command fails half way, nothing."""
from __future__ import annotations

import io
from typing import IO

IN_MEMORY = 16 * 1024 * 1024  # bytes kept in memory before the rest goes to a temporary file
_COPY = 1 << 20


class Spool(io.RawIOBase):
    """A writable binary stream; ``copy_to`` writes what it holds to another."""

    def __init__(self, in_memory: int = IN_MEMORY):
        super().__init__()
        self._limit = in_memory
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file: IO[bytes] | None = None

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._memory is not None and self._memory.tell() + len(data) > self._limit:
            import tempfile  # (only a long output comes here)

            self._file = tempfile.TemporaryFile()
            self._file.write(self._memory.getbuffer())
            self._memory = None
        target = self._memory if self._memory is not None else self._file
        assert target is not None
        return target.write(data)

    def copy_to(self, out: IO[bytes]) -> None:
        if self._memory is not None:
            out.write(self._memory.getbuffer())
            return
        assert self._file is not None
        self._file.seek(0)
        while chunk := self._file.read(_COPY):
            out.write(chunk)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._memory = self._file = None
        super().close()
