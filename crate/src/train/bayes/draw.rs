//! One row's Gibbs draw: the row's bias given its factor, then its factor
//! given the new bias, from the same gathered sums and the same exact
//! Cholesky solve as ALS (`gather::accumulate`, `system::solve_factor`):
//!
//! ```text
//! b | x ~ N( alpha Σ (z_j − x·v_j) / (alpha n + lambda_b),  1 / (alpha n + lambda_b) )
//! x | b ~ N( A⁻¹ (alpha (Σ z_j v_j − b Σ v_j) + Λ prior),   A⁻¹ ),  A = alpha Σ v_j v_jᵀ + Λ
//! ```
//!
//! with `z_j = r_j − mu − b_j`, noise precision `alpha`, bias precision
//! `lambda_b` and per-factor precisions `Λ = diag(lambda_f)`. A row without
//! ratings draws from its prior. Every row draws from its own stream keyed
//! by `(seed, side, sweep, row)`: the same samples on any thread count.

use super::super::gather::accumulate;
use super::super::row_scratch::{add_residuals, RowError, RowInputs, RowScratch};
use super::super::system::{solve_factor, System};
use crate::rng::SplitMix64;

/// The current hyperparameters of one side, and where its streams come from.
pub(crate) struct Draw<'a> {
    pub alpha: f64,
    pub bias_prec: f64,
    pub factor_prec: &'a [f64],
    pub seed: u64,
    pub tag: u64,
    pub sweep: usize,
}

impl Draw<'_> {
    /// The stream of row `r` in this sweep.
    fn stream(&self, r: usize) -> SplitMix64 {
        SplitMix64::stream(self.seed, self.tag, ((self.sweep as u64) << 32) ^ r as u64)
    }
}

/// Draw row `r`'s bias `b` and padded factor row `x` (read as the current
/// factor, then overwritten). A scoring scratch adds the row's residuals
/// under the new draw to its `fit` (for the noise precision's update).
pub(crate) fn draw_row(
    d: &Draw,
    inp: &RowInputs,
    r: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<(), RowError> {
    update_row(d, inp, r, x, b, sc, Some(&mut d.stream(r)))
}

/// The same update without the noise: `b` and `x` become the means of their
/// conditionals (alternated, they converge to the joint posterior mean of
/// the row). The scratch then holds the Cholesky factor of the factor's
/// conditional precision, and the bias's conditional precision is returned.
pub(crate) fn mean_row(
    d: &Draw,
    inp: &RowInputs,
    r: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<f64, RowError> {
    update_row(d, inp, r, x, b, sc, None)?;
    Ok(d.alpha * inp.csr.range(r).len() as f64 + d.bias_prec)
}

fn update_row(
    d: &Draw,
    inp: &RowInputs,
    r: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
    mut rng: Option<&mut SplitMix64>,
) -> Result<(), RowError> {
    let n = inp.csr.range(r).len();
    let other_b = inp.other_b;
    let resid = accumulate(inp.csr, inp.other_f, |c, y| y - inp.mu - other_b[c], r, x, sc);
    let prec = d.alpha * n as f64 + d.bias_prec;
    let noise = rng.as_deref_mut().map_or(0.0, |g| g.normal() / prec.sqrt());
    let bias = (d.alpha * resid / prec + noise) as f32;
    if !bias.is_finite() {
        return Err(RowError::NonFinite);
    }
    *b = bias;
    let k = d.factor_prec.len();
    if k > 0 {
        let sys = System {
            lambda: d.alpha,
            reg_f: 0.0,
            bias: bias as f64,
            reg_diag: Some(d.factor_prec),
        };
        solve_factor(sc, &sys, inp.prior.map(|p| p.row(r)), x, rng)?;
    }
    if sc.keep {
        add_residuals(sc, n, bias, x);
    }
    Ok(())
}
