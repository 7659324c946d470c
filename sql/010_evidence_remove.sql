-- 010: an evidence file sent by mistake can be taken off its month while
-- the month can still be changed (the form's «Quitar» box). The row stays,
-- with who removed it and when, and so do the stored bytes; the file is no
-- longer listed nor served. An audit row "remove" records it.
ALTER TABLE evidence_file
  ADD COLUMN removed_at TIMESTAMP NULL DEFAULT NULL AFTER uploaded_at,
  ADD COLUMN removed_by INT UNSIGNED NULL AFTER removed_at;
