//! One row of a half step (a user in the user step, an item in the item
//! step), exactly as MODEL.md writes it, fused into one pass over the row:
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

use super::cg::CgScratch;
use super::cg_products::dots;
use super::cholesky;
use super::gather::accumulate;
use super::row_cg::{solve_cg, CgOutcome};
use super::system::{solve_factor, System};
use crate::csr::CsrRef;
use crate::factors::Factors;
use crate::params::{AlsParams, Solver};
use crate::simd::{padded, sum_f64, LANES};

/// What the row's inputs are: the other side's factors and biases.
pub(crate) struct RowInputs<'a> {
    pub csr: CsrRef<'a>,
    pub other_f: &'a Factors,
    pub other_b: &'a [f32],
    pub prior: Option<&'a Factors>,
    pub mu: f32,
    pub params: &'a AlsParams,
    /// `params.solver` in training; Cholesky where there is no previous
    /// solution to warm-start from (fold-in).
    pub solver: Solver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowError {
    NonFinite,
    SolveFailed,
}

/// Per-thread scratch, allocated once per rayon job.
pub(crate) struct RowScratch {
    pub(super) k: usize,
    pub(super) stride: usize,
    pub(super) panel_rows: usize,
    pub(super) panel: Vec<f32>,
    pub(super) z: Vec<f32>,
    /// Per-rating products `v_j·p` of the CG solve (`cg_products`), like `z`.
    pub(super) dots: Vec<f32>,
    /// Per-rating `z_j − x·v_j` at the CG iterate `x`, like `z`.
    pub(super) resid: Vec<f32>,
    pub(super) g: Vec<f32>,
    pub(super) sz: Vec<f32>,
    pub(super) sv: Vec<f32>,
    pub(super) m: Vec<f64>,
    pub(super) x: Vec<f64>,
    pub(super) w: Vec<f32>,
    pub(super) x0: Vec<f32>,
    pub(super) cg: CgScratch,
    /// Standard normal draws of the Gibbs sampler (`system`), like `x`.
    pub(super) eps: Vec<f64>,
    /// Keep the whole row's gathered factors and targets, and add each
    /// solved row's residuals to `fit` (the train metrics of the item step).
    pub(super) keep: bool,
    /// `(Σ e², Σ |e|)` over the residuals of the rows solved so far.
    pub fit: (f64, f64),
}

impl RowScratch {
    pub fn new(k: usize) -> Self {
        let stride = padded(k);
        let panel_rows = (4096 / stride.max(LANES)).clamp(32, 256);
        RowScratch {
            k,
            stride,
            panel_rows,
            panel: vec![0.0; panel_rows * stride],
            z: vec![0.0; panel_rows],
            dots: vec![0.0; panel_rows],
            resid: vec![0.0; panel_rows],
            g: vec![0.0; stride * stride],
            sz: vec![0.0; stride],
            sv: vec![0.0; stride],
            m: vec![0.0; k * cholesky::stride(k)],
            x: vec![0.0; k],
            w: vec![0.0; stride],
            x0: vec![0.0; stride],
            cg: CgScratch::new(stride),
            eps: vec![0.0; k],
            keep: false,
            fit: (0.0, 0.0),
        }
    }

    /// Scratch that also scores every solved row (see `keep`).
    pub fn scoring(k: usize) -> Self {
        RowScratch {
            keep: true,
            ..RowScratch::new(k)
        }
    }
}

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

/// `b = lambda Σ (z_j − x·v_j) / (lambda n + reg_b)` from that sum.
pub(super) fn row_bias(params: &AlsParams, n: usize, resid_sum: f64) -> Result<f32, RowError> {
    let (lambda, reg_b) = (params.lambda as f64, params.ridge(n).1 as f64);
    let bias = (lambda * resid_sum / (lambda * n as f64 + reg_b)) as f32;
    if bias.is_finite() {
        Ok(bias)
    } else {
        Err(RowError::NonFinite)
    }
}

/// `e_j = z_j − b − x·v_j` over the kept row: `r − (mu + b_other + b + x·v)`
/// for every rating, read back from the buffer (sequentially, no gather).
#[inline(never)]
pub(super) fn add_residuals(sc: &mut RowScratch, n: usize, b: f32, x: &[f32]) {
    let s = sc.stride;
    if sc.dots.len() < n {
        sc.dots.resize(n, 0.0);
    }
    let xv = &mut sc.dots[..n];
    if s == 0 {
        xv.fill(0.0);
    } else {
        dots(&sc.panel[..n * s], x, xv);
    }
    for (t, &z) in xv.iter_mut().zip(&sc.z[..n]) {
        *t = z - *t;
    }
    add_tracked_residuals(&mut sc.fit, xv, b);
}

/// `e_j = (z_j − x·v_j) − b` from `resid_j = z_j − x·v_j`.
pub(super) fn add_tracked_residuals(fit: &mut (f64, f64), resid: &[f32], b: f32) {
    fit.0 += sum_f64(resid, |t| ((t - b) as f64).powi(2));
    fit.1 += sum_f64(resid, |t| ((t - b) as f64).abs());
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
