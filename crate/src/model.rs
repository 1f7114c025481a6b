//! A trained model: `r̂_ui = mu + b_u + b_i + p_u · q_i`. Immutable once
//! published by training (or rebuilt from parts by a loader).
//!
//! Rows without training ratings are well defined by training itself: such a
//! user has `b_u = 0, p_u = 0`, such an item `b_i = 0, q_i = prior_i` (the
//! genre prior, 0 in the plain model), so `predict` needs no special case:
//! an unseen item scores `mu + b_u + p_u · prior_i`.

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::params::AlsParams;
use crate::posterior::Posterior;
use crate::simd::dot;

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub(crate) params: AlsParams,
    pub(crate) mu: f32,
    pub(crate) user_bias: Vec<f32>,
    pub(crate) item_bias: Vec<f32>,
    pub(crate) p: Factors,
    pub(crate) q: Factors,
    /// Genre embeddings `w_g` and item priors (hierarchical model only).
    pub(crate) genre: Option<GenreFactors>,
    pub(crate) user_counts: Vec<u32>,
    pub(crate) item_counts: Vec<u32>,
    /// Posterior summaries (Bayesian models only, `crate::posterior`).
    pub(crate) posterior: Option<Posterior>,
}

/// The hierarchical part: `w_g` per genre and `prior_i` per item.
#[derive(Clone, Debug, PartialEq)]
pub struct GenreFactors {
    pub w: Factors,
    pub prior: Factors,
}

/// Everything a model is made of, for loaders (`Model::from_parts`).
#[derive(Clone, Debug, PartialEq)]
pub struct ModelParts {
    pub params: AlsParams,
    pub mu: f32,
    pub user_bias: Vec<f32>,
    pub item_bias: Vec<f32>,
    pub p: Factors,
    pub q: Factors,
    pub genre: Option<GenreFactors>,
    pub user_counts: Vec<u32>,
    pub item_counts: Vec<u32>,
}

fn check_parts(parts: &ModelParts) -> Result<()> {
    let k = parts.params.k;
    let (nu, ni) = (parts.user_bias.len(), parts.item_bias.len());
    let shapes = [
        ("user factor rows", nu, parts.p.rows()),
        ("item factor rows", ni, parts.q.rows()),
        ("user factor width", k, parts.p.k()),
        ("item factor width", k, parts.q.k()),
        ("user counts", nu, parts.user_counts.len()),
        ("item counts", ni, parts.item_counts.len()),
    ];
    for (what, expected, actual) in shapes {
        if expected != actual {
            return Err(Error::LengthMismatch { what, expected, actual });
        }
    }
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    let all = [
        &parts.user_bias[..],
        &parts.item_bias,
        parts.p.as_slice(),
        parts.q.as_slice(),
    ];
    if !parts.mu.is_finite() || !all.iter().all(|v| finite(v)) {
        return Err(Error::Format {
            reason: "non-finite model values".into(),
        });
    }
    Ok(())
}

impl Model {
    /// Check shapes and finiteness, then wrap.
    pub fn from_parts(parts: ModelParts) -> Result<Model> {
        check_parts(&parts)?;
        let ModelParts {
            params,
            mu,
            user_bias,
            item_bias,
            p,
            q,
            genre,
            user_counts,
            item_counts,
        } = parts;
        Ok(Model {
            params,
            mu,
            user_bias,
            item_bias,
            p,
            q,
            genre,
            user_counts,
            item_counts,
            posterior: None,
        })
    }

    /// A copy of everything, for savers.
    pub fn to_parts(&self) -> ModelParts {
        let m = self.clone();
        ModelParts {
            params: m.params,
            mu: m.mu,
            user_bias: m.user_bias,
            item_bias: m.item_bias,
            p: m.p,
            q: m.q,
            genre: m.genre,
            user_counts: m.user_counts,
            item_counts: m.item_counts,
        }
    }

    pub fn params(&self) -> &AlsParams {
        &self.params
    }
    pub fn k(&self) -> usize {
        self.params.k
    }
    pub fn mu(&self) -> f32 {
        self.mu
    }
    pub fn n_users(&self) -> usize {
        self.user_bias.len()
    }
    pub fn n_items(&self) -> usize {
        self.item_bias.len()
    }
    pub fn user_bias(&self) -> &[f32] {
        &self.user_bias
    }
    pub fn item_bias(&self) -> &[f32] {
        &self.item_bias
    }
    /// User factors (padded rows, see `Factors`).
    pub fn user_factors(&self) -> &Factors {
        &self.p
    }
    pub fn item_factors(&self) -> &Factors {
        &self.q
    }
    pub fn genre(&self) -> Option<&GenreFactors> {
        self.genre.as_ref()
    }
    /// Training ratings per user / per item.
    pub fn user_counts(&self) -> &[u32] {
        &self.user_counts
    }
    pub fn item_counts(&self) -> &[u32] {
        &self.item_counts
    }

    /// Take the training counts from `train` (in this model's dense order):
    /// for a model rebuilt from factors (e.g. a Spark import) whose training
    /// ratings are supplied afterwards.
    pub fn set_counts_from(&mut self, train: &Dataset) -> Result<()> {
        if train.n_users() != self.n_users() || train.n_items() != self.n_items() {
            return Err(Error::LengthMismatch {
                what: "training ratings (users × items of the model)",
                expected: self.n_users() * self.n_items(),
                actual: train.n_users() * train.n_items(),
            });
        }
        self.user_counts = train.user_counts();
        self.item_counts = train.item_counts();
        Ok(())
    }

    /// `mu + b_u + b_i + p_u · q_i`, no bounds checks beyond the slices'.
    #[inline]
    pub(crate) fn score(&self, u: usize, i: usize) -> f32 {
        self.mu + self.user_bias[u] + self.item_bias[i] + dot(self.p.row(u), self.q.row(i))
    }

    /// Predicted rating of dense user `u` for dense item `i`.
    pub fn predict(&self, u: u32, i: u32) -> Result<f32> {
        self.check_user(u)?;
        self.check_item(i)?;
        Ok(self.score(u as usize, i as usize))
    }

    /// Predictions for pairs `(users[e], items[e])`.
    pub fn predict_batch(&self, users: &[u32], items: &[u32]) -> Result<Vec<f32>> {
        if users.len() != items.len() {
            return Err(Error::LengthMismatch {
                what: "items (one per user)",
                expected: users.len(),
                actual: items.len(),
            });
        }
        users.iter().zip(items).map(|(&u, &i)| self.predict(u, i)).collect()
    }

    pub(crate) fn check_user(&self, u: u32) -> Result<()> {
        if (u as usize) < self.n_users() {
            Ok(())
        } else {
            Err(Error::IndexOutOfRange {
                what: "user",
                index: u as usize,
                len: self.n_users(),
            })
        }
    }

    pub(crate) fn check_item(&self, i: u32) -> Result<()> {
        if (i as usize) < self.n_items() {
            Ok(())
        } else {
            Err(Error::IndexOutOfRange {
                what: "item",
                index: i as usize,
                len: self.n_items(),
            })
        }
    }
}
