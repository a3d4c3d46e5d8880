-- The foundation: org units, users and their roles, sessions, API tokens,
-- sign-in throttling and the audit trail.
-- Instants are BIGINT microseconds since 1970 UTC; days are TEXT YYYY-MM-DD.
-- {{pk}} is filled in per engine by migrate.go.

CREATE TABLE org_units (
    id          {{pk}},
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    parent_id   BIGINT REFERENCES org_units(id),
    path        TEXT NOT NULL,
    search      TEXT NOT NULL DEFAULT '',
    active_from TEXT,
    active_to   TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_path ON org_units (path);

CREATE TABLE users (
    id                   {{pk}},
    username             TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    org_id               BIGINT NOT NULL REFERENCES org_units(id),
    lang                 TEXT NOT NULL DEFAULT 'vi',
    password_hash        TEXT NOT NULL,
    password_changed_at  BIGINT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at          BIGINT,
    search               TEXT NOT NULL DEFAULT '',
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE role_assignments (
    id         {{pk}},
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    org_id     BIGINT NOT NULL REFERENCES org_units(id),
    programme  TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, role, org_id, programme)
);
CREATE INDEX role_assignments_org ON role_assignments (org_id);

-- A session row is keyed by the SHA-256 of its cookie value, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client       TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
    id           {{pk}},
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, keyed "user:NAME" or "addr:IP"; rows older than the
-- throttle window are swept.
CREATE TABLE login_failures (
    id  {{pk}},
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- audit_head holds the chain's last sequence number and hash. Every audited
-- write locks this one row first, which orders the chain across instances.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    org_id      BIGINT,
    org         TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    client      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_org ON audit_log (org_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
