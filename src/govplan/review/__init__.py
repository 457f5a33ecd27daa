"""govplan review: a self-contained HTML page per notice (the text with what was extracted marked
where it stands, the outline, the ledger, a timeline) on which a reviewer makes corrections, and an
index page for a folder."""
