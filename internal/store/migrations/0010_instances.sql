-- Several instances on one database: what the public portal shows and the
-- feedback limits are shared through the database, not kept per process.

-- The portal's generation: a number that grows with every change to what
-- the public portal shows. The engine-specific parts add triggers on the
-- tables the portal reads, so the number moves in the same transaction as
-- the change, whoever made it (any instance, a command, a restore).
-- Instances compare it before serving a page from memory; on PostgreSQL a
-- notification at commit tells them at once.
CREATE TABLE portal_generation (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    gen BIGINT NOT NULL
);
INSERT INTO portal_generation (id, gen) VALUES (1, 0);

-- Messages sent through the portal's feedback form, for its limit per
-- address: the sender is a keyed hash of the address (the key is in
-- settings), never the address, and a row lives no longer than the
-- limit's window.
CREATE TABLE feedback_sends (
    sender TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX feedback_sends_sender ON feedback_sends (sender, at);
CREATE INDEX feedback_sends_at ON feedback_sends (at);
