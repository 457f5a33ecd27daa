"""Collections whose memory stays flat however many items pass through them.

A batch over millions of notices plans with these: ``sorted_strings`` sorts a stream in
runs of ``SORT_RUN`` items, spilling each sorted run to an anonymous temporary file and
merging them; ``DiskMap`` is a bytes-keyed map in a private temporary SQLite database
(deleted when closed) whose page cache is bounded.  Both leave nothing behind, even when
the process is killed: their files are unlinked (SQLite's temporary database) or never
named (``tempfile.TemporaryFile``).
"""
from __future__ import annotations

import heapq
import sqlite3
import tempfile
from typing import IO, Iterable, Iterator

# items sorted in memory before a sorted run is written to disk
SORT_RUN = 50_000
# SQLite's page cache, in KiB (a negative cache_size is a size, not a page count)
CACHE_KIB = 4096


def sorted_strings(items: Iterable[str], run: int = SORT_RUN) -> Iterator[str]:
    """``sorted(items)``, holding at most ``run`` items in memory.  Any string is kept as it
    is, lone surrogates (the bytes of an undecodable file name) included."""
    runs: list[IO[bytes]] = []
    buffer: list[str] = []
    for item in items:
        buffer.append(item)
        if len(buffer) >= run:
            runs.append(_spill(sorted(buffer)))
            buffer = []
    buffer.sort()
    if not runs:
        yield from buffer
        return
    try:
        yield from heapq.merge(*(_read_run(f) for f in runs), buffer)
    finally:
        for f in runs:
            f.close()


def _spill(items: list[str]) -> IO[bytes]:
    """A sorted run in an anonymous file, each item its length (4 bytes) and its bytes."""
    f = tempfile.TemporaryFile()
    for item in items:
        data = item.encode("utf-8", "surrogateescape")
        f.write(len(data).to_bytes(4, "little") + data)
    f.seek(0)
    return f


def _read_run(f: IO[bytes]) -> Iterator[str]:
    while head := f.read(4):  # (a buffered file: small reads cost no system call each)
        yield f.read(int.from_bytes(head, "little")).decode("utf-8", "surrogateescape")


def key_bytes(key: str) -> bytes:
    return key.encode("utf-8", "surrogateescape")


class DiskMap:
    """str -> bytes, on disk.  ``add`` inserts a key if absent and says whether it was new;
    ``put`` replaces; ``items`` yields the entries sorted by key (SQLite sorts on disk)."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "" = a temporary database on disk, removed on close
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID")

    def add(self, key: str, value: bytes = b"") -> bool:
        cursor = self.db.execute("INSERT OR IGNORE INTO entries VALUES (?, ?)", (key_bytes(key), value))
        return cursor.rowcount == 1

    def put(self, key: str, value: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key_bytes(key), value))

    def get(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM entries WHERE key = ?", (key_bytes(key),)).fetchone()
        return None if row is None else row[0]

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM entries").fetchone()[0]

    def items(self) -> Iterator[tuple[str, bytes]]:
        for key, value in self.db.execute("SELECT key, value FROM entries ORDER BY key"):
            yield key.decode("utf-8", "surrogateescape"), value

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> DiskMap:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
