// tests/browser/monthly.mjs — a month of data entry in headless Chromium: a
// unit head (jefe06) logs in, opens their unit from the panel, types one
// invalid value (sees the error next to the field, the rest kept), fixes it,
// saves the draft and sends the month; the transparency officer logs in,
// opens the month's dashboard from the panel, opens the unit and approves it.
// Prints TAP lines; exits 1 when any failed.
//
//   node monthly.mjs URL ARTIFACTS_DIR
//
// The stack must run with "today = 2023-02-03" in metas.conf, with January
// 2023 approved (the panel then leads to February 2023, the first month the
// unit has not sent; January, due 05/02/2023, is done).
// Screenshots: ARTIFACTS_DIR/month-error.png (the form with the error),
// month-form.png (the saved draft), dashboard.png (the officer's dashboard),
// month-form-phone.png (the form at 390 px), month-review.png (the officer's
// view of the sent month).
import { launch, tap } from './tap.mjs';
import { helpers } from './pages.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [url, artifacts] = process.argv.slice(2);
if (!url || !artifacts) {
  console.error('uso: node monthly.mjs URL CARPETA_DE_ARTEFACTOS');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const base = url.replace(/\/+$/, '');

const { ok, same, text, done } = tap();

const UNIT6 = 'Dirección de Fomento de la producción';
const MONTH = 'febrero de 2023';

const browser = await launch();
ok(true, `headless Chromium ${browser.version()} starts`);

const { newSession, login, submit, checkClean, overflow } =
  helpers({ browser, base, ok, same, label: '' });

try {
  // ---- the unit head -------------------------------------------------------
  const jefe = await newSession('jefe06');
  const p = jefe.page;
  if (await login(jefe, 'jefe06', 'demo-jefe-2023')) {
    const link = p.locator('ul.units-list a', { hasText: UNIT6 });
    same(await link.count(), 1, 'the panel lists unit 6 under «Sus unidades»');
    const listItem = await text(p.locator('ul.units-list li'));
    ok(listItem && listItem.includes(`registrar ${MONTH} (mes en curso)`),
      `the panel offers to «registrar ${MONTH} (mes en curso)»`, listItem);
    await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    const unitPath = new URL(p.url()).pathname;
    ok(/^\/unidades\/\d+\/2023-02$/.test(unitPath), 'the panel link opens the unit\'s February 2023 form', unitPath);
    const h1 = await text(p.locator('h1'));
    ok(h1 && h1.includes(UNIT6) && h1.includes(MONTH), 'the heading names the unit and the month', h1);
    same(await text(p.locator('p.status .badge')), 'Borrador', 'the month is shown as Borrador');
    const status = await text(p.locator('p.status'));
    ok(status && status.includes('Vence en 30 días (05/03/2023)'), 'the page shows the deadline «Vence en 30 días (05/03/2023)»', status);

    const sections = p.locator('form.month section.ind');
    same(await sections.count(), 4, 'the form has a section per indicator (4)');
    const ids = await p.locator('form.month input[type="hidden"][name^="n"]').evaluateAll(
      (els) => els.map((e) => e.name.slice(1)));
    same(ids.length, 4, 'the form carries a version per indicator');
    const v = (i) => p.locator(`#f-v${ids[i]}`);
    const c = (i) => p.locator(`#f-c${ids[i]}`);
    const e = (i) => p.locator(`#f-e${ids[i]}`);

    // One invalid value, the rest valid.
    await v(0).fill('12,5');
    await v(1).fill('1');
    await c(1).fill('Taller de herramientas en Imbabura');
    await v(2).fill('2');
    await e(2).fill('https://congope.gob.ec/eventos/2023-02');
    await v(3).fill('1');
    let st = await submit(p, p.getByRole('button', { name: 'Guardar borrador' }));
    same(st, 422, 'saving «12,5» on an integer indicator answers 422');
    same(await text(p.locator('main .msg-error').first()), 'Revise los campos marcados; nada se guardó.',
      'the page says to check the marked fields and that nothing was saved');
    const err = p.locator(`#e-v${ids[0]}`);
    same(await text(err), 'Este indicador admite solo números enteros.', 'the error is shown with the field');
    ok(await err.isVisible(), 'the error message is visible');
    same(await v(0).getAttribute('aria-invalid'), 'true', 'the field is marked aria-invalid');
    ok((await v(0).getAttribute('aria-describedby') || '').split(' ').includes(`e-v${ids[0]}`),
      'the field is described by its error (aria-describedby)');
    const geo = await p.evaluate((id) => {
      const i = document.getElementById(`f-v${id}`).getBoundingClientRect();
      const m = document.getElementById(`e-v${id}`).getBoundingClientRect();
      return { gap: Math.round(m.top - i.bottom), sameField: document.getElementById(`e-v${id}`).closest('.field') === document.getElementById(`f-v${id}`).closest('.field') };
    }, ids[0]);
    ok(geo.sameField && geo.gap >= 0 && geo.gap < 40, 'the error sits right under its field',
      JSON.stringify(geo));
    same([await v(0).inputValue(), await v(1).inputValue(), await v(2).inputValue(), await v(3).inputValue()],
      ['12,5', '1', '2', '1'], 'every value typed is kept, the invalid one too');
    same(await c(1).inputValue(), 'Taller de herramientas en Imbabura', 'the comment typed is kept');
    same(await e(2).inputValue(), 'https://congope.gob.ec/eventos/2023-02', 'the evidence link typed is kept');
    await err.scrollIntoViewIfNeeded();
    await p.screenshot({ path: path.join(artifacts, 'month-error.png'), fullPage: true });
    ok(true, `screenshot saved to ${path.join(artifacts, 'month-error.png')}`);

    // Fix it and save the draft.
    await v(0).fill('3');
    st = await submit(p, p.getByRole('button', { name: 'Guardar borrador' }));
    same(st, 200, 'after fixing the value «Guardar borrador» saves (303 → 200)');
    ok(p.url().endsWith('?ok=guardado'), 'the form comes back with ?ok=guardado', p.url());
    same(await text(p.locator('main .msg-ok')), 'Borrador guardado.', 'the page says «Borrador guardado.»');
    same([await v(0).inputValue(), await v(1).inputValue(), await v(2).inputValue(), await v(3).inputValue()],
      ['3', '1', '2', '1'], 'the saved values are in the form');
    same(await p.locator('.has-error').count(), 0, 'no field is marked as an error any more');

    // A file sent by mistake, then taken off with «Quitar al guardar».
    await p.locator(`#f-f${ids[0]}`).setInputFiles({ name: 'acta-equivocada.pdf', mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') });
    st = await submit(p, p.getByRole('button', { name: 'Guardar borrador' }));
    same(st, 200, 'a draft with a PDF for the first indicator is saved');
    const fileLink = p.locator(`#i${ids[0]} p.file a`, { hasText: 'acta-equivocada.pdf' });
    same(await fileLink.count(), 1, 'the file is listed under its indicator');
    const quitar = p.locator(`#i${ids[0]} p.file`).getByLabel('Quitar al guardar');
    same(await quitar.count(), 1, 'with a «Quitar al guardar» box');
    await quitar.check();
    await p.locator(`#i${ids[0]} p.file`).screenshot({ path: path.join(artifacts, 'month-file-remove.png') });
    st = await submit(p, p.getByRole('button', { name: 'Guardar borrador' }));
    same(st, 200, 'saving with the box ticked');
    same(await text(p.locator('main .msg-ok')), 'Borrador guardado; los archivos marcados se quitaron del mes.',
      'the page says the marked files were removed');
    same(await p.locator(`#i${ids[0]} p.file`).count(), 0, 'the file is no longer listed');
    same([await v(0).inputValue(), await v(1).inputValue(), await v(2).inputValue(), await v(3).inputValue()],
      ['3', '1', '2', '1'], 'the values are unchanged');
    ok(await overflow(p) <= 0, 'desktop: the form fits without horizontal scrolling');
    await p.screenshot({ path: path.join(artifacts, 'month-form.png'), fullPage: true });
    ok(true, `screenshot saved to ${path.join(artifacts, 'month-form.png')}`);
    await p.setViewportSize({ width: 390, height: 844 });
    await p.reload({ waitUntil: 'load' });
    const of = await overflow(p);
    ok(of <= 0, 'phone (390 px): the form fits without horizontal scrolling', `${of} px too wide`);
    await p.screenshot({ path: path.join(artifacts, 'month-form-phone.png'), fullPage: true });
    await p.setViewportSize({ width: 1366, height: 900 });
    await p.reload({ waitUntil: 'load' });

    // Send.
    st = await submit(p, p.getByRole('button', { name: 'Guardar y enviar el mes' }));
    same(st, 200, '«Guardar y enviar el mes» sends the month');
    ok(p.url().endsWith('?ok=enviado'), 'the page comes back with ?ok=enviado', p.url());
    same(await text(p.locator('main .msg-ok')), 'Mes enviado. El responsable de transparencia lo revisará.',
      'the page confirms the month was sent');
    same(await text(p.locator('p.status .badge')), 'Enviado', 'the month is now Enviado');
    same(await p.locator('form.month').count(), 0, 'the sent month is no longer editable');
    const facts = await p.locator('section.ind dl.facts dd').allInnerTexts();
    same([facts[0], facts[3], facts[6], facts[9]], ['3', '1', '2', '1'], 'the sent values are shown read-only');
    await checkClean(jefe, 'unit head');
  }
  await jefe.context.close();

  // ---- the officer --------------------------------------------------------
  const off = await newSession('transparencia');
  const q = off.page;
  if (await login(off, 'transparencia', 'demo-transparencia-2023')) {
    const dash = q.getByRole('link', { name: `Ver el estado de las unidades en ${MONTH}` });
    same(await dash.count(), 1, `the officer's panel links the dashboard of ${MONTH}`);
    await Promise.all([q.waitForNavigation({ waitUntil: 'load' }), dash.click()]);
    same(new URL(q.url()).pathname, '/meses/2023-02', 'the link opens /meses/2023-02');
    same(await text(q.locator('h1')), `Revisión de ${MONTH}`, 'the dashboard heading names the month');
    const row = q.locator('table.list tbody tr', { hasText: UNIT6 });
    same(await row.count(), 1, 'the dashboard has a row for unit 6');
    same((await row.locator('td').allInnerTexts()).map((t) => t.trim()).slice(2),
      ['Enviado', '4 de 4', 'A tiempo (enviada el 03/02/2023)'],
      'unit 6: Enviado, 4 de 4 values, «A tiempo (enviada el 03/02/2023)»');
    same(await q.locator('table.list tbody tr').count(), 18, 'the dashboard lists the 18 units');
    ok(await overflow(q) <= 0, 'the dashboard fits without horizontal scrolling');
    await q.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
    ok(true, `screenshot saved to ${path.join(artifacts, 'dashboard.png')}`);

    await Promise.all([q.waitForNavigation({ waitUntil: 'load' }), row.getByRole('link', { name: UNIT6 }).click()]);
    ok(/^\/unidades\/\d+\/2023-02$/.test(new URL(q.url()).pathname), 'the row opens the unit\'s month', q.url());
    const approve = q.getByRole('button', { name: 'Aprobar el mes' });
    same(await approve.count(), 1, 'the officer sees «Aprobar el mes»');
    same(await q.getByRole('button', { name: 'Devolver a la unidad' }).count(), 1, '… and «Devolver a la unidad»');
    const comment = await q.locator('section.ind dl.facts dd').allInnerTexts();
    ok(comment.includes('Taller de herramientas en Imbabura'), 'the officer sees the unit head\'s comment');
    ok(await q.locator('a[href="https://congope.gob.ec/eventos/2023-02"]').count() === 1,
      'the officer sees the evidence link');
    await q.screenshot({ path: path.join(artifacts, 'month-review.png'), fullPage: true });
    const st = await submit(q, approve);
    same(st, 200, 'approving answers with the dashboard');
    const back = new URL(q.url());
    ok(back.pathname === '/meses/2023-02' && back.search.startsWith('?ok=aprobado&unidad=') &&
      back.hash === '#u' + back.searchParams.get('unidad'),
      'approving goes back to the dashboard with ?ok=aprobado, at the unit\'s row', q.url());
    same(await text(q.locator('main .msg-ok')), `Mes aprobado: 6. ${UNIT6}.`,
      'the dashboard says which unit\'s month was approved');
    same(await q.locator('table.dash tr:target').count(), 1, '… and marks its row');
    const row2 = q.locator('table.list tbody tr', { hasText: UNIT6 });
    same((await row2.locator('td').nth(2).innerText()).trim(), 'Aprobado', 'unit 6 is now Aprobado');
    await checkClean(off, 'officer');
  }
  await off.context.close();
} catch (e) {
  ok(false, 'the monthly browser test ran to the end', e.stack || e);
} finally {
  await browser.close();
}
done();
