-- Browsers an officer has fully signed in on (password and code), each named by a cookie the service made. A sign-in
-- from one counts its wrong attempts here, not on the account, so whoever knows an officer's email address can lock
-- the account for strangers but not for the officer's own browser (OWASP's "device cookies"). resets: the account's
-- reset count when the browser was remembered; after `officers reset` the row no longer counts.
CREATE TABLE officer_browsers (
    id              TEXT PRIMARY KEY,
    officer_id      TEXT NOT NULL REFERENCES officers (id),
    resets          INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT NULL,     -- ISO 8601 UTC
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);

CREATE INDEX officer_browsers_by_officer ON officer_browsers (officer_id);
