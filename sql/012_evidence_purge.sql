-- 012: the bytes of a file taken off its month can be erased from the
-- evidence folder (`metasctl evidence purge`) once no file still on a month
-- has the same SHA-256. The row stays, with when its bytes were erased; an
-- audit row "purge" records it.
ALTER TABLE evidence_file
  ADD COLUMN purged_at TIMESTAMP NULL DEFAULT NULL AFTER removed_reason;
