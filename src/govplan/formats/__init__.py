"""Stage 1, formats: bytes of any supported format -> decoded, positioned text."""
