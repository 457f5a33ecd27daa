"""Stage 4, extraction: fields, units, unit names, deadlines and document metadata."""
