-- The key of the form a note or a status change came from, made when the report's page was shown. The same form posted
-- twice (a double click, Back and the button again) finds its row already in the trail and adds no second one, which
-- the append-only trail could never lose again. Null for every other row, and for rows from before this migration.
ALTER TABLE report_audit ADD COLUMN form_key TEXT NULL;
