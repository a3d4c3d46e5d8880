-- PostgreSQL: a tsvector over the folded words with the 'simple'
-- configuration (no stemming, no stop words: the words are already folded
-- in Go), the title weighted A so title matches can be asked for.
ALTER TABLE search_docs ADD COLUMN tsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
