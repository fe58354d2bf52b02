-- Reports being written: one row per journey, keyed by a random 128-bit id held in a session cookie.
-- Answers are JSON so a new question needs no new column. A row expires 60 minutes after its last change;
-- on submit the answers are wiped and only the reference is kept, so the confirmation page can show it.
CREATE TABLE drafts (
    id                  TEXT PRIMARY KEY,            -- 32 hex characters, random
    partner             TEXT NULL,                   -- the badge's ?partner=slug
    answers             TEXT NOT NULL,               -- JSON object of answers so far
    updated_at          TEXT NOT NULL,               -- ISO 8601, UTC: last activity
    submitted_reference TEXT NULL                    -- set once the report is committed
);

CREATE INDEX drafts_updated_at ON drafts (updated_at);
