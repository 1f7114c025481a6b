//! Predictions with their uncertainty from a Bayesian model's posterior
//! summaries (`posterior`): the predictive standard deviation of known
//! pairs and of a folded-in new user.

use crate::error::{Error, Result};
use crate::infer::FoldIn;
use crate::model::Model;
use crate::posterior::Posterior;
use crate::train::bayes::fold_in_posterior;

impl Model {
    /// The posterior summaries of a Bayesian model (`None` for ALS).
    pub fn posterior(&self) -> Option<&Posterior> {
        self.posterior.as_ref()
    }

    /// The same model with posterior summaries attached (shapes checked).
    pub fn with_posterior(mut self, posterior: Posterior) -> Result<Model> {
        posterior.check(self.n_users(), self.n_items(), self.k())?;
        self.posterior = Some(posterior);
        Ok(self)
    }

    /// Posterior predictive standard deviation of the rating of user `u`
    /// for item `i` (module docs); `None` for a model trained by ALS.
    pub fn predict_std(&self, u: u32, i: u32) -> Result<Option<f32>> {
        self.check_user(u)?;
        self.check_item(i)?;
        Ok(self.posterior.as_ref().map(|p| self.std_at(p, u as usize, i as usize)))
    }

    /// `predict_std` for pairs `(users[e], items[e])`.
    pub fn predict_std_batch(&self, users: &[u32], items: &[u32]) -> Result<Option<Vec<f32>>> {
        if users.len() != items.len() {
            return Err(Error::LengthMismatch {
                what: "items (one per user)",
                expected: users.len(),
                actual: items.len(),
            });
        }
        let Some(post) = self.posterior.as_ref() else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(users.len());
        for (&u, &i) in users.iter().zip(items) {
            self.check_user(u)?;
            self.check_item(i)?;
            out.push(self.std_at(post, u as usize, i as usize));
        }
        Ok(Some(out))
    }

    /// A new user's posterior under a Bayesian model (`None` for ALS): the
    /// folded-in bias and factors (posterior means) and their variances
    /// (`K + 1`: bias first), for `std_for_new_user`.
    pub fn fold_in_posterior(&self, items: &[u32], ratings: &[f32]) -> Result<Option<(FoldIn, Vec<f32>)>> {
        let Some(post) = self.posterior.as_ref() else {
            return Ok(None);
        };
        self.check_fold_in(items, ratings, 1)?;
        fold_in_posterior(self, post, items, ratings).map(Some)
    }

    /// Predicted rating and its posterior predictive standard deviation for
    /// a folded-in user (`fold_in_posterior`) and item `i`.
    pub fn predict_new_user(&self, fold: &FoldIn, var: &[f32], i: u32) -> Result<(f32, f32)> {
        self.check_item(i)?;
        let post = self
            .posterior
            .as_ref()
            .ok_or_else(|| Error::param("model", "trained by ALS", "a Bayesian model"))?;
        let (k, i) = (self.k(), i as usize);
        if fold.factors.len() != k || var.len() != k + 1 {
            return Err(Error::LengthMismatch {
                what: "folded-in factors and variances",
                expected: 2 * k + 1,
                actual: fold.factors.len() + var.len(),
            });
        }
        let mean = self.mu + fold.bias + self.item_bias[i] + dot_k(&fold.factors, &self.q.row(i)[..k]);
        Ok((mean, self.std_with(post, &fold.factors, var, i)))
    }

    /// The predictive standard deviation given the user's coordinate
    /// variances `vu` (`K + 1`: bias, then factors) and factor means `pu`.
    pub(crate) fn std_with(&self, post: &Posterior, pu: &[f32], vu: &[f32], i: usize) -> f32 {
        let k = self.k();
        let vi = &post.item_var[i * (k + 1)..(i + 1) * (k + 1)];
        let qi = self.q.row(i);
        let mut var = post.noise_var as f64 + vu[0] as f64 + vi[0] as f64;
        for f in 0..k {
            let (mp, mq, vp, vq) = (pu[f] as f64, qi[f] as f64, vu[f + 1] as f64, vi[f + 1] as f64);
            var += mp * mp * vq + mq * mq * vp + vp * vq;
        }
        var.sqrt() as f32
    }

    fn std_at(&self, post: &Posterior, u: usize, i: usize) -> f32 {
        let k = self.k();
        let vu = &post.user_var[u * (k + 1)..(u + 1) * (k + 1)];
        self.std_with(post, self.p.row(u), vu, i)
    }
}

fn dot_k(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
