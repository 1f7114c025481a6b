//! What every row update shares: its inputs, the per-thread scratch, its
//! errors, the bias formula and the residual sums of a scoring scratch.

use super::cg::CgScratch;
use super::cg_products::dots;
use super::cholesky;
use crate::data::csr::CsrRef;
use crate::factors::Factors;
use crate::half_factors::HalfFactors;
use crate::params::{AlsParams, Solver};
use crate::simd::{padded, sum_f64, LANES};

/// What the row's inputs are: the other side's factors and biases.
pub(crate) struct RowInputs<'a> {
    pub csr: CsrRef<'a>,
    pub other_f: &'a Factors,
    /// `other_f` in f16, when the CG solve gathers from it instead.
    pub other_h: Option<&'a HalfFactors>,
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
    pub(crate) k: usize,
    pub(crate) stride: usize,
    pub(crate) panel_rows: usize,
    pub(crate) panel: Vec<f32>,
    /// One panel of f16 rows, copied before they are widened into `panel`.
    pub(crate) staging: Vec<u16>,
    pub(crate) z: Vec<f32>,
    /// Per-rating products `v_j·p` of the CG solve (`cg_products`), like `z`.
    pub(crate) dots: Vec<f32>,
    /// Per-rating `z_j − x·v_j` at the CG iterate `x`, like `z`.
    pub(crate) resid: Vec<f32>,
    pub(crate) g: Vec<f32>,
    pub(crate) sz: Vec<f32>,
    pub(crate) sv: Vec<f32>,
    pub(crate) m: Vec<f64>,
    pub(crate) x: Vec<f64>,
    pub(crate) w: Vec<f32>,
    pub(crate) x0: Vec<f32>,
    pub(crate) cg: CgScratch,
    /// Standard normal draws of the Gibbs sampler (`system`), like `x`.
    pub(crate) eps: Vec<f64>,
    /// Keep the whole row's gathered factors and targets, and add each
    /// solved row's residuals to `fit` (the train metrics of the item step).
    pub(crate) keep: bool,
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
            staging: vec![0; panel_rows * stride],
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

/// `b = lambda Σ (z_j − x·v_j) / (lambda n + reg_b)` from that sum.
pub(crate) fn row_bias(params: &AlsParams, n: usize, resid_sum: f64) -> Result<f32, RowError> {
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
pub(crate) fn add_residuals(sc: &mut RowScratch, n: usize, b: f32, x: &[f32]) {
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
pub(crate) fn add_tracked_residuals(fit: &mut (f64, f64), resid: &[f32], b: f32) {
    fit.0 += sum_f64(resid, |t| ((t - b) as f64).powi(2));
    fit.1 += sum_f64(resid, |t| ((t - b) as f64).abs());
}
