-- The confidential case register. What names or describes a person is
-- sealed (AES-256-GCM under the case's own data key, itself wrapped by the
-- master key that lives outside the database): the *_sealed columns. What
-- stays in clear is what the aggregates count and the lists sort by: kind,
-- source, sex, age group, unit, dates, risk, status and the next step.
-- Names are found by keyed hashes, never by a plaintext index. Every
-- statement only adds tables, so the previous release keeps running.
CREATE TABLE cases (
    id            {{pk}},
    number        TEXT NOT NULL UNIQUE,        -- QN-2025-0012
    number_prefix TEXT NOT NULL,
    number_year   INTEGER NOT NULL,
    number_seq    INTEGER NOT NULL,
    org_id        BIGINT NOT NULL REFERENCES org_units(id),
    kind          TEXT NOT NULL,
    source        TEXT NOT NULL,
    received_at   BIGINT NOT NULL,             -- unix µs
    risk          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    sex           TEXT NOT NULL DEFAULT '',
    age_group     TEXT NOT NULL DEFAULT 'unknown',
    next_step     TEXT NOT NULL DEFAULT '',
    next_due      BIGINT,                      -- unix µs; NULL: no limit in law
    first_action  BIGINT,                      -- when the first assessment was done
    closed_at     BIGINT,
    close_reason  TEXT NOT NULL DEFAULT '',
    wrapped_key   {{blob}},                    -- NULL once anonymised
    name_sealed   {{blob}},
    body_sealed   {{blob}},                    -- JSON of subject, reporter, summary, measures
    name_exact    TEXT NOT NULL DEFAULT '',    -- keyed hash of the name as written
    name_folded   TEXT NOT NULL DEFAULT '',    -- keyed hash of its folded form
    created_by    BIGINT REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (number_prefix, number_year, number_seq)
);
CREATE INDEX cases_org ON cases (org_id, status);
CREATE INDEX cases_due ON cases (status, next_due);
CREATE INDEX cases_name_exact ON cases (name_exact);
CREATE INDEX cases_name_folded ON cases (name_folded);
CREATE INDEX cases_received ON cases (received_at);

-- Who works a case. The supervisors are not listed: they are the case
-- supervisors whose role reaches the case's unit.
CREATE TABLE case_workers (
    case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    lead    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_workers_user ON case_workers (user_id, case_id);

-- The steps of the procedure done, each once.
CREATE TABLE case_steps (
    case_id     BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    done_at     BIGINT NOT NULL,
    done_by     BIGINT REFERENCES users(id),
    note_sealed {{blob}},
    PRIMARY KEY (case_id, step)
);

-- Notes, the support plan's tasks and documents (kind note, task, document).
CREATE TABLE case_notes (
    id          {{pk}},
    case_id     BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL DEFAULT 'note',
    at          BIGINT NOT NULL,
    by_id       BIGINT REFERENCES users(id),
    text_sealed {{blob}},
    due_on      TEXT NOT NULL DEFAULT '',
    done_at     BIGINT
);
CREATE INDEX case_notes_case ON case_notes (case_id, at);

CREATE TABLE case_consents (
    id           {{pk}},
    case_id      BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    given_by     TEXT NOT NULL,
    at           BIGINT NOT NULL,
    service_kind TEXT NOT NULL DEFAULT '',
    scope        TEXT NOT NULL,                -- JSON list of parts
    by_id        BIGINT REFERENCES users(id),
    withdrawn_at BIGINT
);
CREATE INDEX case_consents_case ON case_consents (case_id);

CREATE TABLE case_referrals (
    id              {{pk}},
    case_id         BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    service_id      BIGINT NOT NULL REFERENCES services(id),
    service_kind    TEXT NOT NULL,
    scope           TEXT NOT NULL,             -- JSON list of the parts sent
    consent_ids     TEXT NOT NULL,             -- JSON list of consents it rests on
    sent_at         BIGINT NOT NULL,
    by_id           BIGINT REFERENCES users(id),
    status          TEXT NOT NULL DEFAULT 'sent',
    response_sealed {{blob}},
    answered_at     BIGINT
);
CREATE INDEX case_referrals_case ON case_referrals (case_id);
CREATE INDEX case_referrals_sent ON case_referrals (sent_at);

-- A supervisor of the province who opened a case outside their unit, with
-- the written reason (sealed); seen_at is when the case's own supervisor
-- acknowledged it.
CREATE TABLE case_break_glass (
    id            {{pk}},
    case_id       BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    at            BIGINT NOT NULL,
    until_at      BIGINT NOT NULL,
    reason_sealed {{blob}},
    seen_at       BIGINT
);
CREATE INDEX case_break_glass_case ON case_break_glass (case_id, user_id);

-- The documents of a case (a medical certificate, a police record, a
-- photo of an injury): name and content sealed like every other field.
CREATE TABLE case_files (
    id           {{pk}},
    case_id      BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at           BIGINT NOT NULL,
    by_id        BIGINT REFERENCES users(id),
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    name_sealed  {{blob}},
    data_sealed  {{blob}}
);
CREATE INDEX case_files_case ON case_files (case_id, at);
