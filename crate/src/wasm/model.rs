//! A trained model as JS sees it: raw ids in and out, dense indices inside.

use std::borrow::Cow;
use std::rc::Rc;

use js_sys::{Float32Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::{object, params_to_js};
use super::ratings::CoreRatings;
use crate::data::ids::IdMap;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::format::Provenance;
use crate::infer::{ColdStart, Explanation, MapMethod, RawIds, RecommendOptions, Scored};
use crate::metrics::evaluate_coo;
use crate::model::Model;
use crate::posterior::Posterior;

#[wasm_bindgen]
pub struct CoreModel {
    pub(crate) model: Model,
    pub(crate) users: Rc<IdMap>,
    pub(crate) items: Rc<IdMap>,
    /// The training ratings, to exclude and explain a user's rated items.
    pub(crate) train: Option<Rc<Dataset>>,
    /// Labels of the genre embeddings, when read from a model file.
    pub(crate) genre_labels: Vec<String>,
    /// The split and data set it was trained from (`SPLT`), when known.
    pub(crate) provenance: Option<Provenance>,
}

impl CoreModel {
    pub(crate) fn new(model: Model, users: Rc<IdMap>, items: Rc<IdMap>, train: Option<Rc<Dataset>>) -> Self {
        CoreModel {
            model,
            users,
            items,
            train,
            genre_labels: Vec::new(),
            provenance: None,
        }
    }

    fn user(&self, raw: u32) -> Result<u32> {
        self.users.dense("userId", raw)
    }

    fn item(&self, raw: u32) -> Result<u32> {
        self.items.dense("movieId", raw)
    }

    fn raw_ids(&self) -> RawIds<'_> {
        RawIds {
            users: &self.users,
            items: &self.items,
        }
    }

    /// Dense items the training user `u` rated (empty without training data).
    pub(crate) fn rated(&self, u: u32) -> &[u32] {
        self.train.as_ref().map_or(&[], |t| {
            let csr = t.by_user();
            &csr.indices[csr.range(u as usize)]
        })
    }

    /// The training user `u`'s rated items and ratings (empty without training data).
    fn rated_with_ratings(&self, u: u32) -> (&[u32], Cow<'_, [f32]>) {
        self.train.as_ref().map_or((&[], Cow::Borrowed(&[])), |t| {
            let csr = t.by_user();
            let r = csr.range(u as usize);
            (&csr.indices[r.clone()], csr.row_values(u as usize))
        })
    }

    /// `{ items, scores }` with `map`'s raw ids (items, or users for similar users).
    pub(super) fn scored_to_js(&self, list: &[Scored], map: &IdMap) -> JsValue {
        let items: Vec<u32> = list.iter().map(|s| map.raw(s.item)).collect();
        let scores: Vec<f32> = list.iter().map(|s| s.score).collect();
        object(&[
            ("items", Uint32Array::from(&items[..]).into()),
            ("scores", Float32Array::from(&scores[..]).into()),
        ])
    }
}

#[wasm_bindgen]
impl CoreModel {
    /// Parameters and sizes: `{ params, mu, userCount, itemCount, listMinRatings, … }`.
    pub fn info(&self) -> JsValue {
        object(&[
            ("params", params_to_js(self.model.params())),
            ("mu", (self.model.mu() as f64).into()),
            ("userCount", (self.model.n_users() as f64).into()),
            ("itemCount", (self.model.n_items() as f64).into()),
            ("hasTrainingRatings", self.train.is_some().into()),
            (
                "listMinRatings",
                (self.model.default_list_options().min_ratings as f64).into(),
            ),
            ("posterior", posterior_to_js(self.model.posterior())),
        ])
    }

    /// Posterior predictive standard deviations of a Bayesian model for raw
    /// `(userId, movieId)` pairs (`posterior::Posterior`); a pair with an
    /// unknown id is an UNKNOWN_ID error, or NaN under `unknown` `"nan"` or
    /// `"baseline"`. A model trained by ALS has none: INVALID_PARAM.
    #[wasm_bindgen(js_name = predictStd)]
    pub fn predict_std(&self, users: &[u32], items: &[u32], unknown: &str) -> Result<Vec<f32>> {
        self.model
            .predict_std_raw(&self.raw_ids(), users, items, cold_start(unknown)?)?
            .ok_or_else(|| Error::param("model", "trained by ALS", "a Bayesian model (method: 'bayes')"))
    }

    /// Predictions for raw `(userId, movieId)` pairs. An id absent from
    /// training is an UNKNOWN_ID error, unless `unknown` is `"nan"` (NaN) or
    /// `"baseline"` (mu plus whatever biases are known).
    pub fn predict(&self, users: &[u32], items: &[u32], unknown: &str) -> Result<Vec<f32>> {
        self.model
            .predict_raw(&self.raw_ids(), users, items, cold_start(unknown)?)
    }

    /// RMSE and MAE on `ratings`, matched to this model by raw ids; pairs
    /// with a user or movie the model never saw are counted in `skipped`.
    pub fn evaluate(&self, ratings: &CoreRatings) -> Result<JsValue> {
        let (coo, skipped) = ratings.reindex_like_ids(&self.users, &self.items);
        let metrics = evaluate_coo(&self.model, coo.view())?;
        Ok(object(&[
            ("rmse", metrics.rmse.into()),
            ("mae", metrics.mae.into()),
            ("count", (metrics.count as f64).into()),
            ("skipped", (skipped as f64).into()),
        ]))
    }

    /// Top `n` movies for training user `user` (`{ items, scores }`), by the
    /// score `mu + q·p + biasWeight b_i` (the reference implementation's weight is 0.05; 1 ranks
    /// by predicted rating, as Spark does); rated movies excluded if asked.
    pub fn recommend(
        &self,
        user: u32,
        n: usize,
        filter_rated: bool,
        min_ratings: u32,
        bias_weight: f32,
    ) -> Result<JsValue> {
        let u = self.user(user)?;
        let exclude = if filter_rated { self.rated(u) } else { &[] };
        if !bias_weight.is_finite() {
            return Err(Error::param("biasWeight", bias_weight, "a finite number"));
        }
        let opts = RecommendOptions {
            n,
            min_ratings,
            exclude,
            bias_weight,
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.recommend_user(u, &opts)?, &self.items))
    }

    /// Fold in a new user from raw `(movieId, rating)` pairs: `{ bias, factors }`.
    #[wasm_bindgen(js_name = foldIn)]
    pub fn fold_in(&self, items: &[u32], ratings: &[f32]) -> Result<JsValue> {
        let dense: Vec<u32> = items.iter().map(|&i| self.item(i)).collect::<Result<_>>()?;
        // A Bayesian model folds in by its posterior (the ± shown with the list).
        let f = match self.model.fold_in_posterior(&dense, ratings)? {
            Some((f, _)) => f,
            None => self.model.fold_in_user(&dense, ratings, 1)?,
        };
        Ok(object(&[
            ("bias", (f.bias as f64).into()),
            ("factors", Float32Array::from(&f.factors[..]).into()),
        ]))
    }

    /// Recommendations for a new user who rated `items` (raw) with `ratings`:
    /// fold-in, then the top `n` unrated movies with at least `minRatings` ratings.
    #[wasm_bindgen(js_name = recommendNew)]
    pub fn recommend_new(&self, items: &[u32], ratings: &[f32], n: usize, min_ratings: u32) -> Result<JsValue> {
        let dense: Vec<u32> = items.iter().map(|&i| self.item(i)).collect::<Result<_>>()?;
        let opts = RecommendOptions {
            n,
            min_ratings,
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.recommend_new_user(&dense, ratings, &opts)?, &self.items))
    }

    /// A Bayesian model's predicted ratings and posterior predictive standard
    /// deviations of movies `targets` for someone new who rated `items` with
    /// `ratings`: `{ mean, std }`. INVALID_PARAM for a model trained by ALS.
    #[wasm_bindgen(js_name = predictNewUser)]
    pub fn predict_new_user(&self, items: &[u32], ratings: &[f32], targets: &[u32]) -> Result<JsValue> {
        let dense: Vec<u32> = items.iter().map(|&i| self.item(i)).collect::<Result<_>>()?;
        let Some((f, var)) = self.model.fold_in_posterior(&dense, ratings)? else {
            return Err(Error::param(
                "model",
                "trained by ALS",
                "a Bayesian model (method: 'bayes')",
            ));
        };
        let (mut mean, mut std) = (Vec::with_capacity(targets.len()), Vec::with_capacity(targets.len()));
        for &t in targets {
            let (m, s) = self.model.predict_new_user(&f, &var, self.item(t)?)?;
            mean.push(m);
            std.push(s);
        }
        Ok(object(&[
            ("mean", Float32Array::from(&mean[..]).into()),
            ("std", Float32Array::from(&std[..]).into()),
        ]))
    }

    /// The `n` movies whose factors have the largest cosine with `item`'s.
    #[wasm_bindgen(js_name = similarItems)]
    pub fn similar_items(&self, item: u32, n: usize, min_ratings: u32) -> Result<JsValue> {
        let i = self.item(item)?;
        let opts = RecommendOptions {
            n,
            min_ratings,
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.similar_items(i, &opts)?, &self.items))
    }

    /// Raw movie ids in the model's item order.
    #[wasm_bindgen(js_name = itemIds)]
    pub fn item_ids(&self) -> Vec<u32> {
        self.items.raw_ids().to_vec()
    }

    /// Raw user ids in the model's user order.
    #[wasm_bindgen(js_name = userIds)]
    pub fn user_ids(&self) -> Vec<u32> {
        self.users.raw_ids().to_vec()
    }

    /// Training ratings per movie, in `itemIds` order.
    #[wasm_bindgen(js_name = itemCounts)]
    pub fn item_counts(&self) -> Vec<u32> {
        self.model.item_counts().to_vec()
    }

    /// Item factors, `itemCount × k` row-major (unpadded).
    #[wasm_bindgen(js_name = itemFactors)]
    pub fn item_factors(&self) -> Vec<f32> {
        self.model.item_factors().to_dense()
    }

    /// Item biases in `itemIds` order.
    #[wasm_bindgen(js_name = itemBiases)]
    pub fn item_biases(&self) -> Vec<f32> {
        self.model.item_bias().to_vec()
    }

    /// User factors, `userCount × k` row-major (unpadded).
    #[wasm_bindgen(js_name = userFactors)]
    pub fn user_factors(&self) -> Vec<f32> {
        self.model.user_factors().to_dense()
    }

    /// User biases in `userIds` order.
    #[wasm_bindgen(js_name = userBiases)]
    pub fn user_biases(&self) -> Vec<f32> {
        self.model.user_bias().to_vec()
    }

    /// Training ratings per user, in `userIds` order.
    #[wasm_bindgen(js_name = userCounts)]
    pub fn user_counts(&self) -> Vec<u32> {
        self.model.user_counts().to_vec()
    }

    /// Training user `user`'s score for `item`, taken apart over the movies
    /// the user rated (top `n` by |weight|): `{ score, mu, userBias, itemBias,
    /// factorScore, items, ratings, weights, residual }`. Needs the training ratings.
    pub fn explain(&self, user: u32, item: u32, n: usize) -> Result<JsValue> {
        let (u, i) = (self.user(user)?, self.item(item)?);
        if self.train.is_none() {
            return Err(Error::param(
                "explain",
                "a model without training ratings",
                "a model that keeps its training ratings",
            ));
        }
        let (items, ratings) = self.rated_with_ratings(u);
        Ok(explanation_to_js(
            &self.model.explain(u, i, items, &ratings, n)?,
            &self.items,
        ))
    }

    /// `{ most, least }`: the `n` movies with at least `minRatings` training
    /// ratings with the largest / smallest `‖q_i‖` (each `{ items, scores }`).
    pub fn polarizing(&self, n: usize, min_ratings: u32) -> JsValue {
        let p = self.model.polarizing(n, min_ratings);
        object(&[
            ("most", self.scored_to_js(&p.most, &self.items)),
            ("least", self.scored_to_js(&p.least, &self.items)),
        ])
    }

    /// 2-D coordinates of the `n` most-rated movies: `{ items, x, y, counts,
    /// method: 'factors' | 'pca' }`.
    #[wasm_bindgen(js_name = itemMap)]
    pub fn item_map(&self, n: usize) -> Result<JsValue> {
        let m = self.model.item_map_2d(n)?;
        let items: Vec<u32> = m.items.iter().map(|&i| self.items.raw(i)).collect();
        let method = if m.method == MapMethod::Pca { "pca" } else { "factors" };
        let f32s = |v: &[f32]| JsValue::from(Float32Array::from(v));
        Ok(object(&[
            ("items", Uint32Array::from(&items[..]).into()),
            ("x", f32s(&m.x)),
            ("y", f32s(&m.y)),
            ("counts", Uint32Array::from(&m.counts[..]).into()),
            ("method", method.into()),
        ]))
    }
}

/// The `unknown` argument of `predict`: `"error"`, `"nan"` or `"baseline"`.
fn cold_start(unknown: &str) -> Result<ColdStart> {
    match unknown {
        "error" => Ok(ColdStart::Error),
        "nan" => Ok(ColdStart::Nan),
        "baseline" => Ok(ColdStart::Baseline),
        other => Err(Error::param("unknown", other, "'error', 'nan' or 'baseline'")),
    }
}

fn explanation_to_js(e: &Explanation, items: &IdMap) -> JsValue {
    let raw: Vec<u32> = e.contributions.iter().map(|c| items.raw(c.item)).collect();
    let ratings: Vec<f32> = e.contributions.iter().map(|c| c.rating).collect();
    let weights: Vec<f32> = e.contributions.iter().map(|c| c.weight).collect();
    let num = |v: f32| JsValue::from_f64(v as f64);
    object(&[
        ("score", num(e.score)),
        ("mu", num(e.mu)),
        ("userBias", num(e.user_bias)),
        ("itemBias", num(e.item_bias)),
        ("factorScore", num(e.factor_score)),
        ("items", Uint32Array::from(&raw[..]).into()),
        ("ratings", Float32Array::from(&ratings[..]).into()),
        ("weights", Float32Array::from(&weights[..]).into()),
        ("residual", num(e.residual)),
    ])
}

/// `{ samples, burnIn, noiseStd }` of a Bayesian model, `null` otherwise.
fn posterior_to_js(p: Option<&Posterior>) -> JsValue {
    p.map_or(JsValue::NULL, |p| {
        object(&[
            ("samples", (p.samples as f64).into()),
            ("burnIn", (p.burn_in as f64).into()),
            ("noiseStd", (p.noise_var as f64).sqrt().into()),
        ])
    })
}
