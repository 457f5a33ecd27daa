"""Lint rules over parse results."""
