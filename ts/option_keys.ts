/**
 * The option keys every public call accepts, in one place: a key that is not
 * listed is `INVALID_PARAM` naming the key and the nearest valid one (a typo
 * such as `{ factor: 10 }` must not be ignored silently). To add an option,
 * add its key here; the `satisfies` clauses make TypeScript refuse a list
 * that misses a field of its options type (lists of options declared in
 * modules that import this one are plain, to keep imports acyclic).
 */
import { AlsError } from './errors.js';
import type { AutoOptions, FitParams } from './params.js';
import type { SynthOptions } from './protocol/index.js';

const PARAMS = {
  factors: 1, iterations: 1, lambda: 1, gamma: 1, tau: 1, eta: 1,
  regularization: 1, genrePrior: 1, seed: 1, solver: 1, cgSteps: 1,
  method: 1, samples: 1, burnIn: 1, warmStart: 1, preset: 1, auto: 1,
  feedback: 1, alpha: 1, confidence: 1, eps: 1, nu: 1,
} satisfies Record<keyof FitParams, 1>;

const AUTO = { valRatio: 1, seed: 1, rungs: 1, tau: 1, factors: 1, eta: 1 } satisfies Record<keyof AutoOptions, 1>;

const SYNTH = { shape: 1, ratings: 1, users: 1, items: 1, k: 1, noise: 1, seed: 1 } satisfies Record<keyof SynthOptions, 1>;

/** Accepted keys per kind of options object. */
export const OPTION_KEYS = {
  /** `createEngine(options)`. */
  engine: ['threads', 'relaxedSimd', 'variant', 'memoryLimit'],
  /** The hyperparameters of `engine.fit(train, params)`. */
  params: Object.keys(PARAMS),
  /** `engine.fit(train, params, options)`. */
  fit: ['evalSet', 'catalog', 'onEpoch', 'signal', 'earlyStop', 'onAutoReport'],
  /** `auto: { … }` in the parameters of `engine.fit`. */
  auto: Object.keys(AUTO),
  earlyStop: ['patience', 'minDelta'],
  loadRatings: ['format', 'onInvalid', 'scale', 'duplicates', 'onProgress', 'signal', 'timeoutMs'],
  loadMovies: ['format', 'onInvalid', 'genreNames', 'onProgress', 'signal', 'timeoutMs'],
  ratingsFromArrays: ['users', 'items', 'ratings'],
  loadModel: ['catalog'],
  importSparkModel: ['regParam', 'catalog', 'ratings', 'onProgress'],
  split: ['testRatio', 'seed', 'by', 'mergeBack'],
  estimateMemory: ['ratings', 'synthetic', 'users', 'items', 'factors', 'split', 'check'],
  synthesize: Object.keys(SYNTH),
  /** `recommend`, `recommendBatch`, `recommendAll`, `recommendForNewUser`, `similarItems`, `similarUsers`. */
  recommend: ['n', 'minRatings', 'filterRated', 'biasWeight', 'byDirection', 'items', 'exclude'],
  explain: ['n'],
  polarizing: ['n', 'minRatings'],
  itemMap: ['n'],
  /** `topUsersForItems`, `topUsersForAllItems` (which also take `chunkSize`). */
  topUsers: ['n'],
} satisfies Record<string, readonly string[]>;

/** A kind of options object (a key of `OPTION_KEYS`). */
export type OptionKind = keyof typeof OPTION_KEYS;

/**
 * Check that `obj` (if given) is an object whose keys are all known for
 * `kind`; otherwise `INVALID_PARAM` with `{ name, expected, known }`.
 */
export function checkOptions(kind: OptionKind, obj: unknown): void {
  if (obj === undefined) return;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new AlsError('INVALID_PARAM', `${kind} options must be an object, got ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj}`, { name: kind, value: String(obj) });
  }
  const known: readonly string[] = OPTION_KEYS[kind];
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = nearest(key, known);
    const hint = near ? `; did you mean '${near}'?` : `; known: ${known.join(', ')}`;
    throw new AlsError('INVALID_PARAM', `unknown ${kind} option '${key}'${hint}`, { name: key, expected: near ?? known.join(', '), known: [...known] });
  }
}

/** Check `n` (a list length): a non-negative integer. */
export function checkCount(n: unknown, name = 'n'): void {
  if (n === undefined) return;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
    throw new AlsError('INVALID_PARAM', `${name} must be a non-negative integer, got ${String(n)}`, { name, value: String(n), expected: 'a non-negative integer' });
  }
}

/** The known key closest to `key` (edit distance at most a third of its length, at least 2), if any. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
