//! One row of an implicit half step: conjugate gradient on
//!
//! ```text
//! (G + Σ_j (c_j − 1) y_j y_jᵀ + reg I) x = Σ_j c_j y_j,     G = Yᵀ Y (shared)
//! ```
//!
//! warm-started from the row's current factor, where `j` runs over the row's
//! observed pairs only (Takács, Pilászy & Tikk 2011, as `implicit` does).
//! Products with the matrix are `G p` (K² multiply-adds, from the shared
//! Gram matrix) plus the sparse correction `Σ (c_j − 1)(y_j·p) y_j` from the
//! gathered rows, with the same kernels (`dots`, `fold`) as the explicit CG.

use crate::data::csr::CsrRef;
use crate::factors::Factors;
use crate::feedback::ImplicitParams;
use crate::simd::{dot, padded, sum_f64};
use crate::train::cg::{cg_solve, CgScratch, Operator};
use crate::train::cg_products::{dots, fold};
use crate::train::gather::gather;
use crate::train::row_scratch::RowError;

/// What every row of a side shares.
pub(crate) struct SideInputs<'a> {
    pub csr: CsrRef<'a>,
    pub other_f: &'a Factors,
    /// `Yᵀ Y` of `other_f` (`gram::gram`).
    pub gram: &'a [f32],
    pub imp: &'a ImplicitParams,
    /// The ridge strength (`AlsParams::reg_factors`).
    pub lambda: f32,
    pub steps: usize,
}

/// Per-thread buffers, grown to the longest row seen.
pub(crate) struct IalsScratch {
    stride: usize,
    panel: Vec<f32>,
    /// `c_j`, then `c_j − 1`, per observed pair.
    conf: Vec<f32>,
    extra: Vec<f32>,
    d: Vec<f32>,
    gp: Vec<f32>,
    cg: CgScratch,
}

impl IalsScratch {
    pub fn new(k: usize) -> Self {
        let stride = padded(k);
        IalsScratch {
            stride,
            panel: Vec::new(),
            conf: Vec::new(),
            extra: Vec::new(),
            d: Vec::new(),
            gp: vec![0.0; stride],
            cg: CgScratch::new(stride),
        }
    }

    fn reserve(&mut self, n: usize) {
        if self.conf.len() < n {
            self.panel.resize(n * self.stride, 0.0);
            for v in [&mut self.conf, &mut self.extra, &mut self.d] {
                v.resize(n, 0.0);
            }
        }
    }
}

/// Update the padded factor row `x` of row `r` in place. A row without
/// observed pairs gets `x = 0`, its exact solution.
pub(crate) fn solve_row(inp: &SideInputs, r: usize, x: &mut [f32], sc: &mut IalsScratch) -> Result<(), RowError> {
    let range = inp.csr.range(r);
    let n = range.len();
    if n == 0 {
        x.fill(0.0);
        return Ok(());
    }
    sc.reserve(n);
    let s = sc.stride;
    gather(&mut sc.panel[..n * s], inp.csr.indices, range.clone(), inp.other_f);
    let vals = inp.csr.values.slice(range.clone());
    vals.map_sum(&inp.csr.indices[inp.csr.range(r)], &mut sc.conf[..n], |_, v| {
        inp.imp.confidence(v)
    });
    for (e, &c) in sc.extra[..n].iter_mut().zip(&sc.conf[..n]) {
        *e = c - 1.0;
    }
    let extra_sum = sum_f64(&sc.extra[..n], |e| e as f64);
    let reg = inp.imp.ridge(inp.lambda, inp.other_f.rows(), extra_sum);
    let IalsScratch {
        panel,
        conf,
        extra,
        d,
        gp,
        cg,
        ..
    } = sc;
    let panel = &panel[..n * s];
    // r = Σ (c_j − (c_j − 1) y_j·x) y_j − (G + reg I) x
    dots(panel, x, &mut d[..n]);
    for ((dj, &c), &e) in d[..n].iter_mut().zip(&conf[..n]).zip(&extra[..n]) {
        *dj = c - e * *dj;
    }
    let resid = cg.residual();
    fold(panel, &d[..n], resid);
    gram_times(inp.gram, x, gp);
    for ((ri, &g), &xi) in resid.iter_mut().zip(gp.iter()).zip(x.iter()) {
        *ri -= g + reg * xi;
    }
    let mut op = RowOperator {
        panel,
        extra: &extra[..n],
        d: &mut d[..n],
        gram: inp.gram,
        gp,
        reg,
    };
    if cg_solve(inp.steps, x, cg, &mut op) {
        Ok(())
    } else {
        Err(RowError::NonFinite)
    }
}

/// `out = G p` for the full symmetric `stride × stride` matrix `G`.
fn gram_times(g: &[f32], p: &[f32], out: &mut [f32]) {
    let s = p.len();
    for (o, row) in out.iter_mut().zip(g.chunks_exact(s)) {
        *o = dot(row, p);
    }
}

/// `A = G + Σ (c_j − 1) y_j y_jᵀ + reg I` applied to search directions;
/// `p·A p = p·G p + Σ (c_j − 1)(y_j·p)² + reg |p|²`.
struct RowOperator<'a> {
    panel: &'a [f32],
    extra: &'a [f32],
    d: &'a mut [f32],
    gram: &'a [f32],
    gp: &'a mut [f32],
    reg: f32,
}

impl Operator for RowOperator<'_> {
    fn apply(&mut self, p: &[f32], out: Option<&mut [f32]>) -> f32 {
        dots(self.panel, p, self.d);
        let sparse = {
            let mut s = [0.0f64; 4];
            for (j, (dj, &e)) in self.d.iter_mut().zip(self.extra).enumerate() {
                s[j % 4] += e as f64 * *dj as f64 * *dj as f64;
                *dj *= e;
            }
            (s[0] + s[1]) + (s[2] + s[3])
        };
        gram_times(self.gram, p, self.gp);
        let pgp = dot(p, self.gp) as f64;
        if let Some(out) = out {
            fold(self.panel, self.d, out);
            for ((o, &g), &pi) in out.iter_mut().zip(self.gp.iter()).zip(p) {
                *o += g + self.reg * pi;
            }
        }
        (pgp + sparse + self.reg as f64 * dot(p, p) as f64) as f32
    }
}
