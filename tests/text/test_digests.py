"""SHA-256 digests by Python's own module for small data and OpenSSL's for large: the same digests."""
from __future__ import annotations

import hashlib

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
