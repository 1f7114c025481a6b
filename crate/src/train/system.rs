//! A row's K×K system, built from the gathered sums and solved exactly:
//!
//! ```text
//! (lambda G + D) x = lambda (sz − b sv) + D prior,   D = reg_f I or diag(reg_diag)
//! ```
//!
//! ALS takes the solution. The Gibbs sampler (`bayes`) takes a draw from
//! `N(solution, (lambda G + D)⁻¹)`: with `lambda G + D = Uᵀ U`, the
//! solution plus `U⁻¹ ε` for standard normal `ε` (one more triangular solve
//! with the same factor).

use super::cholesky::{self, back_substitute, factor_upper, solve_upper};
use super::row_scratch::{RowError, RowScratch};
use crate::rng::SplitMix64;

/// The scalars of one row's system, in f64.
pub(super) struct System<'a> {
    pub lambda: f64,
    pub reg_f: f64,
    pub bias: f64,
    /// Per-factor ridge (prior precisions) in place of `reg_f`.
    pub reg_diag: Option<&'a [f64]>,
}

impl System<'_> {
    #[inline]
    fn reg(&self, i: usize) -> f64 {
        self.reg_diag.map_or(self.reg_f, |d| d[i])
    }
}

/// Solve the system into `x` (padded; the padding is set to 0), in f64,
/// with a growing diagonal jitter if Cholesky meets a non-positive pivot.
/// With `noise`, add a draw of `N(0, (lambda G + D)⁻¹)` to the solution.
#[inline(never)]
pub(super) fn solve_factor(
    sc: &mut RowScratch,
    sys: &System,
    prior: Option<&[f32]>,
    x: &mut [f32],
    noise: Option<&mut SplitMix64>,
) -> Result<(), RowError> {
    let (k, s) = (sc.k, sc.stride);
    let diag_max = (0..k)
        .map(|i| sys.lambda * sc.g[i * s + i] as f64 + sys.reg(i))
        .fold(f64::MIN_POSITIVE, f64::max);
    for attempt in 0..4 {
        let jitter = if attempt == 0 {
            0.0
        } else {
            diag_max * 1e-12 * 1e3f64.powi(attempt)
        };
        build_system(sc, sys, jitter, prior);
        // An infinite or NaN entry of G implies one on its diagonal
        // (|G_ij| ≤ √(G_ii G_jj)), so checking the diagonal and rhs suffices.
        let ms = cholesky::stride(k);
        if attempt == 0 && !(0..k).all(|i| sc.m[i * ms + i].is_finite() && sc.x[i].is_finite()) {
            return Err(RowError::NonFinite);
        }
        if factor_upper(&mut sc.m, k) {
            solve_upper(&sc.m, &mut sc.x, k);
            if let Some(rng) = noise {
                sc.eps.iter_mut().for_each(|e| *e = rng.normal());
                back_substitute(&sc.m, &mut sc.eps, k);
                sc.x.iter_mut().zip(&sc.eps).for_each(|(x, e)| *x += e);
            }
            for (o, &v) in x[..k].iter_mut().zip(&sc.x) {
                *o = v as f32;
            }
            x[k..].fill(0.0);
            return if x.iter().all(|v| v.is_finite()) {
                Ok(())
            } else {
                Err(RowError::NonFinite)
            };
        }
    }
    Err(RowError::SolveFailed)
}

/// Upper triangle of `lambda G + D + jitter I` into `m` (rows of
/// `cholesky::stride(k)`, with the zeros `factor_upper` wants left of the
/// diagonal and in the padding), rhs into `x`.
fn build_system(sc: &mut RowScratch, sys: &System, jitter: f64, prior: Option<&[f32]>) {
    let (k, s, ms) = (sc.k, sc.stride, cholesky::stride(sc.k));
    for i in 0..k {
        let row = &mut sc.m[i * ms..(i + 1) * ms];
        row[i & !1..].fill(0.0);
        let (m_row, g_row) = (&mut row[i..k], &sc.g[i * s + i..i * s + k]);
        m_row
            .iter_mut()
            .zip(g_row)
            .for_each(|(m, &g)| *m = sys.lambda * g as f64);
        let reg = sys.reg(i);
        m_row[0] += reg + jitter;
        let prior_i = prior.map_or(0.0, |p| p[i] as f64);
        sc.x[i] = sys.lambda * (sc.sz[i] as f64 - sys.bias * sc.sv[i] as f64) + reg * prior_i;
    }
}
