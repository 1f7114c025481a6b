// Every DataSource users have: paths, file: and http: URLs (strings and URL
// objects), Blob, bytes, a ReadableStream, and columns in memory; URL loads
// that fail, stall or are cancelled reject with a code and leave the engine usable.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { AlsError, createEngine, type Engine } from 'als-wasm';

import { ratingsCsv } from './ratings_fixture.ts';

const csv = ratingsCsv();
const bytes = new TextEncoder().encode(csv);
const expected = csv.trim().split('\n').length - 1;

describe('data sources', () => {
  let engine: Engine;
  let server: Server;
  let base: string;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    server = createServer((req, res) => {
      if (req.url === '/ratings.csv') return void res.end(csv);
      if (req.url === '/stall.csv') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.write(csv.slice(0, 100)); // then nothing: a stalled server
        return;
      }
      res.writeHead(req.url === '/boom.csv' ? 500 : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await engine.close();
    server.closeAllConnections();
    server.close();
  });

  const sources: [string, () => unknown][] = [
    ['bytes', () => bytes],
    ['an ArrayBuffer', () => bytes.slice().buffer],
    ['a Blob', () => new Blob([bytes])],
    ['a ReadableStream', () => new Blob([bytes]).stream()],
    ['an http URL string', () => `${base}/ratings.csv`],
    ['an http URL object', () => new URL('/ratings.csv', base)],
  ];
  for (const [what, make] of sources) {
    test(`loads ${what}`, async () => {
      const ratings = await engine.loadRatings(make() as never);
      assert.equal(ratings.count, expected);
    });
  }

  test('ratingsFromArrays takes raw ids and trains like the same file', async () => {
    const { users, items, ratings } = await (await engine.loadRatings(bytes)).toArrays();
    const fromArrays = await engine.ratingsFromArrays({ users: Array.from(users), items, ratings: Array.from(ratings) });
    assert.equal(fromArrays.count, expected);
    const a = await engine.fit(fromArrays, { factors: 2, iterations: 3 });
    const b = await engine.fit(await engine.loadRatings(bytes), { factors: 2, iterations: 3 });
    assert.deepEqual(await a.predict([1, 2], [10, 20]), await b.predict([1, 2], [10, 20]));
  });

  test('ratingsFromArrays validates ids and lengths', async () => {
    const bad = (e: unknown, code: string) => e instanceof AlsError && e.code === code;
    await assert.rejects(engine.ratingsFromArrays({ users: [1, 2 ** 32], items: [1, 2], ratings: [3, 4] }), (e) => bad(e, 'INVALID_ID'));
    await assert.rejects(engine.ratingsFromArrays({ users: [1, 2], items: [1], ratings: [3, 4] }), (e) => bad(e, 'LENGTH_MISMATCH'));
    await assert.rejects(engine.ratingsFromArrays({ users: [1], items: [1], ratings: [NaN] }), (e) => bad(e, 'INVALID_RATING'));
    await assert.rejects(engine.ratingsFromArrays({ users: [1], items: [1], ratings: [3], extra: 1 } as never), (e) => bad(e, 'INVALID_PARAM'));
  });

  test('a 404 is NOT_FOUND and a 500 SOURCE_UNREADABLE', async () => {
    await assert.rejects(engine.loadRatings(`${base}/missing.csv`), (e) => e instanceof AlsError && e.code === 'NOT_FOUND' && e.details.status === 404);
    await assert.rejects(engine.loadRatings(`${base}/boom.csv`), (e) => e instanceof AlsError && e.code === 'SOURCE_UNREADABLE' && e.details.status === 500);
    assert.equal((await engine.loadRatings(`${base}/ratings.csv`)).count, expected);
  });

  test('a stalled server times out; an aborted load is CANCELLED', async () => {
    const t0 = performance.now();
    await assert.rejects(engine.loadRatings(`${base}/stall.csv`, { timeoutMs: 300 }),
      (e) => e instanceof AlsError && e.code === 'SOURCE_UNREADABLE' && e.details.reason === 'timeout');
    assert.ok(performance.now() - t0 < 10_000);
    const controller = new AbortController();
    const load = engine.loadRatings(`${base}/stall.csv`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(load, (e) => e instanceof AlsError && e.code === 'CANCELLED');
    assert.equal((await engine.loadRatings(`${base}/ratings.csv`)).count, expected);
  });
});
