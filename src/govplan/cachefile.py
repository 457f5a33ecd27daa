"""What govplan keeps between starts in the cache folder (``settings.cache_dir``): plain data (marshal:
values only, nothing in it is run) in a file headed by its key and a checksum.  A file whose key or
checksum does not hold, or that cannot be read, counts as absent; one that cannot be written is not
written: the work is then done as without it."""
from __future__ import annotations

import marshal
import os

from govplan.digests import sha256_hex

TYPE_CHECKING = False  # (read without pathlib or typing: a compare's helper reads a kept file on its way)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


def read_kept(path: str | Path | None, key: str) -> Any:
    """The value kept at ``path`` under ``key``, or None."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            head, checksum, payload = file.read().split(b"\n", 2)
        if head.decode() != key or checksum.decode() != sha256_hex(payload):
            return None
        return marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
        return None


KEPT_OF_A_KIND = 8  # files of one kind kept in the folder (other versions, engines, grammars): the newest


class KeptKind:
    """One kind of file kept in the cache folder (compiled patterns, audited grammars, segmenter names):
    each named ``KIND-DIGEST SUFFIX`` (a hex digest's first 32 characters), so that writing one can remove
    those of its kind beyond the newest (``pattern``)."""

    __slots__ = ("kind", "suffix")

    def __init__(self, kind: str, suffix: str = ""):
        self.kind, self.suffix = kind, suffix

    def name(self, digest: str) -> str:
        return f"{self.kind}-{digest[:32]}{self.suffix}"

    @property
    def pattern(self) -> str:
        return f"{self.kind}-*{self.suffix}"


def write_kept(path: str | Path | None, key: str, value: Any, kind: KeptKind | None = None) -> None:
    """Keep ``value`` at ``path`` under ``key``, replacing the file whole (quietly not, where the folder
    cannot be written or the value is not plain data).  ``kind``: files of that kind beyond the newest
    ``KEPT_OF_A_KIND`` are removed, so that the keys of other versions and grammars do not pile up while
    a few installs can share the folder."""
    if path is None:
        return
    from pathlib import Path

    path = Path(path)
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(f"{key}\n{sha256_hex(payload)}\n".encode() + payload)
        os.replace(temporary, path)
    except (OSError, ValueError):
        return
    if kind is not None:
        _keep_newest(path.parent, kind.pattern, KEPT_OF_A_KIND)


def _keep_newest(folder: Path, pattern: str, count: int) -> None:
    """Remove the files named like ``pattern`` in ``folder`` beyond the ``count`` written last (quietly
    leaving those that cannot be removed, or that another process removed first)."""
    dated = []
    for file in folder.glob(pattern):
        if file.suffix == ".tmp":  # (another process's, being written)
            continue
        try:
            dated.append((file.stat().st_mtime_ns, file.name, file))
        except OSError:
            continue
    for _, _, file in sorted(dated, reverse=True)[count:]:
        try:
            file.unlink()
        except OSError:
            pass
