-- 009: a month still open locks for its unit lock_days after its deadline
-- (metas.conf; 0, the default, never). The officer reopens it until a day:
-- reopened_until (NULL: never reopened). Returning a month reopens it too.
ALTER TABLE unit_period ADD COLUMN reopened_until DATE NULL AFTER approved_at;
