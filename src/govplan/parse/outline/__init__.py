"""Stage 3, outline: line kinds, documents, the frame, the heading tree and task tables."""
