/** Hyperparameter grid search scored on a validation split carved from the training set. */
import type { Ratings } from './dataset.js';
import type { Engine } from './engine.js';
import { AlsError } from './errors.js';
import type { Catalog } from './dataset.js';
import type { AlsParams } from './params.js';

/** Parameters a grid can vary. */
export type GridKey = 'lambda' | 'gamma' | 'tau' | 'eta' | 'factors';

/** Values to try per parameter; the search fits every combination. */
export type ParamGrid = Partial<Record<GridKey, number[]>>;

/** Options of {@link gridSearch}. */
export interface GridSearchOptions {
  /** Fraction of `train` held out for validation. Default 0.1. */
  valRatio?: number;
  /** Seed of the validation split. Default 42. */
  seed?: number;
  /** Movie genres (for `genrePrior`). */
  catalog?: Catalog;
  /** Called after each fit (for progress). */
  onResult?: (r: GridResult, done: number, total: number) => void;
}

/** One grid point: its parameters and validation scores after the last epoch. */
export interface GridResult {
  params: Partial<AlsParams>;
  valRmse: number;
  valMae: number;
  trainRmse: number;
  seconds: number;
}

/**
 * Fit `base` with every combination of `grid` on `train` minus a validation part, and rank the
 * combinations by validation RMSE (best first).
 *
 * @example
 * const { best } = await gridSearch(engine, train, { iterations: 20 }, { tau: [0.02, 0.05, 0.1], gamma: [0.005, 0.015] });
 */
export async function gridSearch(engine: Engine, train: Ratings, base: Partial<AlsParams>, grid: ParamGrid, opts: GridSearchOptions = {}):
Promise<{ results: GridResult[]; best: GridResult }> {
  const combos = combinations(grid).map((c) => ({ ...base, ...c }));
  if (combos.length === 0) throw new AlsError('INVALID_PARAM', 'the grid is empty', { name: 'grid' });
  const { train: fitPart, test: val } = await train.split({ testRatio: opts.valRatio ?? 0.1, seed: opts.seed ?? 42 });
  const results: GridResult[] = [];
  try {
    for (const params of combos) {
      const t0 = performance.now();
      const model = await engine.fit(fitPart, params, { evalSet: val, catalog: opts.catalog });
      const last = model.history.at(-1)!;
      await model.dispose();
      const r = { params, valRmse: last.testRmse ?? NaN, valMae: last.testMae ?? NaN, trainRmse: last.trainRmse, seconds: (performance.now() - t0) / 1000 };
      results.push(r);
      opts.onResult?.(r, results.length, combos.length);
    }
  } finally {
    await fitPart.dispose();
    await val.dispose();
  }
  results.sort((a, b) => (Number.isNaN(a.valRmse) ? 1 : Number.isNaN(b.valRmse) ? -1 : a.valRmse - b.valRmse));
  return { results, best: results[0]! };
}

/** Every combination of the grid's values (the cartesian product). */
function combinations(grid: ParamGrid): Partial<Record<GridKey, number>>[] {
  let out: Partial<Record<GridKey, number>>[] = [{}];
  for (const [key, values] of Object.entries(grid) as [GridKey, number[]][]) {
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return out;
}
