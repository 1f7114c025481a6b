//! One row of a half step (a user in the user step, an item in the item
//! step), exactly as docs/model.md writes it, fused into one pass over the row:
//!
//! ```text
//! z_j  = r_j − mu − b_j                     (b_j: the other side's bias)
//! b    = lambda Σ (z_j − x·v_j) / (lambda n + reg_b)     (x: this row's current factor)
//! x    = (lambda Σ v_j v_jᵀ + reg_f I)⁻¹ (lambda Σ (z_j − b) v_j + reg_f prior)
//! ```
//!
//! Because `b` is only known after the whole row, the pass accumulates
//! `Σ z_j v_j` and `Σ v_j` and forms `Σ (z_j − b) v_j = Σ z_j v_j − b Σ v_j`.
//! The row's factor rows `v_j` are gathered panel by panel into a contiguous
//! buffer, where the next kernel reads them from L1: with the default CG
//! solve the first pass of `cg_products` (the whole row is kept for the CG
//! products), with Cholesky the Gram kernel.

use super::gather::accumulate;
use super::row_cg::{solve_cg, CgOutcome};
use super::row_scratch::{add_residuals, row_bias, RowError, RowInputs, RowScratch};
use super::system::{solve_factor, System};
use crate::data::csr::CsrRef;
use crate::factors::Factors;
use crate::params::Solver;

/// Update row `r`: its bias `b` and its padded factor row `x` (read as the
/// current factor, then overwritten). A scoring scratch then adds the row's
/// residuals under the new `b` and `x` to its `fit`.
pub(crate) fn solve_row(
    inp: &RowInputs,
    r: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<(), RowError> {
    let n = inp.csr.range(r).len();
    if n == 0 {
        // No ratings: b = 0 and x = prior (0 without one), the exact solution.
        *b = 0.0;
        match inp.prior {
            Some(p) => x.copy_from_slice(p.row(r)),
            None => x.fill(0.0),
        }
        return Ok(());
    }
    let scoring = solve_nonempty(inp, r, n, x, b, sc)?;
    if sc.keep && matches!(scoring, Scoring::Pending) {
        add_residuals(sc, n, *b, x);
    }
    Ok(())
}

/// Whether a scoring scratch has already added the row's residuals to `fit`.
enum Scoring {
    Done,
    Pending,
}

fn solve_nonempty(
    inp: &RowInputs,
    r: usize,
    n: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<Scoring, RowError> {
    if let (Solver::Cg { steps }, true) = (inp.solver, sc.k > 0) {
        if let CgOutcome::Solved = solve_cg(inp, r, n, steps as usize, x, b, sc)? {
            return Ok(Scoring::Done);
        }
        // f32 CG can overflow where the f64 Cholesky solve does not
        // (ratings ~1e15): such rows are solved exactly below.
    }
    let other_b = inp.other_b;
    let resid = accumulate(inp.csr, inp.other_f, |c, y| y - inp.mu - other_b[c], r, x, sc);
    let bias = row_bias(inp.params, n, resid)?;
    *b = bias;
    if sc.k == 0 {
        return Ok(Scoring::Pending);
    }
    let (reg_f, lambda) = (inp.params.ridge(n).0, inp.params.lambda);
    let sys = System {
        lambda: lambda as f64,
        reg_f: reg_f as f64,
        bias: bias as f64,
        reg_diag: None,
    };
    solve_factor(sc, &sys, inp.prior.map(|p| p.row(r)), x, None).map(|()| Scoring::Pending)
}

/// Row `r` of the standalone ridge solve (`solve::ridge_solve_rows`):
/// `(lambda Σ v vᵀ + tau I) x = lambda Σ y v`, the same gather, kernel and
/// Cholesky as training with `z_j = y_j` and no bias.
pub(crate) fn ridge_row(
    csr: &CsrRef,
    other_f: &Factors,
    r: usize,
    lambda: f32,
    tau: f32,
    x: &mut [f32],
    sc: &mut RowScratch,
) -> Result<(), RowError> {
    if csr.range(r).is_empty() {
        x.fill(0.0);
        return Ok(());
    }
    accumulate(*csr, other_f, |_, y| y, r, x, sc);
    let sys = System {
        lambda: lambda as f64,
        reg_f: tau as f64,
        bias: 0.0,
        reg_diag: None,
    };
    solve_factor(sc, &sys, None, x, None)
}
