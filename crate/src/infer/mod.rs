//! Using a trained model: fold-in of new users, top-N scoring, similar
//! items, score explanations and views of the item space.

mod batch;
mod cold_start;
mod explain;
mod explore;
mod fold_in;
mod implicit_user;
mod topn;
mod uncertainty;

pub use cold_start::{ColdStart, RawIds};
pub use explain::{Contribution, Explanation};
pub use explore::{ItemMap, MapMethod, Polarizing};
pub use fold_in::FoldIn;
pub(crate) use implicit_user::check_events;
pub use implicit_user::ItemGram;
pub(crate) use topn::top_n;
pub use topn::{RecommendOptions, Scored};
