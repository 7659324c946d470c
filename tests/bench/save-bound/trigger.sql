-- MEASUREMENT ONLY (tests/bench/save-bound): a value's history and audit
-- rows written by the database, from OLD and NEW, in the statement that
-- changes the value. Created on save-cost's own stack only; metasd's
-- schema has no triggers.
DELIMITER //
CREATE TRIGGER bound_value_rows AFTER UPDATE ON indicator_value FOR EACH ROW BEGIN
  INSERT INTO value_history (institution_id, indicator_id, period, kind, value_before,
    value_after, comment_after, evidence_after, reason, actor_id, actor_name)
    VALUES (NEW.institution_id, NEW.indicator_id, NEW.period, 'entry', OLD.value, NEW.value,
    NEW.comment, NEW.evidence_url, NULL, NEW.updated_by, 'bench-saves');
  INSERT INTO audit_log (institution_id, actor_id, actor_name, ip, action, entity, entity_id,
    before_json, after_json)
    VALUES (NEW.institution_id, NEW.updated_by, 'bench-saves', '127.0.0.1', 'save',
    'indicator_value', CONCAT(NEW.indicator_id, '/', NEW.period),
    JSON_OBJECT('value', OLD.value, 'comment', OLD.comment, 'evidence_url', OLD.evidence_url),
    JSON_OBJECT('value', NEW.value, 'comment', NEW.comment, 'evidence_url', NEW.evidence_url));
END//
DELIMITER ;
