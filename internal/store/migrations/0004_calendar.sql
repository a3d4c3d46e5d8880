-- The calendar and reminders: the agencies' work calendar (lịch công tác),
-- local observances and how long before each one work must be prepared,
-- secret calendar-feed addresses, what each user wants to be reminded of,
-- the reminder outbox the scheduler works through, in-app notifications,
-- and settings the deployment generates for itself.

CREATE TABLE events (
    id           {{pk}},
    org_id       BIGINT NOT NULL REFERENCES org_units(id),
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'meeting',
    starts_at    BIGINT NOT NULL, -- microseconds since 1970 UTC; an all-day event starts at 00:00 in Vietnam
    ends_at      BIGINT NOT NULL, -- an all-day event ends at 00:00 of its last day
    all_day      BOOLEAN NOT NULL DEFAULT FALSE,
    place        TEXT NOT NULL DEFAULT '',
    chair        TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    public       BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled    BOOLEAN NOT NULL DEFAULT FALSE,
    plan_item_id BIGINT REFERENCES plan_items(id) ON DELETE SET NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX events_org_start ON events (org_id, starts_at);
CREATE INDEX events_start ON events (starts_at);

-- Observances added by an agency (the national ones are built in), and the
-- preparation time of any observance, built-in or local.
CREATE TABLE observance_rules (
    id         {{pk}},
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    spec       TEXT NOT NULL, -- as typed: "1/6", "15/8 âm lịch", "1/6-30/6"
    programme  TEXT NOT NULL DEFAULT '',
    org_id     BIGINT REFERENCES org_units(id),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE observance_prep (
    code       TEXT PRIMARY KEY,
    days       INTEGER NOT NULL CHECK (days >= 0 AND days <= 366),
    updated_at BIGINT NOT NULL
);

-- A feed address holds a random secret; only its hash is kept. A feed is a
-- user's (their units' calendar and deadlines) or an org unit's.
CREATE TABLE feed_tokens (
    id           {{pk}},
    user_id      BIGINT NOT NULL REFERENCES users(id),
    org_id       BIGINT REFERENCES org_units(id),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX feed_tokens_user ON feed_tokens (user_id);

CREATE TABLE reminder_prefs (
    user_id     BIGINT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    in_app      BOOLEAN NOT NULL,
    email       BOOLEAN NOT NULL,
    days_before INTEGER NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- The outbox. A reminder is planned once per user, channel and occasion
-- (the unique key), so schedulers on several instances may plan the same
-- one at once without doubling it; it is claimed by one of them for a
-- lease, delivered, and marked sent. A claim whose lease ran out (the
-- instance died) is taken again.
CREATE TABLE reminders (
    id            {{pk}},
    user_id       BIGINT NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL,
    channel       TEXT NOT NULL, -- app | email
    dedupe_key    TEXT NOT NULL,
    due_at        BIGINT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'pending', -- pending | sending | sent | failed | cancelled
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       BIGINT NOT NULL,
    claimed_by    TEXT NOT NULL DEFAULT '',
    claimed_until BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    sent_at       BIGINT,
    created_at    BIGINT NOT NULL,
    UNIQUE (user_id, channel, dedupe_key)
);
CREATE INDEX reminders_work ON reminders (status, next_at);

CREATE TABLE notifications (
    id          {{pk}},
    user_id     BIGINT NOT NULL REFERENCES users(id),
    reminder_id BIGINT UNIQUE REFERENCES reminders(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
