/**
 * A model as a directory Spark's `ALSModel.load` opens. Spark predicts
 * `p_u · q_i` with no mean or biases, so they are folded into two extra
 * factor columns: user `[p_u, 1, mu + b_u]`, item `[q_i, b_i, 1]` (rank K+2),
 * whose dot product is `p_u·q_i + b_i + mu + b_u`, the als-wasm prediction.
 */
import { AlsError } from '../errors.js';
import type { ModelArrays } from '../protocol/index.js';
import { metadataLine } from './metadata.js';
import { SPARK_MAX_ID, writeFactorFile } from './parquet_factors.js';

/** Options of `AlsModel.toSparkModel`. */
export interface SparkExportOptions {
  /** Spark's `userCol` of the saved model (the column `transform` reads). Default `'userId'`. */
  userCol?: string;
  /** Spark's `itemCol`. Default `'movieId'`. */
  itemCol?: string;
  /** Spark's `coldStartStrategy`: `'nan'` (Spark's default) or `'drop'`. */
  coldStartStrategy?: 'nan' | 'drop';
  /** The metadata's timestamp (ms since 1970). Default: now. */
  timestamp?: number;
}

/** The files of a Spark model directory: relative path → bytes. */
export type SparkModelFiles = Record<string, Uint8Array>;

/**
 * `metadata/part-00000` (+ `_SUCCESS`), `userFactors/part-00000.snappy.parquet`
 * and `itemFactors/part-00000.snappy.parquet` (+ `_SUCCESS` each) of `a`, biases
 * folded in. Ids above 2³¹ − 1 (Spark's int ids) fail with UNSUPPORTED.
 */
export function sparkFilesOf(a: ModelArrays, opts: SparkExportOptions = {}): SparkModelFiles {
  checkIds(a.userIds, 'userId');
  checkIds(a.itemIds, 'movieId');
  const rank = a.k + 2;
  const users = folded(a.userFactors, a.k, a.userIds.length, (r) => [1, Math.fround(a.mu + a.userBiases[r]!)]);
  const items = folded(a.itemFactors, a.k, a.itemIds.length, (r) => [a.itemBiases[r]!, 1]);
  const text = new TextEncoder();
  const line = metadataLine({
    rank,
    uid: `ALS_${fingerprint(items).toString(16).padStart(12, '0')}`,
    timestamp: opts.timestamp ?? Date.now(),
    userCol: opts.userCol ?? 'userId',
    itemCol: opts.itemCol ?? 'movieId',
    coldStartStrategy: opts.coldStartStrategy ?? 'nan',
  });
  return {
    'metadata/part-00000': text.encode(line),
    'metadata/_SUCCESS': new Uint8Array(0),
    'userFactors/part-00000.snappy.parquet': writeFactorFile(a.userIds, users, rank),
    'userFactors/_SUCCESS': new Uint8Array(0),
    'itemFactors/part-00000.snappy.parquet': writeFactorFile(a.itemIds, items, rank),
    'itemFactors/_SUCCESS': new Uint8Array(0),
  };
}

/** `rows × (k + 2)` factors: each row's `k` factors, then the two columns `extra(r)`. */
function folded(factors: Float32Array, k: number, rows: number, extra: (r: number) => [number, number]): Float32Array {
  const out = new Float32Array(rows * (k + 2));
  for (let r = 0; r < rows; r++) {
    out.set(factors.subarray(r * k, (r + 1) * k), r * (k + 2));
    const [a, b] = extra(r);
    out[r * (k + 2) + k] = a;
    out[r * (k + 2) + k + 1] = b;
  }
  return out;
}

function checkIds(ids: Uint32Array, kind: string): void {
  const bad = ids.findIndex((id) => id > SPARK_MAX_ID);
  if (bad >= 0) {
    throw new AlsError('UNSUPPORTED', `${kind} ${ids[bad]} does not fit Spark's 32-bit signed ids (at most ${SPARK_MAX_ID})`, { kind, id: ids[bad], max: SPARK_MAX_ID });
  }
}

/** A 48-bit FNV-1a hash of the item factors: the same model gets the same uid. */
function fingerprint(values: Float32Array): number {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (let j = 0; j < bytes.length; j++) {
    h = Math.imul(h ^ bytes[j]!, 0x01000193) >>> 0;
    g = Math.imul(g ^ bytes[j]!, 0x85ebca6b) >>> 0;
  }
  return h * 0x10000 + (g & 0xffff);
}
