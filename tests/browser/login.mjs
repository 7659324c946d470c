// tests/browser/login.mjs — staff login in headless Chromium, as a person
// does it: a failed attempt, the administrator's login, the users page, and
// logout. Prints TAP lines; exits 1 when any failed.
//
//   node login.mjs URL ARTIFACTS_DIR
//
// URL is the site's root (http://127.0.0.1:PORT/). Screenshots (full page)
// in ARTIFACTS_DIR: login-failed.png, panel.png, users.png, logged-out.png.
import { launch, tap } from './tap.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, artifacts] = process.argv.slice(2);
if (!base || !artifacts) {
  console.error('uso: node login.mjs URL CARPETA_DE_ARTEFACTOS');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const url = (p) => new URL(p, base).toString();

const { ok, same, done } = tap();
const shot = async (page, name) => {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  ok(true, `login: screenshot saved to ${file}`);
};

const browser = await launch();

try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-EC' });
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  const badResponses = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) badResponses.push(`${r.status()} ${r.url()}`); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  // 1. The login form, and a wrong password.
  let resp = await page.goto(url('/login'), { waitUntil: 'load', timeout: 30000 });
  same(resp && resp.status(), 200, 'login: GET /login answers 200');
  same(await page.locator('h1').innerText(), 'Acceso para funcionarios', 'login: the page is titled "Acceso para funcionarios"');
  ok(await page.getByLabel('Usuario', { exact: true }).isVisible(), 'login: the "Usuario" field has a visible label');
  ok(await page.getByLabel('Contraseña', { exact: true }).isVisible(), 'login: the "Contraseña" field has a visible label');
  same(await page.getByLabel('Contraseña', { exact: true }).getAttribute('type'), 'password',
    'login: the password field hides what is typed');
  await page.getByLabel('Usuario', { exact: true }).fill('admin');
  await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
  [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  same(resp && resp.status(), 401, 'login: a wrong password answers 401');
  const err = page.locator('main p.msg-error');
  ok(await err.isVisible(), 'login: an error message is visible');
  same((await err.innerText()).trim(), 'Usuario o contraseña incorrectos.',
    'login: it says "Usuario o contraseña incorrectos."');
  same(await err.getAttribute('role'), 'alert', 'login: the message is announced to screen readers (role="alert")');
  // Next to the form: the message sits right above it.
  const eb = await err.boundingBox();
  const fb = await page.locator('main form').boundingBox();
  ok(eb && fb && eb.y + eb.height <= fb.y + 1 && fb.y - (eb.y + eb.height) < 80,
    'login: the message is right above the form', JSON.stringify({ eb, fb }));
  same(await page.getByLabel('Usuario', { exact: true }).inputValue(), 'admin',
    'login: the user name typed is kept in the form');
  same(await page.getByLabel('Contraseña', { exact: true }).inputValue(), '',
    'login: the password field is empty again');
  await shot(page, 'login-failed.png');

  // 2. The right password: the panel, with the session in the header.
  await page.getByLabel('Contraseña', { exact: true }).fill('demo-admin-2023');
  await Promise.all([
    page.waitForURL(url('/panel'), { timeout: 30000 }),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  same(new URL(page.url()).pathname, '/panel', 'login: the right password lands on /panel');
  const who = page.locator('header.site form.who');
  ok(await who.isVisible(), 'login: the header shows who is logged in');
  const whoText = (await who.innerText()).replace(/\s+/g, ' ').trim();
  ok(/^Sesión de .+ \(admin\)/.test(whoText), `login: the header says "Sesión de … (admin)": "${whoText}"`, whoText);
  ok(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible(), 'login: the "Cerrar sesión" button is visible');
  ok(await page.getByRole('link', { name: 'Usuarios', exact: true }).isVisible(), 'login: the administrator sees the "Usuarios" link');
  const cookies = await context.cookies();
  const sess = cookies.find((c) => c.name === 'metas');
  ok(sess && sess.httpOnly && sess.sameSite === 'Lax', 'login: the session cookie is HttpOnly and SameSite=Lax',
    JSON.stringify(sess));
  ok(sess && sess.expires === -1, 'login: the session cookie ends with the browser session (no expiry)', sess && sess.expires);
  same(await page.evaluate(() => document.cookie.includes('metas=')), false,
    'login: page scripts cannot read the session cookie');
  await shot(page, 'panel.png');

  // 3. The users page, through the header link.
  await Promise.all([
    page.waitForURL(url('/admin/usuarios')),
    page.getByRole('link', { name: 'Usuarios', exact: true }).click(),
  ]);
  same(await page.locator('h1').innerText(), 'Usuarios', 'login: /admin/usuarios is titled "Usuarios"');
  const names = await page.locator('table.list tbody tr td:first-child').allInnerTexts();
  ok(names.includes('admin') && names.includes('jefe05') && names.includes('transparencia'),
    `login: the users table lists admin, transparencia and jefe05 (${names.length} rows)`, names.slice(0, 5).join(','));
  ok(await page.getByRole('link', { name: 'Nuevo usuario' }).isVisible(), 'login: the "Nuevo usuario" button is visible');
  ok(await page.getByRole('searchbox').isVisible(), 'login: the search box is visible');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(overflow <= 0, 'login: the users page fits 1366 px (no horizontal scrolling)', `${overflow} px too wide`);
  await shot(page, 'users.png');

  // 4. Log out: back to the login form, with a notice.
  await Promise.all([
    page.waitForURL(/\/login\?salida=1$/),
    page.getByRole('button', { name: 'Cerrar sesión' }).click(),
  ]);
  same(new URL(page.url()).pathname, '/login', 'login: logout lands on /login');
  const notice = page.locator('main p.msg-ok');
  ok(await notice.isVisible(), 'login: a notice is visible after logout');
  same((await notice.innerText()).trim(), 'Cerró su sesión.', 'login: it says "Cerró su sesión."');
  ok(!(await context.cookies()).some((c) => c.name === 'metas' && c.value !== ''),
    'login: the session cookie is gone');
  await shot(page, 'logged-out.png');
  resp = await page.goto(url('/panel'), { waitUntil: 'load' });
  same(new URL(page.url()).pathname, '/login', 'login: after logout /panel sends back to the login form');

  same(await page.evaluate(() => window.__csp), [], 'login: no CSP violation');
  same(consoleErrors.filter((e) => !/status of 401/.test(e)), [], 'login: no console errors (besides the 401 of the failed login)');
  same(pageErrors, [], 'login: no page errors');
  same(badResponses.filter((r) => !/^401 .*\/login$/.test(r)), [], 'login: no response >= 400 other than the failed login');
  await context.close();
} catch (e) {
  ok(false, 'login: the browser test ran to the end', e.stack || e);
} finally {
  await browser.close();
}
done();
