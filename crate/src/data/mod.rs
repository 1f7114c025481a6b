//! Ratings in the layouts training needs: COO triples as they arrive, the
//! dual user-CSR / item-CSC layout built from them once, a ratings set with
//! its id maps (`Ratings`), and the item→genre table of the hierarchical prior.

mod build;
mod coo;
mod dataset;
mod genres;
pub mod order;
mod ratings;

pub use coo::{Coo, CooRef};
pub use dataset::Dataset;
pub use genres::ItemGenres;
pub use ratings::Ratings;
