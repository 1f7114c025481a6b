//! Beyond recommendation: residual-based detection of shared accounts and
//! shilling profiles, and a seeded injection harness to measure it.
//!
//! - `residuals`: per-user statistics of a trained model's residuals and the
//!   classic profile features of the shilling literature (RDMA, deviation
//!   from item means, extreme ratings, popularity of the rated items);
//! - `two_taste`: does a profile fit much better with two factor vectors?
//! - `community`: do the rated items split into two groups that other
//!   users rarely rate together?
//! - `items`: items with unusually many extreme ratings from suspicious or
//!   low-history profiles;
//! - `score`: robust standardisation, the `shilling` and `shared` scores,
//!   rankings and explanations;
//! - `inject`: random / average / bandwagon / segment attacks (Mobasher et
//!   al. 2007); `shared`: shared accounts made by merging two users;
//! - `eval`: ROC AUC, precision@k, recall@k;
//! - `experiment`: fit, inject, refit, detect, measure (prediction shift
//!   with and without the flagged profiles).

mod community;
mod eval;
mod experiment;
mod inject;
mod injected;
mod items;
mod residuals;
mod score;
mod shared;
mod two_taste;

pub use community::{communities, Community};
pub use eval::{precision_recall_at_k, roc_auc};
pub use experiment::{run_experiment, ExperimentOptions, ExperimentResult, PredictionShift};
pub use inject::{inject, Attack, InjectOptions, Intent};
pub use injected::{Injected, UserSource};
pub use items::{item_anomalies, ItemAnomaly};
pub use residuals::{user_stats, RatingScale, UserStats};
pub use score::{
    detect, explain_user, robust_z, z_by_length, DetectOptions, Detector, IntegrityReport, RatingContribution, Taste,
    UserExplanation,
};
pub use two_taste::{two_taste, TwoTaste};
