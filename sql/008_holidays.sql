-- 008: Ecuador's national holidays of 2024 and 2025 (003 seeded 2023 and
-- 2026). Each row is the day of rest that applies: the dates moved
-- ("traslado") under the Ley Orgánica Reformatoria a la Ley Orgánica del
-- Servicio Público y al Código del Trabajo (2016) are recorded on the day
-- they moved to, as the Ministerio de Turismo's calendars publish them.
-- Days off decreed on top of those (for example 2 and 3 January 2025) are
-- not national holidays of the law and are left out; the operator adds
-- such a day with "metasctl holiday add" or at /feriados when it moves a
-- deadline.
--
-- 2027 is not seeded: its official calendar (Viceministerio de Turismo,
-- 2026-2030) could not be confirmed day by day when this was written. Add
-- it the same way before the deadlines of 2027 matter (docs/install.md).
--
-- INSERT IGNORE: a day the operator already recorded by hand is kept as it is.

INSERT IGNORE INTO holiday (day, name) VALUES
  ('2024-01-01', 'Año Nuevo'),
  ('2024-02-12', 'Carnaval'), ('2024-02-13', 'Carnaval'),
  ('2024-03-29', 'Viernes Santo'),
  ('2024-05-03', 'Día del Trabajo (traslado)'),
  ('2024-05-24', 'Batalla de Pichincha'),
  ('2024-08-09', 'Primer Grito de Independencia (traslado)'),
  ('2024-10-11', 'Independencia de Guayaquil (traslado)'),
  ('2024-11-01', 'Día de los Difuntos (traslado)'),
  ('2024-11-04', 'Independencia de Cuenca (traslado)'),
  ('2024-12-25', 'Navidad'),
  ('2025-01-01', 'Año Nuevo'),
  ('2025-03-03', 'Carnaval'), ('2025-03-04', 'Carnaval'),
  ('2025-04-18', 'Viernes Santo'),
  ('2025-05-02', 'Día del Trabajo (traslado)'),
  ('2025-05-23', 'Batalla de Pichincha (traslado)'),
  ('2025-08-11', 'Primer Grito de Independencia (traslado)'),
  ('2025-10-10', 'Independencia de Guayaquil (traslado)'),
  ('2025-11-03', 'Independencia de Cuenca'),
  ('2025-11-04', 'Día de los Difuntos (traslado)'),
  ('2025-12-25', 'Navidad');
