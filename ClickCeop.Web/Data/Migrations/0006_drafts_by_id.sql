-- A draft is looked up by its id on every page of the form and saved on every answer. As a rowid table with a text
-- primary key, each lookup walked two b-trees (the id's index, then the table) and each save rewrote pages of three
-- (the table, the id's index, the index on updated_at). Stored in id order (WITHOUT ROWID), a lookup walks one; the
-- purge job, which runs every few minutes over drafts that live an hour, scans them instead of using an index, so a
-- save rewrites pages of one. Same columns, same rows.
CREATE TABLE drafts_by_id (
    id                  TEXT PRIMARY KEY,            -- 32 hex characters, random
    partner             TEXT NULL,                   -- the badge's ?partner=slug
    answers             TEXT NOT NULL,               -- JSON object of answers so far
    updated_at          TEXT NOT NULL,               -- ISO 8601, UTC: last activity
    submitted_reference TEXT NULL                    -- set once the report is committed
) WITHOUT ROWID;

INSERT INTO drafts_by_id (id, partner, answers, updated_at, submitted_reference)
    SELECT id, partner, answers, updated_at, submitted_reference FROM drafts;

DROP TABLE drafts;

ALTER TABLE drafts_by_id RENAME TO drafts;
