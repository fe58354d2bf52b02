-- What happened to each duty officer's account, for whoever must later answer "who could see the reports, and was
-- anyone trying to get in?": sign-ins and sign-outs, wrong passwords and codes, lock-outs, refusals, and what the
-- operator did (made, reset, disabled). Written in the same transaction as the change it records. Append-only, as
-- report_audit is. Never the password, the code or the address typed.
CREATE TABLE officer_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    officer_id TEXT NOT NULL REFERENCES officers (id),
    event      TEXT NOT NULL,      -- see OfficerEvent: created | signed-in | wrong-password | locked-out | ...
    detail     TEXT NULL,
    at         TEXT NOT NULL       -- ISO 8601 UTC
);

CREATE INDEX officer_events_by_officer ON officer_events (officer_id, id);

CREATE TRIGGER officer_events_no_update BEFORE UPDATE ON officer_events
BEGIN
    SELECT RAISE(ABORT, 'officer_events is append-only');
END;

CREATE TRIGGER officer_events_no_delete BEFORE DELETE ON officer_events
BEGIN
    SELECT RAISE(ABORT, 'officer_events is append-only');
END;
