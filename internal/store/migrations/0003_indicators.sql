-- Indicators and periodic reports: the catalogue (categories with their
-- options, indicators), report templates, the holiday table for deadlines,
-- reports (one per template, org unit and period) and their data values.

CREATE TABLE categories (
    id         {{pk}},
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE category_options (
    id          {{pk}},
    category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    UNIQUE (category_id, code)
);

CREATE TABLE indicators (
    id             {{pk}},
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    definition     TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL DEFAULT '',
    value_type     TEXT NOT NULL,
    programme      TEXT NOT NULL DEFAULT '',
    aggregation    TEXT NOT NULL,
    numerator_id   BIGINT REFERENCES indicators(id),
    denominator_id BIGINT REFERENCES indicators(id),
    factor         DOUBLE PRECISION NOT NULL DEFAULT 1,
    min_value      DOUBLE PRECISION,
    max_value      DOUBLE PRECISION,
    lte_id         BIGINT REFERENCES indicators(id),
    source         TEXT NOT NULL DEFAULT 'entered',
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    search         TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- The categories that disaggregate an indicator, in order: the order makes
-- the option combination codes ("female_under16").
CREATE TABLE indicator_categories (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    category_id  BIGINT NOT NULL REFERENCES categories(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, position)
);

CREATE TABLE report_templates (
    id             {{pk}},
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    programme      TEXT NOT NULL DEFAULT '',
    org_id         BIGINT NOT NULL REFERENCES org_units(id), -- the coordinator's reach: reporters are below it
    period_type    TEXT NOT NULL,
    period_rule    TEXT NOT NULL,
    deadline_days  INTEGER NOT NULL DEFAULT 2,
    reporter_kinds TEXT NOT NULL DEFAULT '',     -- org kinds that must report, comma-separated
    sections       TEXT NOT NULL DEFAULT '[]',   -- JSON list of narrative section titles
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE template_indicators (
    template_id  BIGINT NOT NULL REFERENCES report_templates(id) ON DELETE CASCADE,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (template_id, indicator_id)
);

-- Units named one by one as reporters of a template, beside its kinds.
CREATE TABLE template_orgs (
    template_id BIGINT NOT NULL REFERENCES report_templates(id) ON DELETE CASCADE,
    org_id      BIGINT NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (template_id, org_id)
);

-- Days off that report deadlines skip, besides weekends.
CREATE TABLE holidays (
    day        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE reports (
    id           {{pk}},
    template_id  BIGINT NOT NULL REFERENCES report_templates(id),
    org_id       BIGINT NOT NULL REFERENCES org_units(id),
    period_id    TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft',
    narrative    TEXT NOT NULL DEFAULT '{}',
    comment      TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT,
    submitted_by BIGINT REFERENCES users(id),
    reviewed_at  BIGINT,
    reviewed_by  BIGINT REFERENCES users(id),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (template_id, org_id, period_id)
);
CREATE INDEX reports_org ON reports (org_id, period_start);

-- One value per indicator, org unit, period and option combination ('' for
-- the total of an indicator without categories). Values keep their period's
-- start and end so roll-ups over any period are a range query.
CREATE TABLE data_values (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    org_id       BIGINT NOT NULL REFERENCES org_units(id),
    period_id    TEXT NOT NULL,
    combo        TEXT NOT NULL DEFAULT '',
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    value        DOUBLE PRECISION,
    text_value   TEXT NOT NULL DEFAULT '',
    report_id    BIGINT REFERENCES reports(id),
    computed     BOOLEAN NOT NULL DEFAULT FALSE,
    reason       TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, org_id, period_id, combo)
);
CREATE INDEX data_values_report ON data_values (report_id);
-- Covers roll-ups: an indicator over a date range, then units and options.
CREATE INDEX data_values_rollup ON data_values (indicator_id, period_start, period_end, org_id, combo, value);

-- Baselines and targets per indicator, unit and year, for the multi-year
-- view (the mid-term review of 2021–2025).
CREATE TABLE indicator_targets (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    org_id       BIGINT NOT NULL REFERENCES org_units(id),
    year         INTEGER NOT NULL,
    baseline     DOUBLE PRECISION,
    target       DOUBLE PRECISION,
    PRIMARY KEY (indicator_id, org_id, year)
);
