//! Evaluation that ranking people use: per-user holdouts and top-k metrics
//! over held-out items, computed in parallel with results that do not depend
//! on the thread count.
//!
//! - `holdout`: per-user splits by time (the last events of each user);
//!   random per-user splits are `split::SplitStrategy::PerUser`;
//! - `lists`: top-N lists for many users, leaving out each user's seen items;
//! - `metrics`: Precision, Recall, NDCG, MAP and coverage at k;
//! - `new_users`: the same for users folded in from part of their events
//!   (strong generalization).

mod holdout;
mod lists;
mod metrics;
mod new_users;

pub use holdout::last_by_time_mask;
pub use lists::recommend_many;
pub use metrics::{evaluate_ranking, RankingMetrics};
pub use new_users::evaluate_new_users;
