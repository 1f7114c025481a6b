/**
 * The benchmark's data set, made once and shared by every tier: the
 * synthetic generator's ML-32M shape (`engine.synthesize`, seed 42), split
 * 90/10 (seed 42) by the engine, stored as dense COO in `.bench/data-<N>/`
 * (`train.bin`, `test.bin`: u32 users, u32 items, u32 count, u32 0, then the
 * users, items and ratings arrays, little-endian). The engine tiers make the
 * same split in their own worker through the public API; the TypeScript and
 * native tiers read these files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

import { createEngine } from 'als-wasm';

import type { CooSet } from './ts_als.js';

export function dataDir(ratings: number): string {
  return `.bench/data-${ratings}`;
}

/** Dense indices of raw ids, in ascending raw order. */
function denseMap(a: Uint32Array, b: Uint32Array): Map<number, number> {
  const ids = Array.from(new Set([...new Set(a), ...new Set(b)])).sort((x, y) => x - y);
  return new Map(ids.map((id, d) => [id, d]));
}

function write(path: string, users: Map<number, number>, items: Map<number, number>, s: { users: Uint32Array; items: Uint32Array; ratings: Float32Array }): void {
  const n = s.ratings.length;
  const buf = new Uint32Array(4 + 3 * n);
  buf.set([users.size, items.size, n, 0]);
  for (let e = 0; e < n; e++) {
    buf[4 + e] = users.get(s.users[e]!)!;
    buf[4 + n + e] = items.get(s.items[e]!)!;
  }
  new Float32Array(buf.buffer, 4 * (4 + 2 * n), n).set(s.ratings);
  writeFileSync(path, new Uint8Array(buf.buffer));
}

/** Generate and store the set unless it is there already. */
export async function prepareData(ratings: number): Promise<string> {
  const dir = dataDir(ratings);
  if (existsSync(`${dir}/test.bin`)) return dir;
  mkdirSync(dir, { recursive: true });
  const engine = await createEngine();
  try {
    const { ratings: all } = await engine.synthesize({ ratings, seed: 42 });
    const { train, test } = await all.split({ testRatio: 0.1, seed: 42 });
    const [tr, te] = [await train.toArrays(), await test.toArrays()];
    const users = denseMap(tr.users, te.users), items = denseMap(tr.items, te.items);
    write(`${dir}/train.bin`, users, items, tr);
    write(`${dir}/test.bin`, users, items, te);
  } finally {
    await engine.close();
  }
  return dir;
}

export function readCoo(path: string): CooSet {
  const bytes = readFileSync(path);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const [nUsers, nItems, n] = [words[0]!, words[1]!, words[2]!];
  return {
    nUsers, nItems,
    users: words.slice(4, 4 + n),
    items: words.slice(4 + n, 4 + 2 * n),
    ratings: new Float32Array(words.slice(4 + 2 * n, 4 + 3 * n).buffer),
  };
}
