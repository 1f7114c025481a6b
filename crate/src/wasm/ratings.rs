//! Ratings held by the core: COO triples in dense indices plus the two id
//! maps (shared between a data set and its train/test parts).

use std::cell::OnceCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::object;
use crate::data::order::{permute, popularity_ranks, renumber};
use crate::data::{Coo, Dataset};
use crate::error::Result;
use crate::ids::IdMap;
use crate::split::{train_test_split, SplitStrategy};

#[wasm_bindgen]
pub struct CoreRatings {
    pub(crate) coo: Coo,
    pub(crate) users: Rc<IdMap>,
    pub(crate) items: Rc<IdMap>,
    /// The dual user-CSR / item-CSC layout, built once on first use.
    layout: OnceCell<Rc<Dataset>>,
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
        let mut coo = Coo { users, items, ratings };
        coo.view().validate(user_ids.len(), item_ids.len())?;
        let (new_user, new_item) = (
            popularity_ranks(user_ids.len(), &coo.users),
            popularity_ranks(item_ids.len(), &coo.items),
        );
        renumber(&mut coo.users, &new_user);
        renumber(&mut coo.items, &new_item);
        let users = Rc::new(IdMap::from_raw("userId", permute(&user_ids, &new_user))?);
        let items = Rc::new(IdMap::from_raw("movieId", permute(&item_ids, &new_item))?);
        Ok(CoreRatings {
            coo,
            users,
            items,
            layout: OnceCell::new(),
        })
    }

    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.coo.len()
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
        self.coo.users.iter().map(|&u| self.users.raw(u)).collect()
    }
    #[wasm_bindgen(js_name = rawItems)]
    pub fn raw_items(&self) -> Vec<u32> {
        self.coo.items.iter().map(|&i| self.items.raw(i)).collect()
    }
    pub fn ratings(&self) -> Vec<f32> {
        self.coo.ratings.clone()
    }

    /// Build the dual layout (if not yet built) and describe the set:
    /// `{ count, userCount, itemCount, mu, layoutBytes }`. Fails on repeated
    /// `(user, movie)` pairs, like training would.
    pub fn describe(&self) -> Result<JsValue> {
        let d = self.layout()?;
        let bytes = |c: crate::csr::CsrRef| 4 * (c.indptr.len() + c.indices.len() + c.values.len());
        Ok(object(&[
            ("count", (self.coo.len() as f64).into()),
            ("userCount", (self.users.len() as f64).into()),
            ("itemCount", (self.items.len() as f64).into()),
            ("mu", (d.mu() as f64).into()),
            ("layoutBytes", ((bytes(d.by_user()) + bytes(d.by_item())) as f64).into()),
        ]))
    }

    /// Seeded split into `[train, test]`: each rating goes to test with
    /// probability `ratio`, or (`perUser`) that fraction of each user's ratings.
    pub fn split(&self, ratio: f64, seed: u64, per_user: bool) -> Result<Vec<CoreRatings>> {
        let strategy = if per_user {
            SplitStrategy::PerUser { test_fraction: ratio }
        } else {
            SplitStrategy::PerRating { test_ratio: ratio }
        };
        let (train, test) = train_test_split(self.coo.view(), self.users.len(), strategy, seed)?;
        Ok(vec![self.with(train), self.with(test)])
    }

    /// These ratings re-indexed into `other`'s id space (e.g. a test file
    /// scored against a model trained on another file). Ratings whose user
    /// or item `other` does not know are dropped; returns how many were.
    #[wasm_bindgen(js_name = reindexLike)]
    pub fn reindex_like(&self, other: &CoreRatings) -> CoreReindexed {
        let (coo, dropped) = self.reindex_like_ids(&other.users, &other.items);
        CoreReindexed {
            ratings: Some(other.with(coo)),
            dropped,
        }
    }
}

impl CoreRatings {
    /// The triples in the dense space of `(users, items)`, matched by raw id;
    /// pairs with an unknown id are dropped (their count is returned).
    pub(crate) fn reindex_like_ids(&self, users: &Rc<IdMap>, items: &Rc<IdMap>) -> (Coo, usize) {
        if Rc::ptr_eq(users, &self.users) && Rc::ptr_eq(items, &self.items) {
            return (self.coo.clone(), 0);
        }
        let mut coo = Coo::default();
        for ((&u, &i), &r) in self.coo.users.iter().zip(&self.coo.items).zip(&self.coo.ratings) {
            if let (Some(u), Some(i)) = (users.get(self.users.raw(u)), items.get(self.items.raw(i))) {
                coo.push(u, i, r);
            }
        }
        let dropped = self.coo.len() - coo.len();
        (coo, dropped)
    }

    pub(crate) fn with(&self, coo: Coo) -> CoreRatings {
        CoreRatings {
            coo,
            users: self.users.clone(),
            items: self.items.clone(),
            layout: OnceCell::new(),
        }
    }

    /// The dual layout of these ratings, built in parallel on first use and kept.
    pub(crate) fn layout(&self) -> Result<Rc<Dataset>> {
        if let Some(d) = self.layout.get() {
            return Ok(d.clone());
        }
        let d = Rc::new(Dataset::from_coo(self.users.len(), self.items.len(), self.coo.view())?);
        Ok(self.layout.get_or_init(|| d).clone())
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
