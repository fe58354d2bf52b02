-- Duty officer alerts waiting to be sent (the transactional outbox). Rows are written in the same transaction as
-- the report, one per recipient, with the message fully rendered, so what is sent is exactly what was decided at
-- submission and a resend carries the same Message-ID. Times are ISO 8601 UTC text of fixed width (they sort).
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    report_id       TEXT NOT NULL REFERENCES reports (id),
    recipient       TEXT NOT NULL,                 -- one address from configuration, never from the report
    priority        INTEGER NOT NULL,              -- 0 = immediate risk, 1 = normal; lower is sent first
    subject         TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,          -- fixed at creation: a resend after a lost 250 is the same message
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending', -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT NULL,                     -- a sender holds the row until then; after it, the row is retried
    last_error      TEXT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT NULL,
    UNIQUE (report_id, recipient)
);

CREATE INDEX outbox_due ON outbox (status, priority, created_at);
