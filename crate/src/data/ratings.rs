//! A ratings set as the core holds it: the dual layout (user rows, item
//! columns) is the storage, built when the ratings arrive; the triples are
//! not kept. Each user-side entry also keeps its position in the input
//! (`order`), so seeded splits key their draws by its rank exactly as they
//! did on the triples, and exports give the ratings back in input order.
//! The two id maps are shared between a set and its train/test parts.
//!
//! A split does not copy a set whose layouts nothing else holds (no fit, no
//! model): the set's storage becomes its parts' (`parts::partition`), and
//! the set itself is then its parts, merged back into layouts of its own
//! only if it is used again (`parts::merge`).
//!
//! Dense indices follow popularity (`order`): dense user 0 has the most
//! ratings. Neighbouring rows then have similar costs and the most-read
//! factor rows sit together in memory.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use super::order::{permute, popularity_ranks, renumber};
use super::parts::{merge, partition, take, Held, Parts, State, Whole};
use super::select::{in_input_order, select_entries};
use super::{Coo, Dataset};
use crate::data::csr::Values;
use crate::data::ids::IdMap;
use crate::data::split::{split_layout_mask, SplitStrategy};
use crate::error::Result;

pub struct Ratings {
    state: Rc<RefCell<State>>,
    pub users: Rc<IdMap>,
    pub items: Rc<IdMap>,
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
        Coo::check_parts(&users, &items, &ratings, user_ids.len(), item_ids.len())?;
        Ratings::build_indexed(users, items, Values::encode(ratings), user_ids, item_ids)
    }

    /// `from_indexed` with the values already in their stored form (e.g.
    /// one-byte codes and their table: `Values::coded`).
    pub fn from_indexed_values(
        users: Vec<u32>,
        items: Vec<u32>,
        values: Values,
        user_ids: Vec<u32>,
        item_ids: Vec<u32>,
    ) -> Result<Ratings> {
        Coo::check_indices(&users, &items, values.len(), user_ids.len(), item_ids.len())?;
        Ratings::build_indexed(users, items, values, user_ids, item_ids)
    }

    /// `from_indexed_values` once the caller has checked the lengths and indices.
    fn build_indexed(
        mut users: Vec<u32>,
        mut items: Vec<u32>,
        values: Values,
        user_ids: Vec<u32>,
        item_ids: Vec<u32>,
    ) -> Result<Ratings> {
        let (new_user, new_item) = (
            popularity_ranks(user_ids.len(), &users),
            popularity_ranks(item_ids.len(), &items),
        );
        renumber(&mut users, &new_user);
        renumber(&mut items, &new_item);
        let user_map = Rc::new(IdMap::from_raw("userId", permute(&user_ids, &new_user))?);
        let item_map = Rc::new(IdMap::from_raw("movieId", permute(&item_ids, &new_item))?);
        let (data, order) = Dataset::build(user_ids.len(), item_ids.len(), users, items, values)?;
        Ok(Ratings::new(data, order, user_map, item_map))
    }

    /// Triples in raw ids (ids made dense in order of first appearance,
    /// then renumbered by popularity).
    pub fn from_raw(users: &[u32], items: &[u32], ratings: Vec<f32>) -> Result<Ratings> {
        let (user_ids, users) = first_appearance(users);
        let (item_ids, items) = first_appearance(items);
        Ratings::from_indexed(users, items, ratings, user_ids, item_ids)
    }

    fn new(data: Dataset, order: Vec<u32>, users: Rc<IdMap>, items: Rc<IdMap>) -> Ratings {
        let whole = Whole {
            data: Rc::new(data),
            order,
        };
        Ratings {
            state: Rc::new(RefCell::new(State::Whole(whole))),
            users,
            items,
        }
    }

    pub fn len(&self) -> usize {
        self.state.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The dual layout of these ratings (their storage).
    pub fn layout(&self) -> Rc<Dataset> {
        self.whole().data.clone()
    }

    /// Bytes held: both layouts and the input positions (of the parts, once split).
    pub fn bytes(&self) -> usize {
        self.state.borrow().bytes()
    }

    /// The layouts and input positions, merged first if split in place.
    fn whole(&self) -> Ref<'_, Whole> {
        // Taken out of the state, so that parts no handle holds are owned here.
        let parts = match &mut *self.state.borrow_mut() {
            State::Split(parts) => std::mem::take(&mut parts.0),
            State::Whole(_) => Vec::new(),
        };
        if !parts.is_empty() {
            let held: Vec<Whole> = parts.into_iter().map(|p| take(p, self.items.len())).collect();
            let Held { data, order } = merge(held, self.items.len());
            *self.state.borrow_mut() = State::Whole(Whole {
                data: Rc::new(data),
                order,
            });
        }
        Ref::map(self.state.borrow(), |s| match s {
            State::Whole(w) => w,
            State::Split(_) => unreachable!("merged above"),
        })
    }

    /// Seeded split into `(train, test)`, sharing these id maps; a split
    /// by whole users gives each part only its own users (a model trained
    /// on one part then has no empty rows for the other's). Each part keeps
    /// its entries' input order, so a part splits again as its triples did.
    pub fn split(&self, strategy: SplitStrategy, seed: u64) -> Result<(Ratings, Ratings)> {
        self.split_with_room(strategy, seed, false)
    }

    /// `split`; with `room`, a split in place keeps the test part's room in
    /// the train part while this set lives, so that this set, used again,
    /// merges back without a second copy of its user rows (9 bytes per test
    /// rating meanwhile).
    pub fn split_with_room(&self, strategy: SplitStrategy, seed: u64, room: bool) -> Result<(Ratings, Ratings)> {
        let mask = {
            let w = self.whole();
            split_layout_mask(&w.data, &w.order, strategy, seed)?
        };
        let own_users = matches!(strategy, SplitStrategy::Users { .. });
        if !own_users {
            if let Some(parts) = self.split_in_place(&mask, room) {
                return Ok(parts);
            }
        }
        Ok((self.part(&mask, false, own_users)?, self.part(&mask, true, own_users)?))
    }

    /// Whether a split by `strategy` takes over these layouts (nothing else
    /// holds them, and it keeps the users) rather than copying them.
    pub fn splits_in_place(&self, strategy: SplitStrategy) -> bool {
        let own = match &*self.state.borrow() {
            State::Whole(w) => Rc::strong_count(&w.data) == 1,
            State::Split(_) => false,
        };
        own && !matches!(strategy, SplitStrategy::Users { .. })
    }

    /// The split by `mask` without a copy when nothing else holds these
    /// layouts: they become the parts' (`None` when they are shared).
    fn split_in_place(&self, mask: &[bool], room: bool) -> Option<(Ratings, Ratings)> {
        let mut state = self.state.borrow_mut();
        let State::Whole(w) = &mut *state else {
            return None;
        };
        if Rc::strong_count(&w.data) != 1 {
            return None;
        }
        let Whole { data, order } = std::mem::take(w);
        let data = Rc::into_inner(data)?;
        let (train, test) = partition(Held { data, order }, mask, room);
        let cells = [train, test].map(|h| {
            let whole = Whole {
                data: Rc::new(h.data),
                order: h.order,
            };
            Rc::new(RefCell::new(State::Whole(whole)))
        });
        *state = State::Split(Parts(cells.to_vec()));
        let [train, test] = cells.map(|state| Ratings {
            state,
            users: self.users.clone(),
            items: self.items.clone(),
        });
        Some((train, test))
    }

    /// The entries whose `mask` (user side) equals `keep`; with `own_users`
    /// the part's user map holds only its users, in this map's order.
    fn part(&self, mask: &[bool], keep: bool, own_users: bool) -> Result<Ratings> {
        let w = self.whole();
        let (by_user, order, rows) = select_entries(w.data.by_user(), &w.order, mask, keep, own_users);
        let users = match rows {
            Some(rows) => Rc::new(IdMap::from_raw(
                "userId",
                rows.iter().map(|&u| self.users.raw(u)).collect(),
            )?),
            None => self.users.clone(),
        };
        let data = Dataset::from_user_side(self.items.len(), by_user);
        Ok(Ratings::new(data, order, users, self.items.clone()))
    }

    /// The ratings as triples in input order.
    pub fn triples(&self) -> Coo {
        let w = self.whole();
        let v = w.data.by_user();
        let rows: Vec<u32> = (0..v.rows())
            .flat_map(|u| std::iter::repeat_n(u as u32, v.range(u).len()))
            .collect();
        Coo {
            users: in_input_order(&rows, &w.order),
            items: in_input_order(v.indices, &w.order),
            ratings: in_input_order(&v.values.to_f32(), &w.order),
        }
    }

    /// The triples in the dense space of `(users, items)`, matched by raw id,
    /// in input order; pairs with an unknown id are dropped (their count is returned).
    pub fn reindex_like_ids(&self, users: &Rc<IdMap>, items: &Rc<IdMap>) -> (Coo, usize) {
        let all = self.triples();
        if Rc::ptr_eq(users, &self.users) && Rc::ptr_eq(items, &self.items) {
            return (all, 0);
        }
        let mut coo = Coo::default();
        for ((&u, &i), &r) in all.users.iter().zip(&all.items).zip(&all.ratings) {
            if let (Some(u), Some(i)) = (users.get(self.users.raw(u)), items.get(self.items.raw(i))) {
                coo.push(u, i, r);
            }
        }
        let dropped = all.len() - coo.len();
        (coo, dropped)
    }

    /// The ratings `>= threshold`, in the same id spaces and input order;
    /// with `binary` each of value 1.
    pub fn at_least(&self, threshold: f32, binary: bool) -> Ratings {
        let w = self.whole();
        let v = w.data.by_user();
        let mask: Vec<bool> = v.values.iter().map(|r| r >= threshold).collect();
        let (mut by_user, order, _) = select_entries(v, &w.order, &mask, true, false);
        if binary {
            by_user.values = Values::Coded {
                codes: vec![0; by_user.indices.len()],
                table: Box::new([1.0; 256]),
            };
        }
        let data = Dataset::from_user_side(self.items.len(), by_user);
        Ratings::new(data, order, self.users.clone(), self.items.clone())
    }

    /// Other triples in these ratings' id space (checked like any input).
    pub fn with(&self, coo: Coo) -> Result<Ratings> {
        Coo::check_parts(&coo.users, &coo.items, &coo.ratings, self.users.len(), self.items.len())?;
        let values = Values::encode(coo.ratings);
        let (data, order) = Dataset::build(self.users.len(), self.items.len(), coo.users, coo.items, values)?;
        Ok(Ratings::new(data, order, self.users.clone(), self.items.clone()))
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
        let d = r.layout();
        assert_eq!((d.n_users(), d.n_items()), (2, 3));
        let (coo, dropped) = r.reindex_like_ids(&r.users, &r.items);
        assert_eq!((coo.len(), dropped), (4, 0));
        assert_eq!(coo.ratings, vec![1.0, 2.0, 3.0, 4.0]); // input order
        assert_eq!(coo.users, vec![1, 0, 0, 0]);
    }

    #[test]
    fn half_stars_are_stored_in_fourteen_bytes_per_rating() {
        let users: Vec<u32> = (0..5000).map(|e| e / 50).collect();
        let items: Vec<u32> = (0..5000).map(|e| (e * 7) % 400).collect();
        let ratings: Vec<f32> = (0..5000).map(|e| 0.5 * (1 + e % 10) as f32).collect();
        let r = Ratings::from_raw(&users, &items, ratings.clone()).unwrap();
        let pointers = 4 * (r.users.len() + 1 + r.items.len() + 1);
        assert_eq!(r.bytes(), crate::memory::STORED_CODED_BYTES as usize * 5000 + pointers);
        assert_eq!(r.triples().ratings, ratings);
        let spread: Vec<f32> = (0..5000).map(|e| e as f32 / 7.0).collect();
        let f = Ratings::from_raw(&users, &items, spread).unwrap();
        assert_eq!(f.bytes(), crate::memory::STORED_BYTES as usize * 5000 + pointers);
    }

    #[test]
    fn a_split_in_place_keeps_the_whole_set_usable() {
        let users: Vec<u32> = (0..2000).map(|e| e % 61).collect();
        let items: Vec<u32> = (0..2000).map(|e| (e * 7) % 997).collect();
        let ratings: Vec<f32> = (0..2000).map(|e| 0.5 * (1 + e % 10) as f32).collect();
        let r = Ratings::from_raw(&users, &items, ratings).unwrap();
        let whole = r.triples();
        let s = SplitStrategy::PerRating { test_ratio: 0.25 };
        let copied = Ratings::from_raw(&users, &items, whole.ratings.clone()).unwrap();
        let _held = copied.layout(); // a fit holding the layouts: the split copies
        let (want_train, want_test) = copied.split(s, 3).unwrap();
        let (train, test) = r.split(s, 3).unwrap();
        assert!(matches!(&*r.state.borrow(), State::Split(_)));
        assert_eq!(r.len(), 2000);
        assert_eq!(train.triples(), want_train.triples());
        assert_eq!(test.triples(), want_test.triples());
        assert_eq!(*train.layout(), *want_train.layout());
        let (tt, tv) = train.split(s, 4).unwrap(); // the part's own storage splits in place too
        let (wt, wv) = want_train.split(s, 4).unwrap();
        assert_eq!((tt.triples(), tv.triples()), (wt.triples(), wv.triples()));
        drop((tt, tv, test));
        assert_eq!(r.triples(), whole); // merged back from the parts
        assert_eq!(*r.layout(), *copied.layout());
        assert_eq!(train.len(), want_train.len());
    }

    #[test]
    fn a_train_part_keeps_room_for_the_merge_until_its_set_is_dropped() {
        let users: Vec<u32> = (0..3000).map(|e| e % 53).collect();
        let items: Vec<u32> = (0..3000).map(|e| (e * 11) % 991).collect();
        let r = Ratings::from_raw(&users, &items, vec![4.0; 3000]).unwrap();
        let s = SplitStrategy::PerRating { test_ratio: 0.2 };
        let (plain, _) = Ratings::from_raw(&users, &items, vec![4.0; 3000])
            .unwrap()
            .split(s, 5)
            .unwrap();
        let (train, _test) = r.split_with_room(s, 5, true).unwrap();
        let capacity = |t: &Ratings| match &*t.state.borrow() {
            State::Whole(w) => w.order.capacity(),
            State::Split(_) => unreachable!("a part"),
        };
        assert_eq!(capacity(&plain), plain.len());
        assert!(train.len() < 3000 && capacity(&train) == 3000);
        drop(r);
        assert_eq!(capacity(&train), train.len());
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
            assert_eq!(part.layout().user_counts(), vec![3; part.users.len()]);
            let (back, dropped) = part.reindex_like_ids(&r.users, &r.items);
            assert_eq!((back.len(), dropped), (part.len(), 0));
        }
        assert!(train.users.raw_ids().iter().all(|u| test.users.get(*u).is_none()));
    }
}
