"""The corrections file: read and validated (models.CorrectionsFile), and which input it is for."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govplan.errors import ReadError

if TYPE_CHECKING:  # (pydantic, imported when a corrections file is read)
    from govplan.models.views import CorrectionsFile

# a corrections file holds a reviewer's edits: kilobytes; anything larger is not one
MAX_BYTES = 16 * 1024 * 1024


def read_corrections(path: str | Path) -> CorrectionsFile:
    """The corrections file at ``path``; ReadError (one line, naming the entry) when it is not one."""
    import pydantic

    from govplan.models.views import CorrectionsFile

    where = str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(where, f"cannot read the corrections file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ReadError(where, f"not a corrections file (over {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        return CorrectionsFile.model_validate_json(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ReadError(where, f"not a corrections file: {at}: {first['msg']}") from None


@dataclass
class Corrections:
    """A corrections file as a command was given it: ``only_for_one`` when the command has one
    input, which it then corrects whatever its name; else an input is corrected when its name or
    content is the one the corrections were made on.  ``applied_to`` counts the inputs corrected."""

    path: str
    file: CorrectionsFile
    only_for_one: bool = False
    applied_to: int = 0

    def for_input(self, path: str, data: bytes) -> CorrectionsFile | None:
        """The corrections when they are for the input at ``path`` (counted), else None."""
        source = self.file.source
        mine = self.only_for_one or Path(source.path).name == Path(path).name or bool(
            source.sha256 and hashlib.sha256(data).hexdigest() == source.sha256)
        self.applied_to += mine
        return self.file if mine else None
