-- A change to what the portal shows moves the portal's generation, in the
-- same transaction. SQLite serves one instance, which reads the number
-- before serving a page from memory; the same code works on both engines.
-- SQLite has row triggers only: one per table and kind of change.

-- Tables the portal shows all of: sections, the directory and hotlines,
-- agencies and the province, documents, observances and holidays.
CREATE TRIGGER portal_post_categories_insert AFTER INSERT ON post_categories
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_post_categories_update AFTER UPDATE ON post_categories
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_post_categories_delete AFTER DELETE ON post_categories
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_services_insert AFTER INSERT ON services
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_services_update AFTER UPDATE ON services
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_services_delete AFTER DELETE ON services
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_org_units_insert AFTER INSERT ON org_units
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_org_units_update AFTER UPDATE ON org_units
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_org_units_delete AFTER DELETE ON org_units
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_legal_docs_insert AFTER INSERT ON legal_docs
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_legal_docs_update AFTER UPDATE ON legal_docs
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_legal_docs_delete AFTER DELETE ON legal_docs
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_observance_rules_insert AFTER INSERT ON observance_rules
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_observance_rules_update AFTER UPDATE ON observance_rules
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_observance_rules_delete AFTER DELETE ON observance_rules
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_holidays_insert AFTER INSERT ON holidays
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_holidays_update AFTER UPDATE ON holidays
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_holidays_delete AFTER DELETE ON holidays
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
-- Posts: only published ones are public. Counting views changes nothing
-- else in the row, and the page shows counts a minute old anyway.
CREATE TRIGGER portal_posts_insert AFTER INSERT ON posts WHEN NEW.status = 'published'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_posts_update AFTER UPDATE ON posts WHEN (OLD.status = 'published' OR NEW.status = 'published') AND OLD.views = NEW.views
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_posts_delete AFTER DELETE ON posts WHEN OLD.status = 'published'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
-- A post's downloads.
CREATE TRIGGER portal_attachments_insert AFTER INSERT ON attachments WHEN NEW.owner_kind = 'post'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_attachments_update AFTER UPDATE ON attachments WHEN OLD.owner_kind = 'post' OR NEW.owner_kind = 'post'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_attachments_delete AFTER DELETE ON attachments WHEN OLD.owner_kind = 'post'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
-- Questions and answers: only published ones; a new message is not.
CREATE TRIGGER portal_feedback_insert AFTER INSERT ON feedback WHEN NEW.published
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_feedback_update AFTER UPDATE ON feedback WHEN OLD.published OR NEW.published
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_feedback_delete AFTER DELETE ON feedback WHEN OLD.published
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
-- The agencies' public work calendars: events marked public.
CREATE TRIGGER portal_events_insert AFTER INSERT ON events WHEN NEW.public
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_events_update AFTER UPDATE ON events WHEN OLD.public OR NEW.public
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_events_delete AFTER DELETE ON events WHEN OLD.public
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
-- The linked websites, kept in settings beside the deployment's secrets.
CREATE TRIGGER portal_settings_insert AFTER INSERT ON settings WHEN NEW.name = 'portal_links'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_settings_update AFTER UPDATE ON settings WHEN OLD.name = 'portal_links' OR NEW.name = 'portal_links'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER portal_settings_delete AFTER DELETE ON settings WHEN OLD.name = 'portal_links'
    BEGIN UPDATE portal_generation SET gen = gen + 1 WHERE id = 1; END;
