// Training through the public API: the reference implementation's protocol on real data,
// reproducibility across thread counts, cancellation, errors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { AlsError, createEngine, type Catalog, type Engine, type Ratings } from 'als-wasm';

const SMALL = new URL('../../../shared/data/ml-latest-small/', import.meta.url).pathname;

describe('ALS on ml-latest-small (the reference protocol: 80/20, 30 epochs, K=20, preset seed)', { skip: !existsSync(SMALL) && 'no ../shared/data' }, () => {
  let engine: Engine;
  let ratings: Ratings;
  let catalog: Catalog;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    ratings = await engine.loadRatings(`${SMALL}ratings.csv`);
    catalog = await engine.loadMovies(`${SMALL}movies.csv`);
  });
  after(() => engine.close());

  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: test RMSE <= 0.870 with the reference hyperparameters`, async () => {
      const { train, test: held } = await ratings.split({ testRatio: 0.2, seed });
      const epochs: number[] = [];
      const model = await engine.fit(train, { preset: 'seed', seed }, { evalSet: held, onEpoch: (s) => epochs.push(s.epoch) });
      const last = model.history.at(-1)!;
      assert.equal(model.history.length, 30);
      assert.ok(last.testRmse! <= 0.87, `test RMSE ${last.testRmse}`);
      assert.ok(last.trainRmse < last.testRmse!);
      const evaluated = await model.evaluate(held);
      assert.ok(Math.abs(evaluated.rmse - last.testRmse!) < 1e-9);
      assert.deepEqual(epochs, Array.from({ length: 30 }, (_, i) => i + 1)); // all delivered before fit resolved
    });
  }

  test("preset 'seed' reproduces the reference implementation's 0.8580 (80/20, seed 42, 30 epochs)", async () => {
    const { train, test: held } = await ratings.split({ testRatio: 0.2, seed: 42 });
    const model = await engine.fit(train, { preset: 'seed' }, { evalSet: held, catalog });
    assert.equal(model.params.genrePrior, false); // the preset keeps the prior off even with a catalog
    const rmse = model.history.at(-1)!.testRmse!;
    assert.ok(Math.abs(rmse - 0.858) < 0.0015, `test RMSE ${rmse}`);
  });

  test('the defaults (genre prior on): mean test RMSE over seeds 1-5 <= 0.845', async () => {
    const rmses: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const { train, test: held } = await ratings.split({ testRatio: 0.2, seed });
      const model = await engine.fit(train, { seed }, { catalog });
      rmses.push((await model.evaluate(held)).rmse);
      await model.dispose();
    }
    const mean = rmses.reduce((a, b) => a + b) / rmses.length;
    assert.ok(mean <= 0.845, `mean ${mean.toFixed(4)}: ${rmses.map((r) => r.toFixed(4)).join(' ')}`);
  });

  test("the default CG solve and the exact Cholesky solve reach the same test RMSE", async () => {
    const { train, test: held } = await ratings.split({ testRatio: 0.2, seed: 1 });
    const cg = await engine.fit(train, { preset: 'seed', seed: 1 }, { evalSet: held });
    const exact = await engine.fit(train, { preset: 'seed', seed: 1, solver: 'cholesky' }, { evalSet: held });
    assert.equal(cg.params.solver, 'cg');
    assert.equal(cg.params.cgSteps, 2);
    assert.equal(exact.params.solver, 'cholesky');
    const [a, b] = [cg.history.at(-1)!.testRmse!, exact.history.at(-1)!.testRmse!];
    assert.ok(Math.abs(a - b) < 5e-4, `CG ${a} vs Cholesky ${b}`);
    assert.notEqual(a, b); // really two solvers
  });

  test('bias-only (K=0) trains and predicts', async () => {
    const { train, test: held } = await ratings.split({ seed: 1 });
    const model = await engine.fit(train, { factors: 0, iterations: 5 }, { evalSet: held });
    const rmse = model.history.at(-1)!.testRmse!;
    assert.ok(rmse > 0.8 && rmse < 0.95, `bias-only RMSE ${rmse}`);
  });

  test('genre prior: unknown movies get mu + biases + the genre prior; known ids required otherwise', async () => {
    const { train, test: held } = await ratings.split({ seed: 1 });
    const model = await engine.fit(train, { genrePrior: true, iterations: 5 }, { evalSet: held, catalog });
    assert.ok(model.params.genrePrior);
    const [p] = await model.predict([1], [1]);
    assert.ok(Number.isFinite(p));
    await assert.rejects(model.predict([1], [999_999_999]), (e: unknown) => e instanceof AlsError && e.code === 'UNKNOWN_ID' && e.details.id === 999_999_999);
    const [nan, base] = [await model.predict([1], [999_999_999], 'nan'), await model.predict([1], [999_999_999], 'baseline')];
    assert.ok(Number.isNaN(nan[0]));
    assert.ok(Number.isFinite(base[0]));
  });
});

describe('reproducibility and control', () => {
  let engines: Engine[];
  before(async () => {
    engines = await Promise.all([1, 2, 8].map((threads) => createEngine({ threads })));
  });
  after(() => Promise.all(engines.map((e) => e.close())));

  test('one seed gives bitwise-identical factors and metrics on 1, 2 and 8 threads', async () => {
    const runs = await Promise.all(engines.map(async (engine) => {
      const { ratings } = await engine.synthesize({ ratings: 30_000, seed: 5 });
      const { train, test } = await ratings.split({ testRatio: 0.1, seed: 9 });
      const model = await engine.fit(train, { iterations: 4, seed: 11 }, { evalSet: test });
      // Metrics must match to the bit; timings of course differ.
      const metrics = model.history.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !/seconds$/i.test(k))));
      return { history: metrics, table: await model.itemTable() };
    }));
    for (const run of runs.slice(1)) {
      assert.deepEqual(run.history, runs[0]!.history);
      assert.deepEqual(Buffer.from(run.table.factors.buffer), Buffer.from(runs[0]!.table.factors.buffer));
      assert.deepEqual(run.table.biases, runs[0]!.table.biases);
    }
  });

  test('an AbortSignal cancels between epochs, and the engine stays usable', async () => {
    const engine = engines[1]!;
    const { ratings } = await engine.synthesize({ ratings: 50_000, seed: 2 });
    const controller = new AbortController();
    const seen: number[] = [];
    const fit = engine.fit(ratings, { iterations: 200 }, { onEpoch: (s) => { seen.push(s.epoch); if (s.epoch === 2) controller.abort(); }, signal: controller.signal });
    await assert.rejects(fit, (e: unknown) => e instanceof AlsError && e.code === 'CANCELLED');
    assert.ok(seen.length < 200, `ran ${seen.length} epochs`);
    const atCancel = seen.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(seen.length, atCancel, 'onEpoch was called after fit settled');
    const model = await engine.fit(ratings, { iterations: 1 });
    assert.equal(model.history.length, 1);
  });

  test('early stopping ends a converged run and keeps its best epoch', async () => {
    const engine = engines[1]!;
    const { ratings } = await engine.synthesize({ ratings: 30_000, seed: 3 });
    const { train, test } = await ratings.split({ seed: 4 });
    const model = await engine.fit(train, { iterations: 100 }, { evalSet: test, earlyStop: { patience: 2, minDelta: 1e-3 } });
    const rmses = model.history.map((s) => s.testRmse!);
    assert.ok(rmses.length < 100, 'did not stop early');
    const kept = (await model.evaluate(test)).rmse;
    assert.ok(rmses.some((r) => Math.abs(r - kept) < 1e-9), `kept RMSE ${kept} is not one of the epochs'`);
    // Gains below minDelta do not count as improvements (as in Keras), so the
    // kept epoch is the last one that improved by more than minDelta.
    assert.ok(kept <= rmses[0]!);
  });

  test('bad parameters are rejected with the field named', async () => {
    const engine = engines[0]!;
    const { ratings } = await engine.synthesize({ ratings: 5_000, seed: 1 });
    for (const [params, name] of [[{ tau: -1 }, 'tau'], [{ lambda: 0 }, 'lambda'], [{ iterations: 0 }, 'epochs'], [{ factors: 1.5 }, 'factors'],
      [{ solver: 'lu' as 'cg' }, 'solver'], [{ cgSteps: 0 }, 'cg_steps']] as const) { // 'lu': what a JS caller could pass
      await assert.rejects(engine.fit(ratings, params), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM' && e.details.name === name, JSON.stringify(params));
    }
  });
});
