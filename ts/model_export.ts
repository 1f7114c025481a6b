/**
 * A model's arrays as files for other tools: NPY (NumPy) plus `meta.json`,
 * and CSV for pandas or spreadsheets. Environment-neutral: file names to
 * bytes or text; writing them somewhere is the caller's business.
 */
import { AlsError } from './errors.js';
import { fromNpy, toNpy } from './npy.js';
import type { AlsParams } from './params.js';
import type { ModelArrays, ModelPartsInput } from './protocol/index.js';

/** `meta.json` of an NPY export. */
export interface NpyMeta {
  format: 'als-wasm-npy';
  version: 1;
  /** Mean training rating (the `mu` of `mu + b_u + b_i + p_u·q_i`). */
  mu: number;
  /** Latent factors K (columns of the factor arrays). */
  k: number;
  params: AlsParams;
}

/**
 * `user_factors.npy` (users × K, float32), `item_factors.npy`,
 * `user_biases.npy`, `item_biases.npy`, `user_ids.npy` / `item_ids.npy`
 * (raw ids, uint32, the row order of the other arrays), `user_counts.npy` /
 * `item_counts.npy` (training ratings) and `meta.json` (`NpyMeta`).
 */
export function npyFilesOf(a: ModelArrays): Record<string, Uint8Array> {
  const nu = a.userIds.length;
  const ni = a.itemIds.length;
  const meta: NpyMeta = { format: 'als-wasm-npy', version: 1, mu: a.mu, k: a.k, params: a.params };
  return {
    'user_factors.npy': toNpy(a.userFactors, [nu, a.k]),
    'item_factors.npy': toNpy(a.itemFactors, [ni, a.k]),
    'user_biases.npy': toNpy(a.userBiases, [nu]),
    'item_biases.npy': toNpy(a.itemBiases, [ni]),
    'user_ids.npy': toNpy(a.userIds, [nu]),
    'item_ids.npy': toNpy(a.itemIds, [ni]),
    'user_counts.npy': toNpy(a.userCounts, [nu]),
    'item_counts.npy': toNpy(a.itemCounts, [ni]),
    'meta.json': new TextEncoder().encode(JSON.stringify(meta, null, 2) + '\n'),
  };
}

/**
 * The arrays of an NPY export (see `npyFilesOf`). `meta.json` needs `mu`;
 * `params` defaults to the reference implementation's with `factors` = the factor columns;
 * missing count files mean 0 (so `minRatings` filters drop every movie).
 */
export function arraysFromNpyFiles(files: Record<string, Uint8Array | string>): ModelPartsInput {
  const metaFile = files['meta.json'];
  if (metaFile === undefined) throw formatError('meta.json is missing (it holds mu, k and the parameters)');
  let meta: Partial<NpyMeta>;
  try {
    meta = JSON.parse(typeof metaFile === 'string' ? metaFile : new TextDecoder().decode(metaFile)) as Partial<NpyMeta>;
  } catch (e) {
    throw formatError(`meta.json is not JSON (${(e as Error).message})`);
  }
  if (typeof meta.mu !== 'number') throw formatError('meta.json has no numeric mu');
  const userFactors = npy(files, 'user_factors.npy', 'f4', 2);
  const itemFactors = npy(files, 'item_factors.npy', 'f4', 2);
  const k = userFactors.shape[1]!;
  if (itemFactors.shape[1] !== k || (meta.k !== undefined && meta.k !== k)) {
    throw formatError(`factor widths disagree: user_factors ${k}, item_factors ${itemFactors.shape[1]}, meta.json k ${meta.k}`);
  }
  const optional = (name: string) => (files[name] === undefined ? undefined : (npy(files, name, 'u4', 1).data as Uint32Array));
  return {
    userIds: npy(files, 'user_ids.npy', 'u4', 1).data as Uint32Array,
    itemIds: npy(files, 'item_ids.npy', 'u4', 1).data as Uint32Array,
    userFactors: userFactors.data as Float32Array,
    itemFactors: itemFactors.data as Float32Array,
    userBiases: npy(files, 'user_biases.npy', 'f4', 1).data as Float32Array,
    itemBiases: npy(files, 'item_biases.npy', 'f4', 1).data as Float32Array,
    userCounts: optional('user_counts.npy'),
    itemCounts: optional('item_counts.npy'),
    mu: meta.mu,
    k,
    params: { ...(meta.params ?? {}), factors: k },
  };
}

function npy(files: Record<string, Uint8Array | string>, name: string, kind: 'f4' | 'u4', ndim: number) {
  const bytes = files[name];
  if (bytes === undefined || typeof bytes === 'string') throw formatError(`${name} is missing`);
  let arr;
  try {
    arr = fromNpy(bytes);
  } catch (e) {
    throw formatError(`${name}: ${(e as Error).message}`);
  }
  const isFloat = arr.data instanceof Float32Array;
  if (isFloat !== (kind === 'f4') || arr.shape.length !== ndim) {
    throw formatError(`${name} must be a ${ndim}-D ${kind === 'f4' ? 'float32' : 'uint32'} array, got shape (${arr.shape.join(', ')}) ${isFloat ? 'float32' : 'uint32'}`);
  }
  return arr;
}

function formatError(reason: string): AlsError {
  return new AlsError('FORMAT', `invalid NPY model files: ${reason}`, { reason });
}

/**
 * `item_factors.csv` (`movieId,bias,f0,…,f{K-1}`) and `user_factors.csv`
 * (`userId,bias,f0,…`), one row per movie or user, numbers written with the
 * fewest digits that read back as the same float32.
 */
export function csvFilesOf(a: ModelArrays): Record<string, string> {
  return {
    'item_factors.csv': csvTable('movieId', a.itemIds, a.itemBiases, a.itemFactors, a.k),
    'user_factors.csv': csvTable('userId', a.userIds, a.userBiases, a.userFactors, a.k),
  };
}

function csvTable(idName: string, ids: Uint32Array, biases: Float32Array, factors: Float32Array, k: number): string {
  const header = [idName, 'bias', ...Array.from({ length: k }, (_, f) => `f${f}`)].join(',');
  const lines = [header];
  for (let r = 0; r < ids.length; r++) {
    const cells = [String(ids[r]), shortestF32(biases[r]!)];
    for (let f = 0; f < k; f++) cells.push(shortestF32(factors[r * k + f]!));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The shortest decimal that parses back to the same float32 as `v`. */
export function shortestF32(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  for (let digits = 6; digits < 9; digits++) {
    const s = Number(v.toPrecision(digits)).toString();
    if (Math.fround(Number(s)) === v) return s;
  }
  return Number(v.toPrecision(9)).toString();
}
