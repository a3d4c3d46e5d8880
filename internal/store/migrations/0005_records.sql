-- The records units keep while carrying out their plans: the activity log,
-- the field registries (hazards, drowning-risk sites and their signs and
-- reviews, inspections, helmet handovers, fund contributions), and staff
-- children with the gift rounds that reach them.

CREATE TABLE activities (
    id             {{pk}},
    org_id         BIGINT NOT NULL REFERENCES org_units(id),
    plan_id        BIGINT REFERENCES plans(id) ON DELETE SET NULL,
    plan_item_id   BIGINT REFERENCES plan_items(id) ON DELETE SET NULL,
    type           TEXT NOT NULL,
    title          TEXT NOT NULL,
    start_on       TEXT NOT NULL, -- YYYY-MM-DD
    end_on         TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    channels       TEXT NOT NULL DEFAULT '', -- codes separated by spaces
    targets        TEXT NOT NULL DEFAULT '',
    male_children  INTEGER NOT NULL DEFAULT 0,
    female_children INTEGER NOT NULL DEFAULT 0,
    male_adults    INTEGER NOT NULL DEFAULT 0,
    female_adults  INTEGER NOT NULL DEFAULT 0,
    participants   INTEGER NOT NULL DEFAULT 0,
    products       TEXT NOT NULL DEFAULT '',
    cost           BIGINT NOT NULL DEFAULT 0,
    outcome        TEXT NOT NULL DEFAULT '',
    search         TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT REFERENCES users(id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
-- Lists filter by period and type within a subtree; roll-ups add up a
-- period's activities. Both read these indexes only.
CREATE INDEX activities_start ON activities (start_on, org_id);
CREATE INDEX activities_type_start ON activities (type, start_on, org_id);
CREATE INDEX activities_org ON activities (org_id, start_on);
CREATE INDEX activities_item ON activities (plan_item_id);

CREATE TABLE registry_records (
    id         {{pk}},
    kind       TEXT NOT NULL,
    org_id     BIGINT NOT NULL REFERENCES org_units(id),
    status     TEXT NOT NULL,
    on_date    TEXT NOT NULL,           -- the registry's date field
    done_on    TEXT,                    -- when it reached a done state (fixed, closed)
    title      TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '', -- the registry's main choice (kind of site, of subject)
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    n_male     BIGINT NOT NULL DEFAULT 0, -- measures indicators add up
    n_female   BIGINT NOT NULL DEFAULT 0,
    n_total    BIGINT NOT NULL DEFAULT 0,
    n_count    BIGINT NOT NULL DEFAULT 0,
    amount     BIGINT NOT NULL DEFAULT 0,
    data       TEXT NOT NULL,           -- the fields, JSON
    search     TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX registry_records_kind ON registry_records (kind, on_date, org_id);
CREATE INDEX registry_records_done ON registry_records (kind, done_on);

CREATE TABLE registry_entries (
    id         {{pk}},
    record_id  BIGINT NOT NULL REFERENCES registry_records(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    n_count    BIGINT NOT NULL DEFAULT 0,
    data       TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX registry_entries_record ON registry_entries (record_id);
CREATE INDEX registry_entries_kind ON registry_entries (kind, on_date);

-- Children's personal data: only the managers of the staff member's unit
-- and a round's organisers read names, and every reading is audited.
CREATE TABLE staff_children (
    id           {{pk}},
    org_id       BIGINT NOT NULL REFERENCES org_units(id),
    staff_name   TEXT NOT NULL,
    child_name   TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    sex          TEXT NOT NULL,
    special      BOOLEAN NOT NULL DEFAULT FALSE,
    special_note TEXT NOT NULL DEFAULT '',
    achievement  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX staff_children_org ON staff_children (org_id);

CREATE TABLE gift_rounds (
    id         {{pk}},
    org_id     BIGINT NOT NULL REFERENCES org_units(id),
    name       TEXT NOT NULL,
    spec       TEXT NOT NULL,  -- the date as typed: "1/6", "15/8 âm lịch"
    year       INTEGER NOT NULL,
    round_on   TEXT NOT NULL,  -- the solar date in that year
    gift_value BIGINT NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open',
    version    INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE gift_recipients (
    round_id        BIGINT NOT NULL REFERENCES gift_rounds(id) ON DELETE CASCADE,
    child_id        BIGINT NOT NULL REFERENCES staff_children(id) ON DELETE CASCADE,
    priority        BOOLEAN NOT NULL DEFAULT FALSE,
    priority_reason TEXT NOT NULL DEFAULT '',
    given_on        TEXT,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (round_id, child_id)
);
