"""SHA-256 hex digests, without OpenSSL's start for small data: ``hashlib`` loads and initialises
OpenSSL on import (about 5 ms of every start, a twentieth of a cold parse), which only pays for itself
on large data (its SHA-256 is several times faster: Python's own took 3% of a warm parse).  Data is
hashed by Python's own SHA-256 module, when this Python has one, until the process has hashed a
megabyte (or is given a megabyte at once, or has hashlib loaded already); OpenSSL's from then on.  The
digests are the same."""
from __future__ import annotations

import sys

TYPE_CHECKING = False  # (typing is not imported for an annotation: a compare's helper hashes on its way)
if TYPE_CHECKING:
    from typing import Any

try:  # CPython's built-in SHA-256 (3.12 on: _sha2)
    from _sha2 import sha256 as _small  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - by Python version
    try:
        from _sha256 import sha256 as _small  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        _small = None

_LARGE = 1 << 20
_hashed_small = 0  # bytes hashed by Python's own module in this process


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hex digits."""
    return sha256(data).hexdigest()


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 object (``update``, ``hexdigest``), fed ``data``: Python's own for small data, OpenSSL's
    (hashlib) for large."""
    global _hashed_small
    if _small is None or _hashed_small >= _LARGE or len(data) >= _LARGE or "hashlib" in sys.modules:
        import hashlib

        return hashlib.sha256(data)
    _hashed_small += len(data)
    return _small(data)
