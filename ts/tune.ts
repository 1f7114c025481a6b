/** Hyperparameter grid search scored on a validation split carved from the training set. */
import type { Catalog } from './catalog.js';
import type { Ratings } from './ratings.js';
import { AlsError } from './errors.js';
import type { AlsModel } from './model.js';
import type { FitParams } from './params.js';
import type { EpochStats } from './protocol/index.js';

/** What a search needs of the engine (`Engine` is one). */
export interface Fitter {
  fit(train: Ratings, params: FitParams, opts: {
    evalSet?: Ratings; catalog?: Catalog; earlyStop?: { patience: number; minDelta?: number }; onEpoch?: (s: EpochStats) => void; signal?: AbortSignal;
  }): Promise<AlsModel>;
}

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

/** One grid point: its parameters and validation scores after the last epoch (the best one under early stopping). */
export interface GridResult {
  params: FitParams;
  valRmse: number;
  valMae: number;
  trainRmse: number;
  /** Epochs run, and the epoch the scores come from. */
  epochs: number;
  bestEpoch: number;
  seconds: number;
}

/**
 * Fit `base` with every combination of `grid` on `train` minus a validation part, and rank the
 * combinations by validation RMSE (best first).
 *
 * @example
 * const { best } = await gridSearch(engine, train, { iterations: 20 }, { tau: [0.02, 0.05, 0.1], gamma: [0.005, 0.015] });
 */
export async function gridSearch(engine: Fitter, train: Ratings, base: FitParams, grid: ParamGrid, opts: GridSearchOptions = {}):
Promise<{ results: GridResult[]; best: GridResult }> {
  const combos = combinations(grid).map((c) => ({ ...base, ...c }));
  if (combos.length === 0) throw new AlsError('INVALID_PARAM', 'the grid is empty', { name: 'grid' });
  const { train: fitPart, test: val } = await train.split({ testRatio: opts.valRatio ?? 0.1, seed: opts.seed ?? 42 });
  try {
    const results = await scoreConfigs(engine, fitPart, val, combos, opts);
    return { results, best: results[0]! };
  } finally {
    await fitPart.dispose();
    await val.dispose();
  }
}

/**
 * Fit every configuration on `fitPart`, score it on `val` (a part of the same split), and rank
 * by validation RMSE, best first. `earlyStop` keeps each fit's best epoch. The machinery under
 * {@link gridSearch} and the budgeted search of `auto`.
 */
export async function scoreConfigs(
  engine: Fitter, fitPart: Ratings, val: Ratings, configs: FitParams[],
  opts: Pick<GridSearchOptions, 'catalog' | 'onResult'> & { earlyStop?: { patience: number; minDelta?: number }; signal?: AbortSignal } = {},
): Promise<GridResult[]> {
  const results: GridResult[] = [];
  for (const params of configs) {
    const t0 = performance.now();
    const model = await engine.fit(fitPart, params, { evalSet: val, catalog: opts.catalog, earlyStop: opts.earlyStop, signal: opts.signal });
    const best = opts.earlyStop ? model.history.reduce((a, b) => (b.testRmse! < a.testRmse! - (opts.earlyStop!.minDelta ?? 0) ? b : a)) : model.history.at(-1)!;
    await model.dispose();
    const r = {
      params, valRmse: best.testRmse ?? NaN, valMae: best.testMae ?? NaN, trainRmse: best.trainRmse,
      epochs: model.history.length, bestEpoch: best.epoch, seconds: (performance.now() - t0) / 1000,
    };
    results.push(r);
    opts.onResult?.(r, results.length, configs.length);
  }
  return results.sort((a, b) => (Number.isNaN(a.valRmse) ? 1 : Number.isNaN(b.valRmse) ? -1 : a.valRmse - b.valRmse));
}

/** Every combination of the grid's values (the cartesian product). */
function combinations(grid: ParamGrid): Partial<Record<GridKey, number>>[] {
  let out: Partial<Record<GridKey, number>>[] = [{}];
  for (const [key, values] of Object.entries(grid) as [GridKey, number[]][]) {
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return out;
}
