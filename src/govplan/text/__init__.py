"""Text below the parse: script conversion, punctuation and brackets, numerals."""
