//! A ratings set as the core holds it: COO triples in dense indices, the two
//! id maps (shared between a set and its train/test parts), and the dual
//! layout, built once on first use.
//!
//! Dense indices follow popularity (`order`): dense user 0 has the most
//! ratings. Neighbouring rows then have similar costs and the most-read
//! factor rows sit together in memory.

use std::cell::OnceCell;
use std::rc::Rc;

use super::order::{permute, popularity_ranks, renumber};
use super::{Coo, Dataset};
use crate::data::ids::IdMap;
use crate::data::split::{train_test_split, SplitStrategy};
use crate::error::Result;

pub struct Ratings {
    pub coo: Coo,
    pub users: Rc<IdMap>,
    pub items: Rc<IdMap>,
    layout: OnceCell<Rc<Dataset>>,
}

impl Ratings {
    /// Triples whose `users`/`items` index `user_ids`/`item_ids` (the raw
    /// ids, distinct), renumbered by popularity.
    pub fn from_indexed(
        users: Vec<u32>,
        items: Vec<u32>,
        ratings: Vec<f32>,
        user_ids: Vec<u32>,
        item_ids: Vec<u32>,
    ) -> Result<Ratings> {
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
        Ok(Ratings::new(coo, users, items))
    }

    /// Triples in raw ids (ids made dense in order of first appearance,
    /// then renumbered by popularity).
    pub fn from_raw(users: &[u32], items: &[u32], ratings: Vec<f32>) -> Result<Ratings> {
        let (user_ids, users) = first_appearance(users);
        let (item_ids, items) = first_appearance(items);
        Ratings::from_indexed(users, items, ratings, user_ids, item_ids)
    }

    fn new(coo: Coo, users: Rc<IdMap>, items: Rc<IdMap>) -> Ratings {
        Ratings {
            coo,
            users,
            items,
            layout: OnceCell::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.coo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.coo.len() == 0
    }

    /// Seeded split into `(train, test)`, sharing these id maps; a split
    /// by whole users gives each part only its own users (a model trained
    /// on one part then has no empty rows for the other's).
    pub fn split(&self, strategy: SplitStrategy, seed: u64) -> Result<(Ratings, Ratings)> {
        let (train, test) = train_test_split(self.coo.view(), self.users.len(), strategy, seed)?;
        if let SplitStrategy::Users { .. } = strategy {
            return Ok((self.own_users(train)?, self.own_users(test)?));
        }
        Ok((self.with(train), self.with(test)))
    }

    /// `coo` (in these ids) with a user map of only its users, in this
    /// map's order (so still by descending count); items shared.
    fn own_users(&self, mut coo: Coo) -> Result<Ratings> {
        let mut new_of = vec![u32::MAX; self.users.len()];
        coo.users.iter().for_each(|&u| new_of[u as usize] = 0);
        let mut raw = Vec::new();
        for (u, n) in new_of.iter_mut().enumerate() {
            if *n == 0 {
                *n = raw.len() as u32;
                raw.push(self.users.raw(u as u32));
            }
        }
        renumber(&mut coo.users, &new_of);
        let users = Rc::new(IdMap::from_raw("userId", raw)?);
        Ok(Ratings::new(coo, users, self.items.clone()))
    }

    /// The triples in the dense space of `(users, items)`, matched by raw id;
    /// pairs with an unknown id are dropped (their count is returned).
    pub fn reindex_like_ids(&self, users: &Rc<IdMap>, items: &Rc<IdMap>) -> (Coo, usize) {
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

    /// Other triples in these ratings' id space.
    pub fn with(&self, coo: Coo) -> Ratings {
        Ratings::new(coo, self.users.clone(), self.items.clone())
    }

    /// Whether the dual layout has been built (and is held).
    pub fn has_layout(&self) -> bool {
        self.layout.get().is_some()
    }

    /// The dual layout of these ratings, built in parallel on first use and kept.
    pub fn layout(&self) -> Result<Rc<Dataset>> {
        if let Some(d) = self.layout.get() {
            return Ok(d.clone());
        }
        let d = Rc::new(Dataset::from_coo(self.users.len(), self.items.len(), self.coo.view())?);
        Ok(self.layout.get_or_init(|| d).clone())
    }
}

/// Distinct ids in order of first appearance, and each entry's index among them.
fn first_appearance(raw: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut index = std::collections::HashMap::new();
    let mut ids = Vec::new();
    let dense = raw
        .iter()
        .map(|&id| {
            *index.entry(id).or_insert_with(|| {
                ids.push(id);
                ids.len() as u32 - 1
            })
        })
        .collect();
    (ids, dense)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_ids_become_dense_by_popularity() {
        let r = Ratings::from_raw(&[7, 9, 9, 9], &[100, 100, 5, 6], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(r.users.raw_ids(), &[9, 7]);
        assert_eq!(r.items.raw_ids()[0], 100);
        let d = r.layout().unwrap();
        assert_eq!((d.n_users(), d.n_items()), (2, 3));
        let (coo, dropped) = r.reindex_like_ids(&r.users, &r.items);
        assert_eq!((coo.len(), dropped), (4, 0));
    }

    #[test]
    fn a_split_by_users_gives_each_part_its_own_users() {
        let users: Vec<u32> = (0..300).map(|e| 1000 + e / 3).collect();
        let items: Vec<u32> = (0..300).map(|e| e % 7).collect();
        let r = Ratings::from_raw(&users, &items, vec![1.0; 300]).unwrap();
        let (train, test) = r.split(SplitStrategy::Users { test_fraction: 0.3 }, 4).unwrap();
        assert_eq!(train.users.len() + test.users.len(), 100);
        assert_eq!((train.len() + test.len(), train.len() % 3), (300, 0));
        for part in [&train, &test] {
            assert!(Rc::ptr_eq(&part.items, &r.items));
            assert_eq!(part.layout().unwrap().user_counts(), vec![3; part.users.len()]);
            let (back, dropped) = part.reindex_like_ids(&r.users, &r.items);
            assert_eq!((back.len(), dropped), (part.len(), 0));
        }
        assert!(train.users.raw_ids().iter().all(|u| test.users.get(*u).is_none()));
    }
}
