// An engine that survives its users' mistakes: every rejected call leaves it
// usable, close() is idempotent, a forgotten engine does not hold Node open,
// handles belong to their engine, and comlink's global handlers are untouched.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import * as Comlink from 'comlink';

import { AlsError, createEngine, type Engine } from 'als-wasm';

import { ratingsCsv } from './ratings_fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'als-lifecycle-'));
const csvPath = join(dir, 'ratings.csv');
writeFileSync(csvPath, ratingsCsv());

/** Assert `p` rejects with an `AlsError` of `code` whose details include `details`. */
async function rejectsWith(p: Promise<unknown>, code: string, details: Record<string, unknown> = {}): Promise<AlsError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof AlsError, `not an AlsError: ${String(caught)} (${(caught as Error)?.constructor?.name})`);
  assert.equal(caught.code, code, caught.message);
  for (const [k, v] of Object.entries(details)) assert.deepEqual(caught.details[k], v, `details.${k} of ${caught.message}`);
  return caught;
}

/** The engine still loads, trains and answers. */
async function stillUsable(engine: Engine): Promise<void> {
  const ratings = await engine.loadRatings(csvPath);
  const model = await engine.fit(ratings, { factors: 2, iterations: 2 });
  const recs = await model.recommend(1, { n: 3 });
  assert.equal(recs.length, 3);
  await model.dispose();
  await ratings.dispose();
}

describe('a rejected call leaves the engine usable', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine({ threads: 2 });
  });
  after(() => engine.close());

  const cases: [string, (e: Engine) => Promise<unknown>, string, Record<string, unknown>][] = [
    ['a missing file', (e) => e.loadRatings(join(dir, 'ratings-typo.csv')), 'NOT_FOUND', { errno: 'ENOENT' }],
    ['a directory', (e) => e.loadRatings(dir), 'SOURCE_UNREADABLE', { reason: 'directory' }],
    ['a missing file: URL object', (e) => e.loadRatings(pathToFileURL(join(dir, 'nope.csv'))), 'NOT_FOUND', {}],
    ['a malformed file', (e) => e.loadRatings(new TextEncoder().encode('userId,movieId,rating,timestamp\n1,2,x,3\n')), 'PARSE_ERROR', { line: 2 }],
    ['a missing column', (e) => e.loadRatings(new TextEncoder().encode('userId,movieId,rating,timestamp\n1,2\n')), 'MISSING_COLUMN', { line: 2 }],
    ['a source of the wrong type', (e) => e.loadRatings(42 as never), 'INVALID_PARAM', { name: 'source' }],
    ['an unknown parameter', async (e) => e.fit(await e.loadRatings(csvPath), { factor: 10 } as never), 'INVALID_PARAM', { name: 'factor', expected: 'factors' }],
    ['a bad parameter value', async (e) => e.fit(await e.loadRatings(csvPath), { factors: -1 }), 'INVALID_PARAM', { name: 'factors' }],
    ['an unknown fit option', async (e) => e.fit(await e.loadRatings(csvPath), {}, { evalset: undefined } as never), 'INVALID_PARAM', { name: 'evalset', expected: 'evalSet' }],
    ['an unknown load option', (e) => e.loadRatings(csvPath, { onInvalidd: 'skip' } as never), 'INVALID_PARAM', { name: 'onInvalidd', expected: 'onInvalid' }],
    ['a pre-aborted fit', async (e) => e.fit(await e.loadRatings(csvPath), {}, { signal: AbortSignal.abort() }), 'CANCELLED', {}],
    ['a pre-aborted load', (e) => e.loadRatings(csvPath, { signal: AbortSignal.abort() }), 'CANCELLED', {}],
    ['a model file of garbage', (e) => e.loadModel(new Uint8Array([1, 2, 3])), 'FORMAT', {}],
  ];
  for (const [what, run, code, details] of cases) {
    test(`${what}: ${code}, then the engine still works`, async () => {
      await rejectsWith(run(engine), code, details);
      await stillUsable(engine);
    });
  }

  test('a file: URL object and a file: URL string load the file', async () => {
    const url = pathToFileURL(csvPath);
    assert.equal((await engine.loadRatings(url)).count, (await engine.loadRatings(csvPath)).count);
    assert.equal((await engine.loadRatings(url.href)).count, (await engine.loadRatings(csvPath)).count);
  });
});

describe('ids, counts and handles are validated', () => {
  let engine: Engine;
  let other: Engine;
  before(async () => {
    engine = await createEngine({ threads: 1 });
    other = await createEngine({ threads: 1 });
  });
  after(async () => {
    await engine.close();
    await other.close();
  });

  test('ids outside u32, fractional or NaN are INVALID_ID, never wrapped', async () => {
    const model = await engine.fit(await engine.loadRatings(csvPath), { factors: 2, iterations: 2 });
    await rejectsWith(model.predict([2 ** 32 + 1], [1]), 'INVALID_ID', { what: 'user', index: 0 });
    await rejectsWith(model.predict([1.5], [1]), 'INVALID_ID', { what: 'user' });
    await rejectsWith(model.predict([1], [NaN]), 'INVALID_ID', { what: 'item' });
    await rejectsWith(model.predict([-1], [1]), 'INVALID_ID', {});
    await rejectsWith(model.recommend(2 ** 32 + 1), 'INVALID_ID', {});
    await rejectsWith(model.similarItems(1.5), 'INVALID_ID', {});
    await rejectsWith(model.recommendForNewUser([{ item: 2 ** 40, rating: 5 }]), 'INVALID_ID', {});
    await rejectsWith(model.explain(1, -3), 'INVALID_ID', {});
    // The largest valid id is only unknown, not invalid.
    await rejectsWith(model.predict([2 ** 32 - 1], [1]), 'UNKNOWN_ID', {});
  });

  test('n must be a non-negative integer; unknown list options are named', async () => {
    const model = await engine.fit(await engine.loadRatings(csvPath), { factors: 2, iterations: 2 });
    await rejectsWith(model.recommend(1, { n: -1 }), 'INVALID_PARAM', { name: 'n' });
    await rejectsWith(model.recommend(1, { n: 2.5 }), 'INVALID_PARAM', { name: 'n' });
    await rejectsWith(model.recommend(1, { count: 3 } as never), 'INVALID_PARAM', { name: 'count' });
    await rejectsWith(model.recommend(1, { minRating: 3 } as never), 'INVALID_PARAM', { name: 'minRating', expected: 'minRatings' });
    assert.equal((await model.recommend(1, { n: 0 })).length, 0);
  });

  test('a handle from another engine is INVALID_HANDLE', async () => {
    const mine = await engine.loadRatings(csvPath);
    const theirs = await other.loadRatings(csvPath);
    await rejectsWith(engine.fit(theirs, { factors: 2, iterations: 1 }), 'INVALID_HANDLE', { reason: 'other-engine' });
    const model = await engine.fit(mine, { factors: 2, iterations: 1 });
    await rejectsWith(model.evaluate(theirs), 'INVALID_HANDLE', { reason: 'other-engine' });
    await rejectsWith(engine.fit(mine, { factors: 2, iterations: 1 }, { evalSet: theirs }), 'INVALID_HANDLE', {});
    await rejectsWith(mine.alignTo(theirs), 'INVALID_HANDLE', {});
    await rejectsWith(model.rankingMetrics(mine, theirs), 'INVALID_HANDLE', { reason: 'other-engine' });
    await rejectsWith(engine.detectSuspicious(await other.fit(theirs, { factors: 2, iterations: 1 })), 'INVALID_HANDLE', { reason: 'other-engine' });
    // An object shaped like one of ours is not one: handles are not readable fields.
    const lookalike = { handle: (mine as unknown as { handle: number }).handle, count: mine.count };
    await rejectsWith(engine.fit(lookalike as never, { factors: 2, iterations: 1 }), 'INVALID_HANDLE', { reason: 'not-a-handle' });
  });

  test('a disposed handle is INVALID_HANDLE', async () => {
    const ratings = await engine.loadRatings(csvPath);
    await ratings.dispose();
    await rejectsWith(engine.fit(ratings, { factors: 2, iterations: 1 }), 'INVALID_HANDLE', { reason: 'disposed' });
  });
});

describe('closing', () => {
  test('close() twice, and await using plus close(), are harmless', async () => {
    const engine = await createEngine({ threads: 1 });
    await engine.close();
    await engine.close();
    await rejectsWith(engine.loadRatings(csvPath), 'ENGINE_CLOSED');
    {
      await using scoped = await createEngine({ threads: 1 });
      assert.equal((await scoped.loadRatings(csvPath)).count > 0, true);
      await scoped.close();
    }
  });

  test('calls pending at close reject with ENGINE_CLOSED', async () => {
    const engine = await createEngine({ threads: 1 });
    const ratings = await engine.loadRatings(csvPath);
    const pending = engine.fit(ratings, { factors: 8, iterations: 200 });
    await engine.close();
    await rejectsWith(pending, 'ENGINE_CLOSED');
  });

  test('an engine that is never closed does not keep Node running', async () => {
    const script = `
      import { createEngine } from 'als-wasm';
      const engine = await createEngine({ threads: 2 });
      const ratings = await engine.loadRatings(${JSON.stringify(csvPath)}, { onProgress: () => {} });
      const model = await engine.fit(ratings, { factors: 2, iterations: 3 }, { onEpoch: () => {} });
      await model.recommend(1);
      await engine.loadRatings('missing.csv').catch(() => {});
      console.log('done');
    `;
    const t0 = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    assert.equal(stdout.trim(), 'done');
    assert.ok(performance.now() - t0 < 30_000);
  });
});

test("createEngine leaves comlink's global transfer handlers alone", async () => {
  const before = new Map(Comlink.transferHandlers);
  const engine = await createEngine({ threads: 1 });
  await rejectsWith(engine.loadRatings(join(dir, 'missing.csv')), 'NOT_FOUND');
  await engine.close();
  assert.deepEqual([...Comlink.transferHandlers.keys()], [...before.keys()]);
  for (const [name, handler] of before) assert.equal(Comlink.transferHandlers.get(name), handler, `handler ${name} was replaced`);
  // An app's own comlink endpoint still gets comlink's plain errors.
  const { port1, port2 } = new MessageChannel();
  Comlink.expose({ fail: () => { throw new TypeError('app error'); } }, port1);
  const remote = Comlink.wrap<{ fail(): void }>(port2);
  await assert.rejects(remote.fail(), (e: unknown) => e instanceof Error && !(e instanceof AlsError) && e.message === 'app error');
  port1.close();
  port2.close();
});
