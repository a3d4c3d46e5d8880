-- PostgreSQL: tsvectors written in Go over the folded words (no stemming,
-- no stop words: the words are already folded), the title's weighted A;
-- the title also has a vector of its own, so the planner knows how often
-- words occur in titles when it looks for title matches.
ALTER TABLE search_docs ADD COLUMN tsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
ALTER TABLE search_docs ADD COLUMN title_tsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX search_docs_title_tsv ON search_docs USING GIN (title_tsv);
