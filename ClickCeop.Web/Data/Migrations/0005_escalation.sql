-- Escalation of unacknowledged immediate-risk reports.
-- Each round is recorded once (the primary key makes a second writer fail instead of sending twice), in the same
-- transaction as its outbox rows, so a restart neither skips nor repeats a round. It is shown in the report's audit.
CREATE TABLE escalations (
    report_id  TEXT NOT NULL REFERENCES reports (id),
    round      INTEGER NOT NULL,                 -- 1, 2, ...
    at         TEXT NOT NULL,                    -- ISO 8601 UTC
    recipients INTEGER NOT NULL,                 -- how many addresses the round was sent to
    PRIMARY KEY (report_id, round)
);

CREATE TRIGGER escalations_no_update BEFORE UPDATE ON escalations
BEGIN
    SELECT RAISE(ABORT, 'escalations is append-only');
END;

CREATE TRIGGER escalations_no_delete BEFORE DELETE ON escalations
BEGIN
    SELECT RAISE(ABORT, 'escalations is append-only');
END;

-- An escalation round re-alerts the same recipients, so the outbox's UNIQUE (report_id, recipient) becomes
-- UNIQUE (report_id, recipient, round), round 0 being the first alert. SQLite cannot drop a table constraint:
-- the table is rebuilt with its rows (nothing references outbox).
CREATE TABLE outbox_new (
    id              TEXT PRIMARY KEY,
    report_id       TEXT NOT NULL REFERENCES reports (id),
    recipient       TEXT NOT NULL,
    priority        INTEGER NOT NULL,
    subject         TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT NULL,
    last_error      TEXT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT NULL,
    round           INTEGER NOT NULL DEFAULT 0,    -- 0 = the alert at submission, N = escalation round N
    UNIQUE (report_id, recipient, round)
);

INSERT INTO outbox_new (id, report_id, recipient, priority, subject, message_id, text_body, html_body, status, attempts,
                        next_attempt_at, lease_until, last_error, created_at, sent_at, round)
SELECT id, report_id, recipient, priority, subject, message_id, text_body, html_body, status, attempts,
       next_attempt_at, lease_until, last_error, created_at, sent_at, 0
  FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, priority, created_at);

-- The escalation pass looks for immediate-risk reports nobody has acknowledged.
CREATE INDEX reports_unacknowledged ON reports (immediate_risk, acknowledged_at);
