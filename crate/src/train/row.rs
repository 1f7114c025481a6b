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
//! solve the first pass of `implicit` (the whole row is kept for the CG
//! products), with Cholesky the Gram kernel.

use super::cg::{cg_solve, CgScratch, Operator};
use super::cholesky;
use super::gather::{accumulate, gather};
use super::implicit::{dots, first_pass, fold};
use super::system::{solve_factor, System};
use crate::csr::CsrRef;
use crate::factors::Factors;
use crate::params::{AlsParams, Solver};
use crate::simd::{dot, padded, sum_f64, LANES};

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
    /// Per-rating products `v_j·p` of the CG solve (`implicit`), like `z`.
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
    let scored = solve_nonempty(inp, r, n, x, b, sc)?;
    if sc.keep && !scored {
        add_residuals(sc, n, *b, x);
    }
    Ok(())
}

/// `Ok(true)` if a scoring scratch has already scored the row.
fn solve_nonempty(
    inp: &RowInputs,
    r: usize,
    n: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<bool, RowError> {
    if let (Solver::Cg { steps }, true) = (inp.solver, sc.k > 0) {
        if solve_implicit(inp, r, n, steps as usize, x, b, sc)? {
            return Ok(true);
        }
        // f32 CG can overflow where the f64 Cholesky solve does not
        // (ratings ~1e15): such rows are solved exactly below.
    }
    let other_b = inp.other_b;
    let resid = accumulate(inp.csr, inp.other_f, |c, y| y - inp.mu - other_b[c], r, x, sc);
    let bias = row_bias(inp.params, n, resid)?;
    *b = bias;
    if sc.k == 0 {
        return Ok(false);
    }
    let (reg_f, lambda) = (inp.params.ridge(n).0, inp.params.lambda);
    let sys = System {
        lambda: lambda as f64,
        reg_f: reg_f as f64,
        bias: bias as f64,
        reg_diag: None,
    };
    solve_factor(sc, &sys, inp.prior.map(|p| p.row(r)), x, None).map(|()| false)
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

/// The bias, then `steps` CG steps on the factor warm-started from `x`, with
/// every product taken from the gathered rows (`implicit`): the residual at
/// `x` is `lambda (Σ (z_j − x·v_j) v_j − b Σ v_j) + reg_f (prior − x)`.
/// A scoring scratch then scores the row from the tracked `z_j − x·v_j`.
/// `Ok(false)` (and `x` restored) if CG did not end finite.
fn solve_implicit(
    inp: &RowInputs,
    r: usize,
    n: usize,
    steps: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<bool, RowError> {
    let (reg_f, lambda) = (inp.params.ridge(n).0, inp.params.lambda);
    let tsum = gather_row(inp, r, x, sc);
    let bias = row_bias(inp.params, n, tsum)?;
    *b = bias;
    let RowScratch {
        stride,
        panel,
        dots,
        resid,
        w,
        x0,
        cg,
        keep,
        fit,
        ..
    } = sc;
    x0.copy_from_slice(x);
    let panel = &panel[..n * *stride];
    // w = Σ (t_j − b) v_j, with t_j = z_j − x0·v_j from the gather.
    for (d, &t) in dots[..n].iter_mut().zip(&resid[..n]) {
        *d = t - bias;
    }
    fold(panel, &dots[..n], w);
    let prior = inp.prior.map(|p| p.row(r));
    for (i, ri) in cg.residual().iter_mut().enumerate() {
        let pi = prior.map_or(0.0, |p| p[i]);
        *ri = lambda * w[i] + reg_f * (pi - x[i]);
    }
    let mut op = RowOperator {
        panel,
        d: &mut dots[..n],
        lambda,
        reg_f,
        resid: keep.then_some(&mut resid[..n]),
    };
    if !cg_solve(steps, x, cg, &mut op) {
        x.copy_from_slice(x0);
        return Ok(false);
    }
    if *keep {
        add_tracked_residuals(fit, &resid[..n], bias);
    }
    Ok(true)
}

/// `A = lambda Vᵀ V + reg_f I` of one row from its gathered factor rows `V`.
/// `p·A p` is taken as `lambda |V p|² + reg_f |p|²` from the products
/// `v_j·p`, so the last CG step needs no `Vᵀ (V p)` pass. When scoring,
/// the residuals `z_j − x·v_j` follow `x` through the steps (one scalar
/// update per rating instead of a final pass over `V`).
struct RowOperator<'a> {
    panel: &'a [f32],
    d: &'a mut [f32],
    lambda: f32,
    reg_f: f32,
    resid: Option<&'a mut [f32]>,
}

impl Operator for RowOperator<'_> {
    fn apply(&mut self, p: &[f32], out: Option<&mut [f32]>) -> f32 {
        dots(self.panel, p, self.d);
        let vp2 = sum_f64(self.d, |d| d as f64 * d as f64);
        if let Some(out) = out {
            fold(self.panel, self.d, out);
            for (o, &pi) in out.iter_mut().zip(p) {
                *o = self.lambda * *o + self.reg_f * pi;
            }
        }
        (self.lambda as f64 * vp2 + self.reg_f as f64 * dot(p, p) as f64) as f32
    }

    fn stepped(&mut self, alpha: f32) {
        if let Some(resid) = self.resid.as_deref_mut() {
            for (e, &d) in resid.iter_mut().zip(self.d.iter()) {
                *e -= alpha * d;
            }
        }
    }
}

/// Gather all of row `r` (targets `z_j` and factor rows, kept whole for the
/// CG products), panel by panel, each passed over by `first_pass` while in
/// L1: leaves `t_j = z_j − x0·v_j` in `resid`; returns `Σ t_j`.
fn gather_row(inp: &RowInputs, r: usize, x0: &[f32], sc: &mut RowScratch) -> f64 {
    let s = sc.stride;
    let range = inp.csr.range(r);
    let (cols, vals) = (&inp.csr.indices[range.clone()], &inp.csr.values[range]);
    if sc.z.len() < cols.len() {
        sc.z.resize(cols.len(), 0.0);
        sc.panel.resize(cols.len() * s, 0.0);
    }
    for buf in [&mut sc.dots, &mut sc.resid] {
        if buf.len() < cols.len() {
            buf.resize(cols.len(), 0.0);
        }
    }
    let (mu, other_b) = (inp.mu, inp.other_b);
    let mut tsum = 0.0f64;
    let mut start = 0;
    while start < cols.len() {
        let end = (start + sc.panel_rows).min(cols.len());
        let zs = &mut sc.z[start..end];
        for ((&c, &y), ze) in cols[start..end].iter().zip(&vals[start..end]).zip(zs.iter_mut()) {
            *ze = y - mu - other_b[c as usize];
        }
        let panel = &mut sc.panel[start * s..end * s];
        gather(panel, cols, start..end, inp.other_f);
        tsum += first_pass(panel, zs, x0, &mut sc.resid[start..end]);
        start = end;
    }
    tsum
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
fn add_tracked_residuals(fit: &mut (f64, f64), resid: &[f32], b: f32) {
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
