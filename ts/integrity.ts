/**
 * Beyond recommendation: shilling profiles and shared accounts, from a
 * trained model's residuals, and the injection harness that measures it.
 */
import type { Ratings } from './ratings.js';
import type { Engine } from './engine.js';
import type { AlsModel } from './model.js';
import type { AlsParams } from './params.js';
import type { DetectOptions, ExperimentOptions, ExperimentResult, IntegrityReport } from './protocol/index.js';

/**
 * Score every training user of `model` as a shilling profile and as a
 * shared account, and list the most suspicious users (with the ratings that
 * drive their score, and for shared accounts the two tastes) and items.
 * The model must have been trained in this engine (it keeps its ratings).
 *
 * @example
 * const report = await detectSuspicious(engine, model, { top: 10 });
 * report.topShilling[0];   // { userId, score, stats, ratings: { movieIds, ratings, … }, tastes: null }
 */
export async function detectSuspicious(engine: Engine, model: AlsModel, opts: DetectOptions = {}): Promise<IntegrityReport> {
  return engine.detectSuspicious(model, opts);
}

/**
 * Inject an attack into `ratings` (seeded), train on the clean and the
 * attacked data with `params`, detect, and measure: ROC AUC, precision and
 * recall of the top k (k = injected profiles), and the prediction shift on
 * the target item with and without the flagged profiles.
 *
 * @example
 * const r = await runIntegrityExperiment(engine, ratings, { inject: 'average', attackSize: 0.03, filler: 0.05, seed: 1 });
 * console.log(r.auc, r.precisionAtK, r.shift);
 */
export async function runIntegrityExperiment(engine: Engine, ratings: Ratings, opts: ExperimentOptions, params: Partial<AlsParams> = {}): Promise<ExperimentResult> {
  return engine.runIntegrityExperiment(ratings, opts, params);
}
