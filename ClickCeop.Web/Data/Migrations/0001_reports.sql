-- Reports as the reporter submitted them. Lists are JSON arrays of text; codes are kebab-case words.
CREATE TABLE reports (
    id                       TEXT PRIMARY KEY,            -- random, unguessable; used in console links
    reference                TEXT NOT NULL UNIQUE,        -- shown to the reporter, e.g. CEOP-7KQ4-M2XD
    submission_key           TEXT NOT NULL UNIQUE,        -- the draft's id: a replayed submit finds this row
    received_at              TEXT NOT NULL,               -- ISO 8601, UTC
    language                 TEXT NOT NULL DEFAULT 'en',
    partner                  TEXT NULL,
    reporter_role            TEXT NOT NULL,
    categories               TEXT NOT NULL,               -- JSON array of category codes
    danger                   TEXT NOT NULL,               -- yes | no | not-sure
    immediate_risk           INTEGER NOT NULL,            -- 1 when a child may be in danger right now
    platform                 TEXT NOT NULL,
    other_person_identifiers TEXT NOT NULL,               -- JSON array
    started_when             TEXT NULL,
    narrative                TEXT NOT NULL,
    child_first_name         TEXT NULL,
    child_age                INTEGER NULL,
    reporter_name            TEXT NOT NULL,
    reporter_age             INTEGER NULL,
    contact_email            TEXT NULL,
    contact_phone            TEXT NULL,
    text_safe                INTEGER NOT NULL,
    voicemail_safe           INTEGER NOT NULL,
    safe_times               TEXT NULL,
    status                   TEXT NOT NULL DEFAULT 'new'
);

CREATE INDEX reports_open_queue ON reports (status, immediate_risk DESC, received_at);
