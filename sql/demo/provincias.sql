-- Demo seed: two provincial governments with FICTITIOUS data, for trying
-- several institutions in one deployment (docs/architecture.md). Nothing in
-- this file describes a real institution: names, units, indicators, goals
-- and contact data are invented and labelled "DATOS FICTICIOS DE
-- DEMOSTRACIÓN". Loaded by "metasctl seed-demo" after congope.sql, in one
-- transaction; reachable at /i/demo-norte/ and /i/demo-sur/, and by the host
-- names norte.localhost and sur.localhost.
--
-- The file is UTF-8 (utf8mb4); rows are linked through session variables.

-- ===========================================================================
-- Gobierno Provincial de Demostración Norte (DATOS FICTICIOS DE DEMOSTRACIÓN)
-- ===========================================================================
INSERT INTO institution
  (slug, name, short_name, is_demo, gpr_url, update_frequency, info_unit,
   responsible_name, responsible_email, responsible_phone, empty_text)
VALUES
  ('demo-norte', 'Gobierno Provincial de Demostración Norte (DATOS FICTICIOS DE DEMOSTRACIÓN)', 'GPDN', 1,
   NULL, 'MENSUAL', 'DIRECCIÓN DE PLANIFICACIÓN (DEMOSTRACIÓN)',
   'Persona ficticia de demostración', 'transparencia@demo-norte.example', '(00) 000-0000',
   'NO APLICA');
SET @inst = LAST_INSERT_ID();
INSERT INTO institution_host (host, institution_id) VALUES ('norte.localhost', @inst);
INSERT INTO plan_year (institution_id, year, data_date) VALUES (@inst, 2023, '2023-01-31');
SET @py = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 1, 'PROCESOS GOBERNANTES / NIVEL DIRECTIVO');
SET @pl1 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 2, 'PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO');
SET @pl2 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 3, 'PROCESOS HABILITANTES DE ASESORÍA');
SET @pl3 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 4, 'PROCESOS HABILITANTES DE APOYO');
SET @pl4 = LAST_INSERT_ID();

-- Unit 1
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl1, 1, 'Prefectura (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Conducir la gestión provincial de demostración con base en el plan de desarrollo ficticio.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Sesiones del consejo provincial de demostración realizadas', 'número', 'sum', NULL, 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Realizar 24 sesiones ordinarias del consejo provincial de demostración', 24, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- Unit 2
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl2, 2, 'Dirección de Vialidad (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Mantener la red vial rural ficticia de la provincia de demostración en condiciones transitables.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Kilómetros de vías rurales mantenidos', 'km', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Mantener 480 km de vías rurales de demostración', 480, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 2, 'I2', 'Puentes rehabilitados', 'número', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Rehabilitar 6 puentes de la red de demostración', 6, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- Unit 3
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl2, 3, 'Dirección de Fomento Productivo (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Acompañar a organizaciones productivas ficticias de la provincia de demostración.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Organizaciones productivas asistidas', 'número', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Asistir técnicamente a 60 organizaciones de demostración', 60, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- Unit 4
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl4, 4, 'Dirección Financiera (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Ejecutar el presupuesto ficticio de la provincia de demostración.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Porcentaje de ejecución presupuestaria', 'porcentaje', 'last', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Alcanzar el 90% de ejecución presupuestaria de demostración', 90, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- ===========================================================================
-- Gobierno Provincial de Demostración Sur (DATOS FICTICIOS DE DEMOSTRACIÓN)
-- ===========================================================================
INSERT INTO institution
  (slug, name, short_name, is_demo, gpr_url, update_frequency, info_unit,
   responsible_name, responsible_email, responsible_phone, empty_text)
VALUES
  ('demo-sur', 'Gobierno Provincial de Demostración Sur (DATOS FICTICIOS DE DEMOSTRACIÓN)', 'GPDS', 1,
   NULL, 'MENSUAL', 'DIRECCIÓN DE PLANIFICACIÓN (DEMOSTRACIÓN)',
   'Persona ficticia de demostración', 'transparencia@demo-sur.example', '(00) 000-0000',
   'NO APLICA');
SET @inst = LAST_INSERT_ID();
INSERT INTO institution_host (host, institution_id) VALUES ('sur.localhost', @inst);
INSERT INTO plan_year (institution_id, year, data_date) VALUES (@inst, 2023, '2023-01-31');
SET @py = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 1, 'PROCESOS GOBERNANTES / NIVEL DIRECTIVO');
SET @pl1 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 2, 'PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO');
SET @pl2 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 3, 'PROCESOS HABILITANTES DE ASESORÍA');
SET @pl3 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name) VALUES (@inst, 4, 'PROCESOS HABILITANTES DE APOYO');
SET @pl4 = LAST_INSERT_ID();

-- Unit 1
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl1, 1, 'Prefectura (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Dirigir la gestión de la provincia ficticia del sur conforme a su plan de demostración.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Rendiciones de cuentas realizadas', 'número', 'sum', NULL, 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Realizar 1 rendición de cuentas de demostración', 1, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- Unit 2
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl2, 2, 'Dirección de Gestión Ambiental (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Proteger las cuencas hídricas ficticias de la provincia de demostración.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Hectáreas reforestadas', 'ha', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Reforestar 300 hectáreas de demostración', 300, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);

-- Unit 3
INSERT INTO unit (institution_id, process_level_id, number, name) VALUES (@inst, @pl2, 3, 'Dirección de Riego y Drenaje (demostración)');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text) VALUES (@inst, @u, @py, 'Ampliar la superficie bajo riego ficticia de la provincia de demostración.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Hectáreas incorporadas a riego', 'ha', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Incorporar 150 hectáreas a sistemas de riego de demostración', 150, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 2, 'I2', 'Juntas de regantes capacitadas', 'número', 'sum', '0', 0);
SET @i = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Capacitar a 20 juntas de regantes de demostración', 20, '2023-12-31');
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, LAST_INSERT_ID(), @i);
