//! The ridge solve ALS is made of. For each row r of a sparse block:
//!
//! ```text
//! (lambda * Σ_j v_j v_jᵀ + reg_r * I) x_r = lambda * Σ_j y_j v_j + tau * prior_r
//! ```
//!
//! The Gram matrix is accumulated in f32 with SIMD (this is where the flops
//! are: K²/2 per rating), then factored by Cholesky in f64 (K³/6 per row,
//! negligible) so ill-conditioned rows stay accurate and never turn into NaN.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::csr::CsrRef;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::simd::{axpy, LANES};

/// Per-thread scratch: the upper block-triangle of `Σ v vᵀ` and `Σ y v`.
pub struct Gram {
    k: usize,
    stride: usize,
    a: Vec<f32>,
    b: Vec<f32>,
    m: Vec<f64>,
    x: Vec<f64>,
}

impl Gram {
    pub fn new(k: usize) -> Self {
        let stride = crate::simd::padded(k);
        Gram { k, stride, a: vec![0.0; stride * stride], b: vec![0.0; stride], m: vec![0.0; k * k], x: vec![0.0; k] }
    }

    pub fn clear(&mut self) {
        self.a.fill(0.0);
        self.b.fill(0.0);
    }

    /// Add `v vᵀ` and `y v` for one padded factor row `v`. Row i of the
    /// Gram matrix is updated from the start of i's SIMD block, so only the
    /// upper block-triangle is touched (≈ K²/2 + 2K multiply-adds).
    #[inline]
    pub fn add(&mut self, v: &[f32], y: f32) {
        let s = self.stride;
        for i in 0..self.k {
            let blk = i & !(LANES - 1);
            axpy(&mut self.a[i * s + blk..(i + 1) * s], v[i], &v[blk..s]);
        }
        axpy(&mut self.b, y, &v[..s]);
    }

    /// Solve `(lambda A + reg I) x = lambda b + tau prior` into the padded
    /// row `out`. Returns false if the system could not be factored.
    pub fn solve(&mut self, lambda: f32, reg: f32, prior: Option<(f32, &[f32])>, out: &mut [f32]) -> bool {
        let (k, s) = (self.k, self.stride);
        let (lambda, reg) = (lambda as f64, reg as f64);
        for i in 0..k {
            for j in i..k {
                let v = lambda * self.a[i * s + j] as f64;
                self.m[i * k + j] = v;
                self.m[j * k + i] = v;
            }
            self.m[i * k + i] += reg;
            self.x[i] = lambda * self.b[i] as f64;
            if let Some((tau, p)) = prior {
                self.x[i] += tau as f64 * p[i] as f64;
            }
        }
        if !cholesky_solve_jittered(&mut self.m, &mut self.x, k) {
            return false;
        }
        for (o, &x) in out[..k].iter_mut().zip(&self.x) {
            *o = x as f32;
        }
        out[k..].fill(0.0);
        out[..k].iter().all(|v| v.is_finite())
    }
}

/// Cholesky solve of the symmetric `k×k` system `m x = rhs` (in place).
/// If a pivot is not positive, retry with a growing diagonal jitter.
fn cholesky_solve_jittered(m: &mut [f64], rhs: &mut [f64], k: usize) -> bool {
    if m.iter().chain(rhs.iter()).any(|v| !v.is_finite()) {
        return false;
    }
    let diag_max = (0..k).map(|i| m[i * k + i].abs()).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let original: Vec<f64> = m.to_vec();
    for attempt in 0..4 {
        if attempt > 0 {
            m.copy_from_slice(&original);
            let jitter = diag_max * 1e-12 * 1e3f64.powi(attempt);
            (0..k).for_each(|i| m[i * k + i] += jitter);
        }
        if cholesky_in_place(m, k) {
            forward_back(m, rhs, k);
            return rhs.iter().all(|v| v.is_finite());
        }
    }
    false
}

/// Lower-triangular Cholesky factor `L` (`m = L Lᵀ`) written over `m`.
pub fn cholesky_in_place(m: &mut [f64], k: usize) -> bool {
    for j in 0..k {
        let mut d = m[j * k + j];
        for p in 0..j {
            d -= m[j * k + p] * m[j * k + p];
        }
        if d.is_nan() || d <= 0.0 || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        m[j * k + j] = d;
        for i in j + 1..k {
            let mut v = m[i * k + j];
            for p in 0..j {
                v -= m[i * k + p] * m[j * k + p];
            }
            m[i * k + j] = v / d;
        }
    }
    true
}

/// Solve `L Lᵀ x = rhs` given the factor from `cholesky_in_place`.
pub fn forward_back(l: &[f64], rhs: &mut [f64], k: usize) {
    for i in 0..k {
        let mut v = rhs[i];
        for p in 0..i {
            v -= l[i * k + p] * rhs[p];
        }
        rhs[i] = v / l[i * k + i];
    }
    for i in (0..k).rev() {
        let mut v = rhs[i];
        for p in i + 1..k {
            v -= l[p * k + i] * rhs[p];
        }
        rhs[i] = v / l[i * k + i];
    }
}

/// What a batched solve observed (diagnostics, not results).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveReport {
    /// Distinct rayon worker threads that solved at least one row.
    pub threads_used: u32,
}

/// Batched ridge solve over every row of `csr`: row r regresses its values
/// `y_j` on the rows `v_j = other[j]`, with `reg = tau`. Rows are
/// independent, so the result is bitwise the same on any thread count.
pub fn ridge_solve_rows(csr: &CsrRef, other: &Factors, lambda: f32, tau: f32, out: &mut Factors) -> Result<SolveReport> {
    check_ridge_args(csr, other, lambda, tau, out)?;
    let used = AtomicU64::new(0);
    let (k, stride) = (other.k(), other.stride());
    out.as_mut_slice()
        .par_chunks_mut(stride)
        .enumerate()
        .with_min_len(16)
        .try_for_each_init(
            || Gram::new(k),
            |g, (r, x)| {
                let t = rayon::current_thread_index().unwrap_or(0) % 64;
                used.fetch_or(1 << t, Ordering::Relaxed);
                g.clear();
                for (j, y) in csr.row(r) {
                    g.add(other.row(j as usize), y);
                }
                if g.solve(lambda, tau, None, x) { Ok(()) } else { Err(Error::SolveFailed { side: "row", index: r }) }
            },
        )?;
    Ok(SolveReport { threads_used: used.load(Ordering::Relaxed).count_ones() })
}

fn check_ridge_args(csr: &CsrRef, other: &Factors, lambda: f32, tau: f32, out: &Factors) -> Result<()> {
    if other.k() == 0 {
        return Err(Error::param("k", 0, "at least 1"));
    }
    if !(lambda.is_finite() && lambda > 0.0) {
        return Err(Error::param("lambda", lambda, "a finite number > 0"));
    }
    if !(tau.is_finite() && tau > 0.0) {
        return Err(Error::param("tau", tau, "a finite number > 0"));
    }
    if out.k() != other.k() {
        return Err(Error::LengthMismatch { what: "output factor width", expected: other.k(), actual: out.k() });
    }
    if out.rows() != csr.rows() {
        return Err(Error::LengthMismatch { what: "output rows", expected: csr.rows(), actual: out.rows() });
    }
    csr.validate(other.rows())
}
