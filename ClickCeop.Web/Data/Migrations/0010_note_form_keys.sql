-- The key of the form a note was written in, made when the report's page was shown. The same form posted twice (a
-- double click, Back and the button again) finds its note already in the trail and adds no second one, which the
-- append-only trail could never lose again. Null for every other row, and for notes from before this migration.
ALTER TABLE report_audit ADD COLUMN form_key TEXT NULL;
