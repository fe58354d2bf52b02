-- When the officer's current one-time password was given out: it stops working after Officers:OneTimePasswordLifetime
-- (a password read out over the phone must not open an account for ever). NULL once the officer chose their own.
ALTER TABLE officers ADD COLUMN one_time_password_issued_at TEXT NULL;
UPDATE officers SET one_time_password_issued_at = created_at WHERE must_change_password = 1;
