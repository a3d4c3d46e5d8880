-- Reorganisations: the acts that rename, move, merge, split or close org
-- units, each on its effective date with its legal basis. An act is
-- prepared ahead and applied once, by a person or by the scheduler on its
-- date; what applying it changed (each unit's name and parent before, what
-- moved where) is kept beside it, so that what a unit was called and where
-- it stood on any day can be read back and figures counted by the
-- structure of their time.
--
-- Safe while the previous version runs: a new table, nothing existing
-- changes.
CREATE TABLE reorganisations (
    id           {{pk}},
    kind         TEXT NOT NULL,
    effective    TEXT NOT NULL,
    body         TEXT NOT NULL,             -- the act as prepared (JSON): units, into, parts, names, parent
    decision     TEXT NOT NULL,
    legal_doc_id BIGINT REFERENCES legal_docs(id),
    note         TEXT NOT NULL DEFAULT '',
    org_id       BIGINT NOT NULL REFERENCES org_units(id), -- the lowest unit holding all it concerns
    status       TEXT NOT NULL DEFAULT 'prepared',
    changes      TEXT NOT NULL DEFAULT '',  -- JSON: what applying it did to each unit
    moved        TEXT NOT NULL DEFAULT '',  -- JSON: what moved from which unit to which
    failure      TEXT NOT NULL DEFAULT '',  -- why the scheduler could not apply it yet
    created_by   BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    applied_by   BIGINT REFERENCES users(id),
    applied_at   BIGINT,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reorganisations_due ON reorganisations (status, effective);
CREATE INDEX reorganisations_org ON reorganisations (org_id);
