"""A batch's manifest (OUT/_manifest.jsonl): one line per input, what became of it.

Each finished input is appended at once (path, sha256, size, govplan version, grammar hash,
script, reference date, output path, status, error), so a run killed halfway leaves a true
record: ``--skip-unchanged`` reads it and skips an input whose content and settings match a
record whose output is there, and redoes one whose settings differ.  ``--shard I/N`` gives
every N-th input from I, so that N machines split one run by hand; their manifests are joined
with ``govplan batch --merge-manifests``.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

NAME = "_manifest.jsonl"


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


class ManifestError(ValueError):
    """A manifest line that is not a record: one line naming the file and line."""


def read(path: Path) -> dict[str, Record]:
    """The records of a manifest, the last one of each input winning (a rerun's)."""
    records: dict[str, Record] = {}
    if not path.is_file():
        return records
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = Record(**json.loads(line))
            except (ValueError, TypeError) as exc:
                if not line.endswith("\n"):
                    break  # the last line of a run killed while writing it
                raise ManifestError(f"{path}:{n}: not a manifest record ({exc})") from None
            records[record.path] = record
    return records


class Writer:
    """Appends one line per finished input, each written whole and flushed at once."""

    def __init__(self, outdir: Path):
        self.fd = os.open(outdir / NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)

    def write(self, record: Record) -> None:
        os.write(self.fd, _line(record))

    def close(self) -> None:
        os.close(self.fd)


def _line(record: Record) -> bytes:
    """A record as one line of UTF-8 JSON; a file name that is not UTF-8 (its bytes kept as lone
    surrogates) is written escaped, and reads back as the same name."""
    data = asdict(record)
    try:
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True) + "\n").encode("ascii")


def shard(items: list, spec: str) -> list:
    """Every N-th item from the I-th (``spec`` "I/N", 0 <= I < N)."""
    try:
        index, count = (int(part) for part in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes I/N such as 0/2, not {spec!r}") from None
    if not 0 <= index < count:
        raise ValueError(f"--shard {spec}: I must be at least 0 and less than N")
    return items[index::count]


def merge(paths: list[Path], target: Path) -> int:
    """Join manifests (of the shards of one run) into ``target``; the number of inputs."""
    records: dict[str, Record] = {}
    for path in paths:
        if not path.is_file():
            raise ManifestError(f"{path}: no such manifest")
        records.update(read(path))
    data = b"".join(_line(r) for r in sorted(records.values(), key=lambda r: r.path))
    from .atomic import write_atomic

    write_atomic(target, data)
    return len(records)
