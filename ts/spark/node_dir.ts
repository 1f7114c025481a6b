/**
 * Node-only: the files of a Spark model directory, for `importSparkModel(path)`.
 * Browser bundles must not import this module (it uses `node:fs`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { formatError } from './parquet_factors.js';
import type { SparkModelFile } from './import.js';

/** Every file in `dir` and its subdirectories (Spark's layout is two levels deep), with paths relative to `dir`. */
export function listModelDir(dir: string): SparkModelFile[] {
  if (!existsSync(dir)) throw formatError(dir, 'missing', 'does not exist');
  if (!statSync(dir).isDirectory()) throw formatError(dir, 'not-directory', 'is not a directory: a saved Spark ALSModel is a directory with metadata/, userFactors/ and itemFactors/');
  const out: SparkModelFile[] = [];
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const f of readdirSync(join(dir, sub.name), { withFileTypes: true })) {
      if (f.isFile()) out.push({ path: `${sub.name}/${f.name}`, data: join(dir, sub.name, f.name) });
    }
  }
  return out;
}
