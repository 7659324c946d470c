// tests/browser/publication.mjs — signing and publication in headless
// Chromium, then the public portal with no login. The transparency officer
// logs in, opens «Informes» (January 2023, every unit approved), generates
// the definitive report, opens «Firmar y publicar», tries their own .p12
// with a wrong password (refused, nothing signed), signs with it (the file
// and its password go to the server for this one signature only), and
// publishes. A visitor with no session then finds the month on
// /transparencia/, downloads the signed PDF, follows «Verificar la firma»
// to /transparencia/verificar/{sha256} (signer, time, hash, version, a
// valid signature) and uploads the PDF to «Verificar un PDF»: the copy
// downloaded is an unmodified published report, a copy with one byte
// changed is not. Prints TAP lines; exits 1 when any failed.
//
//   P12=FILE P12_PASSWORD=PW P12_SIGNER=CN node publication.mjs URL ARTIFACTS_DIR
//
// The stack must run with "today = 2023-02-03" in metas.conf (the reports
// page then opens January 2023), January 2023 approved for every unit
// (sql/demo/congope-2023-01-aprobado.sql) and FILE a .p12 issued by the
// stack's trust store (its certificate's common name is CN).
// Screenshots: ARTIFACTS_DIR/sign-refused.png (the wrong password),
// signed.png (the report page after signing), published.png (after
// publishing), portal.png (/transparencia/), portal-phone.png (the same at
// 390 px), verify-page.png (the verification page), verify-upload-ok.png
// (the published PDF uploaded), verify-upload-modified.png (a modified copy).
import { launch, tap } from './tap.mjs';
import { helpers } from './pages.mjs';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [url, artifacts] = process.argv.slice(2);
const { P12, P12_PASSWORD, P12_SIGNER } = process.env;
// The stack's demonstration CA (scripts/lib/stack.sh), as its common name.
const CA_NAME = 'Autoridad de certificación de DEMOSTRACIÓN (no válida)';
if (!url || !artifacts || !P12 || !P12_PASSWORD || !P12_SIGNER) {
  console.error('uso: P12=ARCHIVO P12_PASSWORD=CLAVE P12_SIGNER=NOMBRE node publication.mjs URL CARPETA_DE_ARTEFACTOS');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const base = url.replace(/\/+$/, '');

const { ok, same, text, done } = tap();
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const shot = async (page, name) => {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  ok(true, `publication: screenshot saved to ${file}`);
};

const MONTH = 'enero de 2023';

const browser = await launch();

const { newSession, login, submit, checkClean, overflow } =
  helpers({ browser, base, ok, same, label: 'publication: ' });
// The text of the <dd> after the first <dt> whose text is exactly dt, inside root.
const fact = (root, dt) => root.locator('dl.facts > dt').evaluateAll((els, want) => {
  const e = els.find((x) => x.textContent.trim() === want);
  return e && e.nextElementSibling ? e.nextElementSibling.innerText.trim() : null;
}, dt);

// What the officer saw, compared with what the public sees.
const signed = { sha: null, at: null };

try {
  // ---- the officer: generate, sign with the .p12, publish ------------------
  const off = await newSession('transparencia');
  const p = off.page;
  if (await login(off, 'transparencia', 'demo-transparencia-2023')) {
    await submit(p, p.locator('header.site nav').getByRole('link', { name: 'Informes', exact: true }));
    same(new URL(p.url()).pathname, '/informes', 'publication: the header link «Informes» opens /informes');
    same(await text(p.locator('main h2')), MONTH, `publication: the reports page opens ${MONTH}`);
    same(await text(p.locator('main .msg-ok')), 'Todas las unidades aprobaron el mes: el informe será definitivo.',
      'publication: it says every unit approved the month, so the report is definitive');
    let st = await submit(p, p.getByRole('button', { name: `Generar el informe de ${MONTH}` }));
    same(st, 200, `publication: «Generar el informe de ${MONTH}» answers with the reports page`);
    same(new URL(p.url()).search, '?mes=2023-01&ok=generado', 'publication: … with ?mes=2023-01&ok=generado');
    same(await text(p.locator('main .msg-ok')), 'Informe generado y guardado con su SHA-256.',
      'publication: the page says the report was generated');
    const row = p.locator('table.list tbody tr').first();
    same((await row.locator('td').allInnerTexts()).slice(1, 3).map((t) => t.trim()), [MONTH, 'Definitivo'],
      'publication: the newest report is January\'s, Definitivo');
    const unsignedSha = await row.locator('td code').getAttribute('title');
    ok(/^[0-9a-f]{64}$/.test(unsignedSha || ''), 'publication: the row carries the report\'s SHA-256', unsignedSha);

    await submit(p, row.getByRole('link', { name: 'Firmar y publicar' }));
    const reportPath = new URL(p.url()).pathname;
    ok(/^\/informes\/\d+$/.test(reportPath), 'publication: «Firmar y publicar» opens /informes/{id}', reportPath);
    same(await text(p.locator('h1')), `Informe de ${MONTH}`, 'publication: the report page is titled «Informe de enero de 2023»');
    same(await fact(p.locator('main'), 'SHA-256 del informe sin firmar'), unsignedSha,
      'publication: it shows the SHA-256 of the unsigned report');
    same(await text(p.locator('main p', { hasText: 'todavía no está firmado' })), 'El informe todavía no está firmado.',
      'publication: it says the report is not signed yet');
    same(await text(p.locator('main p', { hasText: 'para poder publicarlo' })), 'Firme el informe para poder publicarlo.',
      'publication: it says to sign before publishing (no publish button)');
    same(await p.getByRole('button', { name: 'Publicar', exact: true }).count(), 0, 'publication: there is no «Publicar» button yet');
    same(await p.locator('main form.sign legend').allInnerTexts(),
      ['Con el certificado de la institución', 'Con su propia firma electrónica (.p12)', 'Firmado fuera del sistema (FirmaEC u otro)'],
      'publication: the three ways to sign, each in its own box');
    const p12Form = p.locator('form', { has: p.locator('#f-p12') });
    same(await text(p12Form.locator('legend')), 'Con su propia firma electrónica (.p12)',
      'publication: the form «Con su propia firma electrónica (.p12)» is there');
    ok(await p.getByLabel('Archivo de firma (.p12 o .pfx)').isVisible(), 'publication: the .p12 file field has a visible label');
    same(await p.getByLabel('Contraseña de la firma').getAttribute('type'), 'password',
      'publication: the .p12 password is typed in a password field');
    same(await p12Form.getAttribute('enctype'), 'multipart/form-data', 'publication: the .p12 form uploads multipart/form-data');

    // A wrong password: refused, nothing signed.
    await p.getByLabel('Archivo de firma (.p12 o .pfx)').setInputFiles(P12);
    await p.getByLabel('Contraseña de la firma').fill('no-es-la-clave');
    st = await submit(p, p.getByRole('button', { name: 'Firmar con mi archivo .p12' }));
    same(st, 422, 'publication: a wrong .p12 password answers 422');
    same(await text(p.locator('main .msg-error')), 'La contraseña del archivo .p12 no es correcta.',
      'publication: the page says the .p12 password is wrong');
    same(await p.locator('main table.list').count(), 0, 'publication: … and no signature was stored');
    same(await p.getByLabel('Contraseña de la firma').inputValue(), '', 'publication: the password field is empty again');
    await shot(p, 'sign-refused.png');

    // The right password.
    await p.getByLabel('Archivo de firma (.p12 o .pfx)').setInputFiles(P12);
    await p.getByLabel('Contraseña de la firma').fill(P12_PASSWORD);
    st = await submit(p, p.getByRole('button', { name: 'Firmar con mi archivo .p12' }));
    same(st, 200, 'publication: signing with the .p12 answers with the report page (303 → 200)');
    same(new URL(p.url()).pathname + new URL(p.url()).search, `${reportPath}?ok=firmado`,
      'publication: … back on the report page with ?ok=firmado');
    same(await text(p.locator('main .msg-ok')),
      'Informe firmado. Sus firmas se verificaron (contenido íntegro, certificado de confianza): ya puede publicarlo.',
      'publication: the page says the report is signed and its signatures were verified');
    const sigRows = p.locator('main table.list tbody tr');
    same(await sigRows.count(), 1, 'publication: the signatures table has one signed revision');
    const cells = (await sigRows.first().locator('td').allInnerTexts()).map((t) => t.trim());
    same([cells[0], cells[1], cells[2], cells[4]], ['1', '1', P12_SIGNER, 'certificado personal (.p12)'],
      'publication: revision 1, one signature, by the certificate\'s holder, with a personal .p12');
    signed.at = cells[3];
    ok(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/.test(signed.at), 'publication: the signing time is shown (dd/mm/aaaa hh:mm:ss)', signed.at);
    signed.sha = await sigRows.first().locator('td code').getAttribute('title');
    ok(/^[0-9a-f]{64}$/.test(signed.sha || '') && signed.sha !== unsignedSha,
      'publication: the signed revision has its own SHA-256', signed.sha);
    // The signed revision the officer can download is the file of that hash.
    const dl = await off.context.request.get(new URL(await sigRows.first().getByRole('link', { name: 'Descargar' })
      .getAttribute('href'), base).toString());
    same(dl.status(), 200, 'publication: the signed revision downloads');
    same(sha256(await dl.body()), signed.sha, 'publication: … and its SHA-256 is the one in the table');
    same(await text(p.locator('main h3')), 'Añadir una segunda firma (por ejemplo, la del director)',
      'publication: a second signature is offered');
    same(await p.getByRole('button', { name: 'Publicar', exact: true }).count(), 1, 'publication: «Publicar» is offered now');
    ok(await overflow(p) <= 0, 'publication: the report page fits 1366 px (no horizontal scrolling)');
    await shot(p, 'signed.png');

    // Publish.
    st = await submit(p, p.getByRole('button', { name: 'Publicar', exact: true }));
    same(st, 200, 'publication: «Publicar» answers with the report page');
    same(new URL(p.url()).search, '?ok=publicado', 'publication: … with ?ok=publicado');
    same(await text(p.locator('main .msg-ok')), 'Informe publicado en el portal de transparencia.',
      'publication: the page says «Informe publicado en el portal de transparencia.»');
    same(await text(p.locator('main p', { hasText: 'Publicaciones de' })),
      `Publicaciones de ${MONTH}: 1 versión; la última es la versión 1.`,
      'publication: it says the month has one published version, version 1');
    const live = await text(p.locator('main p', { hasText: 'La última revisión firmada' }));
    ok(live && live.startsWith('Publicado La última revisión firmada de este informe es la versión 1, publicada el '),
      'publication: the report page says its newest signed revision is published, as version 1', live);
    same(await p.getByRole('link', { name: 'Ver en el portal' }).getAttribute('href'),
      `/transparencia/verificar/${signed.sha}`, 'publication: … with a link to its verification page in the portal');
    same(await p.getByRole('button', { name: /^Publicar/ }).count(), 0,
      'publication: the published revision is not offered for publication again');
    same(await p.locator('main h3', { hasText: 'segunda firma' }).count(), 0,
      'publication: nor for another signature (a correction is a new report)');
    await shot(p, 'published.png');

    await submit(p, p.getByRole('link', { name: '← Informes del mes' }));
    const status = await text(p.locator('main p', { hasText: 'está publicado' }));
    ok(status && status.startsWith(`${MONTH} está publicado: versión 1 del `) && status.includes(`firmada por ${P12_SIGNER}`),
      'publication: the reports page says the month is published, version 1, and by whom', status);
    same(await p.getByRole('link', { name: 'Ver en el portal' }).getAttribute('href'), '/transparencia/',
      'publication: … with a link «Ver en el portal»');
    await checkClean(off, 'publication: officer');
  }
  await off.context.close();

  // ---- the public portal, no login -----------------------------------------
  const pub = await newSession('public');
  const q = pub.page;
  let st = (await q.goto(`${base}/transparencia/`, { waitUntil: 'load', timeout: 30000 })).status();
  same(st, 200, 'portal: /transparencia/ answers 200 with no login');
  same(await q.getByRole('button', { name: 'Cerrar sesión' }).count(), 0, 'portal: nobody is logged in');
  same(await text(q.locator('h1')), 'Informes publicados', 'portal: the page is titled «Informes publicados»');
  same(await text(q.locator('section.pub-year h2')), '2023', 'portal: the publications are grouped by year (2023)');
  const item = q.locator('li.pub', { hasText: MONTH });
  same(await item.count(), 1, `portal: ${MONTH} is listed once`);
  same(await text(item.locator('h3')), `${MONTH} · versión 1`, `portal: as «${MONTH} · versión 1»`);
  same(await text(item.locator('.badge')), 'Publicación mensual', 'portal: marked «Publicación mensual»');
  const line = await text(item.locator('p').first());
  ok(line && /Publicado el \d\d\/\d\d\/\d{4} \d\d:\d\d · firmado por /.test(line) && line.endsWith(`firmado por ${P12_SIGNER}`),
    'portal: it says when it was published and who signed it', line);
  same(await item.locator('ul.files a').allInnerTexts(),
    ['PDF firmado', 'Datos (CSV)', 'Metadatos (CSV)', 'Diccionario (CSV)', 'Datos (JSON)', 'Verificar la firma'],
    'portal: it links the signed PDF, the open data files and the verification');
  const pdfHref = await item.getByRole('link', { name: 'PDF firmado' }).getAttribute('href');
  ok(/^\/transparencia\/archivos\/[a-z0-9-]+\/2023-01\/v1\/[^/]+\.pdf$/.test(pdfHref || ''),
    'portal: the PDF link points at the published file', pdfHref);
  const pdfResp = await pub.context.request.get(new URL(pdfHref, base).toString());
  same(pdfResp.status(), 200, 'portal: the signed PDF downloads with no login');
  same(pdfResp.headers()['content-type'], 'application/pdf', 'portal: … as application/pdf');
  const pdf = await pdfResp.body();
  same(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'portal: … and it is a PDF');
  const pdfSha = sha256(pdf);
  same(pdfSha, signed.sha, 'portal: the downloaded PDF is the revision the officer signed (same SHA-256)');
  ok(await overflow(q) <= 0, 'portal: the list fits 1366 px (no horizontal scrolling)');
  await shot(q, 'portal.png');
  await q.setViewportSize({ width: 390, height: 844 });
  await q.reload({ waitUntil: 'load' });
  const mainOf = await q.evaluate(() => Math.ceil(Math.max(0, ...[...document.querySelectorAll('main *')]
    .map((e) => e.getBoundingClientRect().right)) - window.innerWidth));
  ok(mainOf <= 0, 'portal: phone (390 px): the list of publications fits without horizontal scrolling', `${mainOf} px too wide`);
  const of = await overflow(q);
  ok(of <= 0, 'portal: phone (390 px): the whole page, header included, fits without horizontal scrolling', `${of} px too wide`);
  await shot(q, 'portal-phone.png');
  await q.setViewportSize({ width: 1366, height: 900 });
  await q.reload({ waitUntil: 'load' });

  // The verification page, through the list's link.
  st = await submit(q, q.locator('li.pub', { hasText: MONTH }).getByRole('link', { name: 'Verificar la firma' }));
  same(st, 200, 'portal: «Verificar la firma» answers 200');
  same(new URL(q.url()).pathname, `/transparencia/verificar/${pdfSha}`,
    'portal: it opens /transparencia/verificar/{the downloaded PDF\'s SHA-256}');
  same(await text(q.locator('h1')), 'Verificación de un informe publicado', 'portal: the page is titled «Verificación de un informe publicado»');
  const sec = q.locator('section.verify');
  same(await sec.count(), 1, 'portal: one published report matches');
  same(await fact(sec, 'Informe'), `${MONTH}, versión 1 (Publicación mensual)`, 'portal: it names the month and the version');
  same(await fact(sec, 'SHA-256 del PDF publicado'), pdfSha, 'portal: it shows the SHA-256 of the downloaded PDF');
  same(await fact(sec, 'Firmado por'), P12_SIGNER, 'portal: it shows the signer');
  same(await fact(sec, 'Fecha de la firma'), `${signed.at} (UTC-05:00)`, 'portal: it shows the signing time the officer saw');
  ok(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/.test(await fact(sec, 'Publicado') || ''), 'portal: it shows when it was published');
  const sigs = sec.locator('ol.sigs li.sig');
  same(await sigs.count(), 1, 'portal: one signature is verified');
  same(await sigs.first().getAttribute('class'), 'sig good', 'portal: … marked good');
  same(await text(sigs.first().locator('p strong')), P12_SIGNER, 'portal: … the officer\'s');
  same(await fact(sigs.first(), 'Resultado'),
    '✔ La firma es válida: el contenido no cambió desde que se firmó y el certificado es de confianza.',
    'portal: it says the signature is valid and the certificate trusted');
  same(await fact(sigs.first(), 'Emisor del certificado'), CA_NAME,
    'portal: the issuer is shown by its name (the whole distinguished name on hover)');
  same(await q.locator('section.verify a', { hasText: 'Verificar la firma' }).count(), 0,
    'portal: the verification page does not link to itself');
  const when = await fact(sigs.first(), 'Fecha y hora de la firma');
  ok(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \(UTC-05:00\)$/.test(when || ''), 'portal: the signature\'s own time is shown', when);
  ok(await overflow(q) <= 0, 'portal: the verification page fits 1366 px (no horizontal scrolling)');
  await shot(q, 'verify-page.png');

  // The upload form: the published PDF, then a copy with one byte changed.
  await submit(q, q.locator('header.site nav').getByRole('link', { name: 'Verificar un PDF' }));
  same(new URL(q.url()).pathname, '/transparencia/verificar', 'portal: the header link «Verificar un PDF» opens the form');
  await q.getByLabel('PDF que quiere comprobar').setInputFiles({ name: 'informe-descargado.pdf', mimeType: 'application/pdf', buffer: pdf });
  st = await submit(q, q.getByRole('button', { name: 'Verificar' }));
  same(st, 200, 'portal: uploading the published PDF answers 200');
  same(await text(q.locator('main .msg-ok')), 'El archivo es idéntico, byte a byte, a un informe publicado por esta institución.',
    'portal: it says the file is identical, byte for byte, to a published report');
  same(await q.locator('main .msg-error').count(), 0, 'portal: … and shows no error');
  same(await fact(q.locator('section.verify'), 'SHA-256 del PDF publicado'), pdfSha, 'portal: … with its SHA-256');
  same(await fact(q.locator('section.verify'), 'Informe'), `${MONTH}, versión 1 (Publicación mensual)`, 'portal: … naming the month and version');
  same(await q.locator('section.verify ol.sigs li.sig.good').count(), 1, 'portal: … and its signature valid');
  ok(await q.getByLabel('PDF que quiere comprobar').isVisible(), 'portal: … and offers the form to check another file');
  same(await q.locator('main a', { hasText: 'Verificar la firma' }).count(), 0,
    'portal: the answer does not link to a verification of what it already verified');
  await shot(q, 'verify-upload-ok.png');

  const modified = Buffer.from(pdf);
  modified[2500] ^= 0x01;
  const modSha = sha256(modified);
  await q.getByLabel('PDF que quiere comprobar').setInputFiles({ name: 'informe-modificado.pdf', mimeType: 'application/pdf', buffer: modified });
  st = await submit(q, q.getByRole('button', { name: 'Verificar' }));
  same(st, 200, 'portal: uploading a copy with one byte changed answers');
  same(await text(q.locator('main .msg-error')),
    'El archivo NO es un informe publicado por esta institución, o fue modificado después de publicarse.',
    'portal: it says the modified copy is NOT a published report');
  same(await q.locator('main .msg-ok').count(), 0, 'portal: … and nothing says it is');
  same(await fact(q.locator('main'), 'SHA-256 del archivo subido'), modSha, 'portal: it shows the modified copy\'s SHA-256');
  same(await q.locator('main li.sig.good').count(), 0, 'portal: no signature of the modified copy is shown as valid');
  ok(await q.getByLabel('PDF que quiere comprobar').isVisible(), 'portal: the form is there to try another file');
  await shot(q, 'verify-upload-modified.png');
  await checkClean(pub, 'portal');
  await pub.context.close();
} catch (e) {
  ok(false, 'publication: the browser test ran to the end', e.stack || e);
} finally {
  await browser.close();
}
done();
