//! Using a trained model: fold-in of new users, top-N scoring, similar items.

mod fold_in;
mod topn;

pub use fold_in::FoldIn;
pub use topn::{RecommendOptions, Scored};
