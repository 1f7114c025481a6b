// Model persistence and exploration through the public API: model files
// (save / loadModel), NPY and CSV export, explain, polarizing and itemMap.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AlsError, type AlsModel, type Catalog, createEngine, type Engine, fromNpy, type Ratings, toNpy } from 'als-wasm';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const strip = (list: { item: number; score: number }[]) => list.map(({ item, score }) => ({ item, score }));

describe('model files and exploration', () => {
  let engine: Engine;
  let model: AlsModel;
  let catalog: Catalog;
  let train: Ratings;
  let pairs: { users: Uint32Array; items: Uint32Array };

  before(async () => {
    engine = await createEngine({ threads: 2 });
    const synth = await engine.synthesize({ ratings: 20_000, seed: 1 });
    catalog = synth.catalog;
    ({ train } = await synth.ratings.split({ testRatio: 0.2, seed: 1 }));
    model = await engine.fit(train, { factors: 8, iterations: 6 }, { catalog });
    const { users: u, items: i } = await train.toArrays();
    pairs = { users: u.subarray(0, 3000), items: i.subarray(3000, 6000) };
  });
  after(() => engine.close());

  test('save -> loadModel predicts bit for bit and recommends the same', async () => {
    const bytes = await model.save();
    const loaded = await engine.loadModel(bytes, { catalog });
    assert.deepEqual(loaded.info, model.info);
    assert.deepEqual(loaded.history, []);
    const [a, b] = await Promise.all([model.predict(pairs.users, pairs.items), loaded.predict(pairs.users, pairs.items)]);
    assert.deepEqual(bits(b), bits(a));
    for (const user of [pairs.users[0]!, pairs.users[100]!]) {
      assert.deepEqual(await loaded.recommend(user, { n: 10 }), await model.recommend(user, { n: 10 }));
    }
    assert.deepEqual(await loaded.explain(pairs.users[0]!, pairs.items[0]!), await model.explain(pairs.users[0]!, pairs.items[0]!));
    assert.deepEqual(await loaded.save(), bytes, 'saving again gives the same bytes');
    await loaded.dispose();
  });

  test('bad files reject with FORMAT and say why', async () => {
    const good = await model.save();
    const flipped = good.slice();
    flipped[good.length >> 1] ^= 0x40;
    const newer = good.slice();
    newer[8] = 99;
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated', good.subarray(0, good.length - 100), /truncated/],
      ['a few bytes', good.subarray(0, 6), /truncated/],
      ['corrupted', flipped, /checksum/],
      ['a newer version', newer, /version 99/],
      ['foreign', new TextEncoder().encode('userId,movieId,rating\n1,2,3.5\n'), /not an als-wasm model file/],
      ['empty', new Uint8Array(0), /truncated/],
    ];
    for (const [what, bytes, message] of cases) {
      await assert.rejects(engine.loadModel(bytes), (e: unknown) => {
        assert.ok(e instanceof AlsError, `${what}: not an AlsError: ${e}`);
        assert.equal(e.code, 'FORMAT', what);
        assert.match(e.message, message, what);
        assert.equal(typeof e.details.reason, 'string');
        return true;
      });
    }
    assert.equal((await model.predict([pairs.users[0]!], [pairs.items[0]!])).length, 1, 'engine still usable');
  });

  test('NPY export -> import predicts bit for bit (no training ratings)', async () => {
    const files = await model.toNpyFiles();
    assert.deepEqual(Object.keys(files).sort(), [
      'item_biases.npy', 'item_counts.npy', 'item_factors.npy', 'item_ids.npy', 'meta.json',
      'user_biases.npy', 'user_counts.npy', 'user_factors.npy', 'user_ids.npy',
    ]);
    const q = fromNpy(files['item_factors.npy']!);
    assert.deepEqual(q.shape, [model.info.itemCount, 8]);
    assert.ok(q.data instanceof Float32Array);
    const imported = await engine.modelFromNpyFiles(files);
    assert.deepEqual(bits(await imported.predict(pairs.users, pairs.items)), bits(await model.predict(pairs.users, pairs.items)));
    const user = pairs.users[5]!;
    assert.deepEqual(strip(await imported.recommend(user, { n: 8 })), strip(await model.recommend(user, { n: 8, filterRated: false })));
    await assert.rejects(imported.explain(user, pairs.items[0]!), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM');
    const noMeta = { ...files };
    delete noMeta['meta.json'];
    await assert.rejects(engine.modelFromNpyFiles(noMeta), (e: unknown) => e instanceof AlsError && e.code === 'FORMAT');
    const short = { ...files, 'user_biases.npy': toNpy(new Float32Array(3), [3]) };
    await assert.rejects(engine.modelFromNpyFiles(short), (e: unknown) => e instanceof AlsError && e.code === 'LENGTH_MISMATCH');
    await imported.dispose();
  });

  test('NPY encoding round-trips and rejects what it cannot read', () => {
    const a = Float32Array.of(1.5, -2, 3e-8, 4, 5, 6);
    const back = fromNpy(toNpy(a, [2, 3]));
    assert.deepEqual(back.shape, [2, 3]);
    assert.deepEqual(back.data, a);
    assert.deepEqual(fromNpy(toNpy(Uint32Array.of(7, 292757), [2])).data, Uint32Array.of(7, 292757));
    const bytes = toNpy(a, [6]);
    assert.equal((bytes.length - a.byteLength) % 64, 0, 'data aligned to 64 bytes');
    const f8 = bytes.slice();
    f8[new TextDecoder('latin1').decode(bytes).indexOf("'<f4'") + 3] = '8'.charCodeAt(0);
    assert.throws(() => fromNpy(f8), (e: unknown) => e instanceof AlsError && e.code === 'FORMAT' && /<f8/.test(e.message));
    assert.throws(() => fromNpy(bytes.subarray(0, bytes.length - 4)), /NPY data has/);
    assert.throws(() => fromNpy(Uint8Array.of(1, 2, 3)), /not an NPY file/);
    assert.throws(() => toNpy(a, [4]), (e: unknown) => e instanceof AlsError && e.code === 'LENGTH_MISMATCH');
  });

  test('CSV export has a row per movie and user', async () => {
    const csv = await model.toCsvFiles();
    const rows = csv['item_factors.csv']!.trimEnd().split('\n');
    assert.equal(rows[0], 'movieId,bias,f0,f1,f2,f3,f4,f5,f6,f7');
    assert.equal(rows.length, model.info.itemCount + 1);
    const { itemIds, itemFactors } = await model.exportArrays();
    const first = rows[1]!.split(',').map(Number);
    assert.equal(first[0], itemIds[0]);
    assert.equal(Math.fround(first[2]!), itemFactors[0], 'shortest float32 text reads back exactly');
    assert.equal(csv['user_factors.csv']!.trimEnd().split('\n').length, model.info.userCount + 1);
  });

  test('explain adds up to the score', async () => {
    for (const [user, item] of [[pairs.users[0]!, pairs.items[0]!], [pairs.users[900]!, pairs.items[7]!]]) {
      const all = await model.explain(user, item, { n: 100_000 });
      const [predicted] = await model.predict([user], [item]);
      assert.equal(all.score, predicted);
      const { mu, userBias, itemBias } = all.baseline;
      assert.ok(Math.abs(mu + userBias + itemBias + all.factorScore - all.score) < 1e-4);
      const sum = all.contributions.reduce((s, c) => s + c.weight, 0);
      assert.ok(Math.abs(sum + all.residual - all.factorScore) < 1e-4, `${sum} + ${all.residual} vs ${all.factorScore}`);
      const top = await model.explain(user, item, { n: 3 });
      assert.equal(top.contributions.length, 3);
      assert.deepEqual(top.contributions, all.contributions.slice(0, 3));
      const w = all.contributions.map((c) => Math.abs(c.weight));
      assert.ok(w.every((x, j) => j === 0 || w[j - 1]! >= x), 'sorted by |weight|');
      assert.equal(typeof top.contributions[0]!.title, 'string');
    }
    await assert.rejects(model.explain(-5 >>> 0, pairs.items[0]!), (e: unknown) => e instanceof AlsError && e.code === 'UNKNOWN_ID');
  });

  test('polarizing and itemMap have sane shapes', async () => {
    const { most, least } = await model.polarizing({ n: 5, minRatings: 20 });
    assert.equal(most.length, 5);
    assert.equal(least.length, 5);
    assert.ok(most.every((s, j) => j === 0 || most[j - 1]!.score >= s.score));
    assert.ok(least.every((s, j) => j === 0 || least[j - 1]!.score <= s.score));
    assert.ok(most[4]!.score >= least[4]!.score);
    assert.equal(typeof most[0]!.title, 'string');
    const map = await model.itemMap({ n: 50 });
    assert.equal(map.method, 'pca');
    assert.equal(map.items.length, 50);
    assert.equal(map.x.length, 50);
    assert.equal(map.y.length, 50);
    assert.ok(map.counts.every((c, j) => j === 0 || map.counts[j - 1]! >= c), 'most-rated first');
    assert.ok(map.x.every(Number.isFinite) && map.y.every(Number.isFinite));
    const k2 = await engine.fit(train, { factors: 2, iterations: 2 });
    const flat = await k2.itemMap({ n: 10 });
    assert.equal(flat.method, 'factors');
    const { itemIds, itemFactors } = await k2.exportArrays();
    const d = itemIds.indexOf(flat.items[0]!);
    assert.deepEqual([flat.x[0], flat.y[0]], [itemFactors[2 * d], itemFactors[2 * d + 1]]);
    await k2.dispose();
  });
});
