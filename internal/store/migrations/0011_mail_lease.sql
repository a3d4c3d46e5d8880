-- E-mail reminders go out at most once per holder of a claim, and every
-- copy of one reminder carries the same Message-ID.
--
-- claim_token is new for every claim, so a scheduler whose lease ran out
-- (a slow mail server, a paused machine) can tell that another has taken
-- the reminder since, even when both run under the same worker name; its
-- re-check before sending, its lease extensions and its failure records
-- all name the token and change nothing once it is not theirs.
--
-- message_id is the e-mail's Message-ID without angle brackets, written
-- once before the first byte of the first attempt goes to the mail server
-- and reused by every retry, by any instance, and after an admin's
-- retry, so a receiving server that saw the message can drop a second copy.
ALTER TABLE reminders ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
-- The claims a scheduler extends while its batch runs.
CREATE INDEX reminders_claim ON reminders (claim_token) WHERE status = 'sending';
