/**
 * Knowing the memory limit before hitting it (docs/memory.md): the core's estimate against the
 * heap it really uses, requests that cannot fit refused at once with `OUT_OF_MEMORY` (leaving the
 * engine usable), and an allocation failure inside the core reported as `OUT_OF_MEMORY`, not as an
 * anonymous trap. Small scale: engines get a `memoryLimit` of 64–96 MiB.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AlsError, createEngine, type Engine, fitEarlyStopped, type Ratings } from 'als-wasm';

const MiB = 2 ** 20;

/** `p` rejects with an `AlsError` of `code`; returns it. */
async function rejectsWith(p: Promise<unknown>, code: string): Promise<AlsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AlsError, String(e));
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('memory estimate', () => {
  let engine: Engine;
  before(async () => { engine = await createEngine({ threads: 2 }); });
  after(() => engine.close());

  it('covers the heap a load, split and fit really use, within 1.6×', async () => {
    const n = 300_000;
    await engine.memoryUsage({ resetPeak: true });
    const before = (await engine.memoryUsage()).heapBytes;
    const { ratings } = await engine.synthesize({ ratings: n, seed: 3 });
    const { train, test } = await ratings.split({ testRatio: 0.2, seed: 3 });
    await engine.fit(train, { factors: 32, iterations: 1 }, { evalSet: test });
    const used = (await engine.memoryUsage()).heapPeakBytes - before;
    const e = await engine.estimateMemory({ synthetic: { ratings: n, seed: 3 }, factors: 32, split: true });
    const estimate = e.totalBytes - e.baseBytes;
    assert.ok(estimate >= used, `estimate ${estimate} below the measured peak ${used}`);
    assert.ok(estimate <= 1.6 * used, `estimate ${estimate} over 1.6× the measured peak ${used}`);
    assert.equal(e.limitBytes, 2 ** 32);
    assert.ok(e.maxRatings > 50_000_000 && e.maxRatings < 200_000_000, String(e.maxRatings));
  });

  it('a split takes over the set’s layouts instead of copying them; the set stays usable', async () => {
    const { ratings } = await engine.synthesize({ ratings: 200_000, seed: 5 });
    const { layoutBytes } = await ratings.describe();
    const whole = await ratings.toArrays();
    const held = (await engine.memoryUsage()).heapBytes;
    const { train, test } = await ratings.split({ testRatio: 0.2, seed: 5 });
    const grown = (await engine.memoryUsage()).heapBytes - held;
    assert.ok(grown < 0.1 * layoutBytes, `the split added ${grown} bytes to layouts of ${layoutBytes}`);
    assert.equal(train.count + test.count, ratings.count);
    // A fit holds the train part's layouts: its own split must copy them, and does.
    const model = await engine.fit(train, { factors: 4, iterations: 1 });
    const again = await train.split({ testRatio: 0.5, seed: 6 });
    assert.equal(again.train.count + again.test.count, train.count);
    assert.equal((await model.evaluate(test)).count, test.count);
    // The whole set, used again, is merged back from its parts: the same ratings in input order.
    assert.deepEqual(await ratings.toArrays(), whole);
    for (const r of [model, again.train, again.test, train, test, ratings]) await r.dispose();
  });

  it('fitEarlyStopped merges its validation split back in place: the same model as a set never split', async () => {
    const trainPart = async (): Promise<Ratings> => {
      const { ratings } = await engine.synthesize({ ratings: 60_000, seed: 8 });
      const { train, test } = await ratings.split({ testRatio: 0.1, seed: 8 });
      await Promise.all([ratings.dispose(), test.dispose()]);
      return train;
    };
    const [stopped, plain] = [await trainPart(), await trainPart()];
    const { model, report } = await fitEarlyStopped(engine, stopped, { factors: 8, iterations: 6, seed: 8 }, {}, { patience: 2 });
    const direct = await engine.fit(plain, { factors: 8, iterations: report.bestEpoch, seed: 8 });
    assert.deepEqual(await model.exportArrays(), await direct.exportArrays());
    assert.deepEqual(model.history.map((h) => h.objective), direct.history.map((h) => h.objective));
    for (const r of [model, direct, stopped, plain]) await r.dispose();
  });

  it('a request beyond 4 GiB is OUT_OF_MEMORY at once, naming the estimate and what fits', async () => {
    const t0 = performance.now();
    const err = await rejectsWith(engine.synthesize({ ratings: 1e20 }), 'OUT_OF_MEMORY');
    assert.ok(performance.now() - t0 < 2000);
    assert.match(err.message, /need an estimated .* GiB of memory, more than the 4\.00 GiB/);
    assert.equal(err.details.limitBytes, 2 ** 32);
    const check = await rejectsWith(engine.estimateMemory({ ratings: 1e9, factors: 64, split: true, check: true }), 'OUT_OF_MEMORY');
    assert.ok((check.details.maxRatings as number) > 10_000_000, String(check.details.maxRatings));
    // The engine is still usable.
    const { ratings } = await engine.synthesize({ ratings: 5_000, seed: 1 });
    assert.equal(ratings.count, 5_000);
  });

  it('K=100000 is INVALID_PARAM before anything is allocated', async () => {
    const { ratings } = await engine.synthesize({ ratings: 5_000, seed: 1 });
    const err = await engine.fit(ratings, { factors: 100_000, iterations: 1 }).catch((e: unknown) => e as AlsError);
    assert.ok(err instanceof AlsError && ['INVALID_PARAM', 'OUT_OF_MEMORY'].includes(err.code), String(err));
  });

  it('memoryLimit outside 64 MiB..4 GiB is INVALID_PARAM', async () => {
    await rejectsWith(createEngine({ threads: 1, memoryLimit: 1000 }), 'INVALID_PARAM');
    await rejectsWith(createEngine({ threads: 1, memoryLimit: 2 ** 33 }), 'INVALID_PARAM');
  });
});

describe('memory limit of an engine', () => {
  let engine: Engine;
  before(async () => { engine = await createEngine({ threads: 2, memoryLimit: 96 * MiB }); });
  after(() => engine.close());

  it('a synthetic set, a load and a fit that do not fit are refused before allocating, and the engine goes on', async () => {
    const big = await rejectsWith(engine.synthesize({ ratings: 8_000_000, seed: 1 }), 'OUT_OF_MEMORY');
    assert.equal(big.details.limitBytes, 96 * MiB);
    const max = big.details.maxRatings as number;
    assert.ok(max > 1_000_000 && max < 8_000_000, String(max));
    // A 64 MB ratings file predicts 8M ratings (96 MB of triples) from its first chunk: refused before parsing on.
    const line = '1,1,4.5\n';
    const body = new TextEncoder().encode(`userId,movieId,rating\n${line.repeat(8_000_000)}`);
    await rejectsWith(engine.loadRatings(new Blob([body])), 'OUT_OF_MEMORY');
    const { ratings } = await engine.synthesize({ ratings: 1_000_000, seed: 1 });
    const fit = await rejectsWith(engine.fit(ratings, { factors: 1024, iterations: 1 }), 'OUT_OF_MEMORY');
    assert.equal(fit.details.factors, 1024);
    // A Bayesian fit also keeps running moments of every factor row: counted, refused, no trap.
    const bayes = await rejectsWith(engine.fit(ratings, { factors: 256, method: 'bayes', samples: 4, burnIn: 1 }), 'OUT_OF_MEMORY');
    assert.notEqual(bayes.details.trap, true);
    const model = await engine.fit(ratings, { factors: 8, iterations: 1 });
    assert.equal(model.params.factors, 8);
    assert.ok((await engine.memoryUsage()).wasmBytes <= 96 * MiB);
  });
});

describe('an allocation failure inside the core', () => {
  it('is OUT_OF_MEMORY (a trap: the engine stops), never an anonymous or masked error', async () => {
    const engine = await createEngine({ threads: 2, memoryLimit: 64 * MiB });
    try {
      // ridgeSolve copies its arrays into the core unchecked: 128 MiB of factors cannot fit in 64 MiB.
      const k = 8;
      const err = await rejectsWith(engine.ridgeSolve({
        k, indptr: new Uint32Array([0, 1]), indices: new Uint32Array([0]), values: new Float32Array([1]),
        factors: new Float32Array(4 * 2 ** 20 * k), lambda: 1, tau: 0.1,
      }), 'OUT_OF_MEMORY');
      assert.equal(err.details.trap, true);
      assert.equal(err.details.requestBytes, 128 * MiB);
      assert.match(err.message, /ran out of WebAssembly memory: a request for 128 MiB failed/);
      // Later calls get the same error at once (the instance is gone), not comlink's "Proxy has been released".
      const later = await rejectsWith(engine.memoryUsage(), 'OUT_OF_MEMORY');
      assert.equal(later.message, err.message);
    } finally {
      await engine.close();
    }
  });
});

describe('an allocation failure on a pool thread', () => {
  it('stops the engine with OUT_OF_MEMORY within seconds instead of leaving it waiting for the pool', async () => {
    const engine = await createEngine({ threads: 2, memoryLimit: 128 * MiB });
    try {
      // Each row solve allocates its K×K scratch on the thread that runs it: 244 MiB at K=8000.
      const k = 8000, rows = 64;
      const t0 = performance.now();
      const err = await rejectsWith(engine.ridgeSolve({
        k, indptr: Uint32Array.from({ length: rows + 1 }, (_, r) => r), indices: new Uint32Array(rows),
        values: new Float32Array(rows).fill(1), factors: new Float32Array(k).fill(0.1), lambda: 1, tau: 0.1,
      }), 'OUT_OF_MEMORY');
      assert.ok(performance.now() - t0 < 10_000);
      assert.equal(err.details.trap, true);
      assert.equal(err.details.limitBytes, 128 * MiB);
      await rejectsWith(engine.memoryUsage(), 'OUT_OF_MEMORY');
    } finally {
      await engine.close();
    }
  });
});
