/**
 * Parameters of the implicit-feedback model (docs/implicit.md): events such
 * as plays, clicks or purchases fitted as weighted preferences (Hu, Koren &
 * Volinsky 2008) with a frequency-scaled ridge (Rendle et al. 2022).
 *
 * With `feedback: 'implicit'`, every parameter left out takes the implicit
 * defaults: `factors` 64, `iterations` 16, ridge `tau / lambda` = 0.01
 * (`lambda` 1), `alpha` 3, `nu` 1, `cgSteps` 3.
 */
export interface ImplicitOptions {
  /**
   * `'explicit'` (ratings fitted as numbers, the default) or `'implicit'`
   * (events: every observed pair is a preference of 1, weighted by its
   * confidence; unobserved pairs are preferences of 0 with weight 1).
   */
  feedback: 'explicit' | 'implicit';
  /** Confidence slope: an event of value `r` weighs `1 + alpha·r`. Default 3. */
  alpha: number;
  /** `'linear'`: `1 + alpha·r`; `'log'`: `1 + alpha·ln(1 + r/eps)` for heavy counts. Default `'linear'`. */
  confidence: 'linear' | 'log';
  /** Scale of the log confidence. Default 1. */
  eps: number;
  /**
   * Frequency scaling of the ridge: a row's ridge is `(tau/lambda)·W^nu`,
   * `W` its total weight in the loss (the other side's size plus
   * `Σ (c − 1)` over its events). `1` (default) is Rendle et al.'s
   * frequency-scaled ridge; `0` is the constant ridge of `implicit`.
   */
  nu: number;
}
