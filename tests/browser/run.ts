// The demo page in a real browser (Debian's Chromium under playwright-core):
// built by vite and served by vite preview with COOP/COEP headers (threaded
// engine) and without them (one-thread fallback), and by the vite dev server.
// Run: npm run test:browser (screenshots go to test-artifacts/).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import type { Browser } from 'playwright-core';

import { buildDemo, launchChromium, openPage, serveDemo, serveDev, type Served } from './serve.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url);

describe('demo page in Chromium', () => {
  let browser: Browser;
  before(async () => {
    await buildDemo();
    browser = await launchChromium();
    mkdirSync(artifacts, { recursive: true });
  });
  after(() => browser?.close());

  describe('served with COOP/COEP', () => {
    let served: Served;
    before(async () => {
      served = await serveDemo(true);
    });
    after(() => served?.close());

    test('runs the threaded engine and solves on several threads', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, true);
      assert.equal(status.variant, 'threads');
      assert.equal(status.fallback, undefined);
      assert.ok(status.threads > 1, `engine has ${status.threads} thread(s)`);
      assert.equal(status.simd, true);

      await page.click('#bench-run');
      await page.waitForFunction(() => /at work/.test(document.getElementById('bench-result')?.textContent ?? ''));
      const result = await page.evaluate(() => window.__alsDemo.solveBenchmark());
      assert.ok(result.finite, 'the solve produced non-finite values');
      assert.ok(result.threadsUsed > 1, `only ${result.threadsUsed} thread(s) solved rows`);
      t.diagnostic(`threaded: ${status.threads} threads, ${result.rows} rows K=${result.k} in ${result.ms.toFixed(0)} ms (${result.threadsUsed} at work)`);

      assert.match(await page.textContent('#fact-isolated') ?? '', /yes/);
      assert.equal(await page.isHidden('#engine-fallback'), true);
      await page.screenshot({ path: new URL('demo_isolated.png', artifacts).pathname, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });
  });

  describe('served without the headers', () => {
    let served: Served;
    before(async () => {
      served = await serveDemo(false);
    });
    after(() => served?.close());

    test('falls back to one thread and says the page is not isolated', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, false);
      assert.equal(status.variant, 'simd');
      assert.equal(status.threads, 1);
      assert.equal(status.simd, true);
      assert.match(status.fallback ?? '', /not cross-origin isolated/);

      const result = await page.evaluate(() => window.__alsDemo.solveBenchmark({ rows: 4000 }));
      assert.ok(result.finite, 'the solve produced non-finite values');
      assert.equal(result.threadsUsed, 1);
      t.diagnostic(`fallback: 1 thread, ${result.rows} rows K=${result.k} in ${result.ms.toFixed(0)} ms`);

      assert.match(await page.textContent('#fact-isolated') ?? '', /no/);
      assert.match(await page.textContent('#engine-fallback') ?? '', /not cross-origin isolated/);
      assert.equal(await page.isVisible('#engine-fallback'), true);
      await page.screenshot({ path: new URL('demo_not_isolated.png', artifacts).pathname, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });
  });

  test('the vite dev server also runs the threaded engine', async () => {
    const served = await serveDev();
    try {
      const { page, problems } = await openPage(browser, served.url);
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, true);
      assert.ok(status.threads > 1, `engine has ${status.threads} thread(s)`);
      const result = await page.evaluate(() => window.__alsDemo.solveBenchmark({ rows: 4000 }));
      assert.ok(result.finite && result.threadsUsed > 1, `dev solve: ${JSON.stringify(result)}`);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await served.close();
    }
  });
});
