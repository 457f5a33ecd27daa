"""What govplan keeps between starts in the cache folder (``settings.cache_dir``): plain data (marshal:
values only, nothing in it is run) in a file headed by its key and a checksum.  A file whose key or
checksum does not hold, or that cannot be read, counts as absent; one that cannot be written is not
written: the work is then done as without it."""
from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from govplan.digests import sha256_hex


def read_kept(path: Path | None, key: str) -> Any:
    """The value kept at ``path`` under ``key``, or None."""
    if path is None:
        return None
    try:
        head, checksum, payload = path.read_bytes().split(b"\n", 2)
        if head.decode() != key or checksum.decode() != sha256_hex(payload):
            return None
        return marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
        return None


def write_kept(path: Path | None, key: str, value: Any) -> None:
    """Keep ``value`` at ``path`` under ``key``, replacing the file whole (quietly not, where the folder
    cannot be written or the value is not plain data)."""
    if path is None:
        return
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(f"{key}\n{sha256_hex(payload)}\n".encode() + payload)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass
