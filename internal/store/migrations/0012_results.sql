-- The documents an agency signs: results reports drafted from its plan,
-- the register of outgoing documents that numbers them, and the
-- indicators a plan item is measured by. Every statement only adds tables,
-- so the previous release keeps running against this schema.

-- An item "is measured by" indicators of the catalogue: the results report
-- shows their figures under it.
CREATE TABLE plan_item_indicators (
    item_id      BIGINT NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    PRIMARY KEY (item_id, indicator_id)
);

-- The reports tebdg drafts: a plan's results report for a period
-- (kind 'plan', owner the plan), a coordinator's summary of the agencies'
-- reports for a programme and period (kind 'summary', owner the
-- coordinating unit), the coordinator's letters asking for a template's
-- reports (kind 'guidance', owner the template) or for the agencies' plans
-- of a year (kind 'plan-guidance', owner the unit whose agencies are
-- asked), and an agency's plan for an observance (kind 'observance', owner
-- its plan). The draft itself is computed from the records on
-- every reading; only what the officer writes is stored, with the
-- workflow.
CREATE TABLE results_reports (
    id           {{pk}},
    kind         TEXT NOT NULL,             -- 'plan' or 'summary'
    owner_id     BIGINT NOT NULL,           -- plans.id or org_units.id
    programme    TEXT NOT NULL DEFAULT '',  -- a summary's programme
    period       TEXT NOT NULL,             -- 2024Q1, 2024S1, 2024N9, 2024
    status       TEXT NOT NULL DEFAULT 'draft',
    texts        TEXT NOT NULL DEFAULT '{}', -- JSON: section key → the officer's Markdown
    number       TEXT NOT NULL DEFAULT '',   -- "20/BC-SGTVT", given at approval
    issued_on    TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, the day of approval
    comment      TEXT NOT NULL DEFAULT '',   -- why it was returned
    due_on       TEXT NOT NULL DEFAULT '',   -- a letter's deadline for what it asks, YYYY-MM-DD
    submitted_by BIGINT REFERENCES users(id),
    approved_by  BIGINT REFERENCES users(id),
    reviewed_by  BIGINT REFERENCES users(id),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (kind, owner_id, programme, period)
);

-- Each saved text of a section, with who wrote it: the report's history.
CREATE TABLE results_revisions (
    id         {{pk}},
    report_id  BIGINT NOT NULL REFERENCES results_reports(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    section    TEXT NOT NULL,
    body       TEXT NOT NULL,
    user_id    BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX results_revisions_report ON results_revisions (report_id, id);

-- The register of outgoing documents (sổ đăng ký văn bản đi), Decree
-- 30/2020: per unit, year and series (KH, BC, CV …) numbers run from 1
-- without a gap. The primary key makes a number impossible to give twice.
CREATE TABLE outgoing_docs (
    org_id     BIGINT NOT NULL REFERENCES org_units(id),
    year       INTEGER NOT NULL,
    series     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    number     TEXT NOT NULL,     -- as printed: "20/BC-SGTVT"
    doc_type   TEXT NOT NULL,     -- "Báo cáo", "Kế hoạch", "Công văn"
    title      TEXT NOT NULL,
    issued_on  TEXT NOT NULL,     -- YYYY-MM-DD
    signer     TEXT NOT NULL DEFAULT '',
    owner_kind TEXT NOT NULL DEFAULT '', -- "plan", "results"
    owner_id   BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, series, seq)
);
CREATE INDEX outgoing_docs_issued ON outgoing_docs (org_id, issued_on);
