//! A half step over every row of one side, in parallel. Rows are cut into
//! ranges of balanced cost that depend only on the data; each range owns its
//! slice of the output, so every row is computed by the same code in the
//! same order on any thread count (bitwise-identical results).

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::row::solve_row;
use super::row_scratch::{RowError, RowInputs, RowScratch};
use crate::chunks::{balanced_bounds, ranges, split_rows_mut};
use crate::data::csr::CsrRef;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::params::Solver;

/// Ranges per side: enough to balance a heavy-tailed degree distribution
/// over a few threads, few enough that scheduling costs nothing.
const CHUNKS: usize = 512;

/// Range boundaries for the rows of `csr` at rank `k`, by the estimated
/// cost of `solver`: the exact solve pays K³/6 per row for the factorization
/// and K²/2 per rating for the Gram matrix; CG pays (4·steps + 2)·K per
/// rating and ~10·K per row and step, so its rows cost in proportion to
/// their length.
pub fn plan(csr: CsrRef, k: usize, solver: Solver) -> Vec<usize> {
    let k = k as u64;
    let (row_cost, entry_cost) = match solver {
        Solver::Cholesky => (64 + k * k * k / 6 + k * k, 8 + k * k / 2 + 4 * k),
        Solver::Cg { steps } => {
            let steps = steps as u64;
            (64 + 10 * k * steps, 8 + (4 * steps + 2) * k)
        }
    };
    balanced_bounds(csr.indptr, row_cost, entry_cost, CHUNKS)
}

/// Where a step's failure is reported.
pub struct StepSite {
    pub stage: &'static str,
    pub side: &'static str,
    pub epoch: usize,
}

/// Update all biases `own_b` and factors `own_f` of one side. With `score`,
/// also returns `(Σ e², Σ |e|)` of the residuals under the updated rows,
/// summed per range and then in range order (the same on any thread count).
pub(crate) fn solve_side(
    inp: &RowInputs,
    bounds: &[usize],
    own_f: &mut Factors,
    own_b: &mut [f32],
    cancel: Option<&AtomicBool>,
    site: &StepSite,
    score: bool,
) -> Result<(f64, f64)> {
    update_side(inp, bounds, own_f, own_b, cancel, site, score, solve_row)
}

/// `solve_side` with another update of each row: `row(inp, r, x, b, scratch)`
/// (the Gibbs sampler's draw). It must add the row's residuals to a scoring
/// scratch's `fit`, as `solve_row` does.
#[allow(clippy::too_many_arguments)]
pub(crate) fn update_side<F>(
    inp: &RowInputs,
    bounds: &[usize],
    own_f: &mut Factors,
    own_b: &mut [f32],
    cancel: Option<&AtomicBool>,
    site: &StepSite,
    score: bool,
    row: F,
) -> Result<(f64, f64)>
where
    F: Fn(&RowInputs, usize, &mut [f32], &mut f32, &mut RowScratch) -> std::result::Result<(), RowError> + Sync,
{
    let (k, stride) = (own_f.k(), own_f.stride());
    let pieces_f = split_rows_mut(own_f.as_mut_slice(), bounds, stride);
    let pieces_b = split_rows_mut(own_b, bounds, 1);
    let work: Vec<_> = pieces_f.into_iter().zip(pieces_b).zip(ranges(bounds)).collect();
    let scratch = || {
        if score {
            RowScratch::scoring(k)
        } else {
            RowScratch::new(k)
        }
    };
    let results: Vec<Result<(f64, f64)>> = work
        .into_par_iter()
        .map_init(scratch, |sc, ((pf, pb), rows)| {
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Err(Error::Cancelled);
            }
            sc.fit = (0.0, 0.0);
            let start = rows.start;
            for r in rows {
                let x = &mut pf[(r - start) * stride..(r - start + 1) * stride];
                row(inp, r, x, &mut pb[r - start], sc).map_err(|e| row_error(e, r, site))?;
            }
            Ok(sc.fit)
        })
        .collect();
    results
        .into_iter()
        .try_fold((0.0, 0.0), |acc, r| r.map(|(sse, sae)| (acc.0 + sse, acc.1 + sae)))
}

pub(crate) fn row_error(e: RowError, index: usize, site: &StepSite) -> Error {
    match e {
        RowError::NonFinite => Error::NonFinite {
            stage: site.stage,
            epoch: site.epoch,
            index,
        },
        RowError::SolveFailed => Error::SolveFailed { side: site.side, index },
    }
}
