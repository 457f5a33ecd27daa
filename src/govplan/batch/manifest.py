"""A batch's manifest (OUT/_manifest.jsonl): one line per input, what became of it.

Each finished input is appended at once (path, sha256, size, govplan version, grammar hash,
script, reference date, output path, status, error), so a run killed halfway leaves a true
record: ``--skip-unchanged`` reads it and skips an input whose content and settings match a
record whose output is there, and redoes one whose settings differ.  ``--shard I/N`` gives
every N-th input from I, so that N machines split one run by hand; their manifests are joined
with ``govplan batch --merge-manifests``.
"""
from __future__ import annotations

import errno
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from govplan.errors import ManifestError
from govplan.files.spill import DiskMap

NAME = "_manifest.jsonl"
# bytes read at a time from the end of a manifest, looking for its last line break
TAIL_CHUNK = 1 << 16


@dataclass
class Record:
    path: str
    sha256: str
    size: int
    govplan_version: str
    grammar_sha256: str
    script: str
    reference_date: str | None
    output: str | None
    status: str  # ok | failed
    error: str | None = None

    def settings(self) -> tuple:
        return self.govplan_version, self.grammar_sha256, self.script, self.reference_date


def _records(path: Path) -> Iterator[Record]:
    """The records of a manifest in the order written (a rerun's come after)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Record(**json.loads(line))
            except (ValueError, TypeError) as exc:
                if not line.endswith("\n"):
                    return  # the last line of a run killed while writing it
                raise ManifestError(f"{path}:{n}: not a manifest record ({exc})") from None


class Index:
    """The records of manifests by input path, on disk (flat memory for millions of
    inputs); the last record of each input wins."""

    def __init__(self, paths: Iterable[Path] = ()):
        self.map = DiskMap()
        for path in paths:
            for record in _records(path):
                self.map.put(record.path, _line(record))

    def get(self, path: str) -> Record | None:
        line = self.map.get(path)
        return None if line is None else Record(**json.loads(line))

    def __contains__(self, path: str) -> bool:
        return path in self.map

    def lines(self) -> Iterator[bytes]:
        """Every record, one line each, sorted by path."""
        return (line for _, line in self.map.items())

    def close(self) -> None:
        self.map.close()


class Writer:
    """Appends one line per finished input, each written whole and flushed at once.  Each record is
    written holding a lock on the manifest, as is the check for a torn last line when it is opened: two
    batches into one folder never take a record the other is writing for a torn one."""

    def __init__(self, outdir: Path):
        from govplan.files.atomic import open_nofollow

        # a manifest that is a link is refused, never appended through (ELOOP)
        self.fd = open_nofollow(outdir / NAME, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        with _locked(self.fd):
            _drop_torn_line(self.fd)

    def write(self, record: Record) -> None:
        data = memoryview(_line(record))
        with _locked(self.fd):
            while data:  # a short write (a full disk, a signal) goes on where it stopped
                written = os.write(self.fd, data)
                if written <= 0:
                    raise OSError(errno.ENOSPC, "no space left: the manifest record was not written")
                data = data[written:]

    def close(self) -> None:
        os.close(self.fd)


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    """The manifest locked against other batches' writers (released by the system if this one dies)."""
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _drop_torn_line(fd: int) -> None:
    """A run killed while writing a record leaves it without its line break: it is cut off before this
    run appends, or the first new record would be joined to it and the manifest unreadable from there
    (the input it was for has no record, and is done again)."""
    size = os.lseek(fd, 0, os.SEEK_END)
    end = size
    while end > 0:
        start = max(0, end - TAIL_CHUNK)
        os.lseek(fd, start, os.SEEK_SET)  # (writes append wherever this is: O_APPEND)
        chunk = os.read(fd, end - start)
        if end == size and chunk.endswith(b"\n"):
            return  # (nearly always: the last record is whole)
        cut = chunk.rfind(b"\n")
        if cut >= 0:
            os.ftruncate(fd, start + cut + 1)
            return
        end = start
    os.ftruncate(fd, 0)


def _line(record: Record) -> bytes:
    """A record as one line of UTF-8 JSON; a file name that is not UTF-8 (its bytes kept as lone
    surrogates) is written escaped, and reads back as the same name."""
    data = dict(vars(record))  # (asdict deep-copies: a third of the driver's time in a large batch)
    try:
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True) + "\n").encode("ascii")


def parse_shard(spec: str) -> tuple[int, int]:
    """(I, N) of ``--shard I/N``, 0 <= I < N."""
    try:
        index, count = (int(part) for part in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes I/N such as 0/2, not {spec!r}") from None
    if not 0 <= index < count:
        raise ValueError(f"--shard {spec}: I must be at least 0 and less than N")
    return index, count


def shard(items: Iterable, spec: str) -> Iterator:
    """Every N-th item from the I-th (``spec`` "I/N"), streamed."""
    index, count = parse_shard(spec)
    return (item for n, item in enumerate(items) if n % count == index)


def merge(paths: list[Path], target: Path) -> int:
    """Join manifests (of the shards of one run) into ``target``; the number of inputs.
    The records pass through disk, so shards of millions of inputs merge in flat memory."""
    from govplan.files.atomic import open_atomic

    for path in paths:
        if not path.is_file():
            raise ManifestError(f"{path}: no such manifest")
    index = Index(paths)
    try:
        with open_atomic(target, durable=True) as out:
            count = 0
            for line in index.lines():
                out.write(line)
                count += 1
    finally:
        index.close()
    return count
