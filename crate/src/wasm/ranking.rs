//! Ranking metrics of a model on held-out ratings or events, in the core.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::model::CoreModel;
use super::ratings::CoreRatings;
use crate::data::{Coo, Dataset};
use crate::error::{Error, Result};
use crate::ranking::{evaluate_new_users, evaluate_ranking, RankingMetrics};

#[wasm_bindgen]
impl CoreModel {
    /// Precision, recall, NDCG, MAP and coverage at each of `ks` on the
    /// held-out `test` (matched by raw ids; pairs the model never saw are
    /// dropped), counting a held-out value `>= threshold` as relevant and
    /// leaving each user's `train` items out of the lists. `maxUsers`
    /// (0 = all) scores an even stride over the eligible users. Returns an
    /// array with one object per cut-off.
    #[wasm_bindgen(js_name = rankingMetrics)]
    pub fn ranking_metrics(
        &self,
        train: &CoreRatings,
        test: &CoreRatings,
        ks: &[u32],
        threshold: f32,
        max_users: u32,
    ) -> Result<JsValue> {
        check_threshold(threshold)?;
        let seen = self.seen(train)?;
        let (coo, _) = test.reindex_like_ids(&self.users, &self.items);
        let relevant = relevant_only(&coo, threshold);
        let held = Dataset::from_coo(self.model.n_users(), self.model.n_items(), relevant.view())?;
        let (ks, max_users) = cutoffs(ks, max_users);
        Ok(metrics_array(&evaluate_ranking(
            &self.model,
            Some(&seen),
            &held,
            &ks,
            max_users,
        )?))
    }

    /// Strong generalization: the same metrics for users folded in from
    /// their `history` events (users the model need not know), ranked on
    /// their `test` events; users are matched by raw id between the two,
    /// items by the model's ids (unknown ones dropped). Each user's history
    /// items are left out of their list.
    #[wasm_bindgen(js_name = rankingMetricsNewUsers)]
    pub fn ranking_metrics_new_users(
        &self,
        history: &CoreRatings,
        test: &CoreRatings,
        ks: &[u32],
        threshold: f32,
        max_users: u32,
    ) -> Result<JsValue> {
        check_threshold(threshold)?;
        let n_users = history.users.len();
        let (seen, _) = history.reindex_like_ids(&history.users, &self.items);
        let (coo, _) = test.reindex_like_ids(&history.users, &self.items);
        let relevant = relevant_only(&coo, threshold);
        let seen = Dataset::from_coo(n_users, self.model.n_items(), seen.view())?;
        let held = Dataset::from_coo(n_users, self.model.n_items(), relevant.view())?;
        let (ks, max_users) = cutoffs(ks, max_users);
        Ok(metrics_array(&evaluate_new_users(
            &self.model,
            &seen,
            &held,
            &ks,
            max_users,
        )?))
    }
}

fn check_threshold(threshold: f32) -> Result<()> {
    if threshold.is_nan() {
        return Err(Error::param("threshold", threshold, "a number"));
    }
    Ok(())
}

/// The cut-offs as sizes, and `max_users` (0 = all users) as an option.
fn cutoffs(ks: &[u32], max_users: u32) -> (Vec<usize>, Option<usize>) {
    let ks = ks.iter().map(|&k| k as usize).collect();
    (ks, (max_users > 0).then_some(max_users as usize))
}

/// The pairs of `coo` whose value is at least `threshold`.
fn relevant_only(coo: &Coo, threshold: f32) -> Coo {
    let mut relevant = Coo::default();
    for ((&u, &i), &r) in coo.users.iter().zip(&coo.items).zip(&coo.ratings) {
        if r >= threshold {
            relevant.push(u, i, r);
        }
    }
    relevant
}

fn metrics_array(all: &[RankingMetrics]) -> JsValue {
    let arr = js_sys::Array::new();
    for m in all {
        arr.push(&metrics_to_js(m));
    }
    arr.into()
}

impl CoreModel {
    /// `train` in this model's index spaces (its cached layout when it is
    /// the model's own training set).
    fn seen(&self, train: &CoreRatings) -> Result<Rc<Dataset>> {
        if Rc::ptr_eq(&train.users, &self.users) && Rc::ptr_eq(&train.items, &self.items) {
            return Ok(train.layout());
        }
        let (coo, _) = train.reindex_like_ids(&self.users, &self.items);
        Ok(Rc::new(Dataset::from_coo(
            self.model.n_users(),
            self.model.n_items(),
            coo.view(),
        )?))
    }
}

fn metrics_to_js(m: &RankingMetrics) -> JsValue {
    object(&[
        ("k", (m.k as f64).into()),
        ("precision", m.precision.into()),
        ("recall", m.recall.into()),
        ("ndcg", m.ndcg.into()),
        ("map", m.map.into()),
        ("coverage", m.coverage.into()),
        ("users", (m.users as f64).into()),
    ])
}
