"""Grammars audited before: the rules of a grammar that passed its audit (every file read, merged and
checked completely), kept in the user's cache folder, so that a later start only builds them instead of
reading TOML, validating with pydantic and compiling every pattern to check it (a third of a cold parse).

The key is the grammar's fingerprint (the bytes of every rule file read), govplan's version and the
auditing code's own bytes.  A file holds its key, a checksum and the merged rules as marshal data (values
only: ``cachefile``); a file whose key or checksum does not hold counts as absent.  Absent, corrupt
or unwritable: the grammar is audited as always.  The folder: ``settings.cache_dir``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from govplan.cachefile import KeptKind, read_kept, write_kept
from govplan.digests import sha256, sha256_hex
from govplan.settings import cache_dir
from govplan.version import __version__

_AUDITING_CODE = ("loader.py", "schema.py", "schema_pages.py", "tables.py", "registry.py", "audited.py")


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest = sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _AUDITING_CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _key(fingerprint: str) -> str:
    return sha256_hex(f"{fingerprint}\0{_code_hash()}".encode())


_KIND = KeptKind("grammar-audited")


def _kept(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / _KIND.name(key)


def audited_rules(fingerprint: str) -> dict[str, Any] | None:
    """The merged rules of each file of a grammar audited before (by file name), or None."""
    key = _key(fingerprint)
    rules = read_kept(_kept(key), key)
    return rules if isinstance(rules, dict) else None


def audited_before(fingerprint: str) -> bool:
    return audited_rules(fingerprint) is not None


def remember_audited(fingerprint: str, rules: dict[str, Any]) -> None:
    """Keep the merged rules of a grammar that passed its audit (quietly not, where it cannot be kept)."""
    key = _key(fingerprint)
    write_kept(_kept(key), key, rules, kind=_KIND)
