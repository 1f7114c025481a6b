//! The ridge solve ALS is made of. For each row r of a sparse block:
//!
//! ```text
//! (lambda * Σ_j v_j v_jᵀ + tau * I) x_r = lambda * Σ_j y_j v_j
//! ```
//!
//! It runs the trainer's own row kernel (`train::row`): the gathered panel,
//! the tiled f32 Gram kernel and the f64 Cholesky, with `z_j = y_j` and no
//! bias. One kernel and one Cholesky serve training and this export.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::chunks::{ranges, split_rows_mut};
use crate::data::csr::CsrRef;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::params::Solver;
use crate::train::{plan, ridge_row, RowScratch};

/// What a batched solve observed (diagnostics, not results).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveReport {
    /// Distinct rayon worker threads that solved at least one row.
    pub threads_used: u32,
}

/// Batched ridge solve over every row of `csr`: row r regresses its values
/// `y_j` on the rows `v_j = other[j]`, with `reg = tau`. Rows are
/// independent, so the result is bitwise the same on any thread count.
pub fn ridge_solve_rows(
    csr: &CsrRef,
    other: &Factors,
    lambda: f32,
    tau: f32,
    out: &mut Factors,
) -> Result<SolveReport> {
    check_ridge_args(csr, other, lambda, tau, out)?;
    let used = AtomicU64::new(0);
    let (k, stride) = (other.k(), other.stride());
    let bounds = plan(*csr, k, Solver::Cholesky);
    let pieces = split_rows_mut(out.as_mut_slice(), &bounds, stride);
    pieces
        .into_par_iter()
        .zip(ranges(&bounds).collect::<Vec<_>>())
        .try_for_each_init(
            || RowScratch::new(k),
            |sc, (piece, rows)| {
                let t = rayon::current_thread_index().unwrap_or(0) % 64;
                used.fetch_or(1 << t, Ordering::Relaxed);
                for r in rows.clone() {
                    let x = &mut piece[(r - rows.start) * stride..(r - rows.start + 1) * stride];
                    ridge_row(csr, other, r, lambda, tau, x, sc)
                        .map_err(|_| Error::SolveFailed { side: "row", index: r })?;
                }
                Ok(())
            },
        )?;
    Ok(SolveReport {
        threads_used: used.load(Ordering::Relaxed).count_ones(),
    })
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
        return Err(Error::LengthMismatch {
            what: "output factor width",
            expected: other.k(),
            actual: out.k(),
        });
    }
    if out.rows() != csr.rows() {
        return Err(Error::LengthMismatch {
            what: "output rows",
            expected: csr.rows(),
            actual: out.rows(),
        });
    }
    csr.validate(other.rows())
}
