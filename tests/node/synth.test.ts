/**
 * Synthetic sets from the core (crate/src/synth/, whose tests check the statistics and the
 * planted genre structure): the public API's shapes and options, the same set on any thread
 * count, and files that hold exactly the ratings `synthesize` gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { AlsError, createEngine, type Engine, type Ratings } from 'als-wasm';
import { loadMovieLens } from './core_ratings.js';
import { generateMovieLens } from '../../ts/synth/write_files.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-synth-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** `userId,movieId,rating` triples in raw ids, sorted. */
function rawTriples(users: Uint32Array, items: Uint32Array, ratings: Float32Array): string[] {
  return Array.from(ratings, (r, j) => `${users[j]},${items[j]},${r}`).sort();
}

async function triplesOf(r: Ratings): Promise<string[]> {
  const a = await r.toArrays();
  return rawTriples(a.users, a.items, a.ratings);
}

describe('synthetic sets', () => {
  let engine: Engine;
  before(async () => { engine = await createEngine({ threads: 2 }); });
  after(() => engine.close());

  it('scales the ML-32M shape to a count, with half stars and a titled catalog', async () => {
    const { ratings, catalog } = await engine.synthesize({ ratings: 100_000, seed: 7 });
    assert.equal(ratings.count, 100_000);
    assert.equal(ratings.userCount, 628);
    assert.ok(catalog.count > ratings.itemCount, 'some movies have no ratings');
    assert.equal(catalog.genres.at(-1), '(no genres listed)');
    const { ratings: r } = await ratings.toArrays();
    assert.ok(r.every((x) => x >= 0.5 && x <= 5 && Number.isInteger(x * 2)));
    assert.ok(r.some((x) => !Number.isInteger(x)), 'half stars');
    const { titled, movies } = await catalog.coverage(ratings);
    assert.equal(titled, movies);
  });

  it('has the Netflix shape: whole stars, 17,770 movies at full size', async () => {
    const { ratings } = await engine.synthesize({ shape: 'netflix', ratings: 200_000, seed: 3 });
    assert.equal(ratings.count, 200_000);
    const { ratings: r } = await ratings.toArrays();
    assert.ok(r.every((x) => x >= 1 && x <= 5 && Number.isInteger(x)));
    const full = await engine.estimateMemory({ synthetic: { shape: 'netflix' }, factors: 20 });
    assert.deepEqual(full.synthetic, { shape: 'netflix', ratings: 100_480_507, users: 480_189, movies: 17_770 });
  });

  it('is seeded and the same on 1 and 2 threads', async () => {
    const one = await createEngine({ threads: 1 });
    try {
      const a = await triplesOf((await one.synthesize({ ratings: 50_000, seed: 9 })).ratings);
      const b = await triplesOf((await engine.synthesize({ ratings: 50_000, seed: 9 })).ratings);
      assert.deepEqual(a, b);
      const c = await triplesOf((await engine.synthesize({ ratings: 50_000, seed: 10 })).ratings);
      assert.notDeepEqual(a, c);
    } finally {
      await one.close();
    }
  });

  it('refuses bad options with a code and stays usable', async () => {
    await assert.rejects(engine.synthesize({ shape: 'imdb' as 'netflix' }), (e: AlsError) => e.code === 'INVALID_PARAM' && /shape/.test(e.message));
    await assert.rejects(engine.synthesize({ ratings: 10 }), (e: AlsError) => e.code === 'INVALID_PARAM');
    await assert.rejects(engine.synthesize({ ratings: 100_000, users: 50_000 }), (e: AlsError) => e.code === 'INVALID_PARAM');
    await assert.rejects(engine.synthesize({ shape: 'netflix', ratings: 4e9 }), (e: AlsError) => e.code === 'OUT_OF_MEMORY');
    assert.equal((await engine.synthesize({ ratings: 1000 })).ratings.count, 1000);
  });

  it('the full Netflix shape passes the memory check at K=20 and is refused before generating under a lower limit', async () => {
    const plan = { synthetic: { shape: 'netflix' as const }, factors: 20, split: true, check: true };
    const e = await engine.estimateMemory(plan);
    assert.ok(e.totalBytes < 3.5 * 2 ** 30, `estimate ${e.totalBytes}`);
    const small = await createEngine({ threads: 1, memoryLimit: 2 ** 30 });
    try {
      await assert.rejects(small.estimateMemory(plan), (err: AlsError) => err.code === 'OUT_OF_MEMORY' && /100480507 ratings/.test(err.message));
      const t0 = performance.now();
      await assert.rejects(small.synthesize({ shape: 'netflix' }), (err: AlsError) => err.code === 'OUT_OF_MEMORY');
      assert.ok(performance.now() - t0 < 2000, 'refused before generating');
      assert.equal((await small.synthesize({ shape: 'netflix', ratings: 10_000 })).ratings.count, 10_000);
    } finally {
      await small.close();
    }
  });

  it('writes ratings.csv + movies.csv holding exactly the synthesized set', async () => {
    const dir = join(tmp, 'synth');
    const opts = { ratings: 100_000, seed: 7 };
    const r = await generateMovieLens(dir, opts);
    assert.equal(r.ratings, 100_000);
    const { ratings, catalog, variant } = await loadMovieLens(dir);
    assert.equal(variant, 'ml-latest');
    assert.equal(ratings.count, r.ratings);
    const s = await engine.synthesize(opts);
    const fromFile = rawTriples(
      Uint32Array.from(ratings.users, (u) => ratings.userIds[u]!), Uint32Array.from(ratings.items, (i) => ratings.itemIds[i]!), ratings.ratings);
    assert.deepEqual(fromFile, await triplesOf(s.ratings));
    assert.equal(catalog.titles.length, s.catalog.count);
    assert.ok(catalog.titles.some((t) => t.includes(',')) && catalog.titles.some((t) => t.includes('"')));
    assert.ok(catalog.genres.includes('(no genres listed)'));
  });
});
