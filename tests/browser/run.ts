// The demo page in a real browser (Debian's Chromium under playwright-core):
// built by vite and served by vite preview with COOP/COEP headers (threaded
// engine) and without them (one-thread fallback), and by the vite dev server.
// Run: npm run test:browser (screenshots go to test-artifacts/).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { buildDemo, launchChromium, openPage, serveDemo, serveDev, type Served } from './serve.ts';
import { sparkFixture } from './spark_fixture.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const root = new URL('../../', import.meta.url);

/** Wait until #`id`'s text matches `pattern`; on timeout, fail with the text it has. */
async function waitText(page: Page, id: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  try {
    await page.waitForFunction(([i, src]) => new RegExp(src).test(document.getElementById(i)?.textContent ?? ''), [id, pattern.source] as const, { timeout });
  } catch (e) {
    throw new Error(`#${id} never matched ${pattern}: it says "${await page.textContent(`#${id}`)}"`, { cause: e });
  }
  return (await page.textContent(`#${id}`)) ?? '';
}

/** Animation frames the page drew while `work` ran. */
async function frameCountDuring(page: Page, work: () => Promise<unknown>): Promise<number> {
  const before = await page.evaluate(() => window.__alsDemo.view().frames);
  await work();
  return (await page.evaluate(() => window.__alsDemo.view().frames)) - before;
}

/** The Node half of the benchmark (examples/bench/train_synthetic.ts on the built package). */
async function nodeBenchmark(): Promise<{ line: string; seconds: number } | undefined> {
  if (!existsSync(new URL('dist/node.js', root))) return undefined;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/bench/train_synthetic.ts', '1000000'], { cwd: root.pathname });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const seconds = Number(/: ([\d.]+) s \(epochs/.exec(line)?.[1]);
  return { line, seconds };
}

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
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, true);
      // Chromium (since 114) runs relaxed SIMD: the page loads the fused multiply-add build.
      assert.equal(status.variant, 'relaxed');
      assert.equal(status.relaxedSimd, true);
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
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('a trap on a pool thread stops the engine with a coded error within seconds', async (t) => {
      const { page } = await openPage(browser, served.url);
      t.after(() => page.close());
      await page.evaluate(() => window.__alsDemo.ready);
      const outcome = await page.evaluate(async () => {
        const engine = window.__alsDemo.engine!;
        // Every row's K×K f64 scratch (4.6 GB at K=24000, more than wasm32 addresses) is allocated
        // on the pool thread that solves it, where the engine worker (waiting in the pool) cannot
        // see it fail: without the pool's trap channel this call never settles.
        const k = 24_000, rows = 8;
        const t0 = performance.now();
        const code = await engine.ridgeSolve({
          k, indptr: Uint32Array.from({ length: rows + 1 }, (_, r) => r), indices: new Uint32Array(rows),
          values: new Float32Array(rows).fill(1), factors: new Float32Array(k).fill(0.1), lambda: 1, tau: 0.1,
        }).then(() => 'solved', (e: { code?: string; message?: string }) => `${e.code} ${e.message}`);
        const ms = performance.now() - t0;
        const later = await engine.memoryUsage().then(() => 'answered', (e: { code?: string }) => e.code);
        return { code, ms, later };
      });
      assert.match(outcome.code, /^WASM_TRAP .*shut down/);
      assert.ok(outcome.ms < 10_000, `took ${outcome.ms} ms`);
      assert.equal(outcome.later, 'WASM_TRAP');
    });

    test('generate → train (live chart) → map → search, neighbours → rate → recommend, by clicking', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, true);
      assert.ok(status.threads > 1, `engine has ${status.threads} thread(s)`);

      // 1. Data: 50k synthetic ratings.
      await page.selectOption('#synth-size', '50000');
      await page.click('#synth-run');
      t.diagnostic(`data: ${await waitText(page, 'data-state', /train \/ .* test/)}`);

      // Cancel: a long run stops between epochs. K=256 for 500 epochs takes far longer than the
      // click's round trip even on a fast machine (K=20 epochs took 0.02 s: a run of 300 once
      // ended before a click sent on a loaded machine arrived).
      await page.fill('#train-form [name=factors]', '256');
      await page.fill('#train-form [name=iterations]', '500');
      await page.click('#train-run');
      await page.waitForFunction(() => window.__alsDemo.view().chartPoints >= 2);
      await page.click('#train-cancel');
      await waitText(page, 'train-state', /^Cancelled after/);
      const stoppedAt = await page.evaluate(() => window.__alsDemo.view().chartPoints);
      assert.ok(stoppedAt < 500, `cancel did not stop the run (${stoppedAt} epochs)`);
      t.diagnostic(`cancelled after ${stoppedAt} epochs`);

      // 2. Train K=8 for 8 epochs (a lighter ridge than the reference implementation's 25 suits this small set);
      // the chart fills while the UI thread keeps drawing frames.
      await page.fill('#train-form [name=factors]', '8');
      await page.fill('#train-form [name=iterations]', '8');
      await page.fill('#train-form [name=reg]', '5');
      await page.click('#train-run');
      await waitText(page, 'train-state', /^Trained/, 60_000);
      await page.waitForFunction(() => window.__alsDemo.view().mapPoints > 0);
      const history = await page.evaluate(() => window.__alsDemo.model!.history);
      const view = await page.evaluate(() => window.__alsDemo.view());
      assert.equal(history.length, 8);
      assert.equal(view.chartPoints, 8, 'the chart has a point per epoch');
      const [first, last] = [history[0]!.testRmse!, history.at(-1)!.testRmse!];
      assert.ok(last < first, `test RMSE did not fall: ${first} -> ${last}`);
      assert.ok(await page.locator('#training-chart canvas').count() > 0, 'no chart canvas');
      t.diagnostic(`train: test RMSE ${first.toFixed(4)} -> ${last.toFixed(4)}; ${await page.textContent('#train-state')}`);

      // The page stayed responsive: frames kept coming during training.
      const framesDuring = await frameCountDuring(page, () => page.evaluate(() => window.__alsDemo.train({ factors: 8, iterations: 8, reg: 0.15 })));
      const gap = await page.evaluate(() => window.__alsDemo.view().maxFrameGapMs);
      t.diagnostic(`UI thread while training: ${framesDuring} animation frames, longest gap ${gap.toFixed(0)} ms`);
      assert.ok(framesDuring >= 5, `only ${framesDuring} frames while training`);

      // 3. The map is drawn: non-blank canvas with as many dots as the view says.
      assert.ok(view.mapPoints >= 100, `map has ${view.mapPoints} movies`);
      const inked = await page.evaluate(() => {
        const c = document.getElementById('map-canvas') as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let j = 3; j < px.length; j += 4) if (px[j]! > 0) n++;
        return n;
      });
      assert.ok(inked > 1000, `map canvas has ${inked} drawn pixels`);

      // 4. Search a movie, open its neighbours, rate it and two others, get recommendations.
      const top = await page.evaluate(() => window.__alsDemo.search(''));
      const word = /^(\S+)/.exec(top[0]!.title!.replace(/"/g, ''))![1]!;
      await page.fill('#search-input', word);
      await page.click('#search-run');
      await page.waitForSelector('#search-results li[data-item]');
      await page.click('#search-results li[data-item] button.title');
      await page.waitForSelector('#neighbours-list li[data-item]');
      await page.click('#search-results li[data-item]:nth-child(1) button.star[data-rating="5"]');
      await page.click('#neighbours-list li[data-item]:nth-child(1) button.star[data-rating="5"]');
      await page.click('#search-results li[data-item]:nth-child(2) button.star[data-rating="2"]');
      await page.waitForFunction(() => document.querySelectorAll('#my-ratings li').length >= 2);
      await page.click('#recommend-run');
      await page.waitForSelector('#recommendations li[data-item]');
      const recs = await page.evaluate(() => window.__alsDemo.recommendations());
      assert.ok(recs.length > 0, 'no recommendations');
      assert.ok(recs.every((r) => Number.isFinite(r.score) && r.title), 'recommendations lack scores or titles');
      t.diagnostic(`rated "${word}" results; top recommendation: ${recs[0]!.title} (${recs[0]!.score.toFixed(2)})`);
      assert.ok(await page.locator('#polarizing-most li').count() > 0, 'no polarizing movies');
      const report = await page.evaluate(() => window.__alsDemo.suspicious().then((r) => r && { shilling: r.topShilling.length, shared: r.topShared.length }));
      assert.ok(report && report.shilling > 0 && report.shared > 0, 'no suspicious-profile scan after training');
      assert.ok(await page.locator('#suspicious-shilling > li').count() > 0 && await page.locator('#suspicious-shared > li').count() > 0, 'the suspicious-profile lists are empty');
      t.diagnostic(`integrity: ${await page.textContent('#integrity-state')}`);

      // Hover a dot so the screenshot shows a title.
      // The whole page in one viewport (so a full-page shot does not resize it), a dot hovered.
      await page.setViewportSize({ width: 1100, height: await page.evaluate(() => document.documentElement.scrollHeight) });
      const dot = await page.evaluate(() => window.__alsDemo.view().firstDot);
      assert.ok(dot, 'the most-rated movie is not on the map');
      await page.hover('#map-canvas', { position: dot });
      await page.waitForSelector('#map-tip:not([hidden])');
      await page.screenshot({ path: new URL('demo.png', artifacts).pathname, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('streams an ml-latest-small folder picked from disk, trains with the form\'s defaults; Toy Story + Lion King give family films', async (t) => {
      const folder = new URL('../shared/data/ml-latest-small/', root);
      if (!existsSync(folder)) return t.skip('../shared/data/ml-latest-small is not here');
      const { page, problems } = await openPage(browser, served.url);
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      await page.evaluate(() => window.__alsDemo.ready);
      await page.setInputFiles('#folder-input', folder.pathname);
      const state = await waitText(page, 'data-state', /split .* train/, 60_000);
      assert.match(state ?? '', /ratings\.csv \(100,836 ratings\) \+ movies\.csv/);
      t.diagnostic(`folder: ${state}`);
      const run = await page.evaluate(() => window.__alsDemo.train()); // the form as the page opens: the library's defaults
      const last = run.history.at(-1)!.testRmse!;
      assert.ok(last < 0.9, `test RMSE ${last}`);
      const toy = await page.evaluate(() => window.__alsDemo.search('Toy Story (1995)'));
      assert.equal(toy[0]?.item, 1);
      await page.click('#search-results li[data-item="1"] button.star[data-rating="5"]');
      await page.evaluate(async () => {
        const [lion] = await window.__alsDemo.search('Lion King, The (1994)');
        await window.__alsDemo.rate(lion!.item, 5);
        await window.__alsDemo.search('Toy Story (1995)');
        await window.__alsDemo.neighbours(1);
      });
      await page.click('#recommend-run');
      await page.waitForSelector('#recommendations li[data-item]');
      const recs = await page.evaluate(() => window.__alsDemo.recommendations());
      const family = recs.filter((r) => /Animation|Children/.test(r.genres?.join('|') ?? ''));
      t.diagnostic(`ml-latest-small: test RMSE ${last.toFixed(4)} in ${run.seconds.toFixed(2)} s; ${family.length}/10 Animation|Children: ${recs.map((r) => r.title).join('; ')}`);
      assert.equal(recs.length, 10);
      assert.ok(family.length >= 5, `${family.length}/10 Animation|Children: ${recs.map((r) => r.title).join(' | ')}`);
      // Bayesian ALS on the same ratings: the list says how sure it is, "you'll probably rate it 4.2 ± 0.4".
      await page.evaluate(() => window.__alsDemo.train({ bayes: true, iterations: 10 }));
      await page.click('#recommend-run');
      await page.waitForFunction(() => document.querySelector('#recommendations li[data-item]')?.textContent?.includes('±'), undefined, { timeout: 30_000 });
      const band = await page.textContent('#recommendations li[data-item]');
      assert.match(band ?? '', /rate it [0-5]\.\d ± \d\.\d/);
      t.diagnostic(`Bayesian: ${band}`);
      // The implicit model on the likes (ratings >= 4): the two 5-star movies are the new user's events.
      const liked = await page.evaluate(() => window.__alsDemo.train({ implicit: true, bayes: false, iterations: 10 }));
      assert.equal(liked.history.length, 10);
      assert.match(await page.textContent('#train-state') ?? '', /held-out likes of \d+ users: NDCG@10 0\.[1-9]/);
      const likedRecs = await page.evaluate(() => window.__alsDemo.recommendations());
      const likedFamily = likedRecs.filter((r) => /Animation|Children/.test(r.genres?.join('|') ?? ''));
      t.diagnostic(`implicit: ${await page.textContent('#train-state')}; ${likedFamily.length}/10 Animation|Children: ${likedRecs.map((r) => r.title).join('; ')}`);
      // With two likes the fold-in leans on what the 1990s cohort liked (most-liked movies only, ≥ 100
      // ratings); a popularity list has no family film in its top 10.
      assert.equal(likedRecs.length, 10);
      assert.ok(likedRecs.every((r) => r.item !== 1), 'a liked movie was recommended');
      assert.ok(likedFamily.length >= 2, `${likedFamily.length}/10 Animation|Children: ${likedRecs.map((r) => r.title).join(' | ')}`);
      await page.setViewportSize({ width: 1100, height: await page.evaluate(() => document.documentElement.scrollHeight) });
      await page.screenshot({ path: new URL('demo_movielens.png', artifacts).pathname, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('imports a Spark ALSModel from picked files (Blobs read by the worker, Parquet by hyparquet)', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      t.after(() => page.close());
      const fixture = sparkFixture();
      const got = await page.evaluate(async ({ files, users, items }) => {
        await window.__alsDemo.ready;
        const picked = files.map(([path, bytes]) => ({ path, data: new File([new Uint8Array(bytes)], path.split('/').pop()!) }));
        const model = await window.__alsDemo.engine!.importSparkModel(picked, { regParam: 0.1 });
        const predictions = Array.from(await model.predict(users, items));
        const top = await model.recommend(1, { n: 1 });
        return { predictions, top: top[0]?.item, info: model.info };
      }, fixture);
      got.predictions.forEach((p, j) => assert.ok(Math.abs(p - fixture.want[j]!) < 1e-5, `pair ${j}: ${p} vs ${fixture.want[j]}`));
      assert.equal(got.info.userCount, 2);
      assert.equal(got.info.params.factors, 3);
      assert.equal(got.top, 10, 'user 1 scores item 10 highest (4.5)');
      assert.deepEqual(problems, []);
      await page.close();
    });

    test('a Netflix-shaped set at 2M ratings fits in the memory the core estimated before generating it', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      await page.evaluate(() => window.__alsDemo.ready);
      const m = await page.evaluate(async () => {
        const demo = window.__alsDemo;
        const engine = demo.engine!;
        const before = (await engine.memoryUsage()).wasmBytes;
        // What the page holds after generating: the whole set, its 90/10 parts, then the layouts and factors at K=20.
        const estimate = await engine.estimateMemory({ synthetic: { shape: 'netflix', ratings: 2_000_000, seed: 42 }, factors: 20, split: true });
        const gen = await demo.generate(2_000_000, 'netflix');
        const run = await demo.train({ factors: 20, iterations: 2, genrePrior: false });
        const after = (await engine.memoryUsage()).wasmBytes;
        return { before, after, estimate, gen, rmse: run.history.map((s) => s.testRmse!) };
      });
      assert.deepEqual(problems, []);
      assert.equal(m.gen.ratings, 2_000_000);
      assert.equal(m.estimate.synthetic?.ratings, 2_000_000);
      assert.ok(m.rmse.length === 2 && m.rmse.every((r) => r > 0.5 && r < 1.5), `test RMSE ${m.rmse.join(', ')}`);
      const growth = m.after - m.before;
      const MiB = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
      t.diagnostic(`WebAssembly.Memory ${MiB(m.before)} → ${MiB(m.after)} (growth ${MiB(growth)}); estimate ${MiB(m.estimate.totalBytes)}; test RMSE ${m.rmse.map((r) => r.toFixed(4)).join(' ')}`);
      // The estimate bounds the memory from above, and not loosely: the page grows by at least half of it.
      assert.ok(m.after <= m.before + m.estimate.totalBytes, `memory grew by ${MiB(growth)}, beyond the estimate of ${MiB(m.estimate.totalBytes)}`);
      assert.ok(growth >= 0.5 * (m.estimate.totalBytes - m.estimate.baseBytes), `memory grew by ${MiB(growth)} only: the estimate of ${MiB(m.estimate.totalBytes)} is loose`);
    });

    test('benchmark: 10 epochs, K=20, 1M synthetic ratings in the page vs in Node (printed, not asserted)', async (t) => {
      const { page, problems } = await openPage(browser, served.url);
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      await page.evaluate(() => window.__alsDemo.ready);
      const gen = await page.evaluate(() => window.__alsDemo.generate(1_000_000));
      const run = await page.evaluate(() => window.__alsDemo.train({ factors: 20, iterations: 10, reg: 0.15, genrePrior: false }));
      await page.close();
      assert.deepEqual(problems, []);
      const epochs = run.history.map((s) => s.seconds.toFixed(2)).join(' ');
      t.diagnostic(`browser: ${gen.ratings} ratings (train ${gen.train}), K=20, 10 epochs: ${run.seconds.toFixed(2)} s (epochs ${epochs} s); test RMSE ${run.history.at(-1)!.testRmse!.toFixed(4)}`);
      const node = await nodeBenchmark();
      if (node === undefined) return t.diagnostic('node: skipped (dist/ not built)');
      t.diagnostic(node.line);
      t.diagnostic(`browser / node = ${(run.seconds / node.seconds).toFixed(2)}`);
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
      t.after(() => page.close()); // also when an assertion fails, so no run goes on in the background
      const status = await page.evaluate(() => window.__alsDemo.ready);
      assert.equal(status.crossOriginIsolated, false);
      assert.equal(status.variant, 'simd');
      assert.equal(status.relaxedSimd, false);
      assert.equal(status.threads, 1);
      assert.equal(status.simd, true);
      assert.match(status.fallback ?? '', /not cross-origin isolated/);

      const result = await page.evaluate(() => window.__alsDemo.solveBenchmark({ rows: 4000 }));
      assert.ok(result.finite, 'the solve produced non-finite values');
      assert.equal(result.threadsUsed, 1);
      t.diagnostic(`fallback: 1 thread, ${result.rows} rows K=${result.k} in ${result.ms.toFixed(0)} ms`);

      // Training works on the one thread too.
      await page.evaluate(() => window.__alsDemo.generate(20_000));
      const run = await page.evaluate(() => window.__alsDemo.train({ factors: 4, iterations: 3 }));
      assert.equal(run.history.length, 3);

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
