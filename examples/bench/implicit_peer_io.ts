/**
 * The `implicit` side of `npm run bench:implicit`: the virtualenv, the files
 * handed to `implicit_peer.py` (dense indices and event values of a training
 * set, the configurations; optionally the history events of held-out users to
 * fold in), and `implicit`'s factors read back as als-wasm models through
 * `engine.modelFromNpyFiles`, so both libraries are scored by the same code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AlsModel, Engine, Ratings } from 'als-wasm';

const VENV = '.bench/venv-implicit';
const PY = `${VENV}/bin/python`;

/** Raw user and item ids of the dense indices handed to `implicit`. */
export interface PeerIds { userIds: Uint32Array; itemIds: Uint32Array }

export function ensureVenv(): void {
  try {
    execFileSync(PY, ['-c', 'import implicit'], { stdio: 'ignore' });
    return;
  } catch {
    console.error(`creating ${VENV} with implicit from PyPI`);
  }
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(`${VENV}/bin/pip`, ['install', '-q', 'implicit==0.7.3'], { stdio: 'inherit' });
}

export interface Config { name: string; factors: number; reg: number; alpha: number; iterations: number; seed: number }

/** Dense indices of a training set for the Python side, plus the raw ids. */
export async function writeTrain(train: Ratings, dir: string, threads: number, alphaOf: (c: Config) => number, configs: Config[]): Promise<PeerIds> {
  const a = await train.toArrays();
  const dense = (raw: Uint32Array) => {
    const ids = Uint32Array.from(new Set(raw)).sort();
    const at = new Map(Array.from(ids, (id, d) => [id, d]));
    return { ids, idx: Uint32Array.from(raw, (r) => at.get(r)!) };
  };
  const u = dense(a.users), i = dense(a.items);
  mkdirSync(dir, { recursive: true });
  // Event values, not confidences: the Python side forms 1 + alpha·r per config.
  const n = a.ratings.length;
  const buf = new Uint32Array(1 + 3 * n);
  buf[0] = n;
  buf.set(u.idx, 1);
  buf.set(i.idx, 1 + n);
  new Float32Array(buf.buffer, 4 * (1 + 2 * n), n).set(a.ratings);
  writeFileSync(join(dir, 'events.bin'), new Uint8Array(buf.buffer));
  const spec = { users: u.ids.length, items: i.ids.length, threads, configs: configs.map((c) => ({ ...c, alpha: alphaOf(c) })) };
  writeFileSync(join(dir, 'configs.json'), JSON.stringify(spec));
  return { userIds: u.ids, itemIds: i.ids };
}

/** Train `implicit` on every config of `dir`; seconds per iteration by name. */
export function runPeer(dir: string): Map<string, number> {
  // implicit's own advice: BLAS single-threaded, its prange does the parallelism.
  execFileSync(PY, ['examples/bench/implicit_peer.py', dir], { stdio: 'inherit', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { name: string; secondsPerIteration: number }[];
  return new Map(res.map((r) => [r.name, r.secondsPerIteration]));
}

export async function peerModel(engine: Engine, dir: string, ids: PeerIds): Promise<AlsModel> {
  const files: Record<string, Uint8Array> = {};
  for (const f of ['user_factors.npy', 'item_factors.npy', 'meta.json']) files[f] = readFileSync(join(dir, f));
  const zeros = (n: number) => npyOf(new Float32Array(n));
  files['user_biases.npy'] = zeros(ids.userIds.length);
  files['item_biases.npy'] = zeros(ids.itemIds.length);
  files['user_ids.npy'] = npyOf(ids.userIds);
  files['item_ids.npy'] = npyOf(ids.itemIds);
  return engine.modelFromNpyFiles(files);
}

/** A 1-D little-endian NPY file. */
export function npyOf(a: Float32Array | Uint32Array): Uint8Array {
  const descr = a instanceof Float32Array ? '<f4' : '<u4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${a.length},), }`;
  header = header.padEnd(118, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + a.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), 10 + header.length);
  return out;
}

/** Popularity: every user gets the most-clicked unseen movies. */
export async function popularity(engine: Engine, train: Ratings): Promise<AlsModel> {
  const a = await train.toArrays();
  const userIds = Uint32Array.from(new Set(a.users)).sort(), itemIds = Uint32Array.from(new Set(a.items)).sort();
  const at = new Map(Array.from(itemIds, (id, d) => [id, d]));
  const counts = new Float32Array(itemIds.length);
  for (const i of a.items) counts[at.get(i)!]!++;
  const f2 = (rows: number, data: Float32Array) => {
    const npy = npyOf(data);
    return npyWith2d(npy, rows);
  };
  return engine.modelFromNpyFiles({
    'user_factors.npy': f2(userIds.length, new Float32Array(userIds.length)),
    'item_factors.npy': f2(itemIds.length, new Float32Array(itemIds.length)),
    'user_biases.npy': npyOf(new Float32Array(userIds.length)),
    'item_biases.npy': npyOf(counts),
    'user_ids.npy': npyOf(userIds),
    'item_ids.npy': npyOf(itemIds),
    'meta.json': new TextEncoder().encode(JSON.stringify({ mu: 0 })),
  });
}

/** The same NPY with shape (rows, 1). */
function npyWith2d(npy: Uint8Array, rows: number): Uint8Array {
  const text = new TextDecoder().decode(npy.subarray(10, 128));
  const fixed = text.replace(`(${rows},)`, `(${rows}, 1)`).slice(0, 117).padEnd(117, ' ') + '\n';
  const out = npy.slice();
  out.set(new TextEncoder().encode(fixed), 10);
  return out;
}

/**
 * Held-out users' history events for `implicit`'s `recalculate_user`
 * (`history.bin`, the layout of `events.bin`; items in the training set's
 * dense indices, unknown items dropped). Returns the users' raw ids in
 * their dense order.
 */
export async function writeHistory(history: Ratings, dir: string, ids: PeerIds): Promise<Uint32Array> {
  const a = await history.toArrays();
  const itemAt = new Map(Array.from(ids.itemIds, (id, d) => [id, d]));
  const keep = Array.from(a.items, (_, e) => e).filter((e) => itemAt.has(a.items[e]!));
  const userIds = Uint32Array.from(new Set(keep.map((e) => a.users[e]!))).sort();
  const userAt = new Map(Array.from(userIds, (id, d) => [id, d]));
  const n = keep.length;
  const buf = new Uint32Array(1 + 3 * n);
  buf[0] = n;
  keep.forEach((e, j) => {
    buf[1 + j] = userAt.get(a.users[e]!)!;
    buf[1 + n + j] = itemAt.get(a.items[e]!)!;
  });
  new Float32Array(buf.buffer, 4 * (1 + 2 * n), n).set(keep.map((e) => a.ratings[e]!));
  writeFileSync(join(dir, 'history.bin'), new Uint8Array(buf.buffer));
  return userIds;
}

/** `implicit`'s model of config `name` with the held-out users it folded in (`recalculate_user`) as its users. */
export async function peerNewUsersModel(engine: Engine, dir: string, ids: PeerIds, newUserIds: Uint32Array): Promise<AlsModel> {
  const files: Record<string, Uint8Array> = {};
  for (const f of ['item_factors.npy', 'meta.json']) files[f] = readFileSync(join(dir, f));
  files['user_factors.npy'] = readFileSync(join(dir, 'new_user_factors.npy'));
  files['user_biases.npy'] = npyOf(new Float32Array(newUserIds.length));
  files['item_biases.npy'] = npyOf(new Float32Array(ids.itemIds.length));
  files['user_ids.npy'] = npyOf(newUserIds);
  files['item_ids.npy'] = npyOf(ids.itemIds);
  return engine.modelFromNpyFiles(files);
}
