//! Ratings in the layouts training needs: COO triples as they arrive, the
//! compressed-row layout (`csr`) with one-byte coded values (`values`,
//! coded by `value_codes`), the dual user-CSR / item-CSC layout built from
//! them once (the storage of a ratings set: the triples are not kept),
//! raw-id ↔ dense-index maps (`ids`), seeded train/test
//! splits (`split`), a ratings set with its id maps (`Ratings`), and the
//! item→genre table of the hierarchical prior.

mod build;
mod coo;
pub mod csr;
mod dataset;
mod genres;
pub mod ids;
mod merge_in_place;
pub mod order;
mod parts;
mod ratings;
mod row_sort;
mod select;
pub mod split;
mod transpose;
mod value_codes;
mod values;

pub use coo::{Coo, CooRef};
pub use dataset::Dataset;
pub use genres::ItemGenres;
pub use ratings::Ratings;
pub use values::Values;
