"""Atomic file output: write a temporary file beside the target, then rename it."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def open_atomic(path: Path, durable: bool = False) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only when the block succeeds.

    Readers see the old file or the whole new one; a killed process leaves at most a
    hidden ``.NAME.*.tmp`` beside it.  ``durable`` also syncs the data to disk before the
    rename, so that the file survives a power cut too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`open_atomic`)."""
    with open_atomic(path, durable) as fh:
        fh.write(data)
