-- Duty officers, their server-side sessions, and the append-only audit trail of everything done to a report.
CREATE TABLE officers (
    id                   TEXT PRIMARY KEY,                 -- random
    email                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,                    -- ASP.NET Core PasswordHasher (PBKDF2)
    must_change_password INTEGER NOT NULL DEFAULT 1,       -- set for the one-time password printed by the CLI
    totp_secret          TEXT NULL,                        -- base32; NULL until enrolment is confirmed with a code
    totp_pending_secret  TEXT NULL,                        -- shown during enrolment, not yet confirmed
    last_totp_step       INTEGER NOT NULL DEFAULT 0,       -- a code's time step is accepted once only
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT NULL,                        -- ISO 8601 UTC
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL
);

CREATE TABLE officer_sessions (
    id           TEXT PRIMARY KEY,                         -- random, 128 bits; the cookie names it
    officer_id   TEXT NOT NULL REFERENCES officers (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT NULL
);

CREATE INDEX officer_sessions_by_officer ON officer_sessions (officer_id, ended_at);

CREATE TABLE report_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    officer_id TEXT NOT NULL REFERENCES officers (id),
    action     TEXT NOT NULL,                              -- viewed | acknowledged | took-ownership | status-changed | note-added
    detail     TEXT NULL,
    at         TEXT NOT NULL
);

CREATE INDEX report_audit_by_report ON report_audit (report_id, id);

-- An auditor must be able to trust the trail: nobody, not even the application, rewrites or removes it.
CREATE TRIGGER report_audit_no_update BEFORE UPDATE ON report_audit
BEGIN
    SELECT RAISE(ABORT, 'report_audit is append-only');
END;

CREATE TRIGGER report_audit_no_delete BEFORE DELETE ON report_audit
BEGIN
    SELECT RAISE(ABORT, 'report_audit is append-only');
END;

ALTER TABLE reports ADD COLUMN owner_officer_id TEXT NULL REFERENCES officers (id);
ALTER TABLE reports ADD COLUMN acknowledged_by TEXT NULL REFERENCES officers (id);
ALTER TABLE reports ADD COLUMN acknowledged_at TEXT NULL;
ALTER TABLE reports ADD COLUMN outcome_note TEXT NULL;
