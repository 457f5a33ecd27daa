"""Atomic file output: write a temporary file beside the target, then rename it.

Where govplan writes it never follows a link it did not ask for: a batch's outputs, manifest,
errors file and lock stay inside the output folder (a link planted there is refused, see
:func:`check_contained`), and a target that is not a regular file (``-o /dev/null``, a FIFO,
``/dev/stdout``) is written into in place, never replaced (:func:`is_special`).

The file gets the mode a shell redirection would give it (0666 less the umask), or
keeps the mode of the file it replaces.  A temporary name carries the id of the run
that writes it (``.NAME.gp<run>-XXXX.tmp``), so that a run removes only its own
leftovers and those of runs that are no longer alive, never another live run's.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

_TMP_NAME = re.compile(r"^\..+\.gp(\d+)-[^.]+\.tmp$")
_umask: int | None = None


def run_id() -> int:
    """The id that marks this run's temporary files: the main process's pid, which batch
    workers inherit through GOVPLAN_RUN."""
    return int(os.environ.get("GOVPLAN_RUN", os.getpid()))


def _new_file_mode() -> int:
    global _umask
    if _umask is None:
        _umask = os.umask(0)  # reading the umask means setting it: set it straight back
        os.umask(_umask)
    return 0o666 & ~_umask


class LinkRefused(OSError):
    """A link where govplan writes inside an output folder."""

    def __init__(self, path: Path, root: Path):
        super().__init__(errno.ELOOP, f"{path} is a link or lies under one inside {root}: not followed")


def check_contained(path: Path, root: Path) -> None:
    """Refuse ``path`` when it, or a folder between ``root`` and it, is a symbolic link (a link
    planted in a batch's output folder would send outputs, records or the lock elsewhere)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        raise LinkRefused(path, root) from None
    probe = root
    for part in rel.parts:
        probe = probe / part
        try:
            if stat.S_ISLNK(os.lstat(probe).st_mode):
                raise LinkRefused(probe, root)
        except FileNotFoundError:
            return  # what does not exist yet is created by govplan, as a plain file or folder


def is_special(path: Path) -> bool:
    """Is ``path`` an existing target that is not a regular file (a device, a FIFO, a socket, a
    link to one such as /dev/stdout)?  Such a target is written into, not replaced."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def open_nofollow(path: Path, flags: int, mode: int = 0o666) -> int:
    """``os.open`` that never follows a link at the last component (O_NOFOLLOW)."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), mode)


@contextmanager
def open_atomic(path: Path, durable: bool = False) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only when the block succeeds.

    Readers see the old file or the whole new one; a killed process leaves at most a
    hidden ``.NAME.gp<run>-*.tmp`` beside it.  ``durable`` also syncs the data to disk
    before the rename, so that the file survives a power cut too.
    """
    if is_special(path):  # -o /dev/null, a FIFO: write into it, as a shell's > does
        with open(path, "wb") as fh:
            yield fh
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _new_file_mode()
    fd, tmp = _new_temporary(path.parent, f".{path.name}.gp{run_id()}-")
    try:
        os.fchmod(fd, mode)
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


def _new_temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file of its own in ``folder`` (``PREFIXrandom.tmp``, mode 0600 until chmod), as
    ``tempfile.mkstemp`` makes one, without importing tempfile (and shutil, random) on a parse's start."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, f"no free temporary name in {folder}")


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`open_atomic`)."""
    with open_atomic(path, durable) as fh:
        fh.write(data)


def remove_leftovers(folder: Path, mine_only: bool = False) -> int:
    """Remove temporary files below ``folder`` left by runs that are gone (or by this run).

    A file of a run that is still alive (another batch into the same folder) is kept.
    """
    removed = 0
    me = run_id()
    for tmp in folder.rglob(".*.tmp"):
        m = _TMP_NAME.match(tmp.name)
        if not m:
            continue
        owner = int(m.group(1))
        if owner == me or (not mine_only and not _alive(owner)):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
