//! An implicit half step over every row of one side, in parallel: the
//! shared Gram matrix of the other side once, then the rows in the same
//! data-only ranges as the explicit step (`step::plan`), each range owning
//! its slice of the output, so results are bitwise the same on any thread
//! count.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::gram::gram;
use super::row::{solve_row, IalsScratch, SideInputs};
use crate::chunks::{ranges, split_rows_mut};
use crate::data::csr::CsrRef;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::params::{AlsParams, Solver};
use crate::train::step::{row_error, StepSite};

/// Update every factor row `own_f` of one side from the other side's
/// factors `other_f` (the model's `implicit` parameters must be set).
pub(crate) fn solve_side(
    csr: CsrRef,
    other_f: &Factors,
    own_f: &mut Factors,
    bounds: &[usize],
    params: &AlsParams,
    cancel: Option<&AtomicBool>,
    site: &StepSite,
) -> Result<()> {
    let Some(imp) = params.feedback.implicit() else {
        return Err(Error::param("feedback", "explicit", "implicit for the implicit step"));
    };
    let g = gram(other_f);
    let inp = SideInputs {
        csr,
        other_f,
        gram: &g,
        imp,
        lambda: params.reg_factors(),
        steps: cg_steps(params),
    };
    let (k, stride) = (own_f.k(), own_f.stride());
    let work: Vec<_> = split_rows_mut(own_f.as_mut_slice(), bounds, stride)
        .into_iter()
        .zip(ranges(bounds))
        .collect();
    work.into_par_iter()
        .map_init(
            || IalsScratch::new(k),
            |sc, (pf, rows)| {
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    return Err(Error::Cancelled);
                }
                let start = rows.start;
                for r in rows {
                    let x = &mut pf[(r - start) * stride..(r - start + 1) * stride];
                    solve_row(&inp, r, x, sc).map_err(|e| row_error(e, r, site))?;
                }
                Ok(())
            },
        )
        .collect::<Result<Vec<()>>>()
        .map(|_| ())
}

/// CG steps per row: the solver's; for the exact solver, K steps from the
/// warm start (exact in exact arithmetic), since the implicit step has no
/// Cholesky path.
fn cg_steps(params: &AlsParams) -> usize {
    match params.solver {
        Solver::Cg { steps } => steps as usize,
        Solver::Cholesky => params.k.max(1),
    }
}
