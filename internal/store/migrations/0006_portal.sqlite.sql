-- SQLite: an FTS5 table whose rowid is search_docs.id, over the folded
-- words only (tones and marks removed in Go, so the tokenizer must not
-- touch them again). The facets column holds the kind and category as
-- words of their own, so filters run inside the full-text index; ids grow
-- with the day (see store/search.go), so newest-first and date ranges are
-- rowid order and rowid ranges, which FTS5 walks without sorting.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, facets,
    tokenize = 'unicode61 remove_diacritics 0'
);
