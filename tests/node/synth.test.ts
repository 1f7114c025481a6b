/** Synthetic MovieLens generator: shape, determinism, and files that ingest back exactly. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadMovieLens } from './core_ratings.js';
import { generateRatings } from '../../ts/synth/generate.js';
import { generateMovieLens } from '../../ts/synth/write_files.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-synth-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('synthetic MovieLens', () => {
  const s = generateRatings({ ratings: 100_000, seed: 7 });

  it('has the ML-32M shape scaled to 100k', () => {
    assert.equal(s.ratings.length, 100_000);
    const deg = new Map<number, number>();
    for (const u of s.users) deg.set(u, (deg.get(u) ?? 0) + 1);
    const degrees = [...deg.values()].sort((a, b) => a - b);
    assert.ok(degrees[0]! >= 20, 'every user has >= 20 ratings');
    assert.ok(degrees.at(-1)! > 8 * degrees[degrees.length >> 1]!, 'heavy-tailed user degrees');
    const pop = new Map<number, number>();
    for (const i of s.items) pop.set(i, (pop.get(i) ?? 0) + 1);
    const p = [...pop.values()].sort((a, b) => a - b);
    assert.ok(p.at(-1)! > 30 * p[p.length >> 1]!, 'heavy-tailed item degrees');
    assert.ok(s.movies.movieIds.at(-1)! > 2 * s.movies.movieIds.length, 'sparse movie ids');
    let sum = 0, sq = 0;
    for (const r of s.ratings) {
      assert.ok(r >= 0.5 && r <= 5 && Number.isInteger(r * 2));
      sum += r; sq += r * r;
    }
    const mean = sum / s.ratings.length, std = Math.sqrt(sq / s.ratings.length - mean * mean);
    assert.ok(Math.abs(mean - 3.54) < 0.15, `mean ${mean}`);
    assert.ok(Math.abs(std - 1.06) < 0.15, `std ${std}`);
  });

  it('is seeded', () => {
    const again = generateRatings({ ratings: 100_000, seed: 7 });
    assert.deepEqual(again.ratings, s.ratings);
    assert.deepEqual(again.items, s.items);
    assert.notDeepEqual(generateRatings({ ratings: 100_000, seed: 8 }).ratings, s.ratings);
  });

  it('plants genre-correlated factors', () => {
    const { k, itemFactors: Q } = s.truth;
    const g = s.movies.movieGenres;
    const dot = (a: number, b: number) => { let d = 0; for (let f = 0; f < k; f++) d += Q[a * k + f]! * Q[b * k + f]!; return d; };
    let same = 0, ns = 0, diff = 0, nd = 0;
    for (let a = 0; a < 2000; a++) for (let b = a + 1; b < a + 40; b++) {
      const shared = g[a]!.some((x) => g[b]!.includes(x));
      if (g[a]!.length === 1 && g[b]!.length === 1) {
        if (shared) { same += dot(a, b); ns++; } else if (!shared) { diff += dot(a, b); nd++; }
      }
    }
    assert.ok(same / ns > diff / nd + 0.05, `same-genre ${same / ns} vs other ${diff / nd}`);
  });

  it('writes ratings.csv + movies.csv that load back exactly', async () => {
    const dir = join(tmp, 'synth');
    const r = await generateMovieLens(dir, { ratings: 100_000, seed: 7 });
    const { ratings, catalog, variant } = await loadMovieLens(dir);
    assert.equal(variant, 'ml-latest');
    assert.equal(ratings.count, r.ratings);
    assert.equal(ratings.userIds.length, new Set(s.users).size);
    assert.deepEqual(catalog.titles, s.movies.titles);
    assert.ok(catalog.titles.some((t) => t.includes(',')) && catalog.titles.some((t) => t.includes('"')));
    for (let j = 0; j < 1000; j++) {
      assert.equal(ratings.userIds[ratings.users[j]!], s.users[j]);
      assert.equal(ratings.itemIds[ratings.items[j]!], s.items[j]);
      assert.equal(ratings.ratings[j], s.ratings[j]);
    }
  });
});
