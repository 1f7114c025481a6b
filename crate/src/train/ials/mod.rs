//! Training on implicit feedback (the loss in `feedback.rs`): alternating
//! steps in which every row solves its weighted ridge system by a few
//! conjugate-gradient steps warm-started from its current factor, with the
//! shared Gram matrix of the other side computed once per half step.
//!
//! - `gram`: the deterministic `Yᵀ Y`;
//! - `row`: one row's CG solve;
//! - `step`: all rows of a side, in parallel.
//!
//! The crate's `tests/implicit.rs` checks recovery of a planted model and
//! bitwise-identical results on 1, 2 and 8 threads.

mod gram;
mod row;
mod step;

pub(crate) use gram::gram;
pub(crate) use step::solve_side;
