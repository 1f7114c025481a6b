//! Training by alternating least squares, exactly as docs/model.md writes it.
//!
//! - `kernel`: the tiled Gram kernel (the hot loop);
//! - `cholesky`: the vectorizable f64 K×K solve;
//! - `cg`: the warm-started conjugate-gradient iteration, and `cg_products`:
//!   its products with `Vᵀ V` taken from the gathered rows;
//! - `row`: one row's bias and factor update, fused into one pass over the
//!   rows `gather` copies: by `row_cg` (the default) or exactly (`system`);
//!   `row_scratch`: what every row update shares (inputs, scratch, errors);
//! - `step`: a half step over all rows of a side, in parallel;
//! - `prior`: the hierarchical genre prior and the genre step;
//! - `init`: seeded initial factors;
//! - `trainer`: the state and its steps; `fit`: the epoch loop;
//! - `bayes`: Bayesian ALS, the Gibbs sampler on the same row kernels.

pub mod bayes;
mod cg;
mod cg_products;
pub(crate) mod cholesky;
mod fit;
mod gather;
pub(crate) mod ials;
mod init;
mod kernel;
mod prior;
mod row;
mod row_cg;
mod row_scratch;
mod step;
mod system;
mod trainer;

pub use fit::{fit, EarlyStop, EpochStats, EpochTimings, FitOptions, FitResult, Stop};
pub use init::INIT_STD;
pub use trainer::{EpochRun, Trainer};

pub(crate) use row::{ridge_row, solve_row};
pub(crate) use row_scratch::{RowError, RowInputs, RowScratch};
pub(crate) use step::plan;
