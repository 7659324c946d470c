-- 011: the reason of an officer's correction that took a file off an
-- approved month, shown with the file in the indicator's history (the audit
-- row keeps it too). NULL for a removal by the unit head in an open month.
ALTER TABLE evidence_file ADD COLUMN removed_reason TEXT NULL AFTER removed_by;
