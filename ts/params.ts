/**
 * Hyperparameters of ALS, in the seed's parameterization (MODEL.md):
 *
 * `L = (lambda/2) Σ (r − r̂)² + (tau/2)(Σ‖p_u‖² + Σ‖q_i − prior_i‖²) + (gamma/2)(Σ b_u² + Σ b_i²)`
 *
 * Only ratios matter: Spark's `regParam` (and implicit's `regularization`)
 * is `tau / lambda`, a bias ridge is `gamma / lambda`. Use
 * {@link conventionalParams} to give them directly.
 */
export interface AlsParams {
  /** Latent factors K (Spark's `rank`); 0 trains the bias-only model. Default 20. */
  factors: number;
  /** Epochs (Spark's `maxIter`). Default 30. */
  iterations: number;
  /** Weight of the squared error. Default 0.002. */
  lambda: number;
  /** Ridge on the biases. Default 0.015. */
  gamma: number;
  /** Ridge on the factors (towards the genre prior for items). Default 0.05. */
  tau: number;
  /** Ridge on the genre embeddings. Default 0.01. */
  eta: number;
  /**
   * `'seed'`: the same ridge for every row (the seed's). `'scaled'`: ALS-WR
   * (Zhou et al. 2008), factor and bias ridges times the row's rating count.
   * `'scaledFactors'`: ALS-WR on the factors only. Default `'seed'`.
   */
  regularization: 'seed' | 'scaled' | 'scaledFactors';
  /** Shrink items towards their genres' mean embedding (needs a catalog). Default false. */
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

/** The seed's values (K=20, lambda 0.002, gamma 0.015, tau 0.05, eta 0.01, 30 epochs), solved by 2 CG steps. */
export const DEFAULT_PARAMS: Readonly<AlsParams> = Object.freeze({
  factors: 20,
  iterations: 30,
  lambda: 0.002,
  gamma: 0.015,
  tau: 0.05,
  eta: 0.01,
  regularization: 'seed',
  genrePrior: false,
  seed: 42,
  solver: 'cg',
  cgSteps: 2,
});

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
  return { ...rest, lambda: 1, tau: regFactors, gamma: regBias, eta: regGenre ?? DEFAULT_PARAMS.eta / DEFAULT_PARAMS.lambda };
}
