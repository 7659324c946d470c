// What the browser tests share: launch() starts headless Chromium the same
// way for each (CHROMIUM or /usr/bin/chromium; Playwright gives every
// launch a fresh, temporary --user-data-dir), and their TAP output:
// ok(cond, desc, why) prints one line and returns cond; same(got, want,
// desc) compares as JSON; text(loc) is the trimmed text of a locator's
// first match (null when none); done() prints the "# browser: N passed,
// N failed" line that tests/browser/run counts and exits 1 when any failed.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
}

export function tap() {
  let failed = 0;
  let passed = 0;
  const ok = (cond, desc, why) => {
    if (cond) {
      passed++;
      console.log(`ok - ${desc}`);
    } else {
      failed++;
      console.log(`not ok - ${desc}${why ? ` # ${String(why).split('\n')[0].slice(0, 300)}` : ''}`);
    }
    return cond;
  };
  const same = (got, want, desc) =>
    ok(JSON.stringify(got) === JSON.stringify(want), desc,
      `expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  const text = async (loc) => ((await loc.count()) ? (await loc.first().innerText()).trim() : null);
  const done = () => {
    console.log(`# browser: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  return { ok, same, text, done };
}
