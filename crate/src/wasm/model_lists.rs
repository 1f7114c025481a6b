//! Top-N lists with candidate filters, for one or many users at once, and
//! similar users. Filters speak raw ids; ids the model does not know are
//! ignored in `candidates` and `exclude` (an app's catalog may be newer).

use js_sys::{Float32Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::object;
use super::model::CoreModel;
use crate::data::ids::IdMap;
use crate::error::Result;
use crate::infer::{RecommendOptions, Scored};

/// Dense indices of the raw ids `map` knows.
fn known(map: &IdMap, raw: &[u32]) -> Vec<u32> {
    raw.iter().filter_map(|&r| map.get(r)).collect()
}

/// A list's allow-list and deny-list, from raw ids to the dense indices of
/// `map` (ids it does not know dropped), owned so that options can borrow them.
struct Filters {
    candidates: Option<Vec<u32>>,
    exclude: Vec<u32>,
}

impl Filters {
    fn new(map: &IdMap, candidates: Option<Vec<u32>>, exclude: &[u32]) -> Self {
        Filters {
            candidates: candidates.map(|c| known(map, &c)),
            exclude: known(map, exclude),
        }
    }

    /// List options with these filters; the other fields at their defaults.
    fn options(&self, n: usize, min_ratings: u32) -> RecommendOptions<'_> {
        RecommendOptions {
            n,
            min_ratings,
            exclude: &self.exclude,
            candidates: self.candidates.as_deref(),
            ..Default::default()
        }
    }
}

/// Many lists as `{ offsets, <ids_key>, scores }`, list j being
/// `offsets[j]..offsets[j + 1]`, with dense indices turned raw by `ids`.
fn flat_lists(lists: &[Vec<Scored>], ids: &IdMap, ids_key: &str) -> JsValue {
    let mut offsets = Vec::with_capacity(lists.len() + 1);
    offsets.push(0u32);
    let (mut raw, mut scores) = (Vec::new(), Vec::new());
    for list in lists {
        raw.extend(list.iter().map(|s| ids.raw(s.item)));
        scores.extend(list.iter().map(|s| s.score));
        offsets.push(raw.len() as u32);
    }
    object(&[
        ("offsets", Uint32Array::from(&offsets[..]).into()),
        (ids_key, Uint32Array::from(&raw[..]).into()),
        ("scores", Float32Array::from(&scores[..]).into()),
    ])
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
        let filters = Filters::new(&self.items, candidates, exclude);
        let opts = RecommendOptions {
            bias_weight,
            by_direction: by_direction.unwrap_or(defaults.by_direction),
            ..filters.options(n, min_ratings.unwrap_or(defaults.min_ratings))
        };
        // The training rows as a plain borrow: the closure runs on the pool's threads.
        let csr = self.train.as_deref().filter(|_| filter_rated).map(|t| t.by_user());
        let rated = move |u: u32| csr.map_or(&[][..], |c| &c.indices[c.range(u as usize)]);
        let lists = self.model.recommend_users(&dense, &opts, rated)?;
        Ok(flat_lists(&lists, &self.items, "items"))
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
        let filters = Filters::new(&self.items, candidates, exclude);
        let min_ratings = min_ratings.unwrap_or(self.model.default_list_options().min_ratings);
        let opts = RecommendOptions {
            bias_weight,
            ..filters.options(n, min_ratings)
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
        let filters = Filters::new(&self.items, candidates, exclude);
        let similar = self.model.similar_items(i, &filters.options(n, min_ratings))?;
        Ok(self.scored_to_js(&similar, &self.items))
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
        let filters = Filters::new(&self.users, candidates, exclude);
        let similar = self.model.similar_users(u, &filters.options(n, min_ratings))?;
        Ok(self.scored_to_js(&similar, &self.users))
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
        Ok(flat_lists(&lists, &self.users, "users"))
    }
}
