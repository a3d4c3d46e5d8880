-- Tokens that were made before they could expire last 90 days from now.
UPDATE api_tokens SET expires_at = (CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) + 90 * 86400) * 1000000;
