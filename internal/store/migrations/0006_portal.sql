-- The public portal: posts (news, announcements, documents) by category
-- and agency, the support-service directory, feedback with its moderation,
-- privacy-respecting visit counts, and the search index that both engines
-- fill with text folded by one Go function.

CREATE TABLE post_categories (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    name_en  TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO post_categories (code, name, name_en, position) VALUES
    ('tin-tuc', 'Tin tức, sự kiện', 'News', 1),
    ('thong-bao', 'Thông báo', 'Announcements', 2),
    ('van-ban', 'Văn bản, kế hoạch', 'Documents and plans', 3),
    ('tre-em', 'Bảo vệ, chăm sóc trẻ em', 'Children', 4),
    ('binh-dang-gioi', 'Bình đẳng giới', 'Gender equality', 5);

CREATE TABLE posts (
    id          {{pk}},
    org_id      BIGINT NOT NULL REFERENCES org_units(id),
    category    TEXT NOT NULL REFERENCES post_categories(code),
    slug        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    cover_id    BIGINT,                  -- an attachment of the post
    cover_alt   TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft', -- draft | review | published | archived
    hot         BOOLEAN NOT NULL DEFAULT FALSE,
    featured    BOOLEAN NOT NULL DEFAULT FALSE,
    publish_at  BIGINT,                  -- when it is (or will be) public
    views       BIGINT NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX posts_public ON posts (status, publish_at);
CREATE INDEX posts_category ON posts (category, status, publish_at);
CREATE INDEX posts_org ON posts (org_id, status, publish_at);

CREATE TABLE services (
    id            {{pk}},
    org_id        BIGINT NOT NULL REFERENCES org_units(id),
    kind          TEXT NOT NULL,
    organization  TEXT NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    area          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    confidential  BOOLEAN NOT NULL DEFAULT FALSE, -- a shelter: only its phone is shown
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    hours         TEXT NOT NULL DEFAULT '',
    eligibility   TEXT NOT NULL DEFAULT '',
    languages     TEXT NOT NULL DEFAULT '',
    free          BOOLEAN NOT NULL DEFAULT TRUE,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE feedback (
    id          {{pk}},
    org_id      BIGINT REFERENCES org_units(id), -- whose editors answer it
    post_id     BIGINT REFERENCES posts(id) ON DELETE SET NULL,
    name        TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL,
    message     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'new', -- new | answered | spam | archived
    reply       TEXT NOT NULL DEFAULT '',
    published   BOOLEAN NOT NULL DEFAULT FALSE, -- shown as a question and answer
    replied_by  BIGINT REFERENCES users(id),
    replied_at  BIGINT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX feedback_status ON feedback (status, created_at);

-- Visits: counts per day (post 0 is the whole site) and, for unique
-- visitors, a hash of address and browser salted with a secret that
-- changes every day, so no address is kept and days cannot be linked.
CREATE TABLE visit_counts (
    day     TEXT NOT NULL,
    post_id BIGINT NOT NULL,
    views   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, post_id)
);
CREATE TABLE visitor_days (
    day     TEXT NOT NULL,
    visitor TEXT NOT NULL,
    PRIMARY KEY (day, visitor)
);

-- The search index: one row per searchable thing (a published post, a
-- legal document, a directory service) with its original title and text
-- for ranking and snippets. Each engine adds its own full-text index over
-- the same words, folded and split by one Go function (package search), so
-- both find the same rows.
CREATE TABLE search_docs (
    id       {{id}}, -- grows with the day: see store/search.go
    kind     TEXT NOT NULL,
    ref      TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    day      TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    UNIQUE (kind, ref)
);
CREATE INDEX search_docs_day ON search_docs (day);
