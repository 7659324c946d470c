-- Demonstration only: January 2023 approved for every active CONGOPE unit,
-- as it was when CONGOPE published its matrix of 31/01/2023, so that
-- scripts/dev-up can publish that month (metasctl publish --period 2023-01)
-- and the transparency portal has a signed report to show. The test suites
-- do not load it: they enter and approve their months through the API.
-- Idempotent: a second run changes nothing.

START TRANSACTION;

INSERT INTO unit_period (institution_id, unit_id, period, status, approved_at)
SELECT u.institution_id, u.id, '2023-01', 'aprobado', NOW()
FROM unit u JOIN institution i ON i.id = u.institution_id
WHERE i.slug = 'congope' AND u.active = 1
  AND NOT EXISTS (SELECT 1 FROM unit_period p WHERE p.unit_id = u.id AND p.period = '2023-01');

INSERT INTO audit_log (institution_id, actor_name, ip, action, entity, entity_id, after_json)
SELECT i.id, 'demo', 'local', 'approve', 'unit_period', '2023-01',
       JSON_OBJECT('status', 'aprobado', 'note', 'datos de demostración: enero de 2023 aprobado')
FROM institution i
WHERE i.slug = 'congope' AND ROW_COUNT() > 0;

COMMIT;
