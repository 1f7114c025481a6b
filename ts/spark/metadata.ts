/**
 * The `metadata/` part of a saved Spark `ALSModel`: one JSON line written by
 * Spark's `DefaultParamsWriter` (class, uid, Spark version, parameters and
 * the ALS-specific `rank`).
 */
import { formatError } from './parquet_factors.js';

/** Spark's class name of a fitted ALS model. */
export const ALS_MODEL_CLASS = 'org.apache.spark.ml.recommendation.ALSModel';

/** What als-wasm takes from a Spark model's metadata. */
export interface SparkMetadata {
  rank: number;
  uid: string;
  sparkVersion: string;
  /** `userCol` / `itemCol` of the model (Spark's defaults `user` / `item` when unset). */
  userCol: string;
  itemCol: string;
}

/** Parse the metadata line of `file`; FORMAT errors name the file and what is wrong. */
export function parseMetadata(text: string, file: string): SparkMetadata {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    throw formatError(file, 'metadata', `is not Spark model metadata (not JSON: ${(e as Error).message})`);
  }
  if (json.class !== ALS_MODEL_CLASS) {
    throw formatError(file, 'wrong-class', `holds a ${String(json.class)}, not an ${ALS_MODEL_CLASS}`);
  }
  const rank = json.rank;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1 || rank > 1024) {
    throw formatError(file, 'metadata', `has rank ${JSON.stringify(rank)}; expected an integer in 1 ..= 1024`);
  }
  const param = (key: string, fallback: string): string => {
    const set = (json.paramMap as Record<string, unknown> | undefined)?.[key];
    const dflt = (json.defaultParamMap as Record<string, unknown> | undefined)?.[key];
    return typeof set === 'string' ? set : typeof dflt === 'string' ? dflt : fallback;
  };
  return {
    rank,
    uid: String(json.uid ?? ''),
    sparkVersion: String(json.sparkVersion ?? ''),
    userCol: param('userCol', 'user'),
    itemCol: param('itemCol', 'item'),
  };
}

/** Options of the metadata als-wasm writes for Spark. */
export interface SparkMetadataOptions {
  rank: number;
  uid: string;
  timestamp: number;
  userCol: string;
  itemCol: string;
  coldStartStrategy: 'nan' | 'drop';
}

/**
 * The metadata line as Spark's `DefaultParamsWriter` writes it for an
 * `ALSModel`. `sparkVersion` is the oldest release whose reader expects this
 * layout (`defaultParamMap`, Spark ≥ 2.4), so every newer Spark loads it.
 */
export function metadataLine(o: SparkMetadataOptions): string {
  return JSON.stringify({
    class: ALS_MODEL_CLASS,
    timestamp: o.timestamp,
    sparkVersion: '3.0.0',
    uid: o.uid,
    paramMap: { userCol: o.userCol, itemCol: o.itemCol, coldStartStrategy: o.coldStartStrategy },
    defaultParamMap: { coldStartStrategy: 'nan', itemCol: 'item', predictionCol: 'prediction', userCol: 'user' },
    rank: o.rank,
  }) + '\n';
}
