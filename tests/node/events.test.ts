/**
 * Implicit events files: the ratings parser with `duplicates: 'sum'`, an optional value column,
 * and the same line-numbered errors as ratings; `engine.loadEvents` end to end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { AlsError, createEngine, rankingMetricsAtK } from 'als-wasm';

import { IngestError } from '../../ts/ingest/index.js';
import type { ParseRatingsOptions as RatingsOptions } from '../../ts/worker/ratings_parse.js';
import { parseRatings } from './core_ratings.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const chunks = (s: string, size = 5): Uint8Array[] => {
  const b = enc(s), out: Uint8Array[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
};
const EVENTS: RatingsOptions = {
  file: 'e.csv', duplicates: 'sum', scale: { min: 0, max: Infinity },
  format: { delimiter: ',', header: 'auto', columns: { user: 0, item: 1, rating: 2 } },
};
const PAIRS: RatingsOptions = { ...EVENTS, format: { delimiter: '\t', header: 'auto', columns: { user: 0, item: 1 } } };
const load = (s: string, opts = EVENTS) => parseRatings(chunks(s), opts);

/** `(user, item) -> value` of a table. */
function byPair(t: Awaited<ReturnType<typeof parseRatings>>): Map<string, number> {
  const m = new Map<string, number>();
  for (let r = 0; r < t.count; r++) m.set(`${t.userIds[t.users[r]!]},${t.itemIds[t.items[r]!]}`, t.ratings[r]!);
  return m;
}

async function rejectsWith(p: Promise<unknown>, code: string, line: number): Promise<void> {
  const err = await p.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(err instanceof IngestError, String(err));
  assert.equal(err.code, code, err.message);
  assert.equal(err.details.line, line, err.message);
  assert.match(err.message, /^e\.csv/);
}

describe('events files', () => {
  it('sums repeated (user, item) pairs, grouped or not', async () => {
    for (const text of ['user,item,plays\n1,10,2\n1,11,1\n1,10,3\n2,10,1\n', '1,10,2\n2,10,1\n1,11,1\n1,10,3\n2,10,4\n']) {
      const t = await load(text);
      const m = byPair(t);
      assert.equal(m.get('1,10'), 5, text);
      assert.equal(m.get('1,11'), 1);
      assert.ok(m.get('2,10')! >= 1);
      assert.equal(t.count, 3);
    }
  });
  it('counts 1 per line without a value column (tab-separated pairs)', async () => {
    const t = await load('7\t1\n7\t2\n7\t1\n8\t2\n', PAIRS);
    assert.deepEqual(Object.fromEntries(byPair(t)), { '7,1': 2, '7,2': 1, '8,2': 1 });
  });
  it('accepts a timestamp column: never taken as the value', async () => {
    const times = await load('user,item,timestamp\n1,10,964982703\n1,11,964982704\n1,10,964982800\n');
    assert.deepEqual(Object.fromEntries(byPair(times)), { '1,10': 2, '1,11': 1 });
    const tabbed = await load('user\titem\tTime\n7\t1\t5\n', { ...EVENTS, format: { ...EVENTS.format!, delimiter: '\t' } });
    assert.deepEqual(Object.fromEntries(byPair(tabbed)), { '7,1': 1 });
    const valued = await load('user,item,plays,timestamp\n1,10,2,964982703\n1,10,3,964982800\n2,10,1,964982900\n');
    assert.deepEqual(Object.fromEntries(byPair(valued)), { '1,10': 5, '2,10': 1 });
    const movielens = await load('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n');
    assert.deepEqual(Object.fromEntries(byPair(movielens)), { '1,31': 2.5, '1,1029': 3 });
    await rejectsWith(load('user,item,timestamp\n1,10,964982703\n1,x,964982704\n'), 'PARSE_ERROR', 3);
  });
  it('reports bad lines with file and line number, like ratings', async () => {
    await rejectsWith(load('user,item,plays\n1,10,2\n1,x,1\n'), 'PARSE_ERROR', 3);
    await rejectsWith(load('1,10,2\n1,11,-1\n'), 'RATING_OUT_OF_SCALE', 2);
    await rejectsWith(load('1,10,2\n\n1\n'), 'MISSING_COLUMN', 3);
    await rejectsWith(load('1,10,2\n1,11,nan\n'), 'PARSE_ERROR', 2);
    const empty = await load('').then(() => undefined, (e: unknown) => e);
    assert.ok(empty instanceof IngestError && empty.code === 'EMPTY_FILE', String(empty));
  });
});

describe('engine.loadEvents and implicit training', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'als-events-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('loads, trains an implicit model, ranks, saves and loads it back', async () => {
    const lines = ['user,item,plays'];
    for (let u = 1; u <= 60; u++) {
      for (let j = 0; j < 12; j++) lines.push(`${u},${((u % 3) * 20 + j * 7 + u) % 60 + 1},${1 + (j % 3)}`);
    }
    const file = join(tmp, 'plays.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const engine = await createEngine({ threads: 2 });
    try {
      const events = await engine.loadEvents(file);
      assert.ok(events.count > 0 && events.count <= 720);
      const { train, test } = await events.split({ testRatio: 0.2, seed: 3, by: 'user' });
      const model = await engine.fit(train, { feedback: 'implicit', factors: 8, iterations: 5 });
      assert.equal(model.params.feedback, 'implicit');
      assert.equal(model.params.alpha, 3);
      assert.equal(model.history.length, 5);
      const m = await rankingMetricsAtK(model, train, test, { k: 10, extraK: [20], threshold: -Infinity });
      assert.ok(m.users > 0 && m.ndcg > 0 && m.ndcg <= 1 && m.at[1]!.k === 20, JSON.stringify(m));
      for (const v of [m.precision, m.recall, m.map, m.coverage]) assert.ok(v >= 0 && v <= 1);
      const again = await engine.loadModel(await model.save());
      assert.equal(again.params.feedback, 'implicit');
      assert.deepEqual(await again.recommend(1, { n: 5, filterRated: false }), await model.recommend(1, { n: 5, filterRated: false }));
      const bad = join(tmp, 'bad.csv');
      writeFileSync(bad, 'user,item,plays\n1,2,3\n1,3,-2\n');
      const err = await engine.loadEvents(bad).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof AlsError && /bad\.csv:3: .*-2/.test(err.message), String(err));
      // the engine is still usable after a rejected load
      assert.equal((await engine.loadEvents(file)).count, events.count);
      const badParams = await engine.fit(train, { feedback: 'implicit', alpha: -1 }).then(() => undefined, (e: unknown) => e);
      assert.ok(badParams instanceof AlsError && badParams.code === 'INVALID_PARAM', String(badParams));
    } finally {
      await engine.close();
    }
  });
});
