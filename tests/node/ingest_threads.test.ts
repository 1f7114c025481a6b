/**
 * The core's ratings parser through the engine: the same file gives the same
 * ratings, ids, skipped counts and fingerprint on 1, 2 and 8 pool threads
 * (batches cut into pieces per thread), and the same as the single-threaded
 * core in-process (the fallback without SharedArrayBuffer).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { createEngine } from 'als-wasm';

import { readRatingsFile } from './core_ratings.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-ingest-threads-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** ~1.4 MB: users out of order, repeated pairs, bad and blank lines, CRLF. */
function awkwardFile(): string {
  const lines = ['userId,movieId,rating,timestamp'];
  let x = 7;
  for (let r = 0; r < 60_000; r++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const user = r % 7 === 0 ? x % 500 : Math.floor(r / 30);
    lines.push(`${user},${(x >> 8) % 3000},${1 + (x % 9) / 2},${964982703 + r}${r % 11 === 0 ? '\r' : ''}`);
    if (r % 997 === 0) lines.push(`${user},oops,3,0`);
    if (r % 1499 === 0) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

describe('ratings parsed in the core on any number of threads', () => {
  it('gives identical data sets on 1, 2 and 8 threads, and in the single-threaded core', async () => {
    const file = join(tmp, 'ratings.csv');
    writeFileSync(file, awkwardFile());
    const single = await readRatingsFile(file, { onInvalid: 'skip' });
    const seen: unknown[] = [];
    for (const threads of [1, 2, 8]) {
      const engine = await createEngine({ threads });
      try {
        const ratings = await engine.loadRatings(file, { onInvalid: 'skip' });
        const arrays = await ratings.toArrays();
        assert.equal(ratings.count, single.count);
        assert.ok(ratings.summary.skipped!.duplicate > 0 && ratings.summary.skipped!.parse > 0, JSON.stringify(ratings.summary.skipped));
        seen.push({ arrays, skipped: ratings.summary.skipped, fingerprint: await ratings.fingerprint(), users: ratings.userCount, items: ratings.itemCount });
      } finally {
        await engine.close();
      }
    }
    assert.deepEqual(seen[1], seen[0]);
    assert.deepEqual(seen[2], seen[0]);
    const first = seen[0] as { arrays: { users: Uint32Array; items: Uint32Array; ratings: Float32Array }; skipped: Record<string, number> };
    assert.deepEqual(first.skipped, single.stats.skipped);
    // Same rows as the in-process parse, whatever order the engine keeps them in.
    const key = (u: number, i: number, r: number) => `${u},${i},${r}`;
    const fromEngine = Array.from(first.arrays.users, (u, j) => key(u, first.arrays.items[j]!, first.arrays.ratings[j]!)).sort();
    const inProcess = Array.from(single.users, (u, j) => key(single.userIds[u]!, single.itemIds[single.items[j]!]!, single.ratings[j]!)).sort();
    assert.deepEqual(fromEngine, inProcess);
  });
});
