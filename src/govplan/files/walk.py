"""The files of a folder, streamed in sorted order with flat memory.

``sorted(folder.rglob(glob))`` holds every path of the tree before the first is used: about
a kilobyte per file, ten gigabytes for ten million.  ``walk`` yields the same files in the
same order (sorted by their path's parts, which is a depth-first walk with each folder's
entries sorted by name) while holding one folder's names at a time, and a folder of more
than ``spill.SORT_RUN`` entries is sorted through disk.
"""
from __future__ import annotations

import fnmatch
import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from govplan.files.spill import sorted_strings

# an entry's kind, appended to its name after a NUL so that sorting the tagged names sorts
# the names (NUL sorts before every character a file name can hold)
FOLDER, FILE = "\0d", "\0f"


class Matcher:
    """Do a file's path (relative to the folder walked) match one of the globs, with
    ``Path.rglob``'s meaning: a pattern matches the end of the path, part by part?"""

    def __init__(self, globs: tuple[str, ...]):
        names = [g for g in globs if "/" not in g]
        self.by_name = re.compile("|".join(fnmatch.translate(g) for g in names)) if names else None
        self.by_path = [g for g in globs if "/" in g]

    def __call__(self, relative: str) -> bool:
        name = relative.rpartition("/")[2]
        if self.by_name is not None and self.by_name.match(name):
            return True
        return any(PurePosixPath(relative).match(g) for g in self.by_path)


def warn(message: str) -> None:
    sys.stderr.write(f"govplan: warning: {message}\n")


def walk(root: Path, globs: tuple[str, ...], skip_names: frozenset[str] = frozenset(),
         unreadable: Callable[[str], None] = warn) -> Iterator[Path]:
    """Files under ``root`` matching any of ``globs``, in sorted order.  Hidden files and
    folders (a name starting with a dot) are skipped, as are ``skip_names``; folders that
    are symbolic links are not entered (as rglob), files that are links are read.  A folder
    that cannot be read is told to ``unreadable`` (a warning on stderr), never passed over
    in silence."""
    matches = Matcher(globs)
    yield from _walk(root, "", matches, skip_names, unreadable)


def _walk(folder: Path, prefix: str, matches: Matcher, skip_names: frozenset[str],
          unreadable: Callable[[str], None]) -> Iterator[Path]:
    for tagged in sorted_strings(_entries(folder, unreadable)):
        name, kind = tagged[:-2], tagged[-2:]
        relative = prefix + name
        if kind == FOLDER:
            yield from _walk(folder / name, relative + "/", matches, skip_names, unreadable)
        elif name not in skip_names and matches(relative):
            yield folder / name


def _entries(folder: Path, unreadable: Callable[[str], None]) -> Iterator[str]:
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        yield entry.name + FOLDER
                    elif entry.is_file():
                        yield entry.name + FILE
                except OSError:  # gone, or a link to nowhere: not an input
                    continue
    except OSError as exc:  # rglob skipped such a folder without a word
        unreadable(f"{folder}: folder not read ({exc.strerror or exc}); its notices are left out")
