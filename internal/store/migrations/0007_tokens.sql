-- API tokens end: expires_at is when (microseconds; a token is refused
-- from then on), and scope says whether it may change data ('read-write')
-- or only read it ('read'). Tokens made before this had neither: they keep
-- working as read-write tokens for 90 days from this migration (the
-- engine-specific parts set the date), so no integration breaks today.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read-write' CHECK (scope IN ('read', 'read-write'));
