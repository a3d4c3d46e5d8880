-- Failed sign-ins are counted per key (the web side keys them by name and
-- address together, by address and by name), one row per key: the failures
-- of its current run, when the run began and when its last failure was.
-- One row per key, where login_failures kept one per failure, keeps the
-- table small under a guessing attack; its old "user:" keys meant a lock on
-- a name for everyone and are not carried over.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    key      TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    last_at  BIGINT NOT NULL
);
-- The sweep drops rows by their last failure.
CREATE INDEX login_throttle_last ON login_throttle (last_at);
