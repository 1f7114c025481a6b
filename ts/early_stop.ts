/**
 * Early stopping without touching the test set: carve a validation split from the training
 * ratings, train on the rest until the validation RMSE stops improving, then train on all of
 * the training ratings for the best epoch count.
 */
import type { Ratings } from './ratings.js';
import type { Engine, FitOptions } from './engine.js';
import type { AlsModel } from './model.js';
import { DEFAULT_PARAMS, type FitParams, PRESETS } from './params.js';

/** How {@link fitEarlyStopped} chooses the epoch count. */
export interface ValidationStop {
  /** Epochs without a validation RMSE improvement of more than `minDelta` before stopping. Default 3. */
  patience?: number;
  /** Smallest improvement that counts. Default 1e-4. */
  minDelta?: number;
  /** Fraction of the training ratings held out for validation. Default 0.1. */
  valRatio?: number;
  /** Seed of the validation split. Default: the parameters' seed. */
  seed?: number;
}

/** What {@link fitEarlyStopped} did. */
export interface EarlyStopReport {
  /** The epoch with the lowest validation RMSE: the final model trains this many epochs. */
  bestEpoch: number;
  /** Validation RMSE at `bestEpoch`. */
  valRmse: number;
  /** Epochs run on the validation fit (`bestEpoch + patience` when it stopped early). */
  epochsRun: number;
  /** Most epochs allowed (`iterations`). */
  maxEpochs: number;
  patience: number;
  valRatio: number;
  /** Ratings in the validation fit and in the validation part. */
  fitCount: number;
  valCount: number;
}

/** Defaults of {@link ValidationStop}. */
export const DEFAULT_PATIENCE = 3;
export const DEFAULT_MIN_DELTA = 1e-4;
export const DEFAULT_VAL_RATIO = 0.1;

/**
 * Train with the number of epochs chosen on a validation split carved from `train`: at most
 * `params.iterations` (default 30) epochs, stopping after `patience` epochs without improvement.
 * `opts` (an `evalSet`, `onEpoch`, the catalog) apply to the final fit on all of `train`.
 *
 * @example
 * const { model, report } = await fitEarlyStopped(engine, train, {}, { catalog }, { patience: 3 });
 * console.log(`stopped at epoch ${report.bestEpoch} (validation RMSE ${report.valRmse})`);
 */
export async function fitEarlyStopped(engine: Engine, train: Ratings, params: FitParams = {}, opts: FitOptions = {}, stop: ValidationStop = {}):
Promise<{ model: AlsModel; report: EarlyStopReport }> {
  const base = PRESETS[params.preset ?? 'default'];
  const maxEpochs = params.iterations ?? base.iterations ?? DEFAULT_PARAMS.iterations;
  const patience = stop.patience ?? DEFAULT_PATIENCE;
  const valRatio = stop.valRatio ?? DEFAULT_VAL_RATIO;
  const { train: fitPart, test: val } = await train.split({ testRatio: valRatio, seed: stop.seed ?? params.seed ?? base.seed, mergeBack: true });
  let report: EarlyStopReport;
  try {
    const probe = await engine.fit(fitPart, { ...params, iterations: maxEpochs }, {
      evalSet: val, catalog: opts.catalog, signal: opts.signal, earlyStop: { patience, minDelta: stop.minDelta ?? DEFAULT_MIN_DELTA },
    });
    const best = probe.history.reduce((a, b) => (b.testRmse! < a.testRmse! - (stop.minDelta ?? DEFAULT_MIN_DELTA) ? b : a));
    report = {
      bestEpoch: best.epoch, valRmse: best.testRmse!, epochsRun: probe.history.length, maxEpochs, patience, valRatio,
      fitCount: fitPart.count, valCount: val.count,
    };
    await probe.dispose();
  } finally {
    await fitPart.dispose();
    await val.dispose();
  }
  const model = await engine.fit(train, { ...params, iterations: report.bestEpoch }, opts);
  return { model, report };
}
