//! Ratings in the layouts training needs: COO triples as they arrive, the
//! compressed-row layout (`csr`), the dual user-CSR / item-CSC layout built
//! from them once, raw-id ↔ dense-index maps (`ids`), seeded train/test
//! splits (`split`), a ratings set with its id maps (`Ratings`), and the
//! item→genre table of the hierarchical prior.

mod build;
mod coo;
pub mod csr;
mod dataset;
mod genres;
pub mod ids;
pub mod order;
mod ratings;
pub mod split;

pub use coo::{Coo, CooRef};
pub use dataset::Dataset;
pub use genres::ItemGenres;
pub use ratings::Ratings;
