//! Top-N lists with candidate filters, for one or many users at once, and
//! similar users. Filters speak raw ids; ids the model does not know are
//! ignored in `candidates` and `exclude` (an app's catalog may be newer).

use js_sys::{Float32Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::object;
use super::model::CoreModel;
use crate::data::ids::IdMap;
use crate::error::Result;
use crate::infer::RecommendOptions;

/// Dense indices of the raw ids `map` knows.
fn known(map: &IdMap, raw: &[u32]) -> Vec<u32> {
    raw.iter().filter_map(|&r| map.get(r)).collect()
}

#[wasm_bindgen]
impl CoreModel {
    /// Top `n` items for each training user in `users` (raw ids), computed in
    /// parallel: `{ offsets, items, scores }`, user j's list being
    /// `offsets[j]..offsets[j + 1]`, ranked by `mu + q_i·p_u + biasWeight·b_i`
    /// (`q_i` by its direction if `byDirection`). Rated items are left out if
    /// `filterRated`; `candidates` (if given) is an allow-list, `exclude` a
    /// deny-list. `minRatings` and `byDirection` default to the model's
    /// (`Model::default_list_options`).
    #[wasm_bindgen(js_name = recommendUsers)]
    pub fn recommend_users(
        &self,
        users: &[u32],
        n: usize,
        filter_rated: bool,
        min_ratings: Option<u32>,
        bias_weight: f32,
        by_direction: Option<bool>,
        candidates: Option<Vec<u32>>,
        exclude: &[u32],
    ) -> Result<JsValue> {
        let defaults = self.model.default_list_options();
        let dense: Vec<u32> = users
            .iter()
            .map(|&u| self.users.dense("userId", u))
            .collect::<Result<_>>()?;
        let candidates = candidates.map(|c| known(&self.items, &c));
        let exclude = known(&self.items, exclude);
        let opts = RecommendOptions {
            n,
            min_ratings: min_ratings.unwrap_or(defaults.min_ratings),
            bias_weight,
            exclude: &exclude,
            candidates: candidates.as_deref(),
            by_direction: by_direction.unwrap_or(defaults.by_direction),
        };
        // The training rows as a plain borrow: the closure runs on the pool's threads.
        let csr = self.train.as_deref().filter(|_| filter_rated).map(|t| t.by_user());
        let rated = move |u: u32| csr.map_or(&[][..], |c| &c.indices[c.range(u as usize)]);
        let lists = self.model.recommend_users(&dense, &opts, rated)?;
        let mut offsets = Vec::with_capacity(lists.len() + 1);
        offsets.push(0u32);
        let (mut items, mut scores) = (Vec::new(), Vec::new());
        for list in &lists {
            items.extend(list.iter().map(|s| self.items.raw(s.item)));
            scores.extend(list.iter().map(|s| s.score));
            offsets.push(items.len() as u32);
        }
        Ok(object(&[
            ("offsets", Uint32Array::from(&offsets[..]).into()),
            ("items", Uint32Array::from(&items[..]).into()),
            ("scores", Float32Array::from(&scores[..]).into()),
        ]))
    }

    /// Top `n` for a new user who rated `items` (raw) with `ratings`, with
    /// the same filters (`minRatings` defaulting to the model's): `{ items, scores }`.
    #[wasm_bindgen(js_name = recommendNewFiltered)]
    pub fn recommend_new_filtered(
        &self,
        items: &[u32],
        ratings: &[f32],
        n: usize,
        min_ratings: Option<u32>,
        bias_weight: f32,
        candidates: Option<Vec<u32>>,
        exclude: &[u32],
    ) -> Result<JsValue> {
        let rated: Vec<u32> = items
            .iter()
            .map(|&i| self.items.dense("movieId", i))
            .collect::<Result<_>>()?;
        let candidates = candidates.map(|c| known(&self.items, &c));
        let exclude = known(&self.items, exclude);
        let opts = RecommendOptions {
            n,
            min_ratings: min_ratings.unwrap_or(self.model.default_list_options().min_ratings),
            bias_weight,
            exclude: &exclude,
            candidates: candidates.as_deref(),
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.recommend_new_user(&rated, ratings, &opts)?, &self.items))
    }

    /// Items most similar (cosine of factors) to `item`, with the filters.
    #[wasm_bindgen(js_name = similarItemsFiltered)]
    pub fn similar_items_filtered(
        &self,
        item: u32,
        n: usize,
        min_ratings: u32,
        candidates: Option<Vec<u32>>,
        exclude: &[u32],
    ) -> Result<JsValue> {
        let i = self.items.dense("movieId", item)?;
        let candidates = candidates.map(|c| known(&self.items, &c));
        let exclude = known(&self.items, exclude);
        let opts = RecommendOptions {
            n,
            min_ratings,
            exclude: &exclude,
            candidates: candidates.as_deref(),
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.similar_items(i, &opts)?, &self.items))
    }

    /// Training users most similar (cosine of factors) to `user`: `{ items,
    /// scores }` where `items` holds raw user ids; filters are user ids and
    /// `minRatings` counts the users' training ratings.
    #[wasm_bindgen(js_name = similarUsers)]
    pub fn similar_users(
        &self,
        user: u32,
        n: usize,
        min_ratings: u32,
        candidates: Option<Vec<u32>>,
        exclude: &[u32],
    ) -> Result<JsValue> {
        let u = self.users.dense("userId", user)?;
        let candidates = candidates.map(|c| known(&self.users, &c));
        let exclude = known(&self.users, exclude);
        let opts = RecommendOptions {
            n,
            min_ratings,
            exclude: &exclude,
            candidates: candidates.as_deref(),
            ..Default::default()
        };
        Ok(self.scored_to_js(&self.model.similar_users(u, &opts)?, &self.users))
    }

    /// The `n` training users with the highest predicted rating of each item
    /// in `items` (raw ids), in parallel (Spark's `recommendForAllItems`):
    /// `{ offsets, users, scores }`, item j's list being `offsets[j]..offsets[j + 1]`.
    #[wasm_bindgen(js_name = topUsersForItems)]
    pub fn top_users_for_items(&self, items: &[u32], n: usize) -> Result<JsValue> {
        let dense: Vec<u32> = items
            .iter()
            .map(|&i| self.items.dense("movieId", i))
            .collect::<Result<_>>()?;
        let lists = self.model.top_users_for_items(&dense, n)?;
        let mut offsets = vec![0u32];
        let (mut users, mut scores) = (Vec::new(), Vec::new());
        for list in &lists {
            users.extend(list.iter().map(|s| self.users.raw(s.item)));
            scores.extend(list.iter().map(|s| s.score));
            offsets.push(users.len() as u32);
        }
        Ok(object(&[
            ("offsets", Uint32Array::from(&offsets[..]).into()),
            ("users", Uint32Array::from(&users[..]).into()),
            ("scores", Float32Array::from(&scores[..]).into()),
        ]))
    }
}
