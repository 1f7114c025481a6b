//! The wasm handle of a ratings set (`data::Ratings`): conversions only.

use wasm_bindgen::prelude::*;

use super::convert::object;
use super::heap;
use crate::data::split::SplitStrategy;
use crate::data::Ratings;
use crate::error::{Error, Result};
use crate::memory;

/// The wasm handle of a core `Ratings` (it derefs to them).
#[wasm_bindgen]
pub struct CoreRatings {
    inner: Ratings,
}

impl std::ops::Deref for CoreRatings {
    type Target = Ratings;
    fn deref(&self) -> &Ratings {
        &self.inner
    }
}

impl From<Ratings> for CoreRatings {
    fn from(inner: Ratings) -> Self {
        CoreRatings { inner }
    }
}

#[wasm_bindgen]
impl CoreRatings {
    /// Dense `users`/`items` (indices into `userIds`/`itemIds`, the raw ids).
    /// The core renumbers both by popularity (`data::order`): the dense
    /// order of `userIds()`/`itemIds()` is then by descending rating count.
    #[wasm_bindgen(constructor)]
    pub fn new(
        users: Vec<u32>,
        items: Vec<u32>,
        ratings: Vec<f32>,
        user_ids: Vec<u32>,
        item_ids: Vec<u32>,
    ) -> Result<CoreRatings> {
        Ratings::from_indexed(users, items, ratings, user_ids, item_ids).map(CoreRatings::from)
    }

    /// Columns of raw ids: dense ids in order of first appearance, then
    /// renumbered by popularity, as `new`.
    #[wasm_bindgen(js_name = fromRaw)]
    pub fn from_raw(users: &[u32], items: &[u32], ratings: Vec<f32>) -> Result<CoreRatings> {
        Ratings::from_raw(users, items, ratings).map(CoreRatings::from)
    }

    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.len()
    }
    #[wasm_bindgen(getter, js_name = userCount)]
    pub fn user_count(&self) -> usize {
        self.users.len()
    }
    #[wasm_bindgen(getter, js_name = itemCount)]
    pub fn item_count(&self) -> usize {
        self.items.len()
    }
    /// Raw user ids in dense order.
    #[wasm_bindgen(js_name = userIds)]
    pub fn user_ids(&self) -> Vec<u32> {
        self.users.raw_ids().to_vec()
    }
    /// Raw item ids in dense order.
    #[wasm_bindgen(js_name = itemIds)]
    pub fn item_ids(&self) -> Vec<u32> {
        self.items.raw_ids().to_vec()
    }
    /// Raw `[userId, movieId]` pairs and ratings, e.g. to export a split.
    #[wasm_bindgen(js_name = rawUsers)]
    pub fn raw_users(&self) -> Vec<u32> {
        self.triples().users.iter().map(|&u| self.users.raw(u)).collect()
    }
    #[wasm_bindgen(js_name = rawItems)]
    pub fn raw_items(&self) -> Vec<u32> {
        self.triples().items.iter().map(|&i| self.items.raw(i)).collect()
    }
    pub fn ratings(&self) -> Vec<f32> {
        self.triples().ratings
    }

    /// Describe the set: `{ count, userCount, itemCount, mu, layoutBytes }`
    /// (`layoutBytes`: both layouts and the entries' input positions).
    pub fn describe(&self) -> Result<JsValue> {
        let d = self.layout();
        Ok(object(&[
            ("count", (self.len() as f64).into()),
            ("userCount", (self.users.len() as f64).into()),
            ("itemCount", (self.items.len() as f64).into()),
            ("mu", (d.mu() as f64).into()),
            ("layoutBytes", (self.bytes() as f64).into()),
        ]))
    }

    /// Seeded split into `[train, test]` by `by`: `'rating'` (each rating
    /// goes to test with probability `ratio`), `'user'` (that fraction of
    /// each user's ratings) or `'heldOutUsers'` (that fraction of the users,
    /// with all their ratings). The parts take over these ratings' layouts
    /// unless a fit or model holds them (`data::Ratings::split`);
    /// `OUT_OF_MEMORY` first if a copy would not fit.
    pub fn split(&self, ratio: f64, seed: u64, by: &str, merge_back: bool) -> Result<Vec<CoreRatings>> {
        let strategy = match by {
            "rating" => SplitStrategy::PerRating { test_ratio: ratio },
            "user" => SplitStrategy::PerUser { test_fraction: ratio },
            "heldOutUsers" => SplitStrategy::Users { test_fraction: ratio },
            other => return Err(Error::param("by", other, "'rating', 'user' or 'heldOutUsers'")),
        };
        let in_place = self.splits_in_place(strategy);
        let (n, stored) = (self.len() as u64, self.bytes() as u64);
        memory::check_split(n, stored, in_place, heap::limit(), heap::live())?;
        let (train, test) = self.inner.split_with_room(strategy, seed, merge_back)?;
        Ok(vec![train.into(), test.into()])
    }

    /// These ratings re-indexed into `other`'s id space (e.g. a test file
    /// scored against a model trained on another file). Ratings whose user
    /// or item `other` does not know are dropped; returns how many were.
    #[wasm_bindgen(js_name = reindexLike)]
    pub fn reindex_like(&self, other: &CoreRatings) -> Result<CoreReindexed> {
        let (coo, dropped) = self.reindex_like_ids(&other.users, &other.items);
        Ok(CoreReindexed {
            ratings: Some(other.inner.with(coo)?.into()),
            dropped,
        })
    }
}

/// Result of `reindexLike`.
#[wasm_bindgen]
pub struct CoreReindexed {
    ratings: Option<CoreRatings>,
    dropped: usize,
}

#[wasm_bindgen]
impl CoreReindexed {
    #[wasm_bindgen(getter)]
    pub fn dropped(&self) -> usize {
        self.dropped
    }
    /// The re-indexed ratings (can be taken once).
    pub fn take(&mut self) -> Option<CoreRatings> {
        self.ratings.take()
    }
}
