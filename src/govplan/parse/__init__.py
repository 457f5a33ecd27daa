"""Stages 2-5, the parse: normalize -> outline (documents, headings, tables) -> extract -> assemble."""
