// Helpers shared by the staff-page browser tests (monthly.mjs,
// publication.mjs): a session that records what goes wrong in its pages,
// the login form with nginx's rate limit, a click that waits for the next
// page, and the end-of-test checks. Each test passes in the ok/same of its
// TAP output (tap.mjs).
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// helpers({ browser, base, ok, same, label }): label prefixes the login checks ('' for none).
export function helpers({ browser, base, ok, same, label = '' }) {
  // A fresh context (its own cookies) that records what goes wrong in the page.
  async function newSession(who) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-EC' });
    const page = await context.newPage();
    const problems = { console: [], page: [], failed: [], bad: [] };
    // Chromium logs every 4xx document as a console error: not the 422 the
    // tests provoke on purpose (an invalid value, a wrong .p12 password).
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 42[29] /.test(m.text())) problems.console.push(m.text());
    });
    page.on('pageerror', (e) => problems.page.push(String(e)));
    page.on('requestfailed', (r) => problems.failed.push(`${r.url()} ${r.failure()?.errorText}`));
    // 422: provoked on purpose; 429: nginx's login rate limit, retried by login().
    page.on('response', (r) => {
      if (r.status() >= 400 && r.status() !== 422 && r.status() !== 429) problems.bad.push(`${r.status()} ${r.url()}`);
    });
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    return { who, context, page, problems };
  }

  // Log in through the form; nginx may answer 429 when earlier tests used the
  // login burst: wait and try again (bounded).
  async function login(s, username, password) {
    const { page } = s;
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = await page.goto(`${base}/login`, { waitUntil: 'load', timeout: 30000 });
      if (r && r.status() === 429) { await sleep(2500); continue; }
      await page.fill('#f-usuario', username);
      await page.fill('#f-clave', password);
      const [resp] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load', timeout: 30000 }),
        page.click('form[action="/login"] button[type="submit"]'),
      ]);
      if (resp && resp.status() === 429) { await sleep(2500); continue; }
      return ok(new URL(page.url()).pathname === '/panel', `${label}${username} logs in and lands on the panel`, page.url());
    }
    return ok(false, `${label}${username} logs in`, 'nginx kept answering 429');
  }

  // Click a submit button (or a link) and wait for the page it leads to; returns the status.
  async function submit(page, locator) {
    const [resp] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: 60000 }),
      locator.click(),
    ]);
    return resp ? resp.status() : 0;
  }

  async function checkClean(s, where) {
    const csp = await s.page.evaluate(() => window.__csp);
    same(csp, [], `${where}: no CSP violation`);
    same(s.problems.console, [], `${where}: no console errors`);
    same(s.problems.page, [], `${where}: no page errors`);
    same(s.problems.bad, [], `${where}: no unexpected response with status >= 400`);
    same(s.problems.failed, [], `${where}: no failed request`);
  }

  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  return { newSession, login, submit, checkClean, overflow };
}
