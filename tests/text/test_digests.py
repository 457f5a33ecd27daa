"""SHA-256 digests by Python's own module for small data and OpenSSL's for large: the same digests."""
from __future__ import annotations

import hashlib
import sys

import pytest

from govplan.digests import sha256, sha256_hex


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000, (1 << 20) - 1, 1 << 20, 3 << 20])
def test_the_same_digest_as_hashlib(size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_fed_in_pieces():
    digest = sha256(b"markers\0")
    digest.update("一、总体要求".encode())
    assert digest.hexdigest() == hashlib.sha256("markers\0一、总体要求".encode()).hexdigest()


def test_openssl_once_a_megabyte_is_hashed_in_pieces(monkeypatch):
    """Small pieces go to Python's own module until the process has hashed a megabyte; OpenSSL's then
    (its start paid back), with the same digests."""
    from govplan import digests

    monkeypatch.delitem(sys.modules, "hashlib")
    monkeypatch.setattr(digests, "_hashed_small", 0)
    piece = bytes(range(256)) * 400  # 100 KiB
    kinds = [type(sha256(piece)).__module__ for _ in range(12)]
    assert set(kinds[:11]) == {kinds[0]} and kinds[0] != "_hashlib" and kinds[11] == "_hashlib"
    assert sha256_hex(piece) == hashlib.sha256(piece).hexdigest()
