-- A change to what the portal shows moves the portal's generation; moving
-- it notifies every instance listening on channel tebdg_portal when the
-- transaction commits (and not at all if it rolls back). The payload is
-- the schema, so deployments sharing one database ignore each other.
CREATE FUNCTION portal_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE portal_generation SET gen = gen + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE FUNCTION portal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tebdg_portal', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$;
CREATE TRIGGER portal_generation_notify AFTER UPDATE ON portal_generation
    FOR EACH STATEMENT EXECUTE FUNCTION portal_notify();

-- Tables the portal shows all of: sections, the directory and hotlines,
-- agencies and the province, documents, observances and holidays.
CREATE TRIGGER portal_post_categories AFTER INSERT OR UPDATE OR DELETE ON post_categories
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_services AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_org_units AFTER INSERT OR UPDATE OR DELETE ON org_units
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_legal_docs AFTER INSERT OR UPDATE OR DELETE ON legal_docs
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_observance_rules AFTER INSERT OR UPDATE OR DELETE ON observance_rules
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_holidays AFTER INSERT OR UPDATE OR DELETE ON holidays
    FOR EACH STATEMENT EXECUTE FUNCTION portal_touch();

-- Posts: only published ones are public. Counting views changes nothing
-- else in the row, and the page shows counts a minute old anyway.
CREATE TRIGGER portal_posts_insert AFTER INSERT ON posts
    FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_posts_update AFTER UPDATE ON posts
    FOR EACH ROW WHEN ((OLD.status = 'published' OR NEW.status = 'published') AND OLD.views = NEW.views) EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_posts_delete AFTER DELETE ON posts
    FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION portal_touch();
-- A post's downloads.
CREATE TRIGGER portal_attachments_insert AFTER INSERT ON attachments
    FOR EACH ROW WHEN (NEW.owner_kind = 'post') EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_attachments_update AFTER UPDATE ON attachments
    FOR EACH ROW WHEN (OLD.owner_kind = 'post' OR NEW.owner_kind = 'post') EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_attachments_delete AFTER DELETE ON attachments
    FOR EACH ROW WHEN (OLD.owner_kind = 'post') EXECUTE FUNCTION portal_touch();
-- Questions and answers: only published ones; a new message is not.
CREATE TRIGGER portal_feedback_insert AFTER INSERT ON feedback
    FOR EACH ROW WHEN (NEW.published) EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_feedback_update AFTER UPDATE ON feedback
    FOR EACH ROW WHEN (OLD.published OR NEW.published) EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_feedback_delete AFTER DELETE ON feedback
    FOR EACH ROW WHEN (OLD.published) EXECUTE FUNCTION portal_touch();
-- The agencies' public work calendars: events marked public.
CREATE TRIGGER portal_events_insert AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.public) EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_events_update AFTER UPDATE ON events
    FOR EACH ROW WHEN (OLD.public OR NEW.public) EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_events_delete AFTER DELETE ON events
    FOR EACH ROW WHEN (OLD.public) EXECUTE FUNCTION portal_touch();
-- The linked websites, kept in settings beside the deployment's secrets.
CREATE TRIGGER portal_settings_insert AFTER INSERT ON settings
    FOR EACH ROW WHEN (NEW.name = 'portal_links') EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_settings_update AFTER UPDATE ON settings
    FOR EACH ROW WHEN (OLD.name = 'portal_links' OR NEW.name = 'portal_links') EXECUTE FUNCTION portal_touch();
CREATE TRIGGER portal_settings_delete AFTER DELETE ON settings
    FOR EACH ROW WHEN (OLD.name = 'portal_links') EXECUTE FUNCTION portal_touch();
