"""Every error govplan reports to a person, in one hierarchy, with its exit code.

A ``GovplanError`` carries its own one-line message(s) and exit code; the command line
maps it in one place (``govplan.cli.app.main``).  The library raises these and nothing
else for bad input, grammar or settings; anything else that escapes is a bug (exit 3).
"""
from __future__ import annotations

import enum


def shown(path: str) -> str:
    """A path as printable text: bytes of a name that are not UTF-8 (a name from a
    Windows zip, kept by Python as lone surrogates) become U+FFFD."""
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = path.encode("utf-8", "surrogatepass")
    return data.decode("utf-8", "replace")


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # check found something at --fail-on, or batch had failed inputs
    INPUT = 2  # unusable input, usage, grammar or settings
    INTERNAL = 3  # a bug: reported in one line (GOVPLAN_DEBUG=1 shows the traceback)
    INTERRUPTED = 130


class GovplanError(Exception):
    """Base: ``lines()`` are what the user reads (each printed as ``govplan: error: …``)."""

    exit_code: ExitCode = ExitCode.INPUT

    def lines(self) -> list[str]:
        return str(self).splitlines() or [type(self).__name__]


class UsageError(GovplanError):
    """A command given what it cannot do (no input, contradicting options)."""


class AlreadyReported(GovplanError):
    """The command's errors are on stderr already (a line each): only its exit code is left to give."""

    def lines(self) -> list[str]:
        return []


class InputError(GovplanError):
    """An input that cannot be used as given."""


class ReadError(InputError):
    """The input cannot be read as text; the message names the file."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{shown(path)}: {reason}")
        self.path = shown(path)
        self.reason = reason


class RenderError(ReadError):
    """A file of a known format that cannot be read (a scan, a broken zip, no text)."""


class GrammarError(GovplanError):
    """A grammar file is missing, malformed or holds invalid rules; one line per error."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors

    def lines(self) -> list[str]:
        return [f"grammar: {e}" for e in self.errors]


class PatternTimeout(GrammarError):
    """A grammar pattern took longer than its time limit on the input."""

    def __init__(self, where: str, seconds: float):
        super().__init__([f"{where}: pattern took longer than {seconds:g} s on one piece of the input "
                          "(it backtracks too much: make its repetitions bounded or possessive)"])


class ConfigError(GovplanError):
    """A [tool.govplan] table or a setting that cannot be used."""


class ManifestError(GovplanError):
    """A batch manifest line that is not a record: the message names the file and line."""


class EngineError(GovplanError):
    """The cluster cannot run this batch (missing dask, unreachable scheduler, other versions)."""


class DependencyMissing(GovplanError):
    """An optional component that the command needs is not installed; the message names it."""


class OutputError(GovplanError):
    """An output that cannot be written (the message names it and the reason)."""
