import type { ImplicitOptions } from './feedback.js';

/**
 * Hyperparameters of ALS, in the reference implementation's parameterization:
 *
 * `L = (lambda/2) Σ (r − r̂)² + (tau/2)(Σ‖p_u‖² + Σ‖q_i − prior_i‖²) + (gamma/2)(Σ b_u² + Σ b_i²)`
 *
 * Only ratios matter: Spark's `regParam` (and implicit's `regularization`)
 * is `tau / lambda`, a bias ridge is `gamma / lambda`. Use
 * {@link conventionalParams} to give them directly.
 */
export interface AlsParams extends Partial<ImplicitOptions> {
  /** Latent factors K (Spark's `rank`); 0 trains the bias-only model. Default 64 (reference: 20). */
  factors: number;
  /** Epochs (Spark's `maxIter`). Default 30. */
  iterations: number;
  /** Weight of the squared error. Default 1 (reference: 0.002). */
  lambda: number;
  /** Ridge on the biases. Default 2 (reference: 0.015). */
  gamma: number;
  /** Ridge on the factors (towards the genre prior for items). Default 0.15 (reference: 0.05). */
  tau: number;
  /** Ridge on the genre embeddings. Default 0.25 (reference: 0.01). */
  eta: number;
  /**
   * `'uniform'`: the same ridge for every row (the reference implementation's). `'scaled'`: ALS-WR
   * (Zhou et al. 2008), factor and bias ridges times the row's rating count.
   * `'scaledFactors'`: ALS-WR on the factors only. Default `'scaledFactors'` (reference: `'uniform'`).
   * `'seed'` is the deprecated old name of `'uniform'`: accepted, reported once, and read back as `'uniform'`.
   */
  regularization: 'uniform' | 'scaled' | 'scaledFactors' | 'seed';
  /** Shrink items towards their genres' mean embedding (needs a catalog). Default: on when `fit` is given a catalog. */
  genrePrior: boolean;
  /** Seed of the initial factors. Default 42. */
  seed: number;
  /**
   * How each row's K×K system is solved. `'cg'`: `cgSteps` conjugate-gradient
   * steps warm-started from the row's previous factor (Takács et al. 2011,
   * implicit's `cg_steps`), O(K²) per step. `'cholesky'`: the exact solve,
   * O(K³) per row. On MovieLens both give the same test RMSE to four
   * decimals; CG is several times faster at K = 20 and more at K = 64.
   * Default `'cg'`.
   */
  solver: 'cg' | 'cholesky';
  /** CG steps per row and half step (1–255). Default 2; `0` in the params of a Cholesky model. */
  cgSteps: number;
  /**
   * `'als'` (default): alternating least squares. `'bayes'`: Bayesian ALS,
   * Gibbs sampling of the same model with hyperpriors on its precisions
   * (docs/bayes.md); predictions are posterior means and
   * `model.predictWithStd` also gives their posterior predictive standard
   * deviation. The ridge parameters above then shape only the ALS warm
   * start and the fold-in of new users.
   */
  method?: 'als' | 'bayes';
  /** Bayesian ALS: sweeps kept after burn-in, averaged by the model (1–100000). Default 100. */
  samples?: number;
  /** Bayesian ALS: sweeps discarded first. Default 20. */
  burnIn?: number;
  /** Bayesian ALS: ALS epochs run before the first sweep (0: start from the initial state). Default 5. */
  warmStart?: number;
}

/**
 * The library's defaults, chosen by validation RMSE on ml-latest-small and on planted
 * MovieLens-shaped sets (docs/accuracy.md): ALS-WR on the factors (ridge 0.15 per rating),
 * bias ridge 2, genre ridge 0.25, K=64, 30 epochs, 2 CG steps. `genrePrior` is off here and switched on by `fit`
 * whenever a catalog is given (unless `genrePrior` or `preset: 'seed'` says otherwise).
 * Equal to the core's `AlsParams::default()` (tested).
 */
export const DEFAULT_PARAMS: Readonly<AlsParams> = Object.freeze({
  factors: 64,
  iterations: 30,
  lambda: 1,
  gamma: 2,
  tau: 0.15,
  eta: 0.25,
  regularization: 'scaledFactors',
  genrePrior: false,
  seed: 42,
  solver: 'cg',
  cgSteps: 2,
});

/**
 * The reference implementation's parameterization (`preset: 'seed'`): K=20, lambda 0.002,
 * gamma 0.015, tau 0.05, eta 0.01, the same ridge on every row, 30 epochs, no genre prior.
 * Equal to the core's `AlsParams::reference()` (tested).
 */
export const SEED_PARAMS: Readonly<AlsParams> = Object.freeze({
  factors: 20,
  iterations: 30,
  lambda: 0.002,
  gamma: 0.015,
  tau: 0.05,
  eta: 0.01,
  regularization: 'uniform',
  genrePrior: false,
  seed: 42,
  solver: 'cg',
  cgSteps: 2,
});

/** Where unset parameters come from: the library's defaults, or the reference implementation's. */
export type Preset = 'default' | 'seed';

/** The values each {@link Preset} stands for. */
export const PRESETS: Readonly<Record<Preset, Readonly<AlsParams>>> = Object.freeze({ default: DEFAULT_PARAMS, seed: SEED_PARAMS });

/** What `Engine.fit` takes: any parameters, the rest from `preset` (default `'default'`). */
export interface FitParams extends Partial<AlsParams> {
  /** `'seed'` starts from the reference implementation's parameterization. Default `'default'`. */
  preset?: Preset;
  /**
   * Choose the factor ridge, K, the genre prior's strength and the epoch count by a budgeted
   * search (successive halving) on a validation split carved from the training ratings, then
   * train on all of them (`autoFit`; `FitOptions.onAutoReport` receives what it chose and why).
   */
  auto?: boolean | AutoOptions;
}

/** Options of the automatic search (`auto: { … }`). */
export interface AutoOptions {
  /** Fraction of the training ratings held out for validation. Default 0.1. */
  valRatio?: number;
  /** Seed of the validation split. Default: the parameters' seed. */
  seed?: number;
  /** Epochs of the rungs: every candidate runs the first, the best third the next, … Default [4, 12, 30]. */
  rungs?: number[];
  /** Factor ridges per rating to try (ALS-WR `tau`, `lambda = 1`). Default [0.08, 0.12, 0.18, 0.25]; the default 0.15 is always tried. */
  tau?: number[];
  /** K values to try. Default [32, 64] (the default K is always tried). */
  factors?: number[];
  /** Genre-prior ridges to try (`eta`), when a catalog is given. Default [0.25, 1, 5]. */
  eta?: number[];
}

/**
 * The genre prior is on whenever genres are known: with a catalog and no explicit `genrePrior`,
 * `fit` switches it on (except under `preset: 'seed'`, which reproduces the reference, and for
 * implicit feedback, whose model has no genre prior).
 */
export function withGenrePrior<P extends FitParams>(params: P, hasCatalog: boolean): P {
  if (params.genrePrior !== undefined || params.preset === 'seed' || params.feedback === 'implicit') return params;
  return { ...params, genrePrior: hasCatalog };
}

/**
 * Parameters in the conventional form: `regFactors` on ‖p‖², ‖q‖² and
 * `regBias` on the biases, relative to a squared-error weight of 1 (so
 * `lambda = 1, tau = regFactors, gamma = regBias`).
 *
 * @example
 * engine.fit(train, conventionalParams({ factors: 64, regFactors: 0.05, regBias: 5, regularization: 'scaled' }))
 */
export function conventionalParams(
  p: { regFactors: number; regBias: number; regGenre?: number } & Partial<Omit<AlsParams, 'lambda' | 'tau' | 'gamma' | 'eta'>>,
): Partial<AlsParams> {
  const { regFactors, regBias, regGenre, ...rest } = p;
  return { ...rest, lambda: 1, tau: regFactors, gamma: regBias, eta: regGenre ?? SEED_PARAMS.eta / SEED_PARAMS.lambda };
}
