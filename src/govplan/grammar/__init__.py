"""The grammar: rule files' schema, loading and validation, compiled and timed patterns."""
