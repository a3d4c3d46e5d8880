-- Annual plans and programmes: the header, the item tree with assignments
-- and progress, the legal documents plans cite, revisions kept at every
-- step of the approval, and content-addressed files (evidence).

CREATE TABLE legal_docs (
    id          {{pk}},
    doc_key     TEXT NOT NULL UNIQUE, -- folded type and number (or title): one row per document
    doc_type    TEXT NOT NULL,        -- "Nghị định", "Luật", "Công văn" …
    number      TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    issued_on   TEXT,
    year        INTEGER,
    title       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'unknown',
    link        TEXT NOT NULL DEFAULT '',
    search      TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE plans (
    id              {{pk}},
    org_id          BIGINT NOT NULL REFERENCES org_units(id),
    year_from       INTEGER NOT NULL,
    year_to         INTEGER NOT NULL,
    issuer          TEXT NOT NULL DEFAULT '',
    parent_issuer   TEXT NOT NULL DEFAULT '',
    number          TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    issued_on       TEXT,
    doc_type        TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    guidance        TEXT NOT NULL DEFAULT '',
    guidance_doc_id BIGINT REFERENCES legal_docs(id),
    preamble        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft',
    status_comment  TEXT NOT NULL DEFAULT '',
    submitted_by    BIGINT REFERENCES users(id),
    approved_by     BIGINT REFERENCES users(id),
    copied_from     BIGINT REFERENCES plans(id),
    signer_title    TEXT NOT NULL DEFAULT '',
    signer_name     TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',
    search          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      BIGINT REFERENCES users(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK (year_to >= year_from)
);
CREATE INDEX plans_org_year ON plans (org_id, year_from);

CREATE TABLE plan_items (
    id             {{pk}},
    plan_id        BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    parent_id      BIGINT REFERENCES plan_items(id),
    position       INTEGER NOT NULL,
    label          TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    lead_org_id    BIGINT REFERENCES org_units(id),
    deadline_text  TEXT NOT NULL DEFAULT '',
    deadline_start TEXT,
    deadline_end   TEXT,
    recurring      BOOLEAN NOT NULL DEFAULT FALSE,
    observance     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'not_started',
    progress       INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (progress BETWEEN 0 AND 100)
);
CREATE INDEX plan_items_plan ON plan_items (plan_id, parent_id, position);
CREATE INDEX plan_items_lead ON plan_items (lead_org_id);
CREATE INDEX plan_items_deadline ON plan_items (deadline_end);

CREATE TABLE plan_item_supports (
    item_id BIGINT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
    org_id  BIGINT NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (item_id, org_id)
);
CREATE INDEX plan_item_supports_org ON plan_item_supports (org_id);

-- Progress reports on an item: who, when, the status and progress they set,
-- their comment. Evidence files are attachments owned by the update.
CREATE TABLE plan_item_updates (
    id         {{pk}},
    item_id    BIGINT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
    user_id    BIGINT REFERENCES users(id),
    username   TEXT NOT NULL,
    status     TEXT NOT NULL,
    progress   INTEGER NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX plan_item_updates_item ON plan_item_updates (item_id, created_at);

-- Which plan (and which item, 0 for the header) cites which document.
CREATE TABLE plan_refs (
    plan_id      BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    legal_doc_id BIGINT NOT NULL REFERENCES legal_docs(id),
    item_id      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, legal_doc_id, item_id)
);
CREATE INDEX plan_refs_doc ON plan_refs (legal_doc_id);

-- A revision is a snapshot of the whole plan (JSON) taken at import and at
-- every step of the approval, so versions can be compared later.
CREATE TABLE plan_revisions (
    id         {{pk}},
    plan_id    BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    rev        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    snapshot   TEXT NOT NULL,
    user_id    BIGINT REFERENCES users(id),
    username   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (plan_id, rev)
);

-- Files are stored once per content (SHA-256), whoever uploads them again.
CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    data         {{blob}} NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE attachments (
    id           {{pk}},
    owner_kind   TEXT NOT NULL,
    owner_id     BIGINT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    user_id      BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);
