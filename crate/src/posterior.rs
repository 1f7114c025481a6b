//! What a Bayesian model (`train::bayes`) keeps beyond its posterior-mean
//! factors: the posterior variance of every bias and factor coordinate and
//! the posterior mean of the noise variance, so that it can give the
//! posterior predictive standard deviation of any prediction.
//!
//! The variances are per coordinate (mean field): the predictive variance of
//! `mu + b_u + b_i + p_u·q_i` is taken with the user's and the item's
//! coordinates independent,
//!
//! ```text
//! var = σ² + v(b_u) + v(b_i) + Σ_f ( m(p_uf)² v(q_if) + m(q_if)² v(p_uf) + v(p_uf) v(q_if) )
//! ```
//!
//! which is exact for independent coordinates and keeps the file at twice
//! the size of an ALS model (a full K×K covariance per row would be K/2
//! times larger). The sampled noise `σ²` dominates on rating data.

use crate::error::{Error, Result};

/// Posterior summaries of a Bayesian model.
#[derive(Clone, Debug, PartialEq)]
pub struct Posterior {
    /// Kept samples the summaries average over.
    pub samples: u32,
    /// Sweeps discarded before the first kept one.
    pub burn_in: u32,
    /// Posterior mean of the noise variance `1/alpha`.
    pub noise_var: f32,
    /// Posterior means of the user bias precision and of the K user factor
    /// precisions: the prior of a new user's fold-in.
    pub user_bias_prec: f32,
    pub user_prec: Vec<f32>,
    /// Per user: variance of `b_u`, then of `p_u1 … p_uK` (`K + 1` values).
    pub user_var: Vec<f32>,
    /// Per item: variance of `b_i`, then of `q_i1 … q_iK`.
    pub item_var: Vec<f32>,
}

impl Posterior {
    /// Check the shapes against `(users, items, k)` and every value finite and ≥ 0.
    pub fn check(&self, n_users: usize, n_items: usize, k: usize) -> Result<()> {
        for (what, expected, actual) in [
            ("user factor precisions", k, self.user_prec.len()),
            ("user posterior variances", n_users * (k + 1), self.user_var.len()),
            ("item posterior variances", n_items * (k + 1), self.item_var.len()),
        ] {
            if expected != actual {
                return Err(Error::LengthMismatch { what, expected, actual });
            }
        }
        let ok = |v: f32| v.is_finite() && v >= 0.0;
        if !ok(self.noise_var) || !self.user_var.iter().chain(&self.item_var).all(|&v| ok(v)) {
            return Err(Error::Format {
                reason: "posterior variances must be finite and >= 0".into(),
            });
        }
        let positive = |v: f32| v.is_finite() && v > 0.0;
        if !positive(self.user_bias_prec) || !self.user_prec.iter().all(|&v| positive(v)) {
            return Err(Error::Format {
                reason: "posterior precisions must be finite and > 0".into(),
            });
        }
        Ok(())
    }
}
