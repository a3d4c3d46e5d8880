-- Audit rows are chained with HMAC-SHA-256 under a key kept outside the
-- database. key_id is the fingerprint of the key a row was chained under
-- (never the key itself); '' marks a row written before there was a key,
-- which keeps its plain SHA-256 hash and still verifies. The head's key_id
-- binds the database to one key, so an instance started with another key
-- refuses instead of forking the chain.
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
