-- Demo seed: CONGOPE (Consorcio de Gobiernos Autónomos Provinciales del Ecuador),
-- LOTAIP Art. 7 literal a4) "Las metas y objetivos de las unidades administrativas
-- de conformidad con sus programas operativos", matrix published with
-- "FECHA ACTUALIZACIÓN DE LA INFORMACIÓN: 31/01/2023".
--
-- Source: /work/shared/seeds/congope-lotaip-a4-2023-01.txt (text layer of the
-- published PDF; its columns were interleaved on extraction), re-assembled
-- following /work/shared/seeds/READING-NOTES.md.
--
-- The text is transcribed as published: the institution's own spelling mistakes
-- ("cumpplimiento", "dde", "parlicipativa", "automotiza", "garatía",
-- "informàticas", ...) are kept, and goals the PDF cuts off mid-sentence
-- ("...para", "...de los 23") are kept cut off. Wrapped lines of a cell are
-- joined with single spaces. Goal/indicator codes are as printed, minus the
-- trailing dot/space.
--
-- The published matrix has no date column. A goal's target date must lie in
-- its plan year (2023 here), so goals whose text names an earlier year ("Al
-- 2022, ...", "Al 2020, ...", copied by the source from an older plan) have
-- no target date: their text stays as published.
--
-- The file is UTF-8 (utf8mb4); load it over a utf8mb4 connection. The loader
-- wraps it in a transaction. Rows are linked through session variables.

-- ---------------------------------------------------------------------------
-- Institution, contact block (footer of the matrix) and plan year
-- ---------------------------------------------------------------------------
INSERT INTO institution
  (slug, name, short_name, is_demo, gpr_url, update_frequency, info_unit,
   responsible_name, responsible_email, responsible_phone, empty_text)
VALUES
  ('congope', 'Consorcio de Gobiernos Autónomos Provinciales del Ecuador', 'CONGOPE', 0,
   NULL, 'MENSUAL', 'DIRECCIÓN DE PLANIFICACIÓN Y ORDENAMIENTO TERRITORIAL',
   'Ing. Juan Haro', 'jharo@congope.gob.ec', '(02) 380-1750 EXTENSIÓN 410',
   'INFORMACIÓN NO DISPONIBLE');
SET @inst = LAST_INSERT_ID();

INSERT INTO plan_year (institution_id, year, data_date) VALUES (@inst, 2023, '2023-01-31');
SET @py = LAST_INSERT_ID();

-- ---------------------------------------------------------------------------
-- Process levels
-- ---------------------------------------------------------------------------
INSERT INTO process_level (institution_id, position, name)
  VALUES (@inst, 1, 'PROCESOS GOBERNANTES / NIVEL DIRECTIVO');
SET @pl1 = LAST_INSERT_ID();
INSERT INTO process_level (institution_id, position, name)
  VALUES (@inst, 2, 'PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO');
SET @pl2 = LAST_INSERT_ID();
-- inferred placement (READING-NOTES.md): heading not in the source text
INSERT INTO process_level (institution_id, position, name)
  VALUES (@inst, 3, 'PROCESOS HABILITANTES DE ASESORÍA');
SET @pl3 = LAST_INSERT_ID();
-- inferred placement (READING-NOTES.md): heading not in the source text
INSERT INTO process_level (institution_id, position, name)
  VALUES (@inst, 4, 'PROCESOS HABILITANTES DE APOYO');
SET @pl4 = LAST_INSERT_ID();

-- ===========================================================================
-- PROCESOS GOBERNANTES / NIVEL DIRECTIVO
-- ===========================================================================

-- Unit 1: Asamblea de Prefectos (one indicator, no goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl1, 1, 'Asamblea de Prefectos');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Definición de políticas institucionales, conducción política, control de la organización (art. 11 estatuto)');
-- inferred placement (READING-NOTES.md)
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'No aplica, dado que la funcionalidad del proceso gobernante es un factor netamente político los cuales se pueden medir pero por la subjetividad de este ámbito de acción es mejor medir por el nivel de posicionamiento institucional. Lo cual se lo realiza a través de la Dirección de Comunicación.', 'número', 'sum', NULL, 0);

-- Unit 2: Comisión Ejecutiva (one indicator, one goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl1, 2, 'Comisión Ejecutiva');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Asegurar la consecución de los objetivos fundacionales (art. 17 del Estatuto)');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Asegurar la consecución de los objetivos fundacionales del Consorcio.', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
-- inferred placement (READING-NOTES.md)
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, '', 'No aplica, en cumplimiento al Art. 6 del COOTAD donde se estipula la garatía de la autonomía de los gobiernos autonomos descentralizados', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 3: Presidencia (one indicator, no goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl1, 3, 'Presidencia');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Ejercer la representación legal. Cumplir y hacer cumplir las disposiciones del presente estatuto, de la estructura orgánica funcional, reglamentos, así como de las resoluciones emanadas de la asamblea general y de la Comisión Ejecutiva. ( art. 22 del Estatuto)');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Asegurar el cumpplimiento del estatuto que se estipulan en los diferentes numerales dentro del art. 22.', 'número', 'sum', NULL, 0);

-- Unit 4: Dirección Ejecutiva (one indicator, no goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl1, 4, 'Dirección Ejecutiva');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Órgano técnico, administrativo y de gestión permanente. (art. 26 Estatuto)');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Asegurar el cumnplimiento del plan estratégico institucional, las líneas estratégicas, planes operativos y directrices aprobadas por la Comisión Ejecutiva y por la Presidencia.', 'número', 'sum', NULL, 0);

-- ===========================================================================
-- PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO
-- ===========================================================================

-- Unit 5: Dirección de Planificación y desarrollo territorial
-- (six indicator/goal pairs; the third goal's cell shows only its clipped tail)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 5, 'Dirección de Planificación y desarrollo territorial');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Fortalecer la capacidad técnica y de gestión de los GAD Provinciales, a través de asesoría, capacitación y acompañamiento técnico especializado a las direcciones de planificación de los gobiernos provinciales, construyendo herramientas y metodologías. Diseñar y monitorear los procesos de planificación interna');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Un 70% de su contenido apoya la consolidación de Gob Intermedio', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 2, '', 'Un 50% de su contenido es recogido en la norma por parte del CONGOPE y aprobado por la Asamblea Nacional', 'número', 'sum', NULL, 0);
SET @i2 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 3, '', 'Se ha incrementado aliados estratégicos desde el nivel nacional como internacional a la consolidación de Gob. Intermedio', 'número', 'sum', NULL, 0);
SET @i3 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 4, '', 'La información de evaluación muestre el estado del modelo de gestión de los GADP', 'número', 'sum', NULL, 0);
SET @i4 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 5, '', 'Se ha incrementado en un 10% la eficiencia dde su Modelo de Gestión', 'número', 'sum', NULL, 0);
SET @i5 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 6, '', 'Número de paper presentados', 'número', 'sum', NULL, 0);
SET @i6 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al menos una evaluación que establezca el estado de los procesos de gestión descentralizada', 1, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M.2', 'Propuesta de instrumentos de planificación para consolidación del modelo de Gobierno Intermedio.', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i2);
-- Inferred placement (beyond READING-NOTES.md, which lists this pair's indicator
-- only): the source's fragment "Intermedio. (Instrumentos de planificación y
-- ordenamiento territorial)" is the visible, top-clipped text of the goal cell
-- beside the third indicator (the missing M3 of M1, M.2, _, M4, M5, M6). Its
-- code and beginning are not in the source, so neither is invented here.
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, '', 'Intermedio. (Instrumentos de planificación y ordenamiento territorial)', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i3);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 4, 'M4', 'Propuesta técnica de un “solo plan provincial” para la reforma legal que aporta a la', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i4);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 5, 'M5', 'Al menos dos Gobiernos Provinciales implementan el modelo de gestión por resultados', 2, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i5);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 6, 'M6', 'Al menos 3 paper sobre Planificación, Desarrollo Territorial y Gobierno Intermedio', 3, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i6);

-- Unit 6: Dirección de Fomento de la producción
-- (I1 and I.2 stand beside M1; I2 beside M2; I.3 beside M3)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 6, 'Dirección de Fomento de la producción');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Promover las condiciones territoriales y fortalecer las capacidades de los Gobiernos Autónomos Descentralizados Provinciales, necesarias para el ejercicio eficaz y eficiente de las competencias relacionadas con Fomento Productivo.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, 'I1', 'Nro. Caja de herramientas socializada/ caja de herramientas socializada en 23 GADP', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 2, 'I.2', 'número de evento realizados/Un evento planificados', 'número', 'sum', NULL, 0);
SET @i2 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 3, 'I2', 'Nro de GAD Fortalecidos/ GAD Fortalecidos', 'número', 'sum', NULL, 0);
SET @i3 = LAST_INSERT_ID();
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 4, 'I.3', 'Nro de GAD Fortalecidos/ GAD Fortalecidos', 'número', 'sum', NULL, 0);
SET @i4 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al 2022, al menos 13 GADP incrementan sus capacidades técnicas para el impulso del sector de la Economía Popular y Solidaria mediante procesos de articulación territorial', 13, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i2);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Al 2022, al menos el 50% GADP fortalecen sus capacidades en herramientas turísticas', 50, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i3);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M3', 'En el 2022, 6 GADP fortalecen sus metodologías de competitividad territorial', 6, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i4);

-- Unit 7: Dirección de Gestión ambiental (one indicator, one goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 7, 'Dirección de Gestión ambiental');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Fortalecer la capacidad de gestión de las competencias relacionadas con Ambiente, través de la implementación de herramientas generadoras de valor que promuevan una gestión eficiente y participativa a nivel local.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Fortalecimiento en la gestión de calidad ambiental y Dotar e implementar técnicas y herramientas para el fortalecimiento de AAAR de los GADP', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'A 2022 al menos 10 GADP mejoran sus capacidades para el ejercicio de la competencia', 10, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 8: Dirección de Proyectos, seguimiento y monitoreo (one indicator, three goals)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 8, 'Dirección de Proyectos, seguimiento y monitoreo.');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Asesorar, capacitar y formular proyectos, tanto para los Gobiernos Autónomos Provinciales del Ecuador, como para el Consorcio de Gobiernos Provinciales del Ecuador: que sean de índole técnico y de interés público en beneficio del desarrollo territorial de las provincias.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Las provincias estan fortalecidas en sus capacidades de gestión de proyectos en el ambito de sus competencias y fortalecer las capacidades y conocimientos en modelos y nuevas formas de financiamiento para proyectos y emprendimientos de los GADP', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al 2022, al menos 8 GADP incrementan sus conocimientos en herramientas de gestión pública', 8, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'A 2022 se implementa una propuesta para la creación de un espacio de formación para los gobiernos locales', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M3', 'Se implementa el ciclo de gestión de proyectos en las herramientas de GXR Institucional', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 9: Dirección de Vialidad, infraestructuras, riego y drenaje
-- (one indicator; goals: PROVIAL, riego y drenaje, riego pilot, vivienda rural x3)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 9, 'Dirección de Vialidad, infraestructuras, riego y drenaje.');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Apoyar el fortalecimiento institucional de los Gobiernos Autónomos Descentralizados Provinciales para lograr una efectiva ejecución de las competencias de vialidad y riego y drenaje, y otras, adicionales o residuales de los Gobiernos Autónomos Descentralizados Provinciales.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Los GAD provinciales dispongan de alternativas tecnológicas de bajo costo para el mantenimiento vial. Fortalecer las capacidades técnicas de los Gobiernos Autónomos Descentralizados Provinciales para la ejecución de planes, programas y proyectos de riego', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Se realiza el acompañamiento y seguimiento técnico necesario al proyecto PROVIAL para', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M1', 'Los 23 GADP han recibido asesorìa, asistencia técnica, acompañamiento y cinco herramientas para una mejor gestión en Riego y drenaje', 23, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M2', 'Al 2020, un informe de definición del área de riego como pilotaje en un GADP.', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
-- inferred placement (READING-NOTES.md): the vivienda rural goals go under
-- "infraestructuras"
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 4, 'M1', 'Posicionar el rol de gobierno intermedio en el marco de la implementación de vivienda rural, en al menos el 20% de los GADP (5), mediante la articulación con las instancias nacionales y otros', 20, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
-- inferred placement (READING-NOTES.md)
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 5, 'M2', 'Incorporar la propuesta de construcción de viviendas bioclimáticas mediante eventos de posicionamiento.', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
-- inferred placement (READING-NOTES.md)
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 6, 'M3', 'Fortalecer y articular al menos el 20% de los GADP (5) en el desarrollo de planes y programas de vivienda de interés social con enfoque de hábitat', 20, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 10: Dirección de Cooperación Internacional (one indicator; goals M1, M4)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 10, 'Dirección de Cooperación Internacional');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'brindar asesoría, asistencia técnica y acompañamiento especializada a los Gobiernos Provinciales del País y del CONGOPE. para el ejercicio de la competencia de cooperación nacional e internacional, y la internacionalización de los territorios.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Incrementar las posibilidades de relacionamiento Internacional de los Gobiernos Provinciales MEDIANTE la implementación de acciones y herramientas de Internacionalización', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'A 2022 se han mejorado las capacidades de 8 GADP para la gestión de paradiplomacia, cooperación e internacionalización', 8, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M4', 'A 2022 se incorporan las prioridades y potencialidades de Cooperación Internacionalde los 23', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 11: Unidad de gestión social, interculturalidad y género
-- (one indicator; two uncoded goals)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 11, 'Unidad de gestión social, interculturalidad y género.');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Fortalecer la capacidad de gestión de las competencias relacionado con la gestión social, interculturalidad y género, a través de la implementación de herramientas generadoras de valor que promueven una gestión eficiente y parlicipativa a nivel local.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Las provincias desarrollan una gestión incluyente, equitativa y solidaria, en el marco de sus competencias.', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, '', 'Al menos 8 GADs provinciales sensibilizados, participando Y aportando al sistema de protección de derechos y violación a los derechos humanos alrededor de temas vinculados a los enfoques de', 8, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, '', 'Al menos en 5 GADP se acompaña en la entrega herramientas para fortalecer la participación ciudadana en los territorios.', 5, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 12: Unidad de Coordinación Regional (one indicator, one goal)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 12, 'Unidad de Coordinación Regional');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Apoyar en la gestión de los territorios de las provincias Guayas,Santa Elena, Azuay, Loja y El Oro, además promover mecanismos de gobernanza');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Los Gad Provinciales de Guayas, Santa Elena, Azuay, Loja y El Oro mejoran la gestion de sus competencias, la imagen y la institucionalidad de los GAD´s Provinciales.', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al 2020, se realiza 5 espacios de dialogos en los GADP de la zona sur del país para incrementar el posicionamiento de los mismos en torno al gobierno intermedio', 5, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 13: Unidad de coordinación territorial (one indicator, four goals)
-- (its name, objective and indicator appear twice in the source text; used once)
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl2, 13, 'Unidad de coordinación territorial');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Apoyar en la gestión de los territorios, promoviendo mecanismos de gobernanza');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'El CONGOPE brinda asistencia técnica para que los GADP fortalezcan la participacion ciudadana y el control social en sus territorios, mediante un analisis político de los territorios', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M.1', '12 análisis coyuntural de las provincias', 12, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M.2', 'Al menos a 3 GADP se comprometen a través de la cámara provincial a territorializar agendas internacionales de incidencia en procesos de', 3, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M3', 'Se socializa en al menos 4 GADP una estrategia para para el mejoramiento de la gobernanza', 4, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
-- inferred placement (READING-NOTES.md)
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 4, 'M4', 'Se desarrollan al menos 3 estudios especializados para el impulso del desarrollo territorial de', 3, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- ===========================================================================
-- PROCESOS HABILITANTES DE ASESORÍA
-- ===========================================================================

-- Unit 14: Dirección de asesoría Jurídica (one indicator, two goals)
-- inferred placement (READING-NOTES.md): process level
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl3, 14, 'Dirección de asesoría Jurídica');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Proporcionar asesoría técnica especializada orientada a brindar seguridad jurídica en las acciones de CONGOPE y de los GADs provinciales');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Fortalecer la capacidad articuladora de los GADPs con actores vinculados a su gestión; incidir en los objetivos nacionales de lograr una cultura de paz a través de un proceso de descentralización de la justicia a cargo de los GADPs', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al menos el 50% de los GADP se han fortalecido en materia jurídica.', 50, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Un informe de gestión Procesal Constitucional y Defensa de Derechos conforme a la acciones en al meno 6 GADP', 6, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 15: Dirección de Comunicación (one indicator, one goal)
-- inferred placement (READING-NOTES.md): process level
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl3, 15, 'Dirección de Comunicación');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Consolidar la imagen institucional, brindar acompañamiento especializado a los GADs provinciales en temas de comunicación');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Realizar una investigación que permita profundizar en el conocimiento y la comprensión de las identidades territoriales rurales en el Ecuador.', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M. 1', 'A 2022 se incrementa en un 5% los niveles de posicionamiento mediático de CONGOPE', 5, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- ===========================================================================
-- PROCESOS HABILITANTES DE APOYO
-- ===========================================================================

-- Unit 16: Dirección Administrativa
-- (one indicator; administrative goals M1-M6, then talento humano goals M1-M3)
-- inferred placement (READING-NOTES.md): process level
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl4, 16, 'Dirección Administrativa');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Gestión de recursos y del talento humano del CONGOPE. Brindar acompañamiento especializado en temas administrativos a los GADs provinciales');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'GAD Provinciales disponen de herramientas informàticas para administrar la gestión institucional y Dinamizar la gestión a través de la actualización de normativa, uso de herramientas y metodologías innovadoras.', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Mantener el 80% del parque automotor en óptimas condiciones mediante contratos de mantenimientos preventivos y correctivos para', 80, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Atender el 90% de la logistica y eventos en forma oportuna en función de los requerimientos de las diversas áreas del CONGOPE', 90, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M3', 'Cumplir con el 100% en las entregas de existencias y controlar el uso, destino y movimiento de', 100, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 4, 'M4', 'Cumplir el 90% de los requerimientos de mantenimiento preventiva y correctiva de las instalaciones del CONGOPE, a través de procesos', 90, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 5, 'M5', 'Al menos en cinco unidades organizaciones se implementa el manual de procesos y', 5, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 6, 'M6', 'Incorporar una herramienta para revalorización de bienes.', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
-- talento humano
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 7, 'M1', 'Prevenir en un 20% la salud y seguridad de los servidores del CONGOPE', 20, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 8, 'M2', 'Al 2022, la gestión del talento humano, cuenta con procesos normados y herramientas aplicables', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 9, 'M3', 'Al menos el 50% del plan de capacitación se cumple al culminar el periodo 2022', 50, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 17: Dirección Financiera (one indicator, two goals)
-- inferred placement (READING-NOTES.md): process level
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl4, 17, 'Dirección Financiera');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Gestión de recursos financieros del CONGOPE. Brindar acompañamiento especializado y formación de capacidades a los GADs provinciales.');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Provincias mejoran los procesos de la gestión financiera, automatizan y sistematizan la información y Fortalecer la gestión financiera institucional orientándola a la efectividad eficiencia, eficacia y calidad para el logro de resultados mediante el mejoramiento del sistema financiero SFGProv .', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Desarrollar 2 talleres regionales en temas de gestión financiera', 2, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M2', 'Brindar 30 asistencias técnicas a nivel nacional', 30, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);

-- Unit 18: Dirección de Tecnología (one indicator; goals M1, M.2, M2)
-- inferred placement (READING-NOTES.md): process level
INSERT INTO unit (institution_id, process_level_id, number, name)
  VALUES (@inst, @pl4, 18, 'Dirección de Tecnología');
SET @u = LAST_INSERT_ID();
INSERT INTO objective (institution_id, unit_id, plan_year_id, text)
  VALUES (@inst, @u, @py, 'Brindar servicios tecnológicas al CONGOPE y los GADs');
INSERT INTO indicator (institution_id, unit_id, plan_year_id, position, code, name, measure_unit, aggregation, baseline, decimals)
  VALUES (@inst, @u, @py, 1, '', 'Sistemas ofertados por el CONGOPE implementados en los GADP', 'número', 'sum', NULL, 0);
SET @i1 = LAST_INSERT_ID();
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 1, 'M1', 'Al 2022 se ha implementado en 4 GADP y CONGOPE la automatizaciòn tecnológica de procesos gestiòn pública', 4, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 2, 'M.2', 'Se da soporte y mantenimiento al menos al', NULL, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
INSERT INTO goal (institution_id, unit_id, plan_year_id, position, code, text, target, target_date)
  VALUES (@inst, @u, @py, 3, 'M2', 'Se automotiza al menos tres procesos de gestión pública: Planificación, Financiero y Adminsitrativo.', 3, NULL);
SET @g = LAST_INSERT_ID();
INSERT INTO goal_indicator (institution_id, goal_id, indicator_id) VALUES (@inst, @g, @i1);
