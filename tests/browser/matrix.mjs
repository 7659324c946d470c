// tests/browser/matrix.mjs — the public a4 matrix page in headless Chromium,
// at desktop and phone size. Prints TAP lines; exits 1 when any failed.
//
//   node matrix.mjs URL ARTIFACTS_DIR
//
// Chromium is Debian's /usr/bin/chromium (CHROMIUM overrides it), driven by
// playwright-core. Screenshots: ARTIFACTS_DIR/matrix-desktop.png and
// matrix-phone.png (full page).
import { launch, tap } from './tap.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [url, artifacts] = process.argv.slice(2);
if (!url || !artifacts) {
  console.error('uso: node matrix.mjs URL CARPETA_DE_ARTEFACTOS');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const { ok, same, done } = tap();

const LEVELS = [
  'PROCESOS GOBERNANTES / NIVEL DIRECTIVO',
  'PROCESOS AGREGADORES DE VALOR / NIVEL OPERATIVO',
  'PROCESOS HABILITANTES DE ASESORÍA',
  'PROCESOS HABILITANTES DE APOYO',
];
const LABELS = [
  'LINK PARA DESCARGAR EL REPORTE DE GOBIERNO POR RESULTADOS (GPR)',
  'FECHA ACTUALIZACIÓN DE LA INFORMACIÓN:',
  'PERIODICIDAD DE ACTUALIZACIÓN DE LA INFORMACIÓN:',
  'UNIDAD POSEEDORA DE LA INFORMACION - LITERAL a4):',
  'RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN DEL LITERAL a4):',
  'CORREO ELECTRÓNICO DEL O LA RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN:',
  'NÚMERO TELEFÓNICO DEL O LA RESPONSABLE DE LA UNIDAD POSEEDORA DE LA INFORMACIÓN:',
];
const VALUES = [
  'INFORMACIÓN NO DISPONIBLE',
  '31/01/2023',
  'MENSUAL',
  'DIRECCIÓN DE PLANIFICACIÓN Y ORDENAMIENTO TERRITORIAL',
  'Ing. Juan Haro',
  'jharo@congope.gob.ec',
  '(02) 380-1750 EXTENSIÓN 410',
];

const VIEWS = [
  { name: 'desktop', context: { viewport: { width: 1366, height: 900 } } },
  {
    name: 'phone',
    context: {
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    },
  },
];

const browser = await launch();
ok(true, `headless Chromium ${browser.version()} starts`);

try {
  for (const view of VIEWS) {
    const v = view.name;
    const context = await browser.newContext({ ...view.context, locale: 'es-EC' });
    const page = await context.newPage();
    const consoleErrors = [];
    const pageErrors = [];
    const badResponses = [];
    const failedRequests = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) badResponses.push(`${r.status()} ${r.url()}`); });
    // CSP violations, seen from inside the page (init scripts are not subject to CSP).
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });

    const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    same(resp && resp.status(), 200, `${v}: GET / answers 200`);
    same(await page.getAttribute('html', 'lang'), 'es-EC', `${v}: the page is in Spanish (lang="es-EC")`);

    const units = await page.locator('table.matrix th.unit').allInnerTexts();
    same(units.length, 18, `${v}: the table has 18 unit rows (th.unit)`);
    ok(units.every((t) => t.trim().length > 0), `${v}: every unit row shows a unit name`);
    ok(units.includes('Comisión Ejecutiva'), `${v}: accented names render intact ('Comisión Ejecutiva')`,
      JSON.stringify(units.slice(0, 3)));
    const levels = (await page.locator('table.matrix tr.level th').allInnerTexts()).map((t) => t.trim());
    // On phones text-transform may change the case of rendered text: compare in upper case.
    same(levels.map((t) => t.toUpperCase()), LEVELS, `${v}: the 4 process-level headings, in order`);

    const labels = (await page.locator('section.contact dt').allTextContents()).map((t) => t.trim());
    const values = (await page.locator('section.contact dd').allTextContents()).map((t) => t.trim());
    same(labels, LABELS, `${v}: contact block has its 7 labels`);
    same(values, VALUES, `${v}: contact block has its 7 values`);
    same(await page.locator('section.contact a[href="mailto:jharo@congope.gob.ec"]').count(), 1,
      `${v}: the e-mail is a mailto: link`);
    for (const [i, label] of LABELS.entries()) {
      const box = await page.locator('section.contact dt').nth(i).boundingBox();
      if (!box || box.width < 1 || box.height < 1) ok(false, `${v}: contact label ${i + 1} is visible`, label);
    }
    ok(await page.locator('section.contact').isVisible(), `${v}: the contact block is visible`);

    // The stylesheet loaded (not blocked by CSP): the header has its colour.
    const headerBg = await page.evaluate(() => getComputedStyle(document.querySelector('header.site')).backgroundColor);
    same(headerBg, 'rgb(11, 79, 138)', `${v}: /static/metas.css is applied`);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (v === 'phone') {
      ok(overflow <= 0, `${v}: no horizontal scrolling (page fits 390 px)`, `${overflow} px too wide`);
      const display = await page.evaluate(() => getComputedStyle(document.querySelector('table.matrix tr.unit-first')).display);
      same(display, 'block', `${v}: units are shown as cards (rows display: block)`);
      const cap = await page.evaluate(() => {
        const c = document.querySelector('table.matrix caption').getBoundingClientRect();
        const t = document.querySelector('table.matrix').getBoundingClientRect();
        return { caption: Math.round(c.width), table: Math.round(t.width) };
      });
      ok(cap.caption >= 0.9 * cap.table, `${v}: the table caption uses the width of the table`,
        `caption ${cap.caption} px wide in a ${cap.table} px table`);
      const fontPx = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('table.matrix td.objective')).fontSize));
      ok(fontPx >= 12, `${v}: table text is at least 12 px`, `${fontPx} px`);
    } else {
      ok(overflow <= 0, `${v}: no horizontal scrolling at 1366 px`, `${overflow} px too wide`);
    }

    const file = path.join(artifacts, `matrix-${v}.png`);
    await page.screenshot({ path: file, fullPage: true });
    ok(true, `${v}: screenshot saved to ${file}`);

    const csp = await page.evaluate(() => window.__csp);
    same(csp, [], `${v}: no CSP violation`);
    same(consoleErrors, [], `${v}: no console errors`);
    same(pageErrors, [], `${v}: no page errors`);
    same(badResponses, [], `${v}: no response with status >= 400 (page and assets)`);
    same(failedRequests, [], `${v}: no failed request`);
    await context.close();
  }
} catch (e) {
  ok(false, 'the browser test ran to the end', e.stack || e);
} finally {
  await browser.close();
}
done();
