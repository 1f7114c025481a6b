/**
 * Old spellings the API still accepts for one release: each is mapped to
 * its new name and reported once per process as a deprecation (Node: a
 * `DeprecationWarning` through `process.emitWarning`, which `--no-deprecation`
 * silences; elsewhere `console.warn`).
 */
import type { AlsParams } from './params.js';

const reported = new Set<string>();

/** Report the deprecation `code` once per process. */
export function reportDeprecation(code: string, message: string): void {
  if (reported.has(code)) return;
  reported.add(code);
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code: string }) => void } }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { type: 'DeprecationWarning', code });
  else console.warn(`DeprecationWarning: ${message}`);
}

/**
 * `regularization: 'seed'` is the old name of `'uniform'` (the same ridge on
 * every row): `params` with the new name, the old one reported.
 */
export function currentParams<P extends Partial<Pick<AlsParams, 'regularization'>>>(params: P): P {
  if (params === null || typeof params !== 'object' || params.regularization !== 'seed') return params;
  reportDeprecation('ALS_WASM_REGULARIZATION_SEED', "regularization: 'seed' is deprecated; use 'uniform' (the same ridge on every row)");
  return { ...params, regularization: 'uniform' };
}
