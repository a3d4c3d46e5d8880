-- The audit trail is append-only: the database itself refuses to change or
-- remove a row; the hash chain shows what someone with superuser rights did
-- around this.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- Subtree queries use path LIKE 'prefix%'; the pattern index serves them
-- whatever the database's collation.
CREATE INDEX org_units_path_pattern ON org_units (path text_pattern_ops);
