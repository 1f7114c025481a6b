/**
 * `fit(train, { auto: true })`: a budgeted search by successive halving over the factor ridge,
 * K and the genre prior's strength, on a validation split carved from the training ratings.
 * Every rung is scored by {@link scoreConfigs}, the machinery of `gridSearch`.
 */
import type { Catalog } from './catalog.js';
import type { Ratings } from './ratings.js';
import type { AlsModel } from './model.js';

import { type AutoOptions, DEFAULT_PARAMS, type FitParams, PRESETS } from './params.js';
import { type Fitter, type GridResult, scoreConfigs } from './tune.js';
import type { EpochStats } from './protocol/index.js';

/** What {@link autoFit} takes beyond the search space: genres, progress, and the final fit's options. */
export interface AutoFitOptions extends AutoOptions {
  catalog?: Catalog;
  /** Scored every epoch of the final fit (never seen by the search). */
  evalSet?: Ratings;
  /** Called after every epoch of the final fit. */
  onEpoch?: (s: EpochStats) => void;
  /** Cancels the search and the final fit (between epochs). */
  signal?: AbortSignal;
  /** Called after every fit, with its rung (0-based). */
  onResult?: (r: GridResult, rung: number) => void;
}

/** One rung of the search: its epoch budget, every candidate's score, how many went on. */
export interface AutoRung { epochs: number; results: GridResult[]; kept: number }

/** What the search chose and why. */
export interface AutoReport {
  /** The parameters of the final model (fitted on all of the training ratings). */
  chosen: FitParams;
  /** The chosen configuration's validation RMSE in the last rung, and that of the library's defaults there. */
  valRmse: number;
  defaultValRmse: number;
  /** One line saying what was chosen and why. */
  reason: string;
  rungs: AutoRung[];
  fits: number;
  seconds: number;
}

const KEEP = 3; // keep the best third of each rung
const PATIENCE = 3;

/**
 * Search, then fit `train` with the winner for its best epoch count.
 *
 * @example
 * const { model, report } = await autoFit(engine, train, {}, { catalog });
 * console.log(report.reason);
 */
export async function autoFit(engine: Fitter, train: Ratings, params: FitParams, opts: AutoFitOptions = {}):
Promise<{ model: AlsModel; report: AutoReport }> {
  const t0 = performance.now();
  const { auto: _auto, ...rest } = params;
  const base: FitParams = { ...rest, preset: 'default' };
  const rungs = opts.rungs ?? [4, 12, PRESETS.default.iterations];
  let candidates = grid(base, opts);
  // The winner trains on all of `train` afterwards: its parts merge back in place.
  const { train: fitPart, test: val } = await train.split({ testRatio: opts.valRatio ?? 0.1, seed: opts.seed ?? params.seed ?? DEFAULT_PARAMS.seed, mergeBack: true });
  const done: AutoRung[] = [];
  try {
    for (const [r, epochs] of rungs.entries()) {
      const last = r === rungs.length - 1;
      const results = await scoreConfigs(engine, fitPart, val, candidates.map((c) => ({ ...c, iterations: epochs })), {
        catalog: opts.catalog, signal: opts.signal, earlyStop: last ? { patience: PATIENCE, minDelta: 1e-4 } : undefined, onResult: (x) => opts.onResult?.(x, r),
      });
      const kept = last ? 1 : Math.max(1, Math.ceil(results.length / KEEP));
      done.push({ epochs, results, kept });
      candidates = results.slice(0, kept).map((x) => x.params);
      // The defaults always reach the last rung, so the report can compare against them.
      if (!last && !candidates.some(isDefault)) candidates.push(results.find((x) => isDefault(x.params))!.params);
    }
  } finally {
    await fitPart.dispose();
    await val.dispose();
  }
  const final = done.at(-1)!.results;
  const best = final[0]!;
  const dflt = final.find((x) => isDefault(x.params))!;
  const chosen = { ...best.params, iterations: best.bestEpoch };
  const model = await engine.fit(train, chosen, { catalog: opts.catalog, evalSet: opts.evalSet, onEpoch: opts.onEpoch, signal: opts.signal });
  const fits = done.reduce((n, x) => n + x.results.length, 0) + 1;
  return { model, report: { chosen, valRmse: best.valRmse, defaultValRmse: dflt.valRmse, reason: reason(best, dflt, done, fitPart.count), rungs: done, fits, seconds: (performance.now() - t0) / 1000 } };
}

/** The candidates: tau × K (× eta with a catalog), the defaults among them. */
function grid(base: FitParams, opts: AutoFitOptions): FitParams[] {
  const taus = opts.tau ?? [0.08, 0.12, 0.18, 0.25];
  const ks = opts.factors ?? [32, 64];
  const prior = opts.catalog !== undefined && base.genrePrior !== false;
  const etas = prior ? (opts.eta ?? [0.25, 1, 5]) : [undefined];
  const out: FitParams[] = [];
  for (const tau of withDefault(taus, DEFAULT_PARAMS.tau)) {
    for (const factors of withDefault(ks, DEFAULT_PARAMS.factors)) {
      for (const eta of prior ? withDefault(etas as number[], DEFAULT_PARAMS.eta) : etas) {
        out.push({ ...base, tau, factors, ...(eta === undefined ? {} : { eta }) });
      }
    }
  }
  return out;
}

function withDefault(values: number[], d: number): number[] {
  return values.includes(d) ? values : [...values, d];
}

function isDefault(p: FitParams): boolean {
  return p.tau === DEFAULT_PARAMS.tau && p.factors === DEFAULT_PARAMS.factors && (p.eta === undefined || p.eta === DEFAULT_PARAMS.eta);
}

function reason(best: GridResult, dflt: GridResult, rungs: AutoRung[], fitCount: number): string {
  const p = best.params;
  const what = `tau ${p.tau} (ALS-WR), K=${p.factors}${p.eta === undefined ? '' : `, genre ridge eta ${p.eta}`}, ${best.bestEpoch} epochs`;
  const path = rungs.map((r) => `${r.results.length} at ${r.epochs} epochs`).join(' → ');
  const vs = best === dflt ? 'the defaults themselves won' : `the defaults scored ${dflt.valRmse.toFixed(4)}`;
  return `chose ${what}: lowest validation RMSE ${best.valRmse.toFixed(4)} (${vs}); successive halving ${path}, trained on ${fitCount} ratings`;
}
