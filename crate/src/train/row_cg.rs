//! The default row solve: the bias, then warm-started conjugate-gradient
//! steps on the factor, with every product taken from the gathered rows
//! (`cg_products`), so no K×K matrix is formed.

use super::cg::{cg_solve, Operator};
use super::cg_products::{dots, first_pass, fold};
use super::gather::{gather, gather_half};
use super::row_scratch::{add_tracked_residuals, row_bias, RowError, RowInputs, RowScratch};
use crate::simd::{dot, sum_f64};

/// Whether the f32 CG iterate ended finite.
pub(super) enum CgOutcome {
    Solved,
    /// CG overflowed (ratings ~1e15): `x` is restored, and the row is solved
    /// exactly instead.
    Diverged,
}

/// The bias, then `steps` CG steps on the factor warm-started from `x`, with
/// every product taken from the gathered rows (`cg_products`): the residual at
/// `x` is `lambda (Σ (z_j − x·v_j) v_j − b Σ v_j) + reg_f (prior − x)`.
/// A scoring scratch then scores the row from the tracked `z_j − x·v_j`.
/// `CgOutcome::Diverged` (and `x` restored) if CG did not end finite.
pub(super) fn solve_cg(
    inp: &RowInputs,
    r: usize,
    n: usize,
    steps: usize,
    x: &mut [f32],
    b: &mut f32,
    sc: &mut RowScratch,
) -> Result<CgOutcome, RowError> {
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
        return Ok(CgOutcome::Diverged);
    }
    if *keep {
        add_tracked_residuals(fit, &resid[..n], bias);
    }
    Ok(CgOutcome::Solved)
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
    let (cols, vals) = (&inp.csr.indices[range.clone()], inp.csr.values.slice(range));
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
        vals.slice(start..end)
            .map_sum(&cols[start..end], zs, |c, y| y - mu - other_b[c as usize]);
        let panel = &mut sc.panel[start * s..end * s];
        match inp.other_h {
            Some(half) => gather_half(panel, &mut sc.staging, cols, start..end, half),
            None => gather(panel, cols, start..end, inp.other_f),
        }
        tsum += first_pass(panel, zs, x0, &mut sc.resid[start..end]);
        start = end;
    }
    tsum
}
