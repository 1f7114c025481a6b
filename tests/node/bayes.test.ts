// Bayesian ALS through the public API and the CLI: `method: 'bayes'`,
// posterior means with `predictWithStd`, model files keeping the posterior,
// parameter validation, and `train --bayes` / `recommend` showing "4.2 ± 0.4".
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { AlsError, type AlsModel, type Catalog, createEngine, type Engine, type Ratings } from 'als-wasm';

import { generateMovieLens } from '../../ts/synth/write_files.js';
import { cli } from './cli_run.js';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const BAYES = { method: 'bayes', samples: 12, burnIn: 4, warmStart: 2, factors: 6 } as const;

describe('Bayesian ALS (method: bayes)', () => {
  let engine: Engine;
  let catalog: Catalog;
  let train: Ratings;
  let test_: Ratings;
  let model: AlsModel;

  before(async () => {
    engine = await createEngine({ threads: 2 });
    const synth = await engine.synthesize({ ratings: 20_000, seed: 3 });
    catalog = synth.catalog;
    ({ train, test: test_ } = await synth.ratings.split({ testRatio: 0.2, seed: 1 }));
    model = await engine.fit(train, { ...BAYES, genrePrior: true }, { catalog, evalSet: test_ });
  });
  after(() => engine.close());

  test('one stats row per sweep; the last is the published model', async () => {
    assert.equal(model.history.length, BAYES.samples + BAYES.burnIn);
    assert.deepEqual(model.info.posterior && { s: model.info.posterior.samples, b: model.info.posterior.burnIn }, { s: 12, b: 4 });
    const last = model.history.at(-1)!;
    const { rmse } = await model.evaluate(test_);
    assert.ok(Math.abs(last.testRmse! - rmse) < 1e-9, `${last.testRmse} vs ${rmse}`);
  });

  test('predictWithStd: the mean is predict, the std is above the noise', async () => {
    const { users, items } = await test_.toArrays();
    const [u, i] = [users.subarray(0, 500), items.subarray(0, 500)];
    const { mean, std } = await model.predictWithStd(u, i);
    assert.deepEqual(bits(mean), bits(await model.predict(u, i)));
    const noise = model.info.posterior!.noiseStd;
    assert.ok(noise > 0.1 && noise < 2, `noise std ${noise}`);
    assert.ok(std.every((s) => Number.isFinite(s) && s >= noise * 0.999), 'std >= noise std');
    const nan = await model.predictWithStd([u[0]!, 987654321], [i[0]!, i[0]!], 'nan');
    assert.ok(Number.isFinite(nan.std[0]) && Number.isNaN(nan.std[1]));
  });

  test('a new user: fewer ratings, wider intervals; recommendations rank by the same fold-in', async () => {
    const { users, items, ratings } = await train.toArrays();
    const mine = [...users.keys()].filter((j) => users[j] === users[0]).map((j) => ({ item: items[j]!, rating: ratings[j]! }));
    const target = [...new Set(items)].find((i) => !mine.some((r) => r.item === i))!;
    const one = await model.predictForNewUser(mine.slice(0, 1), [target]);
    const all = await model.predictForNewUser(mine, [target]);
    assert.ok(one.std[0]! > all.std[0]! && all.std[0]! >= model.info.posterior!.noiseStd * 0.999, `${one.std[0]} vs ${all.std[0]}`);
    const rec = await model.recommendForNewUser(mine, { n: 3, minRatings: 0 });
    const bands = await model.predictForNewUser(mine, rec.map((s) => s.item));
    assert.ok(bands.mean.every(Number.isFinite) && bands.std.every((s) => s > 0));
  });

  test('the same seed gives the same model on 1 thread; the file keeps the posterior', async () => {
    const one = await createEngine({ threads: 1 });
    try {
      const s = await one.synthesize({ ratings: 20_000, seed: 3 });
      const { train: t1 } = await s.ratings.split({ testRatio: 0.2, seed: 1 });
      const m1 = await one.fit(t1, { ...BAYES, genrePrior: true }, { catalog: s.catalog });
      assert.deepEqual(await m1.save(), await model.save());
    } finally {
      await one.close();
    }
    const loaded = await engine.loadModel(await model.save(), { catalog });
    assert.deepEqual(loaded.info, model.info);
    const { users, items } = await test_.toArrays();
    const [a, b] = [await model.predictWithStd(users, items), await loaded.predictWithStd(users, items)];
    assert.deepEqual(bits(b.std), bits(a.std));
  });

  test('bad settings reject with INVALID_PARAM naming the field; an ALS model has no std', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ samples: 5 }, 'samples'],
      [{ method: 'gibbs' }, 'method'],
      [{ method: 'bayes', samples: 0 }, 'samples'],
      [{ method: 'bayes', burnIn: -1 }, 'burnIn'],
      [{ method: 'bayes', warmStart: 1.5 }, 'warmStart'],
    ];
    for (const [params, name] of cases) {
      await assert.rejects(engine.fit(train, params as never), (e: unknown) =>
        e instanceof AlsError && e.code === 'INVALID_PARAM' && e.details.name === name, JSON.stringify(params));
    }
    const als = await engine.fit(train, { factors: 4, iterations: 2 });
    assert.equal(als.info.posterior, null);
    await assert.rejects(als.predictWithStd([1], [1]), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM');
    assert.equal((await als.predict([1], [1], 'nan')).length, 1, 'the engine is still usable');
  });
});

describe('als-wasm train --bayes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'als-bayes-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('trains, saves, and recommend shows rating ± std', async () => {
    const data = join(tmp, 'ml');
    await generateMovieLens(data, { ratings: 20_000, seed: 5 });
    const out = join(tmp, 'b.als');
    const T = ['--threads', '2'];
    const r = cli(['train', data, '--bayes', '--bayes-samples', '10', '--burn-in', '3', '--factors', '5', '--out', out, '--samples', '0', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Bayesian: posterior means over 10 Gibbs samples after 3 burn-in sweeps/);
    const rec = cli(['recommend', '--model', out, '--data', data, '--user', '1', '-n', '5', ...T]);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, /rating ± std/);
    assert.equal((rec.stdout.match(/\d\.\d ± \d\.\d/g) ?? []).length, 5, rec.stdout);
    const movies = readFileSync(join(data, 'ratings.csv'), 'utf8').split('\n').slice(1, 3).map((l) => l.split(',')[1]);
    const fresh = cli(['recommend', '--model', out, '--data', data, '--rate', `${movies[0]}:5,${movies[1]}:1`, '-n', '4', '--min-ratings', '0', '--json', ...T]);
    assert.equal(fresh.code, 0, fresh.stderr);
    const recs = fresh.json<{ recommendations: { rating: number; std: number }[] }>().recommendations;
    assert.equal(recs.length, 4);
    assert.ok(recs.every((r) => Number.isFinite(r.rating) && r.std > 0), JSON.stringify(recs));
  });
});
