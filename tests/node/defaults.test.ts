// The defaults: the TypeScript values equal the core's, presets, the genre prior switching on
// with a catalog, early stopping on a carved validation split, and `auto`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { type AutoReport, type Catalog, createEngine, DEFAULT_PARAMS, type Engine, fitEarlyStopped, type Ratings, SEED_PARAMS } from 'als-wasm';

/** The model's parameters that `DEFAULT_PARAMS` has (the core adds the feedback kind). */
const pick = (p: object) => Object.fromEntries(Object.entries(p).filter(([k]) => k in DEFAULT_PARAMS));

type Glue = { default(init: { module_or_path: Uint8Array }): Promise<unknown>; presetParams(name?: string): Record<string, unknown> };

test('DEFAULT_PARAMS and SEED_PARAMS equal the core\'s AlsParams::default() and ::reference()', async () => {
  const dir = new URL('../../ts/wasm-simd/', import.meta.url);
  const core = (await import(new URL('als_core.js', dir).href)) as Glue;
  await core.default({ module_or_path: await readFile(new URL('als_core_bg.wasm', dir)) });
  for (const [name, ts] of [['default', DEFAULT_PARAMS], ['seed', SEED_PARAMS]] as const) {
    const fromCore = core.presetParams(name);
    // Every TypeScript default is the core's; the core's only extra is the feedback kind (explicit by default).
    const extra = Object.keys(fromCore).filter((k) => !(k in ts));
    assert.deepEqual(extra.map((k) => [k, fromCore[k]]), extra.length ? [['feedback', 'explicit']] : [], name);
    for (const [key, value] of Object.entries(ts)) {
      // The core holds the ridges as f32.
      const want = typeof value === 'number' ? Math.fround(value) : value;
      assert.equal(fromCore[key], want, `${name}.${key}: core ${String(fromCore[key])}, TypeScript ${String(value)}`);
    }
  }
  assert.deepEqual(core.presetParams(), core.presetParams('default'));
  assert.throws(() => core.presetParams('fast'), /preset/);
});

describe('presets and the genre prior', () => {
  let engine: Engine;
  let train: Ratings;
  let test_: Ratings;
  let catalog: Catalog;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    const s = await engine.synthesize({ ratings: 20_000, seed: 3 });
    catalog = s.catalog;
    ({ train, test: test_ } = await s.ratings.split({ testRatio: 0.1, seed: 1 }));
  });
  after(() => engine.close());

  test('the defaults are the library\'s; the prior is on with a catalog, off without or when asked', async () => {
    const withCatalog = await engine.fit(train, { iterations: 2 }, { catalog });
    assert.deepEqual(pick(withCatalog.params), { ...DEFAULT_PARAMS, iterations: 2, genrePrior: true, tau: Math.fround(0.15) });
    const plain = await engine.fit(train, { iterations: 2 });
    assert.equal(plain.params.genrePrior, false);
    const off = await engine.fit(train, { iterations: 2, genrePrior: false }, { catalog });
    assert.equal(off.params.genrePrior, false);
  });

  test("preset 'seed' is the reference parameterization, without the prior even with a catalog", async () => {
    const m = await engine.fit(train, { preset: 'seed', iterations: 2 }, { catalog });
    assert.deepEqual(pick(m.params), { ...SEED_PARAMS, iterations: 2, lambda: Math.fround(0.002), gamma: Math.fround(0.015), tau: Math.fround(0.05), eta: Math.fround(0.01) });
    const k = await engine.fit(train, { preset: 'seed', factors: 7, iterations: 1 });
    assert.equal(k.params.factors, 7);
    assert.equal(k.params.regularization, 'uniform');
    await assert.rejects(engine.fit(train, { preset: 'fast' as 'seed' }), (e: { code?: string }) => e.code === 'INVALID_PARAM');
  });

  test("regularization 'seed' is the deprecated name of 'uniform': the same model, reported once", async () => {
    const seen: Error[] = [];
    const listen = (w: Error) => seen.push(w);
    process.on('warning', listen);
    try {
      const params = { factors: 4, iterations: 2, tau: 0.1 } as const;
      const old = await engine.fit(train, { ...params, regularization: 'seed' });
      const again = await engine.fit(train, { ...params, regularization: 'seed' });
      const current = await engine.fit(train, { ...params, regularization: 'uniform' });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(old.params.regularization, 'uniform');
      const { users, items } = await test_.toArrays();
      const p = await Promise.all([old, again, current].map((m) => m.predict(users.subarray(0, 50), items.subarray(0, 50), 'nan')));
      assert.deepEqual(p[0], p[2]);
      assert.deepEqual(p[1], p[2]);
      const reports = seen.filter((w) => (w as Error & { code?: string }).code === 'ALS_WASM_REGULARIZATION_SEED');
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.name, 'DeprecationWarning');
      assert.match(reports[0]!.message, /'uniform'/);
      const scaled = await engine.fit(train, { ...params, regularization: 'scaled' });
      assert.notDeepEqual(await scaled.predict(users.subarray(0, 50), items.subarray(0, 50), 'nan'), p[2]);
    } finally {
      process.off('warning', listen);
    }
  });

  test('fitEarlyStopped picks the epoch count on a carved validation split, then trains that many on all', async () => {
    const epochs: number[] = [];
    const { model, report } = await fitEarlyStopped(engine, train, { iterations: 30 }, { catalog, evalSet: test_, onEpoch: (s) => epochs.push(s.epoch) }, { patience: 2 });
    assert.ok(report.bestEpoch >= 1 && report.bestEpoch <= 30);
    assert.ok(report.epochsRun <= Math.min(30, report.bestEpoch + 2));
    assert.equal(report.fitCount + report.valCount, train.count);
    assert.equal(model.history.length, report.bestEpoch);
    assert.deepEqual(epochs, Array.from({ length: report.bestEpoch }, (_, j) => j + 1));
    assert.ok(Number.isFinite(report.valRmse) && report.valRmse < 1.2);
  });

  test('auto: successive halving reports what it chose and why, and trains the winner on all ratings', async () => {
    let report: AutoReport | undefined;
    const model = await engine.fit(train, { auto: { rungs: [2, 6], tau: [0.08, 0.3], factors: [8], eta: [1] } }, { catalog, onAutoReport: (r) => { report = r; } });
    assert.ok(report);
    // tau {0.08, 0.3, 0.15 (default)} × K {8, 64 (default)} × eta {1, 0.25 (default)}: 12, then the best third (4) and the defaults.
    assert.equal(report.rungs[0]!.results.length, 12);
    assert.equal(report.rungs[0]!.kept, 4);
    assert.ok(report.rungs[1]!.results.length >= 4 && report.rungs[1]!.results.length <= 5);
    assert.equal(report.rungs[1]!.results[0]!.valRmse, report.valRmse);
    assert.ok(report.valRmse <= report.defaultValRmse);
    assert.equal(report.fits, report.rungs[0]!.results.length + report.rungs[1]!.results.length + 1);
    assert.match(report.reason, /chose tau .* lowest validation RMSE/);
    assert.equal(model.params.tau, Math.fround(report.chosen.tau!));
    assert.equal(model.params.factors, report.chosen.factors);
    assert.equal(model.history.length, report.chosen.iterations);
    assert.equal(model.params.genrePrior, true);
  });
});
