-- Tokens that were made before they could expire last 90 days from now.
UPDATE api_tokens SET expires_at = (CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400) * 1000000;
